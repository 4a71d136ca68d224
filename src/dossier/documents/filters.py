"""The small French filters templates use, and the Markdown side of rendering.

Filters: euros, percent, long and short dates, small counts in words, "d’" or
"de" before a name, a capital first letter, Markdown to HTML. Values output by
a Markdown template are escaped for Markdown as well as HTML (`markdown_escape`,
applied by the environment's finalize and join), so a debtor name cannot make
a link or an image.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, Callable

import markdown as _markdown
from jinja2 import Undefined, pass_context
from jinja2.filters import do_join, make_attrgetter
from markupsafe import Markup, escape

from ..law import money
from .phrases import _group_siren


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


FILTERS: dict[str, Callable] = dict(
    euros=_euros,
    percent=_percent,
    date_long=_date_long,
    date_short=_date_short,
    markdown=markdown_to_html,
    nombre=_nombre,
    de=_de,
    capitalize_first=_capitalize_first,
    siren=_group_siren,
)
