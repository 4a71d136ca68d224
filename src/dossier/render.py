"""Templates to HTML: the one module that talks to Jinja2 and Markdown.

Templates hold wording, not logic. They run in Jinja's sandbox with strict
undefined (a misspelt variable is an error, not an empty string) and with
autoescaping on, so every value that comes from a dossier is escaped. A
claims repository overrides a built-in template by putting a file of the same
name in its own ``templates/`` folder.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import markdown as _markdown
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import money

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"


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


def _fingerprint(repo_root: str | None) -> tuple:
    """The repository's template files and their mtimes: adding or removing an override renews the environment."""
    if not repo_root:
        return ()
    folder = Path(repo_root) / "templates"
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()))


def environment(repo_root: str | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment: the repository's ``templates/`` first, then the built-in ones."""
    return _environment(repo_root, _fingerprint(repo_root))


@lru_cache(maxsize=8)
def _environment(repo_root: str | None, fingerprint: tuple) -> ImmutableSandboxedEnvironment:
    loaders = []
    if repo_root:
        # Always searched, even if the folder does not exist yet: the environment is cached.
        loaders.append(FileSystemLoader(str(Path(repo_root) / "templates")))
    loaders.append(FileSystemLoader(str(BUILTIN_TEMPLATES)))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "j2", "md"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        euros=_euros,
        percent=_percent,
        date_long=_date_long,
        date_short=_date_short,
        markdown=markdown_to_html,
        nombre=_nombre,
        de=_de,
        capitalize_first=_capitalize_first,
    )
    return env


def render(name: str, context: dict, repo_root: str | None = None) -> str:
    """Render the template `name` with `context`."""
    return environment(repo_root).get_template(name).render(**context)


def text_environment(repo_root: str | None = None) -> ImmutableSandboxedEnvironment:
    """The same sandbox for plain-text templates (SMS): no HTML escaping, same filters and overrides."""
    return _text_environment(repo_root, _fingerprint(repo_root))


@lru_cache(maxsize=8)
def _text_environment(repo_root: str | None, fingerprint: tuple) -> ImmutableSandboxedEnvironment:
    base = _environment(repo_root, fingerprint)
    env = ImmutableSandboxedEnvironment(
        loader=base.loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(base.filters)
    return env


def has_template(name: str, repo_root: str | None = None) -> bool:
    """Whether `name` exists in the repository's templates/ or the built-in ones."""
    from jinja2 import TemplateNotFound

    try:
        environment(repo_root).get_template(name)
    except TemplateNotFound:
        return False
    return True


def render_markdown(name: str, context: dict, repo_root: str | None = None) -> Markup:
    """A Markdown body template: Jinja first (values escaped), then Markdown to HTML."""
    return markdown_to_html(render(name, context, repo_root))


def render_text(name: str, context: dict, repo_root: str | None = None) -> str:
    """A plain-text template (an SMS), stripped of surrounding blank space."""
    return text_environment(repo_root).get_template(name).render(**context).strip()


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
