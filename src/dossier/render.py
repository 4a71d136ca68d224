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


def markdown_to_html(text: str) -> Markup:
    """Markdown (already rendered by Jinja, values escaped) to HTML."""
    return Markup(_markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html"))


@lru_cache(maxsize=8)
def environment(repo_root: str | None = None) -> ImmutableSandboxedEnvironment:
    """The sandboxed environment: the repository's ``templates/`` first, then the built-in ones."""
    loaders = []
    if repo_root:
        override = Path(repo_root) / "templates"
        if override.is_dir():
            loaders.append(FileSystemLoader(str(override)))
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
    )
    return env


def render(name: str, context: dict, repo_root: str | None = None) -> str:
    """Render the template `name` with `context`."""
    return environment(repo_root).get_template(name).render(**context)
