"""The language the command line speaks: French by default, English on request.

Every message a user reads from the command line is written in English in the
source, wrapped in ``_()`` (or ``ngettext()`` when it counts, ``N_()`` where it is
only marked, such as a click help text) and translated from the gettext catalogs
in ``dossier/locale/<lang>/LC_MESSAGES/dossier.po``, read at run time with Babel's
``pofile`` reader (no compiled ``.mo``: nothing to build, the ``.po`` ships in the
wheel as it is).

The language is one process-wide setting, read from the environment when this
module is imported and set again by the command line (``--lang``, else
``DOSSIER_LANG``, else ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en…`` is English,
anything else French); it is read when a message is made: an
`Issue` holds its text in the language of the run that made it. The tests set
English (tests/conftest.py). Keyword arguments fill ``{name}`` placeholders after
translation, so a translator sees and may move every placeholder:

    _("case {case}: no invoice", case=case.id)
    ngettext("{n} case checked", "{n} cases checked", n)

Extraction and update (babel.cfg at the top of the project)::

    pybabel extract -F babel.cfg -o src/dossier/locale/dossier.pot src/dossier
    pybabel update -i src/dossier/locale/dossier.pot -d src/dossier/locale -D dossier --no-fuzzy-matching
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from string import Formatter
from pathlib import Path
from typing import Callable, Iterator, Mapping

LANGUAGES = ("fr", "en")
DEFAULT = "fr"
DOMAIN = "dossier"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_language = DEFAULT
_catalogs: dict[str, dict[str, str | tuple[str, ...]]] = {}


def language_from(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language asked for: `option` (``--lang``), else ``DOSSIER_LANG``, else the POSIX locale variables
    in their order (``LC_ALL``, ``LC_MESSAGES``, ``LANG``); ``en`` or ``en_US.UTF-8`` is English, anything
    else (``fr_FR.UTF-8``, ``C``, unset) French."""
    env = os.environ if environ is None else environ
    for value in (option, env.get("DOSSIER_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"), env.get("LANG")):
        if value:
            return "en" if value.lower().startswith("en") else "fr"
    return DEFAULT


_language = language_from()   # the environment's, until the command line's --lang says otherwise


def set_language(lang: str) -> None:
    """Set the process-wide language, ``fr`` or ``en`` (the command line does, once per run)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    _language = lang


def language() -> str:
    return _language


def catalog(lang: str) -> dict[str, str | tuple[str, ...]]:
    """msgid → translation (a tuple of plural forms for a plural message) of `lang`'s catalog; empty and
    fuzzy entries left out, so that they fall back to the English msgid."""
    if lang not in _catalogs:
        from babel.messages.pofile import read_po

        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        table: dict[str, str | tuple[str, ...]] = {}
        if path.is_file():
            with path.open("rb") as f:
                for message in read_po(f, locale=lang):
                    if not message.id or message.fuzzy:
                        continue
                    if isinstance(message.id, tuple):
                        forms = tuple(message.string)
                        if all(forms):
                            table[message.id[0]] = forms
                    elif message.string:
                        table[message.id] = message.string
        _catalogs[lang] = table
    return _catalogs[lang]


def _filled(text: str, values: dict[str, object]) -> str:
    """`text` with its placeholders filled; in a French run a Decimal is written the French way (« 2,40 »,
    « 12\u202f267,09 »), as the documents do, unless its placeholder carries a format of its own (``{x:.2f}``)."""
    if _language == "fr":
        specs = {name for _text, name, spec, _conv in Formatter().parse(text) if name and spec}
        values = {k: format(v, ",f").replace(",", "\u202f").replace(".", ",")
                  if isinstance(v, Decimal) and k not in specs else v for k, v in values.items()}
    return text.format(**values)


def _(msgid: str, /, **values: object) -> str:
    """`msgid` in the run's language, its ``{name}`` placeholders filled from `values` (a Decimal written
    with a decimal comma in French)."""
    found = catalog(_language).get(msgid)
    text = found if isinstance(found, str) else msgid
    return _filled(text, values) if values else text


gettext = _


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form of a counted message for `n` (``{n}`` is filled with it): French uses the singular for 0 and 1
    (« 0 dossier construit »), English for 1 only (« Built 0 cases »)."""
    forms = catalog(_language).get(singular)
    index = (0 if n <= 1 else 1) if _language == "fr" else (0 if n == 1 else 1)
    if isinstance(forms, tuple) and len(forms) > index:
        text = forms[index]
    else:
        text = singular if index == 0 else plural
    return _filled(text, {"n": n, **values})


