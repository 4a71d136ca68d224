"""Templates to HTML: the one module that talks to Jinja2 and Markdown.

Templates hold wording, not logic. They run in Jinja's sandbox with strict
undefined (a misspelt variable is an error, not an empty string) and with
autoescaping on, so every value that comes from a dossier is escaped. A
claims repository overrides a built-in template by putting a file of the same
name in its own ``templates/`` folder.

Overrides are confined: every template path is resolved and one whose real
path leaves ``templates/`` (a symlink, a symlinked folder) is refused. Values
output by a Markdown template are escaped for Markdown as well as HTML, so a
debtor name cannot make a link or an image. Whatever goes wrong in a template
comes back as a `TemplateFailure` carrying an `Issue` located at the
template's own file and line, never as another exception.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, NoReturn

import markdown as _markdown
from jinja2 import (BaseLoader, ChoiceLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, Undefined,
                    pass_context, select_autoescape)
from jinja2.filters import do_join, make_attrgetter
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ..law import money
from ..records.errors import Issue, Source, error
from ..records.package import BUILTIN_TEMPLATES, override_templates

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
            raise TemplateFailure(error(Source(self.label), f"{self.label}/ is a symbolic link that leads outside the repository; "
                                        "template overrides must be files inside the repository", "template",
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
    return error(Source(where), f"refused: {why}; a template must be a file inside templates/", "template",
                 fr=f"Modèle refusé\u00a0: {where} mène hors du dossier templates/ (lien symbolique)\u00a0; "
                    "un modèle doit être un fichier de ce dossier.")


def decode_template(data: bytes, where: str) -> str:
    """UTF-8 text of a template file; TemplateFailure naming the line and byte offset of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateFailure(error(Source(where, line), f"template is not valid UTF-8 (byte {exc.start}, "
                                    f"0x{data[exc.start]:02x}); save it as UTF-8", "template",
                                    fr=f"Le modèle n’est pas en UTF-8 (octet {exc.start})\u00a0; l’enregistrer en UTF-8.")) from None


def _date_long(value: dt.date | None) -> str:
    return money.date_long(value) if value else ""


def _date_short(value: dt.date | None) -> str:
    return money.date_short(value) if value else ""


def _euros(value: Decimal | None) -> str:
    return money.euros(value) if value is not None else ""


def _percent(value: Decimal | None) -> str:
    return money.percent(value) if value is not None else ""


_NUMBERS_FR = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def _nombre(value: int) -> str:
    """Small counts in words, as a letter writes them: 2 → "deux"; 11 and above stay in digits."""
    return _NUMBERS_FR[value] if 0 <= value < len(_NUMBERS_FR) else str(value)


def _capitalize_first(value: str) -> str:
    """Upper-case the first letter only ("n’hésitez" → "N’hésitez"), keeping the rest as written."""
    return value[:1].upper() + value[1:] if value else value


def _de(name: str) -> str:
    """French elision before a name: "d’Atelier Martin", "de Dupont Rénovation" (h is left alone)."""
    return f"d’{name}" if name[:1].lower() in "aeiouyéèêàâîôû" else f"de {name}"


