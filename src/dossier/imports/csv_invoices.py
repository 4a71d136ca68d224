"""Unpaid invoices from an aged-balance CSV as accounting tools export it (`;` or `,`, decimal comma,
dd/mm/yyyy, UTF-8 with or without BOM, or Latin-1), columns found by `columns.py`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..records import identifiers
from .columns import invoice_columns, read_table
from .model import Buyer, Invoice, Problems
from .text import amount, date, fold
from ..records.i18n import _

REQUIRED = ("number", "date", "amount", "name")
KINDS = {"professional": "professional", "professionnel": "professional", "pro": "professional", "entreprise": "professional",
         "consumer": "consumer", "particulier": "consumer", "consommateur": "consumer",
         "public": "public", "personne publique": "public", "collectivite": "public", "administration": "public"}
CREDIT_NOTE_WORDS = ("avoir", "credit note", "note de credit", "381")
DEFAULT_TERM = 30   # days from the invoice date when the export gives no due date (C. com. L441-10: 30 days by default)


def read_csv(path: Path, preset: str, written: dict[str, str], problems: Problems) -> list[Invoice]:
    """The invoices of one CSV file; each line's problems located at ``file:line``."""
    table = read_table(path, lambda headings: invoice_columns(headings, preset, written), REQUIRED, "{columns: …}", problems)
    if table is None:
        return []
    cols, lines = table
    out = []
    for n, row in lines:
        got = _invoice(row, cols, f"{path.name}:{n}", problems)
        if got is not None:
            out.append(got)
    return out


def _invoice(row: dict[str, str], cols: dict[str, str], where: str, problems: Problems) -> Invoice | None:
    def cell(name: str) -> str:
        return row.get(cols[name], "").strip() if name in cols else ""

    number, name = cell("number"), cell("name")
    day = date(cell("date"))
    due_text = cell("due")
    due = date(due_text) if due_text else (day + dt.timedelta(days=DEFAULT_TERM) if day else None)
    value = amount(cell("amount"))
    bad = []
    if not number:
        bad.append(_("no invoice number"))
    if not name:
        bad.append(_("no client name"))
    if day is None:
        bad.append(_('expected an invoice date (dd/mm/yyyy), got "{got}"', got=cell("date")))
    if due is None:
        bad.append(_('expected a due date (dd/mm/yyyy), got "{got}"', got=due_text))
    elif day is not None and due < day:
        bad.append(_("expected a due date on or after the invoice date {date}, got {got}", date=day.isoformat(), got=due.isoformat()))
    if value is None or value == 0:
        bad.append(_('expected an amount such as "1 234,56", got "{got}"', got=cell("amount")))
    kind = KINDS.get(fold(cell("kind")), None) if cell("kind") else "professional"
    given = identifiers.compact(cell("siren") or cell("siret"))
    if not cell("kind") and given[:1] in ("1", "2"):
        kind = "public"   # the SIREN of a public body starts with 1 or 2 (INSEE); a kind column says otherwise
    if kind is None:
        bad.append(_('expected a client type (professionnel, particulier, public), got "{got}"', got=cell("kind")))
    ids = {k: identifiers.compact(cell(k)) for k in ("siren", "siret", "vat") if cell(k)}
    for k, v in ids.items():
        wrong = identifiers.problem(k, v)
        if wrong:
            bad.append(_('{field}: {problem}, got "{got}"', field=k, problem=wrong, got=cell(k)))
    if bad:
        for message in bad:
            problems.add(where, message)
        return None
    is_credit = value < 0 or any(w in fold(cell("type")) for w in CREDIT_NOTE_WORDS)
    siren = ids.get("siren") or (ids["siret"][:9] if "siret" in ids else None)
    place = " ".join(x for x in (cell("postcode"), cell("city")) if x)
    address = tuple(x for x in (cell("address"), place) if x)
    chorus = None
    if cell("chorus_number") and date(cell("chorus_date")):
        chorus = (date(cell("chorus_date")), cell("chorus_number"))
    buyer = Buyer(name=name, kind=kind, siren=siren, siret=ids.get("siret"), vat=cell("vat") or None, address=address,
                  email=cell("email") or None, phone=cell("phone") or None)
    return Invoice(number=number, date=day, due=due, amount=abs(value), buyer=buyer, source=where,  # type: ignore[arg-type]
                   credit_note=is_credit, invoice=cell("invoice") or None, chorus=chorus, creditor=cell("creditor") or None)
