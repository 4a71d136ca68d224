"""The readers of scalar fields: text, dates, amounts, day counts, choices, SIREN, SIRET, VAT, email, IBAN, BIC, percentages, pieces; each returns the value or records a located issue and returns BAD.

Below config.py and load.py, which name them in their records; fields.py holds the Reader they write to and the structure (record, list_of)."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from decimal import Decimal
from typing import Any, Iterable

from . import identifiers
from .yamlsrc import Path
from .fields import (
    BAD,
    FieldReader,
    MAX_AMOUNT,
    MAX_DATE,
    MAX_DAYS,
    MIN_DATE,
    Reader,
    _CONTROL,
    _CONTROL_MULTILINE,
    _LINE_BREAKS,
    one_of,
    shown,
)
from .i18n import _


_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SIREN = re.compile(r"^\d{9}$")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")   # RFC 5322 dot-atom
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")                            # RFC 1035 / 5890
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_PERCENT = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*%?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


# --- scalar readers -------------------------------------------------------

def control_problem(value: str, multiline: bool = False) -> str | None:
    """What is wrong with a control character in text, or None: a line break in one-line text, or another control."""
    bad = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if not bad:
        return None
    code = f"U+{ord(bad.group()):04X}"
    if bad.group() in _LINE_BREAKS:
        if multiline:
            return _("expected text with plain new lines, got the line break {code}", code=code)
        return _("expected text on one line, got a line break ({code})", code=code)
    return _("expected text, got the control character {code}", code=code)


def _text(r: Reader, value: Any, at: Path, multiline: bool) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        return r.error(at, _("expected text, got {shown}", shown=shown(value)))
    out = str(value).strip()
    if not out:
        return r.error(at, _("expected text, got an empty string"))
    problem = control_problem(out, multiline)
    if problem:
        return r.error(at, problem)
    return out


def text(r: Reader, value: Any, at: Path) -> Any:
    """One line of text (a name, a number, a reference): letters and documents print it inline, so no line break
    and no control character. A number is accepted as written (``reference: 12345``); empty text is not."""
    return _text(r, value, at, multiline=False)


def free_text(r: Reader, value: Any, at: Path) -> Any:
    """Free text that may run over several lines (a note): line feeds kept, no other control character."""
    return _text(r, value, at, multiline=True)


def date(r: Reader, value: Any, at: Path) -> Any:
    """A calendar date written YYYY-MM-DD (quoted or not)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        day = value
    elif isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            return r.error(at, _("expected a real date, got {shown}", shown=shown(value)))
    else:
        return r.error(at, _("expected a date (YYYY-MM-DD), got {shown}", shown=shown(value)))
    if not MIN_DATE <= day <= MAX_DATE:
        return r.error(at, _("expected a date between {min_date} and {max_date}, got {day}", min_date=MIN_DATE.isoformat(), max_date=MAX_DATE.isoformat(), day=day.isoformat()))
    return day


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def amount(r: Reader, value: Any, at: Path) -> Any:
    """Euros, greater than 0, at most two decimals, written as a YAML number (``4800.00``)."""
    d = _decimal(value)
    if d is None:
        return r.error(at, _("expected an amount in euros such as 1234.56, got {shown}", shown=shown(value)))
    if d <= 0:
        return r.error(at, _("expected an amount greater than 0, got {shown}", shown=shown(value)))
    return _money(r, d, value, at)


def _money(r: Reader, d: Decimal, value: Any, at: Path) -> Any:
    """The checks every amount shares: below `MAX_AMOUNT`, at most two decimals."""
    if d >= MAX_AMOUNT:
        return r.error(at, _("expected an amount below 1000000000 euros, got {shown}", shown=shown(value)))
    if d.as_tuple().exponent < -2:  # type: ignore[operator]
        return r.error(at, _("expected an amount with at most two decimals, got {shown}", shown=shown(value)))
    return d


