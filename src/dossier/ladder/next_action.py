"""The next action of a case on a date: one function that `due`, `status`, `show`, the case page, the home page
and the exports all call, so that they never name two different actions.

A case's pending actions (`pending`) are, in order:

- on the ladder, the steps already due fold into the most advanced of them (doing it skips the earlier
  ones, docs/format.md): one action, which says how many earlier steps it replaces (`earlier`); then the
  steps still to come, each at its date;
- in litigation (a request filed), the court deadlines of `court.court_deadlines` (serve the order, the
  opposition window while it runs, enforceability, a lapsed order), by date.

The next action is the first of them (`next_action`): the earliest date, then the ladder's order.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..law import court
from ..law.money import date_long, date_short
from ..records.i18n import language, long_day
from ..records.labels import step_label
from ..records.labels_en import step
from ..records.model import Case
from .steps import Ladder

# The kinds of action: what the staff does (send, call, file), watches (follow: a court deadline) or closes
# (close: a balance under the court threshold, a last letter or a write-off).
KINDS = (
    ("send", "À envoyer", ("email", "letter", "lrar", "sms")),
    ("call", "À appeler", ("phone",)),
    ("file", "À déposer", ("court", "declaration")),
    ("follow", "À suivre (procédure)", ("commissaire", "greffe")),
    ("close", "À clore (solde sous le seuil judiciaire)", ("suggestion",)),
)
KIND_OF = {channel: kind for kind, _, channels in KINDS for channel in channels}
KIND_LABELS = {kind: label for kind, label, _ in KINDS}
# A court deadline's action: its step id (stable iCalendar UID) and who acts.
COURT_STEPS = {"serve": "signification", "lapsed": "ordonnance_non_avenue", "opposition": "delai_opposition",
               "enforceable": "execution"}
COURT_CHANNELS = {"serve": "commissaire", "lapsed": "greffe", "opposition": "greffe", "enforceable": "commissaire"}


@dataclass(frozen=True)
class NextAction:
    """One pending action of a case: a ladder step (folded when several are due) or a court deadline."""

    case_id: str
    step: str
    due: dt.date
    channel: str
    kind: str                      # send | call | file | follow
    template: str | None = None
    amount: Decimal | None = None  # the ladder's amount for the step, when it names one
    earlier: int = 0               # earlier due steps of the same case this one replaces
    limit: dt.date | None = None   # a legal limit apart from the due date (the declaration's forclusion)
    text: str | None = None        # the full French wording, when the step's name is not enough (court, declaration)
    text_en: str | None = None     # the same in English (`dossier due --lang en`)
    alert: bool = False            # a lapsed order: the right it gave is lost
    order: int = 0                 # rank among the case's actions (ladder order, then court deadlines)

    @property
    def label(self) -> str:
        """The step's short French name (the claims index, `status`, the JSON)."""
        return step_label(self.step)

    @property
    def wording(self) -> str:
        """What the agenda says: the full wording when there is one, else the step's name (French: the site's)."""
        return self.text or self.label

    @property
    def said(self) -> str:
        """`wording` in the command line's language (records/i18n.py)."""
        if language() == "en":
            return self.text_en or self.text or step(self.step)
        return self.wording


def court_label(d: court.Deadline) -> str:
    """The wording of a court deadline: what to do, by when, on which ground."""
    order = date_long(d.order) if d.order else "—"
    months = court.service_months(d.order) if d.order else 6
    if d.kind == "serve":
        return (f"Faire signifier l’ordonnance du {order} par un commissaire de justice au plus tard le "
                f"{date_long(d.date)} (délai de {months} mois, art. 1411 CPC)")
    if d.kind == "lapsed":
        how = (f"signifiée le {date_long(d.served)}, après le délai de {months} mois" if d.served
               else f"non signifiée dans le délai de {months} mois")
        return (f"Ordonnance du {order} non avenue — {how} (art. 1411 CPC)\u00a0: "
                "présenter une nouvelle requête")
    if d.kind == "opposition":
        served = date_long(d.served) if d.served else "—"
        return f"Fin du délai d’opposition du débiteur (1 mois après la signification du {served}, art. 1416 CPC)"
    if d.order and d.order >= court.SERVICE_REFORM:
        return ("Ordonnance exécutoire si le greffe n’a notifié aucune opposition (décret 2026-96) — "
                "faire exécuter par un commissaire de justice")
    return "Ordonnance exécutoire faute d’opposition (art. 1422 CPC) — faire exécuter par un commissaire de justice"


