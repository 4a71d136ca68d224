"""Letters and registered letters for a postal or e-LRAR provider: a batch folder (the PDFs as archived, plus a
manifest in CSV and JSON) that maps onto the providers' upload formats (docs/sending.md).

Addresses are split as La Poste wants them (NF Z10-011): six lines of at most 38 characters,
L1 the recipient, L2 to the attention of, L3 the building, L4 the number and street, L5 the
lieu-dit or post-office box, L6 the postcode and the town in capitals. The kind of mail says what
the provider must do: ``lettre`` (simple), ``lrar`` (recommandée avec avis de réception), ``lre``
(lettre recommandée électronique, eIDAS-qualified: the debtor's email, and for a consumer his prior
consent, CPCE R53-3).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..records.i18n import _

LINE_MAX = 38                               # NF Z10-011: 38 characters a line, spaces included
KINDS = {"letter": "lettre", "lrar": "lrar", "lre": "lre"}
COLUMNS = ("reference", "case", "step", "date", "kind", "file", "sha256", "pages", "l1", "l2", "l3", "l4", "l5", "l6",
           "country", "email", "sender_l1", "sender_l4", "sender_l6")
_POSTCODE = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")
_BOX = re.compile(r"^\s*(BP|CS|TSA|CEDEX|B\.P\.|lieu[- ]dit)\b", re.IGNORECASE)
_STREET = re.compile(r"^\s*\d+[\s,]|^\s*(rue|avenue|av\.|bd|boulevard|place|chemin|route|allée|impasse|quai|cours)\b",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Postal:
    """One letter of a batch: what the provider prints, posts and tracks."""
    reference: str            # ours, echoed in the provider's tracking export: ``<case>/<step>/<date>``
    case: str
    step: str
    date: dt.date
    kind: str                 # letter | lrar | lre
    file: str                 # the PDF's name in the batch folder
    data: bytes = field(repr=False)
    sha256: str
    recipient: tuple[str, ...]   # L1…L6
    email: str | None = None     # an LRE goes to this address
    sender: tuple[str, ...] = ()
    pages: int = 0


def reference(case: str, step: str, day: dt.date) -> str:
    return f"{case}/{step}/{day.isoformat()}"


def parse_reference(text: str) -> tuple[str, str, dt.date] | None:
    case, _, rest = text.strip().partition("/")
    step, _, day = rest.partition("/")
    try:
        return (case, step, dt.date.fromisoformat(day)) if case and step else None
    except ValueError:
        return None


def address_lines(name: str, contact: str | None, address: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """(L1…L6, what keeps it from being posted) of a recipient: its name, to whose attention, its address lines
    sorted into their places."""
    lines = ["", "", "", "", "", ""]
    problems: list[str] = []
    lines[0] = name
    lines[1] = f"À l'attention de {contact}" if contact else ""
    rest = [a.strip() for a in address if a.strip()]
    if rest and _POSTCODE.match(rest[-1]):
        code, town = _POSTCODE.match(rest.pop()).groups()
        lines[5] = f"{code} {_plain(town).upper()}"
    else:
        problems.append(_('no line "postcode town" at the end of the address (NF Z10-011 line 6)'))
    street = next((n for n in reversed(range(len(rest))) if _STREET.match(rest[n])), None)
    if street is None and rest and not _BOX.match(rest[-1]):
        street = len(rest) - 1
    boxes = [line for line in rest if _BOX.match(line)]
    extras = [line for n, line in enumerate(rest) if n != street and not _BOX.match(line)]
    if len(extras) > 1 and not lines[1]:   # a service, then a building: L2 then L3
        lines[1] = extras.pop(0)
    lines[2] = " ".join(extras)
    lines[3] = rest[street] if street is not None else ""
    lines[4] = " ".join(boxes)
    return tuple(lines), problems


def long_lines(lines: tuple[str, ...]) -> list[str]:
    """The lines over NF Z10-011's 38 characters (a provider may cut them: shorten the name or the address)."""
    return [_('L{n} "{text}" is {length} characters (at most {most})', n=n + 1, text=text, length=len(text), most=LINE_MAX)
            for n, text in enumerate(lines) if len(text) > LINE_MAX]


def _plain(text: str) -> str:
    """Line 6 as La Poste reads it: capitals without accents or punctuation (« Saint-Étienne » → « SAINT ETIENNE »)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def lre_refusal(kind: str, debtor_kind: str, email: str | None, consent: dt.date | None, day: dt.date) -> str | None:
    """Why an electronic registered letter may not go to this debtor, or None."""
    if kind != "lre":
        return None
    if not email:
        return "an electronic registered letter (LRE) needs the debtor's email"
    if debtor_kind == "consumer" and (consent is None or consent > day):
        return ("an electronic registered letter (LRE) to a consumer needs his prior consent (CPCE R53-3): "
                "record it as debtor.consent_lre: DATE, or send an LRAR")
    return None


def manifest_rows(items: list[Postal]) -> list[dict]:
    rows = []
    for p in items:
        l1, l2, l3, l4, l5, l6 = (list(p.recipient) + [""] * 6)[:6]
        sender = list(p.sender) + [""] * 6
        rows.append({"reference": p.reference, "case": p.case, "step": p.step, "date": p.date.isoformat(),
                     "kind": KINDS[p.kind], "file": p.file, "sha256": p.sha256, "pages": p.pages,
                     "l1": l1, "l2": l2, "l3": l3, "l4": l4, "l5": l5, "l6": l6, "country": "FRANCE",
                     "email": p.email or "", "sender_l1": sender[0], "sender_l4": sender[3], "sender_l6": sender[5]})
    return rows


def manifest_csv(items: list[Postal]) -> bytes:
    """The manifest as CSV: UTF-8, ``;``-separated (what French providers' spreadsheets import), one row a letter."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(manifest_rows(items))
    return out.getvalue().encode("utf-8")


def manifest_json(items: list[Postal], as_of: dt.date) -> bytes:
    rows = manifest_rows(items)
    return (json.dumps({"format": "dossier-postal-batch/1", "date": as_of.isoformat(), "letters": rows},
                       ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_batch(folder: Path, items: list[Postal], as_of: dt.date) -> list[Path]:
    """The batch folder: each PDF, ``manifest.csv`` and ``manifest.json``; an existing file is never overwritten
    with other bytes (a batch already handed over stays as it was)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {p.file: p.data for p in items}
    files["manifest.csv"] = manifest_csv(items)
    files["manifest.json"] = manifest_json(items, as_of)
    clash = [name for name, data in files.items() if (folder / name).exists() and (folder / name).read_bytes() != data]
    if clash:
        raise FileExistsError(f"{folder}: {', '.join(sorted(clash))} already there with other content; "
                              "choose another batch folder")
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written
