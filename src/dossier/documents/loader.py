"""Template files: where a template may be read from, and how its bytes become text.

Overrides are confined: every template path is resolved and one whose real
path leaves ``templates/`` (a symlink, a symlinked folder) is refused. A file
that is not UTF-8 is refused at the line of its first bad byte. Whatever goes
wrong comes back as a `TemplateFailure` carrying an `Issue` located at the
template's own file and line, never as another exception.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path

from ..records.errors import Issue, Source, error
from ..records.i18n import _

# How a built-in template is named in a message (an override is "templates/<name>").
BUILTIN_LABEL = "dossier/templates"
# The files of templates/ that are templates (others, such as images, are only checked to stay inside).
TEMPLATE_SUFFIXES = (".md", ".html", ".htm", ".txt", ".css", ".xml", ".j2")


class TemplateFailure(Exception):
    """A template could not be loaded or rendered; `issue` says where (the template's own file:line) and why.

    `missing` is the name of the template asked for when it simply does not
    exist (the caller knows better who asked for it), else None.
    """

    def __init__(self, issue: Issue, missing: str | None = None) -> None:
        super().__init__(str(issue))
        self.issue = issue
        self.missing = missing


class ConfinedLoader(BaseLoader):
    """Templates from one folder, never from outside it: every path is resolved (symlinks followed) and checked.

    `label` is how the folder is named in messages ("templates" for a
    repository, "dossier/templates" for the built-in ones); it is also the
    template's filename, so a traceback frame names the file the user wrote.
    `repo_root`, when given, is where the folder itself must really be.
    """

    def __init__(self, folder: Path, label: str, repo_root: Path | None = None) -> None:
        self.folder = Path(folder)
        self.label = label
        self.repo_root = repo_root

    def real_folder(self) -> Path | None:
        """The folder's real path, None when it does not exist; TemplateFailure when it is a symlink out of the repository."""
        if not self.folder.is_dir():
            return None
        real = self.folder.resolve(strict=True)
        if self.repo_root is not None and not real.is_relative_to(Path(self.repo_root).resolve(strict=True)):
            raise TemplateFailure(error(Source(self.label), _("{label}/ is a symbolic link that leads outside the repository; "
                                        "template overrides must be files inside the repository", label=self.label), "template",
                                        fr=f"Le dossier {self.label}/ est un lien symbolique qui sort du dépôt\u00a0; "
                                           "les modèles doivent être des fichiers du dépôt."))
        return real

    def locate(self, name: str) -> Path:
        """The real path of template `name`; TemplateNotFound if absent, TemplateFailure if it leads outside."""
        pieces = split_template_path(name)  # refuses ".." (TemplateNotFound)
        real = self.real_folder()
        if real is None:
            raise TemplateNotFound(name)
        candidate = self.folder.joinpath(*pieces)
        if not os.path.lexists(candidate):
            raise TemplateNotFound(name)
        where = f"{self.label}/{'/'.join(pieces)}"
        try:
            target = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            raise TemplateFailure(_outside(where, "is a symbolic link that leads nowhere")) from None
        if not target.is_relative_to(real):
            raise TemplateFailure(_outside(where, f"leads outside the {self.label}/ folder (symbolic link)"))
        if not target.is_file():
            raise TemplateNotFound(name)
        return target

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.locate(template)
        where = f"{self.label}/{'/'.join(split_template_path(template))}"
        data = path.read_bytes()
        text = decode_template(data, where)
        mtime = path.stat().st_mtime_ns

        def uptodate() -> bool:
            try:
                return path.stat().st_mtime_ns == mtime
            except OSError:
                return False

        return text, where, uptodate

    def list_templates(self) -> list[str]:
        real = self.real_folder()
        if real is None:
            return []
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*") if p.is_file())


def _outside(where: str, why: str) -> Issue:
    return error(Source(where), _("refused: {why}; a template must be a file inside templates/", why=why), "template",
                 fr=f"Modèle refusé\u00a0: {where} mène hors du dossier templates/ (lien symbolique)\u00a0; "
                    "un modèle doit être un fichier de ce dossier.")


def decode_template(data: bytes, where: str) -> str:
    """UTF-8 text of a template file; TemplateFailure naming the line and byte offset of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateFailure(error(Source(where, line), _("template is not valid UTF-8 (byte {start}, "
                                    "0x{start2:02x}); save it as UTF-8", start=exc.start, start2=data[exc.start]), "template",
                                    fr=f"Le modèle n’est pas en UTF-8 (octet {exc.start})\u00a0; l’enregistrer en UTF-8.")) from None