def bound_amount(r: Reader, value: Any, at: Path) -> Any:
    """An amount that may be 0 (a threshold, not money owed)."""
    d = _decimal(value)
    if d is None:
        return r.error(at, _("expected an amount in euros such as 1234.56, got {shown}", shown=shown(value)))
    if d < 0:
        return r.error(at, _("expected an amount of 0 or more, got {shown}", shown=shown(value)))
    return _money(r, d, value, at)


def count(minimum: int, maximum: int = MAX_DAYS) -> FieldReader:
    """A whole number from ``minimum`` to ``maximum`` (contacts; `days` for delays)."""

    def read(r: Reader, value: Any, at: Path) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return r.error(at, _("expected a whole number, got {shown}", shown=shown(value)))
        if value < minimum:
            return r.error(at, _("expected a whole number of {minimum} or more, got {value}", minimum=minimum, value=value))
        if value > maximum:
            return r.error(at, _("expected a whole number of at most {maximum}, got {value}", maximum=maximum, value=value))
        return value

    read.bounds = (minimum, maximum)   # type: ignore[attr-defined]   # for records/schema.py
    return read


def days(minimum: int) -> FieldReader:
    """A number of days from ``minimum`` to `MAX_DAYS` (ten years): more is a typo, and overflows date arithmetic."""
    read_count = count(minimum, MAX_DAYS)

    def read(r: Reader, value: Any, at: Path) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_DAYS:
            return r.error(at, _("expected a number of days of at most {max_days} (ten years), got {value}", max_days=MAX_DAYS, value=value))
        return read_count(r, value, at)

    read.bounds = (minimum, MAX_DAYS)   # type: ignore[attr-defined]   # for records/schema.py
    return read


def flag(r: Reader, value: Any, at: Path) -> Any:
    if not isinstance(value, bool):
        return r.error(at, _("expected true or false, got {shown}", shown=shown(value)))
    return value


def choice(options: Iterable[str]) -> FieldReader:
    """One of a fixed list of values (an enumeration of docs/format.md)."""
    allowed = tuple(options)

    def read(r: Reader, value: Any, at: Path) -> Any:
        if not isinstance(value, str) or value not in allowed:
            return r.error(at, _("expected {one_of}, got {shown}", one_of=one_of(allowed), shown=shown(value)))
        return value

    read.options = allowed   # type: ignore[attr-defined]   # for records/schema.py
    return read


def choices(options: Iterable[str]) -> FieldReader:
    """A list of values of an enumeration; a single value is accepted as a list of one."""
    allowed = tuple(options)
    one = choice(allowed)

    def read(r: Reader, value: Any, at: Path) -> Any:
        items = value if isinstance(value, list) else [value]
        out = [one(r, v, at + (i,) if isinstance(value, list) else at) for i, v in enumerate(items)]
        if any(v is BAD for v in out):
            return BAD
        if not out:
            return r.error(at, _("expected at least one value, got an empty list"))
        return tuple(out)

    read.options, read.many = allowed, True   # type: ignore[attr-defined]   # for records/schema.py
    return read


def lines(r: Reader, value: Any, at: Path) -> Any:
    """An address: a list of lines (a text with line breaks is accepted too)."""
    if isinstance(value, str):
        problem = control_problem(value, multiline=True)
        if problem:
            return r.error(at, problem)
        out = tuple(s.strip() for s in value.split("\n") if s.strip())
        return out if out else r.error(at, _("expected a list of address lines, got an empty string"))
    if not isinstance(value, list):
        return r.error(at, _("expected a list of address lines, got {shown}", shown=shown(value)))
    parts = [text(r, v, at + (i,)) for i, v in enumerate(value)]
    if any(p is BAD for p in parts):
        return BAD
    return tuple(parts)


