"""``import:`` in dossier.yaml: how `dossier import` reads the CSV files of the user's accounting and bank.

``import: {preset: NAME, columns: {field: "heading", …}, payments: {preset: NAME, columns: {…}}}``: `columns`
names, for each field an import needs, the column heading of the user's export; a `preset` gives them for a
known export, `columns` overrides it field by field. The imports stage (`dossier.imports.columns`) holds the
presets' headings; here only their names and the fields, so that a typo is a located error at `check`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import readers
from .fields import BAD, Reader, record
from .yamlsrc import Path

# what an invoice line may give: its number, dates, amount incl. tax, the buyer's identity; `type` tells an
# invoice from a credit note (« Avoir »), `invoice` the invoice a credit note reduces
INVOICE_COLUMNS = ("number", "date", "due", "amount", "name", "kind", "siren", "siret", "vat", "address", "postcode",
                   "city", "email", "phone", "type", "invoice", "creditor", "chorus_number", "chorus_date")
PAYMENT_COLUMNS = ("date", "amount", "name", "iban", "reference", "id", "debit")
INVOICE_PRESETS = ("standard", "pennylane", "sage", "ebp")
PAYMENT_PRESETS = ("standard", "banque")


@dataclass(frozen=True)
class ImportOptions:
    """The column mapping of invoice CSVs and of bank CSVs (headings by field), and the presets chosen."""

    preset: str = "standard"
    columns: tuple[tuple[str, str], ...] = ()
    payments_preset: str = "standard"
    payments_columns: tuple[tuple[str, str], ...] = ()


def _invoice_columns(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {k: readers.text for k in INVOICE_COLUMNS}, what="column headings by field (number, date, due, amount, name…)")


def _payment_columns(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {k: readers.text for k in PAYMENT_COLUMNS}, what="column headings by field (date, amount, name, iban, reference, id)")


def _payments(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, PAYMENTS_FIELDS, what="bank CSV options (preset, columns)")


PAYMENTS_FIELDS = {"preset": readers.choice(PAYMENT_PRESETS), "columns": _payment_columns}
IMPORT_FIELDS = {"preset": readers.choice(INVOICE_PRESETS), "columns": _invoice_columns, "payments": _payments}


def read_import(r: Reader, value: Any, at: Path) -> Any:
    """``import:`` read into `ImportOptions`, or BAD (each error at its field)."""
    got = record(r, value, at, IMPORT_FIELDS, what="import options (preset, columns, payments)")
    if got is BAD:
        return BAD
    pay = got.get("payments") or {}
    if pay is BAD:
        return BAD
    return ImportOptions(preset=got.get("preset", "standard"), columns=tuple((got.get("columns") or {}).items()),
                         payments_preset=pay.get("preset", "standard"),
                         payments_columns=tuple((pay.get("columns") or {}).items()))
