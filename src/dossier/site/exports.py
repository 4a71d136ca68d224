"""Machine-readable exports of the site: ``api/cases.json`` and ``cases.csv``.

The JSON is docs/format.md's shape for every case (what ``dossier status --json``
prints). The CSV is for a French spreadsheet: semicolon separator, UTF-8 with
a byte-order mark (so Excel reads the accents), decimal comma, dates as
``dd/mm/yyyy``; a text cell that a spreadsheet would take for a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a
leading apostrophe, since debtor names are typed by hand or come from clients.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from ..law import money

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = (
    ("id", "Dossier"),
    ("creditor", "Créancier"),
    ("debtor", "Débiteur"),
    ("siren", "SIREN"),
    ("kind_label", "Qualité"),
    ("principal", "Principal"),
    ("interest", "Intérêts"),
    ("indemnity", "Indemnités"),
    ("total", "Total"),
    ("days_late", "Jours de retard"),
    ("status_label", "Statut"),
    ("current_label", "Étape en cours"),
    ("next_label", "Prochaine action"),
    ("next_due", "Date prévue"),
    ("prescription", "Prescription"),
)


def neutralise(text: str) -> str:
    """A text cell that would start a formula gets a leading apostrophe (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return f"{money.cents(value):.2f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return money.date_short(value)
    return neutralise(str(value))


def cases_csv(rows: list[dict]) -> bytes:
    """The claims index as CSV bytes (rows from `home.case_row`), in the order given."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([title for _, title in CSV_COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _ in CSV_COLUMNS])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def cases_json(results) -> bytes:
    """docs/format.md's JSON for every case, a list in case order."""
    from ..ladder.result import case_json

    return (json.dumps([case_json(r) for r in results], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