def court_label_en(d: court.Deadline) -> str:
    """`court_label` in English, for the command line."""
    order = long_day(d.order, "en") if d.order else "—"
    months = court.service_months(d.order) if d.order else 6
    if d.kind == "serve":
        return (f"Have the order of {order} served by a judicial officer by {long_day(d.date, 'en')} "
                f"(within {months} months, art. 1411 CPC)")
    if d.kind == "lapsed":
        how = (f"served on {long_day(d.served, 'en')}, after the {months} months" if d.served
               else f"not served within {months} months")
        return f"Order of {order} lapsed — {how} (art. 1411 CPC): file a new application"
    if d.kind == "opposition":
        served = long_day(d.served, "en") if d.served else "—"
        return f"End of the debtor's time to oppose (1 month after service on {served}, art. 1416 CPC)"
    if d.order and d.order >= court.SERVICE_REFORM:
        return ("Order enforceable if the registry has notified no opposition (decree 2026-96) — "
                "have it enforced by a judicial officer")
    return "Order enforceable for want of opposition (art. 1422 CPC) — have it enforced by a judicial officer"


def declaration_label_en(limit: dt.date | None) -> str:
    """`declaration_label` in English, for the command line."""
    tail = f" (time-barred on {limit.isoformat()})" if limit else ""
    return f"File the proof of claim with the court-appointed administrator{tail}"


def declaration_label(limit: dt.date | None) -> str:
    """The wording of a declaration of claim: do it now, the limit is a forclusion (C. com. L622-26)."""
    tail = f" (forclusion le {date_short(limit)})" if limit else ""
    return f"Déclarer la créance au mandataire judiciaire{tail}"


def court_actions(case: Case, as_of: dt.date, first: int = 0) -> list[NextAction]:
    """A filed case's actions: its court deadlines, in `court.court_deadlines` order.

    The opposition window is listed until it ends (then enforceability takes over); a lapsed
    order stays, flagged, until the case moves on (a new request, or closed).
    """
    out = []
    for d in court.court_deadlines(case, as_of):
        if d.kind == "opposition" and d.date < as_of:
            continue
        out.append(NextAction(case.id, COURT_STEPS[d.kind], d.date, COURT_CHANNELS[d.kind], "follow",
                              text=court_label(d), text_en=court_label_en(d), alert=d.kind == "lapsed",
                              order=first + len(out)))
    return out


def pending(case: Case, lad: Ladder, as_of: dt.date) -> list[NextAction]:
    """Every pending action of the case on `as_of`, sorted by date then rank: the due steps folded into the
    most advanced, the steps to come, or a filed case's court deadlines."""
    if lad.status == "litigation":
        return sorted(court_actions(case, as_of, len(lad.next_actions)), key=lambda a: (a.due, a.order))
    rank = {a.step: k for k, a in enumerate(lad.next_actions)}
    due_now = [a for a in lad.next_actions if a.due <= as_of]
    chosen = ([(due_now[-1], len(due_now) - 1)] if due_now else []) + [(a, 0) for a in lad.next_actions
                                                                         if a.due > as_of]
    out = [
        NextAction(case.id, a.step, a.due, a.channel, KIND_OF.get(a.channel, "send"), template=a.template,
                   amount=a.amount, earlier=earlier, limit=a.limit,
                   text=declaration_label(a.limit) if a.channel == "declaration" else getattr(a, "text", None),
                   text_en=declaration_label_en(a.limit) if a.channel == "declaration" else getattr(a, "text_en", None),
                   order=rank[a.step])
        for a, earlier in chosen
    ]
    return sorted(out, key=lambda a: (a.due, a.order))


def next_action(case: Case, lad: Ladder, as_of: dt.date) -> NextAction | None:
    """THE next action of the case on `as_of` (None: nothing to do). Every place that names one calls this."""
    actions = pending(case, lad, as_of)
    return actions[0] if actions else None


def to_json(action: NextAction | None) -> dict[str, Any] | None:
    """`next_action` in docs/format.md's JSON (`show --json`, `status --json`, api/cases.json)."""
    if action is None:
        return None
    return {
        "step": action.step,
        "label": action.label,
        "due": action.due.isoformat(),
        "channel": action.channel,
        "kind": action.kind,
        "earlier": action.earlier,
        "limit": action.limit.isoformat() if action.limit else None,
        "text": action.text,
    }
