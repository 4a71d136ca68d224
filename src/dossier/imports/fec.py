"""A FEC (fichier des écritures comptables, LPF A47 A-1): the open customer items, i.e. the entries of accounts
411… not lettered (``EcritureLet`` empty), debits as invoices, credits as credit notes when lettered to nothing.

A FEC gives no due date: the invoice is taken due 30 days after its date (C. com. L441-10, the default
term), as for a CSV without a due-date column (docs/import.md); correct the case file when the terms differ. Nor does it give the SIREN.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from .csv_invoices import DEFAULT_TERM
from .model import Buyer, Invoice, Problems
from .text import amount, decode, rows
from ..records.i18n import _

HEADINGS = ("JournalCode", "EcritureDate", "CompteNum", "PieceRef", "Debit", "Credit", "EcritureLet")


def is_fec(path: Path) -> bool:
    if not path.is_file():
        return False
    head = path.read_bytes()[:2000]
    text, _encoding = decode(head if b"\n" not in head else head[:head.index(b"\n")])
    return all(h in text for h in HEADINGS)


def _fec_date(text: str) -> dt.date | None:
    t = text.strip()
    try:
        return dt.date(int(t[:4]), int(t[4:6]), int(t[6:8])) if len(t) == 8 and t.isdigit() else None
    except ValueError:
        return None


def read_fec(path: Path, problems: Problems) -> list[Invoice]:
    text, _encoding = decode(path.read_bytes())
    _headings, lines = rows(text)
    out = []
    for n, row in lines:
        if not row.get("CompteNum", "").startswith("411") or row.get("EcritureLet", "").strip():
            continue
        where = f"{path.name}:{n}"
        debit, credit = amount(row.get("Debit", "") or "0"), amount(row.get("Credit", "") or "0")
        day = _fec_date(row.get("PieceDate", "") or row.get("EcritureDate", ""))
        name = row.get("CompAuxLib", "").strip() or row.get("CompteLib", "").strip()
        number = row.get("PieceRef", "").strip()
        if debit is None or credit is None or day is None or not number or not name:
            problems.add(where, _("expected PieceRef, a date (yyyymmdd), Debit or Credit and the client's name (CompAuxLib)"))
            continue
        value = (debit or Decimal(0)) - (credit or Decimal(0))
        if value == 0:
            continue
        out.append(Invoice(number=number, date=day, due=day + dt.timedelta(days=DEFAULT_TERM), amount=abs(value),
                           buyer=Buyer(name=name), source=where, credit_note=value < 0))
    return out