def siren(r: Reader, value: Any, at: Path) -> Any:
    """A SIREN: 9 digits, spaces allowed, an unquoted number accepted; kept as a string of digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return r.error(at, _("expected a SIREN of 9 digits, got {shown}", shown=shown(value)))
    digits = _SPACES.sub("", str(value))
    if not _SIREN.match(digits):
        return r.error(at, _("expected a SIREN of 9 digits, got {shown}", shown=shown(value)))
    wrong = identifiers.problem("siren", digits)
    if wrong:
        return r.error(at, _("{wrong}, got {shown}", wrong=wrong, shown=shown(value)))
    return digits


def siret(r: Reader, value: Any, at: Path) -> Any:
    """A SIRET (SIREN + 5-digit establishment number, 14 digits), spaces allowed, its check digit verified; kept as digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return r.error(at, _("expected a SIRET of 14 digits, got {shown}", shown=shown(value)))
    digits = _SPACES.sub("", str(value))
    if not re.fullmatch(r"\d{14}", digits):
        return r.error(at, _("expected a SIRET of 14 digits, got {shown}", shown=shown(value)))
    wrong = identifiers.problem("siret", digits)
    if wrong:
        return r.error(at, _("{wrong}, got {shown}", wrong=wrong, shown=shown(value)))
    return digits


def vat(r: Reader, value: Any, at: Path) -> Any:
    """An intra-EU VAT number (``FR15901234567``), spaces allowed, its check digits verified; kept as written."""
    if not isinstance(value, str) or not value.strip():
        return r.error(at, _('expected a VAT number such as "FR15901234567", got {shown}', shown=shown(value)))
    problem = control_problem(value.strip())
    if problem:
        return r.error(at, problem)
    wrong = identifiers.problem("vat", value)
    if wrong:
        return r.error(at, _("{wrong}, got {shown}", wrong=wrong, shown=shown(value)))
    return value.strip()   # printed as written (« TVA FR 15 901 234 567 »)


def email(r: Reader, value: Any, at: Path) -> Any:
    """An address mail headers can carry: an ASCII local part, a domain in ASCII or one that IDNA-encodes.

    A domain with accents (``dupont-rénovation.fr``) is kept as written, for the
    letters that print it; it must IDNA-encode (``xn--dupont-rnovation-iqb.fr``),
    the form mail.py puts in the headers.
    """
    if not isinstance(value, str) or not _EMAIL.fullmatch(value.strip()):
        return r.error(at, _("expected an email address, got {shown}", shown=shown(value)))
    local, domain = value.strip().rsplit("@", 1)
    if not local.isascii():
        return r.error(at, _("expected an ASCII local part (before the @) in an email address, got {shown}", shown=shown(value)))
    if not _LOCAL.fullmatch(local):
        return r.error(at, _("expected an email address, got {shown}", shown=shown(value)))
    ascii_domain = domain
    if not domain.isascii():
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return r.error(at, _("expected an email domain that can be written in ASCII (IDNA), got {shown}", shown=shown(value)))
    if len(ascii_domain) > 253 or not all(_LABEL.fullmatch(label) for label in ascii_domain.split(".")):
        return r.error(at, _("expected an email address, got {shown}", shown=shown(value)))
    return f"{local}@{domain}"


