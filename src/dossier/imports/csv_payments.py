"""Bank statements exported as CSV: credits by the columns found by `columns.py` (``import: payments:`` in
dossier.yaml). A line without the bank's own id gets one made of its date, amount and text, so that the same
export imported again is still recognised."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .columns import payment_columns, read_table
from .model import Credit, Problems
from .text import amount, date
from ..records.i18n import _


def read_bank_csv(path: Path, preset: str, written: dict[str, str], problems: Problems) -> list[Credit]:
    table = read_table(path, lambda headings: payment_columns(headings, preset, written), ("date", "amount"),
                       "{payments: {columns: …}}", problems)
    if table is None:
        return []
    cols, lines = table
    out = []
    for n, row in lines:
        def cell(name: str) -> str:
            return row.get(cols[name], "").strip() if name in cols else ""

        day, value = date(cell("date")), amount(cell("amount")) if cell("amount") else None
        if value is None and cell("debit"):
            continue   # a debit line
        if day is None or value is None:
            problems.add(f"{path.name}:{n}", _('expected a date and an amount, got "{date}" and "{amount}"', date=cell("date"), amount=cell("amount")))
            continue
        if value <= 0:
            continue
        name, reference = cell("name"), cell("reference")
        if "reference" in cols and cols.get("reference") == cols.get("name"):
            name = ""
        ident = cell("id") or "csv-" + hashlib.sha256(
            f"{day.isoformat()}|{value}|{name}|{reference}".encode("utf-8")).hexdigest()[:16]
        out.append(Credit(id=ident, date=day, amount=value, name=name, iban=cell("iban") or None,
                          reference=" ".join(x for x in (reference, name) if x), source=f"{path.name}:{n}"))
    return out