def pick(english: str, french: str) -> str:
    """Of a pair written in both languages in the source (a fragment of a message), the run's."""
    return french if _language == "fr" else english


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """The run's language set to `lang` for a block (the site and the documents are French whatever the
    command line speaks: what they borrow from the messages, such as a case's history, is made in French)."""
    global _language
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        _language = before


def both(make: Callable[[], str]) -> tuple[str, str]:
    """What `make` says in English (for what is recorded, such as a commit message) and in the run's language
    (for the screen): one message, written once with `_()`, in the two places that need it."""
    with speaking("en"):
        english = make()
    return english, make()


def money(amount: Decimal, lang: str | None = None) -> str:
    """An amount in the run's language, rounded half-up to the cent: « 1\u202f234,56\u00a0€ » in French (as the
    documents write it), « €1,234.56 » in English (`lang`: that language rather than the run's)."""
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    if (lang or _language) == "fr":
        return sign + format(abs(cents), ",.2f").replace(",", "\u202f").replace(".", ",") + "\u00a0€"
    return f"{sign}€{abs(cents):,.2f}"


def amount(value: Decimal, lang: str | None = None) -> str:
    """An amount in a table's column, rounded half-up to the cent, no currency sign: « 4\u202f800,00 » in French
    (the documents' thousands), « 4800.00 » in English (as the JSON)."""
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if (lang or _language) == "fr":
        return format(cents, ",f").replace(",", "\u202f").replace(".", ",")
    return f"{cents:.2f}"


def decimal(value: Decimal, lang: str | None = None) -> str:
    """A number as written, with a decimal comma in French (« 12,15 ») and a dot in English (« 12.15 »)."""
    return str(value).replace(".", ",") if (lang or _language) == "fr" else str(value)


def percent(rate: Decimal) -> str:
    """An annual rate with two to four decimals: « 12,15\u00a0% » in French (as the documents), « 12.15% » in English."""
    text = f"{rate:.4f}"
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return text.replace(".", ",") + "\u00a0%" if _language == "fr" else text + "%"


def day(date: dt.date, lang: str | None = None) -> str:
    """A date in a table or a summary: « 28/11/2025 » in French, « 2025-11-28 » in English."""
    return date.strftime("%d/%m/%Y") if (lang or _language) == "fr" else date.isoformat()


def long_day(date: dt.date, lang: str | None = None) -> str:
    """A date in a sentence: « 1er décembre 2026 », « 22\u00a0novembre\u00a02026 » in French (as the documents),
    « 22 November 2026 » in English."""
    if (lang or _language) == "fr":
        month = FRENCH_MONTHS[date.month - 1]
        return f"{'1er' if date.day == 1 else date.day}\u00a0{month}\u00a0{date.year}"
    return f"{date.day} {ENGLISH_MONTHS[date.month - 1]} {date.year}"


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")
FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre")


def N_(msgid: str) -> str:
    """Mark `msgid` for extraction without translating it now (translated where it is printed, with `_()`)."""
    return msgid


def extract(fileobj, keywords, comment_tags, options):  # type: ignore[no-untyped-def]
    """Babel's Python extraction, plus the docstring of every click command (``@….command``, ``@….group``),
    which click prints as the command's help (babel.cfg names this method for the package's modules)."""
    import ast
    import inspect
    from io import BytesIO

    from babel.messages.extract import extract_python

    data = fileobj.read()
    yield from extract_python(BytesIO(data), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(data)):
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ("command", "group")
                for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.body[0].lineno, "", inspect.cleandoc(doc), []