_WEBSITE = re.compile(r"^https?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)


def website(r: Reader, value: Any, at: Path) -> Any:
    """A website address, written in full with its scheme (``https://www.exemple.fr``), one line, no space."""
    if not isinstance(value, str) or _CONTROL.search(value.strip()) or not _WEBSITE.match(value.strip()):
        return r.error(at, _('expected a website address such as "https://www.exemple.fr", got {shown}', shown=shown(value)))
    return value.strip()


def iban(r: Reader, value: Any, at: Path) -> Any:
    """An IBAN, spaces allowed, with its check digits verified (a wrong IBAN in a letter loses a payment)."""
    if not isinstance(value, str):
        return r.error(at, _("expected an IBAN such as \"FR76 3000 4000 0312 3456 7890 143\", got {shown}", shown=shown(value)))
    problem = control_problem(value.strip())
    if problem:   # spaces are dropped to check it, but the IBAN is printed as written
        return r.error(at, problem)
    compact = _SPACES.sub("", value).upper()
    if not _IBAN.match(compact):
        return r.error(at, _("expected an IBAN such as \"FR76 3000 4000 0312 3456 7890 143\", got {shown}", shown=shown(value)))
    moved = compact[4:] + compact[:4]
    if int("".join(str(int(c, 36)) for c in moved)) % 97 != 1:
        return r.error(at, _("expected an IBAN with valid check digits, got {shown}", shown=shown(value)))
    wrong = identifiers.problem("iban", compact)   # the length and form of its country's account number
    if wrong:
        return r.error(at, _("{wrong}, got {shown}", wrong=wrong, shown=shown(value)))
    return value.strip()


def bic(r: Reader, value: Any, at: Path) -> Any:
    if not isinstance(value, str) or not _BIC.match(value.strip().upper()):
        return r.error(at, _("expected a BIC of 8 or 11 characters such as \"BNPAFRPPXXX\", got {shown}", shown=shown(value)))
    wrong = identifiers.problem("bic", value.strip())   # its country code (letters 5 and 6) is one
    if wrong:
        return r.error(at, _("{wrong}, got {shown}", wrong=wrong, shown=shown(value)))
    return value.strip()


def parse_percent(value: Any) -> Decimal | None:
    """``12``, ``12.5``, ``"12%"``, ``"12,5 %"`` → a Decimal number of percent; None if it is not one."""
    d = _decimal(value)
    if d is None and isinstance(value, str):
        m = _PERCENT.match(value.strip())
        if m:
            d = Decimal(m.group(1).replace(",", "."))
    return d


def percent(r: Reader, value: Any, at: Path) -> Any:
    """An annual rate in percent: ``12``, ``12.5``, ``"12%"``, ``"12,5 %"`` → ``Decimal('12.5')``; above 0, below 100."""
    d = parse_percent(value)
    if d is None:
        return r.error(at, _("expected an annual rate such as \"12%\", got {shown}", shown=shown(value)))
    if not Decimal(0) < d < Decimal(100):
        return r.error(at, _("expected a rate above 0 % and below 100 %, got {shown}", shown=shown(value)))
    return d


def piece(r: Reader, value: Any, at: Path) -> Any:
    """A file kept with the record: relative to the file's folder, inside the repository, existing.

    The path is checked lexically first (no absolute path, nothing that climbs
    out of the repository), then through symlinks; the file is never opened.
    """
    if not isinstance(value, str) or not value.strip():
        return r.error(at, _("expected the path of a file, got {shown}", shown=shown(value)))
    raw = value.strip()
    if _CONTROL.search(raw):
        return r.error(at, _("expected the path of a file, got {shown}", shown=shown(value)))
    if raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw) or "\\" in raw:
        return r.error(at, _("expected a relative path with / separators inside the repository, got {shown}", shown=shown(value)))
    rel = posixpath.normpath(posixpath.join(r.folder, raw)) if r.folder else posixpath.normpath(raw)
    if rel == ".." or rel.startswith("../") or rel == ".":
        return r.error(at, _("expected a path inside the repository, got {shown} (it leaves the repository)", shown=shown(value)))
    if r.root is None:
        return rel
    root = r.resolved_root()
    try:
        resolved = (r.root / rel).resolve()
        inside = resolved.is_relative_to(root)
        exists = inside and resolved.exists()
        is_file = exists and resolved.is_file()
    except (OSError, RuntimeError, ValueError) as exc:
        return r.error(at, _("cannot use the path {shown}: {getattr}", shown=shown(value), getattr=getattr(exc, 'strerror', None) or 'a symlink loop?'))
    if not inside:
        return r.error(at, _("expected a path inside the repository, got {shown} (a link that leaves the repository)", shown=shown(value)))
    if not exists:
        return r.error(at, _("no such file: {rel}", rel=rel))
    if not is_file:
        return r.error(at, _("expected a file, got a folder: {rel}", rel=rel))
    return rel


def pieces(r: Reader, value: Any, at: Path) -> Any:
    """A list of pieces (a single path is accepted as a list of one)."""
    if isinstance(value, str):
        got = piece(r, value, at)
        return BAD if got is BAD else (got,)
    if not isinstance(value, list):
        return r.error(at, _("expected a list of file paths, got {shown}", shown=shown(value)))
    out = [piece(r, v, at + (i,)) for i, v in enumerate(value)]
    return BAD if any(p is BAD for p in out) else tuple(out)
