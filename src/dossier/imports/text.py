"""The small parsers every CSV export needs: its encoding, its delimiter, French amounts and dates."""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(r"^[+-]?\d+(?:[.,]\d{1,2})?$")
_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']+")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without its BOM, else Windows-1252 / Latin-1 (what French accounting tools write)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"   # Latin-1 as Windows writes it (€ at 0x80)
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(headings, [(line number, row by heading)]): the delimiter is `;`, `,`, tab or `|`, whichever the heading line uses."""
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t|", key=first.count)
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    lines = list(reader)
    if not lines:
        return [], []
    head = [h.strip() for h in lines[0]]
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        out.append((n, {h: (line[i].strip() if i < len(line) else "") for i, h in enumerate(head)}))
    return head, out


def amount(text: str) -> Decimal | None:
    """``1 234,56``, ``1234.56``, ``-12,5``, ``1.234,56`` → Decimal; None if it is not an amount of euros and cents."""
    t = _SPACES.sub("", text.replace("€", "")).strip()
    if "," in t and "." in t:   # 1.234,56 (thousands with dots) or 1,234.56
        t = t.replace(".", "") if t.rfind(",") > t.rfind(".") else t.replace(",", "")
    if not _AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:   # pragma: no cover - the pattern above admits only numbers
        return None


def date(text: str) -> dt.date | None:
    """``15/09/2026``, ``15.09.2026``, ``2026-09-15`` → a date; None otherwise."""
    t = text.strip()
    m = _DATE_FR.match(t)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return dt.date.fromisoformat(t[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", t) else None
    except ValueError:
        return None


def fold(text: str) -> str:
    """A heading or a name compared loosely: no accents, no case, no punctuation, single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def slug(text: str, limit: int = 30) -> str:
    """``Dupont Rénovation SARL`` → ``dupont-renovation``: a case id's tail (legal forms dropped)."""
    words = [w for w in fold(text).split() if w not in {"sarl", "sas", "sasu", "sa", "eurl", "sci", "snc", "scop", "ste", "societe"}]
    out = "-".join(words) or "client"
    return out[:limit].rstrip("-")
