"""The plan follow-up table (« tableau de suivi de l'échéancier », issue 14): an internal sheet, dated the as-of
date, listing each instalment of the signed plan with its status (paid, late, to come) as ladder/instalments.py
computes it once for every output. Not sent: the staff read it on the case page and print it for a call."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..ladder.instalments import PlanLines
from ..records.errors import Source
from ..records.model import Case, Project
from .builders import _base_context, _layout, _render_body
from .document import Document, Facts
from .htmltext import html_to_text
from .phrases import typeset

NAME = "suivi-echeancier"


def followup_document(case: Case, project: Project, plan: PlanLines, st: Any, as_of: dt.date, root: str) -> Document:
    source = Source(case.path, plan.event.source.line, plan.event.source.col)
    ctx = _base_context(case, project, as_of, st)
    lines = plan.instalments
    total = sum((i.amount for i in lines), Decimal("0.00"))
    paid = sum((i.amount for i in lines if i.status == "paid"), Decimal("0.00"))
    late = [i for i in lines if i.status == "late"]
    upcoming = [i for i in lines if i.status == "upcoming"]
    ctx.update(doc={"kind": "followup", "name": NAME, "date": as_of, "step_id": "suivi_echeancier", "channel": "letter",
                    "formal_notice": False, "registered": False, "tracking": None, "state": "due"},
               plan=plan, instalments=lines, total=total, paid=paid, left=total - paid,
               late=late, late_total=sum((i.amount for i in late), Decimal("0.00")),
               next_instalment=upcoming[0] if upcoming else None)
    rendered = _render_body(f"{NAME}.md", ctx, root, source)
    heading = rendered.heading or "Tableau de suivi de l’échéancier"
    ctx["doc"] = {**ctx["doc"], "subject": heading, "heading": heading}
    html, more = _layout("sheet.html", {**ctx, "body": rendered.body}, root, source)
    html = typeset(html)
    return Document(case_id=case.id, step_id="suivi_echeancier", kind="followup", name=NAME, date=as_of, html=html,
                    text=html_to_text(html) if html else "", channel="letter", issues=tuple(rendered.issues + more),
                    subject=heading, state="due", facts=Facts(st.total, st.principal, st.interest, st.indemnity),
                    case_path=case.path, base_dir=case.folder, origin=source)
