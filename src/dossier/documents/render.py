"""Templates to HTML and text: the sandboxed environments, rendering, and ``check``'s look at templates/.

Templates hold wording, not logic. They run in Jinja's sandbox with strict
undefined (a misspelt variable is an error, not an empty string) and with
autoescaping on, so every value that comes from a dossier is escaped. A
claims repository overrides a built-in template by putting a file of the same
name in its own ``templates/`` folder.

Whatever goes wrong in a template comes back as a `TemplateFailure` carrying
an `Issue` located at the template's own file and line, never as another
exception. The template files (confined to ``templates/``, UTF-8) are
loader.py's, the filters and the Markdown escaping filters.py's, HTML to
plain text htmltext.py's; together with this module they are the only ones
that talk to Jinja2 and Markdown.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, NoReturn

from jinja2 import BaseLoader, ChoiceLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from ..records.errors import Issue, Source, error
from ..records.package import BUILTIN_TEMPLATES, override_templates
from .filters import FILTERS, _finalize, _join, markdown_to_html
from .loader import BUILTIN_LABEL, TEMPLATE_SUFFIXES, ConfinedLoader, TemplateFailure, decode_template
from ..records.i18n import _


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
            raise TemplateFailure(error(Source(f"templates/{exc.name}"), _("template {name!r} not found (looked in templates/ "
                                        "and the built-in templates)", name=exc.name), "template",
                                        fr=f"Modèle «\u00a0{exc.name}\u00a0» introuvable (ni dans templates/, ni parmi les modèles fournis)."),
                                  missing=str(exc.name)) from None
        raise TemplateFailure(_located(where, f"template {exc.name!r} not found (looked in templates/ and the built-in templates)",
                                       f"modèle «\u00a0{exc.name}\u00a0» introuvable")) from None
    except TemplateSyntaxError as exc:
        raise TemplateFailure(error(Source(exc.filename or f"templates/{exc.name}", exc.lineno or 0),
                                    _("template syntax error: {message}", message=exc.message), "template",
                                    fr=f"Erreur de syntaxe dans le modèle\u00a0: {exc.message}")) from None
    except RecursionError as exc:
        where = _template_frame(exc.__traceback__) or ("templates", 0)
        raise TemplateFailure(_located(where, "template error: templates include or extend each other without end",
                                       "erreur de modèle\u00a0: des modèles s’incluent ou s’étendent les uns les autres sans fin")) from None
    except Exception as exc:  # noqa: BLE001 - whatever template code raised, as a located value
        where = _template_frame(exc.__traceback__)
        text = _describe(exc)
        if where is None:
            raise TemplateFailure(error(Source("templates"), _("template error: {text}", text=text), "template",
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

