"""The wording of record values and journal events, for the changes of a case, in the run's language.

Each sentence is one message of the catalog (records/i18n.py), written in English in the source: French
makes the participle agree with its noun (« mise en demeure envoyée », « paiement du 28/11/2025 corrigé »),
so a step or an event type has a sentence of its own. The words for event fields, a value as a reader
expects it (an amount, a date, yes/no), and `event_summary`: what one event records, as one clause.
Pure: values in, text out.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from ..records.i18n import N_, _, day, money, ngettext
from ..records.labels import CLOSING_REASON_LABELS, OUTCOME_LABELS
from ..records.labels_en import say
from ..records.model import Event

# step id → what a `sent` event of it says (« mise en demeure envoyée le 28/11/2025 »), then with its receipt;
# a whole sentence each, so that French makes the participle agree with the step's noun.
STEP_SENT: dict[str, tuple[str, str]] = {
    "relance_informelle": (N_("informal reminder sent on {date}"), N_("informal reminder sent on {date}, received on {received}")),
    "relance_amiable": (N_("amicable reminder sent on {date}"), N_("amicable reminder sent on {date}, received on {received}")),
    "appel": (N_("phone call made on {date}"), N_("phone call made on {date}, received on {received}")),
    "relance_ferme": (N_("firm reminder sent on {date}"), N_("firm reminder sent on {date}, received on {received}")),
    "mise_en_demeure": (N_("formal notice sent on {date}"), N_("formal notice sent on {date}, received on {received}")),
    "injonction_de_payer": (N_("application for an order for payment sent on {date}"),
                            N_("application for an order for payment sent on {date}, received on {received}")),
    "declaration_creance": (N_("proof of claim sent on {date}"), N_("proof of claim sent on {date}, received on {received}")),
    "sms": (N_("SMS sent on {date}"), N_("SMS sent on {date}, received on {received}")),
}
OTHER_STEP_SENT = (N_("step \"{step}\" done on {date}"), N_("step \"{step}\" done on {date}, received on {received}"))
# « paiement du 28/11/2025 corrigé : montant : … » — the noun and its participle's gender, one sentence per event type.
EVENT_EDITED = {
    "sent": N_("sending of {date} corrected: {changes}"),
    "payment": N_("payment of {date} corrected: {changes}"),
    "call": N_("call of {date} corrected: {changes}"),
    "promise": N_("promise to pay of {date} corrected: {changes}"),
    "dispute": N_("dispute of {date} corrected: {changes}"),
    "dispute_resolved": N_("end of dispute of {date} corrected: {changes}"),
    "plan": N_("payment plan of {date} corrected: {changes}"),
    "acknowledgment": N_("acknowledgment of debt of {date} corrected: {changes}"),
    "insolvency": N_("insolvency proceedings of {date} corrected: {changes}"),
    "filed": N_("application of {date} corrected: {changes}"),
    "order": N_("order of {date} corrected: {changes}"),
    "served": N_("service of {date} corrected: {changes}"),
    "opposition": N_("opposition of {date} corrected: {changes}"),
    "closed": N_("closing of {date} corrected: {changes}"),
    "credit_note": N_("credit note of {date} corrected: {changes}"),
}
OTHER_EVENT_EDITED = N_("event \"{type}\" of {date} corrected: {changes}")
EVENT_FIELD_WORDS = {
    "date": N_("date"),
    "step": N_("step"),
    "amount": N_("amount"),
    "invoice": N_("invoice"),
    "reference": N_("reference"),
    "tracking": N_("tracking number"),
    "received": N_("date of receipt"),
    "outcome": N_("outcome"),
    "note": N_("note"),
    "until": N_("date promised"),
    "instalments": N_("instalments"),
    "signed": N_("signature"),
    "procedure": N_("procedure"),
    "published": N_("publication in the BODACC"),
    "reason": N_("reason"),
    "court": N_("court"),
    "piece": N_("piece"),
}


def value(v: Any) -> str:
    """A field value as a reader expects it: an amount, a date, yes/no, or the text (in the run's language)."""
    if v is None or v == "" or v == ():
        return "—"
    if isinstance(v, bool):
        return _("yes") if v else _("no")
    if isinstance(v, Decimal):
        return money(v)
    if isinstance(v, dt.date):
        return day(v)
    if isinstance(v, tuple):
        return ", ".join(value(x) for x in v)
    return str(v)


def arrow(label: str, a: Any, b: Any, render: Callable[[Any], str] = value) -> str:
    """``montant de la facture FA-1 : 2 350,40 € → 2 530,40 €`` (`label` already in the run's language)."""
    return _("{label}: {before} → {after}", label=label, before=render(a), after=render(b))


# ---------------------------------------------------------------- one event

def sent_phrase(step: str | None, date: dt.date, received: dt.date | None = None) -> str:
    """``mise en demeure envoyée le 28/11/2025``, ``appel téléphonique effectué le …``, ``étape « x » faite le …``."""
    plain, with_receipt = STEP_SENT.get(step or "", OTHER_STEP_SENT)
    if received:
        return _(with_receipt, step=step, date=day(date), received=day(received))
    return _(plain, step=step, date=day(date))


def event_summary(e: Event) -> str:
    """What an event records, as one clause: ``paiement de 600,00 € enregistré le 28/11/2025``."""
    d = day(e.date)
    t = e.type
    if t == "sent":
        return sent_phrase(e.step, e.date, e.received)
    if t == "payment":
        if e.invoice:
            return _("payment of {amount} recorded on {date} on invoice {invoice}", amount=money(e.amount or Decimal("0")),
                     date=d, invoice=e.invoice)
        return _("payment of {amount} recorded on {date}", amount=money(e.amount or Decimal("0")), date=d)
    if t == "call":
        if e.outcome:
            return _("phone call of {date}: {outcome}", date=d, outcome=say(OUTCOME_LABELS, e.outcome))
        return _("phone call of {date}", date=d)
    if t == "promise":
        if e.until:
            return _("promise to pay noted on {date}, for {until}", date=d, until=day(e.until))
        return _("promise to pay noted on {date}", date=d)
    if t == "dispute":
        return _("dispute by the debtor recorded on {date}", date=d)
    if t == "dispute_resolved":
        return _("dispute resolved on {date}", date=d)
    if t == "plan":
        total = money(sum((i.amount for i in e.instalments), Decimal("0")))
        n = len(e.instalments)
        if e.signed:
            return ngettext("payment plan of {n} instalment ({total}) signed on {date}",
                            "payment plan of {n} instalments ({total}) signed on {date}", n, total=total, date=d)
        return ngettext("payment plan of {n} instalment ({total}) proposed on {date}",
                        "payment plan of {n} instalments ({total}) proposed on {date}", n, total=total, date=d)
    if t == "acknowledgment":
        return _("acknowledgment of debt recorded on {date}", date=d)
    if t == "credit_note":
        values = dict(amount=money(e.amount or Decimal("0")), invoice=e.invoice, date=d)
        if e.number:
            return _("credit note {number} of {amount} on invoice {invoice} issued on {date}", number=e.number, **values)
        return _("credit note of {amount} on invoice {invoice} issued on {date}", **values)
    if t == "insolvency":
        procedure = {"sauvegarde": N_("safeguard proceedings recorded on {date}"),
                     "redressement": N_("judicial reorganisation recorded on {date}"),
                     "liquidation": N_("judicial liquidation recorded on {date}")}.get(
                         e.procedure or "", N_("insolvency proceedings recorded on {date}"))
        text = _(procedure, date=d)
        return _("{what} (BODACC of {date})", what=text, date=day(e.published)) if e.published else text
    if t == "filed":
        if e.court:
            return _("application filed on {date} with {court}", date=d, court=e.court)
        return _("application filed on {date}", date=d)
    if t == "order":
        return _("order made on {date}", date=d)
    if t == "served":
        return _("order served on {date}", date=d)
    if t == "opposition":
        return _("opposition lodged on {date}", date=d)
    if t == "closed":
        if e.reason:
            return _("case closed on {date} ({reason})", date=d, reason=say(CLOSING_REASON_LABELS, e.reason))
        return _("case closed on {date}", date=d)
    return _("event \"{type}\" recorded on {date}", type=t, date=d)


def event_edited(e: Event, changes: list[str]) -> str:
    """``paiement du 28/11/2025 corrigé : montant : 600,00 € → 650,00 €``."""
    return _(EVENT_EDITED.get(e.type, OTHER_EVENT_EDITED), type=e.type, date=day(e.date), changes=", ".join(changes))