def markdown_to_html(text: str) -> Markup:
    """Markdown (already rendered by Jinja, values escaped) to HTML."""
    return Markup(_markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html"))


# --------------------------------------------------------------------------- Markdown escaping

# Characters that make Markdown structure anywhere in a line (links, images, emphasis, code, table cells,
# backslash escapes), written as character references: Markdown leaves those alone and a browser, WeasyPrint
# and html_to_text show the character itself.
_MD_INLINE = {"\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "|": "&#124;"}
# At the start of a line only: headings, list items, setext underlines, code-block indentation.
# A mark followed by a space or by the end of the value counts: the template's own text may follow it.
_MD_LINE_START = re.compile(r"^([ \t]*)(#|[-+](?=[ \t]|$|-)|=(?=[ \t=]|$)|\d+[.)](?=[ \t]|$))", re.MULTILINE)
_MD_INDENT = re.compile(r"^(?: {4}|\t)", re.MULTILINE)


def markdown_escape(value: Any) -> Any:
    """A data value made inert for Markdown (and HTML): it shows as written and creates no link, image or block.

    Markup (what templates and their blocks built) is returned as it is;
    numbers, dates and Undefined pass through for the autoescape to handle;
    any other object is escaped as the text it prints.
    """
    if hasattr(value, "__html__") or isinstance(value, (int, float, Decimal, dt.date, Undefined)) or value is None:
        return value
    text = str(escape(str(value)))
    text = "".join(_MD_INLINE.get(c, c) for c in text)
    text = _MD_LINE_START.sub(lambda m: m.group(1) + _char_refs(m.group(2)), text)
    text = _MD_INDENT.sub(lambda m: _char_refs(m.group(0)[0]) + m.group(0)[1:], text)
    return Markup(text)


def _char_refs(chars: str) -> str:
    """`chars` as numeric character references, except the digits of a list number (only its dot matters)."""
    return "".join(c if c.isdigit() else f"&#{ord(c)};" for c in chars)


def _is_markdown(name: str | None) -> bool:
    return bool(name) and name.endswith(".md")


@pass_context
def _finalize(context: Any, value: Any) -> Any:
    """Every ``{{ }}`` of a Markdown template goes through markdown_escape (HTML templates: autoescape only)."""
    return markdown_escape(value) if _is_markdown(context.name) else value


@pass_context
def _join(context: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
    """Jinja's join, whose autoescaped Markup would skip the Markdown escaping of the items."""
    if _is_markdown(context.name):
        if attribute is not None:
            value = map(make_attrgetter(context.environment, attribute), value)
        return do_join(context.eval_ctx, [markdown_escape(v) for v in value], d)
    return do_join(context.eval_ctx, value, d, attribute)


# --------------------------------------------------------------------------- environments


def _fingerprint(repo_root: str | None) -> tuple:
    """The repository's template files and their mtimes: adding or removing an override renews the environment."""
    if not repo_root:
        return ()
    folder = override_templates(repo_root)
    if folder is None or not folder.is_dir():
        return ()
    try:
        return tuple(sorted((p.relative_to(folder).as_posix(), p.lstat().st_mtime_ns) for p in folder.rglob("*")))
    except OSError:
        return ()


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with exceptions left as they were raised: `_guard` locates them from the template frames."""

    def handle_exception(self, source: str | None = None) -> NoReturn:
        raise  # noqa: PLE0704 - always called inside an except block


def _loaders(repo_root: str | None) -> ChoiceLoader:
    loaders: list[BaseLoader] = []
    if repo_root and override_templates(repo_root) is not None:
        # Always searched, even if the folder does not exist yet: the environment is cached.
        loaders.append(ConfinedLoader(Path(repo_root) / "templates", "templates", Path(repo_root)))
    loaders.append(ConfinedLoader(BUILTIN_TEMPLATES, BUILTIN_LABEL))
    return ChoiceLoader(loaders)


FILTERS: dict[str, Callable] = dict(
    euros=_euros,
    percent=_percent,
    date_long=_date_long,
    date_short=_date_short,
    markdown=markdown_to_html,
    nombre=_nombre,
    de=_de,
    capitalize_first=_capitalize_first,
)


def environment(repo_root: str | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment: the repository's ``templates/`` first, then the built-in ones."""
    return _environment(repo_root, _fingerprint(repo_root))


@lru_cache(maxsize=8)
def _environment(repo_root: str | None, fingerprint: tuple) -> ImmutableSandboxedEnvironment:
    env = _Environment(
        loader=_loaders(repo_root),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2", "md"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(FILTERS, join=_join)
    return env


def text_environment(repo_root: str | None = None) -> ImmutableSandboxedEnvironment:
    """The same sandbox for plain-text templates (SMS): no HTML escaping, same filters and overrides."""
    return _text_environment(repo_root, _fingerprint(repo_root))


@lru_cache(maxsize=8)
def _text_environment(repo_root: str | None, fingerprint: tuple) -> ImmutableSandboxedEnvironment:
    base = _environment(repo_root, fingerprint)
    env = _Environment(
        loader=base.loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


# --------------------------------------------------------------------------- rendering, failures as values


def render(name: str, context: dict, repo_root: str | None = None) -> str:
    """Render the template `name` with `context`; TemplateFailure on any error."""
    return _guard(lambda: environment(repo_root).get_template(name).render(**context))


def module(name: str, context: dict, repo_root: str | None = None, text: bool = False) -> Any:
    """The template `name` run as a module (its top-level ``{% set %}`` readable); TemplateFailure on any error.

    ``str()`` of the module is its output, computed here, so nothing can fail later.
    """
    env = text_environment(repo_root) if text else environment(repo_root)
    return _guard(lambda: env.get_template(name).make_module(context))


def has_template(name: str, repo_root: str | None = None) -> bool:
    """Whether `name` exists in the repository's templates/ or the built-in ones (TemplateFailure if it is broken)."""
    try:
        _guard(lambda: environment(repo_root).get_template(name))
    except TemplateFailure as exc:
        if exc.missing == name:
            return False
        raise
    return True


def render_markdown(name: str, context: dict, repo_root: str | None = None) -> Markup:
    """A Markdown body template: Jinja first (values escaped), then Markdown to HTML."""
    return markdown_to_html(render(name, context, repo_root))


def render_text(name: str, context: dict, repo_root: str | None = None) -> str:
    """A plain-text template (an SMS), stripped of surrounding blank space."""
    return _guard(lambda: text_environment(repo_root).get_template(name).render(**context)).strip()


def _guard(work: Callable[[], Any]) -> Any:
    """Run `work`; any exception becomes a TemplateFailure located in the innermost template frame.

    A template that includes or extends itself ends in RecursionError after
    a few hundred nested templates (well under a second): reported at the
    line of its include or extends.
    """
    try:
        return work()
    except TemplateFailure:
        raise
    except TemplateNotFound as exc:
        where = _template_frame(exc.__traceback__)
        if where is None:
            raise TemplateFailure(error(Source(f"templates/{exc.name}"), f"template {exc.name!r} not found (looked in templates/ "
                                        "and the built-in templates)", "template",
                                        fr=f"Modèle «\u00a0{exc.name}\u00a0» introuvable (ni dans templates/, ni parmi les modèles fournis)."),
                                  missing=str(exc.name)) from None
        raise TemplateFailure(_located(where, f"template {exc.name!r} not found (looked in templates/ and the built-in templates)",
                                       f"modèle «\u00a0{exc.name}\u00a0» introuvable")) from None
    except TemplateSyntaxError as exc:
        raise TemplateFailure(error(Source(exc.filename or f"templates/{exc.name}", exc.lineno or 0),
                                    f"template syntax error: {exc.message}", "template",
                                    fr=f"Erreur de syntaxe dans le modèle\u00a0: {exc.message}")) from None
    except RecursionError as exc:
        where = _template_frame(exc.__traceback__) or ("templates", 0)
        raise TemplateFailure(_located(where, "template error: templates include or extend each other without end",
                                       "erreur de modèle\u00a0: des modèles s’incluent ou s’étendent les uns les autres sans fin")) from None
    except Exception as exc:  # noqa: BLE001 - whatever template code raised, as a located value
        where = _template_frame(exc.__traceback__)
        text = _describe(exc)
        if where is None:
            raise TemplateFailure(error(Source("templates"), f"template error: {text}", "template",
                                        fr=f"Erreur de modèle\u00a0: {text}")) from None
        raise TemplateFailure(_located(where, f"template error: {text}", f"erreur de modèle\u00a0: {text}")) from None


def _describe(exc: BaseException) -> str:
    """The exception's own message on one line, or its kind when it has none (never an object repr)."""
    text = " ".join(str(exc).split()) if str(exc) else ""
    text = re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "<object>", text)
    return text or type(exc).__name__


def check_templates(repo_root: str | Path) -> list[Issue]:
    """What ``check`` says of the repository's templates/: each file confined, UTF-8 and valid Jinja.

    The same verdict as rendering would give, found without rendering: a
    symlink out of the folder, a byte that is not UTF-8, a syntax error.
    """
    root = Path(repo_root)
    folder = root / "templates"
    loader = ConfinedLoader(folder, "templates", root)
    try:
        if loader.real_folder() is None:
            return []
    except TemplateFailure as exc:
        return [exc.issue]
    env = _environment(str(root), _fingerprint(str(root)))
    issues: list[Issue] = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(folder).as_posix()
        try:
            loader.locate(name)
            if path.suffix.lower() not in TEMPLATE_SUFFIXES or any(part.startswith(".") for part in name.split("/")):
                continue  # an image or an editor's file: never loaded as a template
            text = decode_template(path.read_bytes(), f"templates/{name}")
            _guard(lambda: env.compile(text, name, f"templates/{name}"))
        except TemplateFailure as exc:
            issues.append(exc.issue)
        except (TemplateNotFound, OSError):
            continue  # a symlinked folder inside templates/: its files are checked where they really are
    return issues


def _located(where: tuple[str, int], message: str, fr: str) -> Issue:
    path, line = where
    return error(Source(path, line), message, "template", fr=fr[:1].upper() + fr[1:] + ".")


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """(template file, template line) of the innermost frame that runs compiled template code."""
    found = None
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return found


# Paragraph-like blocks are separated by a blank line, line-like ones by a line break.
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "table", "section", "header", "footer", "main", "ul", "ol",
               "blockquote", "address", "article", "caption", "pre"}
_LINES = {"div", "br", "tr", "li"}
_BLOCKS = _PARAGRAPHS | _LINES


def html_to_text(html: str) -> str:
    """The readable text of an HTML document: what lint reads and the text part of an email.

    Blocks become lines, table cells are separated by " | ", <style>, <script>
    and <head> metadata are dropped, runs of blank space are collapsed.
    """
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0
            self.cell = False

        def newlines(self, n: int) -> None:
            """End the current line with at least `n` line breaks (blocks never stack blank lines)."""
            tail = "".join(self.out[-3:])
            have = len(tail) - len(tail.rstrip("\n"))
            if have < n:
                self.out.append("\n" * (n - have))

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script", "title"):
                self.skip += 1
            elif tag in ("td", "th"):
                if self.cell:
                    self.out.append(" | ")
                self.cell = True
            elif tag in _BLOCKS:
                self.newlines(2 if tag in _PARAGRAPHS else 1)
                if tag == "tr":
                    self.cell = False
            if tag == "li":
                self.out.append("- ")

        def handle_endtag(self, tag):
            if tag in ("style", "script", "title"):
                self.skip -= 1
            elif tag in _PARAGRAPHS:
                self.newlines(2)
            elif tag in _LINES and tag != "br":
                self.newlines(1)

        def handle_data(self, data):
            if not data.strip() and "\n" in data:
                return  # indentation between blocks, not text
            if not self.skip:
                self.out.append(" ".join(data.split("\n")))

    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "\n".join(_collapse(line) for line in "".join(parser.out).split("\n"))
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def _collapse(line: str) -> str:
    """Collapse runs of ordinary spaces (not the no-break spaces of French typography)."""
    import re

    return re.sub(r" {2,}", " ", line).strip(" ")
