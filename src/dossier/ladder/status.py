"""`dossier status`: one line per case, from each case's `status_row`.

The row is all the command needs of a computed case, so that the index (index.py)
keeps it and prints the same table without computing an unchanged case again.
"""
from __future__ import annotations

from decimal import Decimal

from ..law.money import as_str
from ..records.i18n import _, amount
from ..records.labels import STATUS_LABELS
from ..records.labels_en import say
from .result import CaseResult

Row = tuple[str, str, str, bool, str, str]   # id, status, total, provisional, next action, its date


def status_row(r: CaseResult) -> Row:
    """One case's line: id, status (its code), total (``4800.00``), provisional, next action and its date.

    Kept in the index as data: the table puts the status and the amount in the run's language."""
    nxt = r.next_action   # ladder/next_action.py: the action `due`, `show` and the site name
    return (r.case.id, r.ladder.status, as_str(r.statement.total), bool(r.statement.provisional),
            nxt.step if nxt else "", nxt.due.isoformat() if nxt else "")


def status_table(cases: list[Row]) -> str:
    """The table of `dossier status`, a row per case in the order given; a note when a total is provisional."""
    marked = any(row[3] for row in cases)
    rows = [(_("case"), _("status"), _("total"), _("next action"), _("due"))]
    for case_id, status, total, provisional, step, due in cases:
        rows.append((case_id, say(STATUS_LABELS, status), amount(Decimal(total)) + ((" *" if provisional else "  ") if marked else ""), step, due))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i != 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in rows]
    if marked:
        lines += ["", _("* computed with a provisional rate (not yet confirmed, or carried forward): see `dossier rates`")]
    return "\n".join(lines)
