"""The words of the injonction de payer request, its list of exhibits and the small-claims letter.

What the request says (law.md §5, CPC 1405-1407): the parties as named with
their legal form, the basis of the interest by regime, the invoices claimed
and whether they stay unpaid or partly paid, what followed the formal notice,
a broken payment plan as an acknowledgment of the debt (C. civ. 2240), and
French typography on typed data. `_context` gathers these for the templates
``bundle/*.html``; bundle.py renders them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from ..documents import journal as journals
from ..law import court as courts
from ..law import court_readiness, disputes
from ..records.errors import Issue, warning
from ..records.labels import EXHIBIT_CONTRACT_LABELS as CONTRACT_LABELS
from ..records.model import Case, Event, Project
from ..law.money import date_long, euros
from . import readiness
from .exhibits import Exhibit
from ..records.i18n import _

REGIME_BASIS = {
    "l441_10": "pénalités de retard de plein droit dès le lendemain de l’échéance, au taux de la BCE majoré de "
               "10 points, et l’indemnité forfaitaire pour frais de recouvrement de 40 € par facture "
               "(art. L441-10 et D441-5 du code de commerce)",
    "public": "intérêts moratoires de plein droit au taux de la BCE majoré de 8 points et l’indemnité forfaitaire "
              "de 40 € par facture (art. L2192-13 et R2192-31 du code de la commande publique)",
    "legal": "intérêts au taux légal à compter de la mise en demeure (art. 1231-6 et 1344-1 du code civil)",
    "contract": "intérêts au taux contractuel stipulé, dès le lendemain de l’échéance",
}


def _town(address: Sequence[str]) -> str | None:
    for line in reversed(address):
        m = re.match(r"\s*\d{5}\s+(.+?)\s*$", line)
        if m:
            return re.sub(r"\s+cedex\b.*$", "", m.group(1), flags=re.I)
    return None


def _days(days: Sequence[dt.date]) -> str:
    """« 12 octobre et 10 novembre 2026 »: the year once when it is the same for all."""
    days = sorted(days)
    if len({d.year for d in days}) == 1:
        words = [date_long(d).rsplit("\u00a0", 1)[0] for d in days[:-1]] + [date_long(days[-1])]
    else:
        words = [date_long(d) for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def with_form(name: str, legal_form: str | None) -> str:
    """« Dupont Rénovation SARL » stays as is; « Dupont Rénovation », SARL → « Dupont Rénovation, SARL »."""
    if not legal_form or re.search(rf"(^|\W){re.escape(legal_form)}(\W|$)", name, flags=re.I):
        return name
    return f"{name}, {legal_form}"


def unpaid_phrase(invoices: Sequence[Any], statement: Any, date: dt.date) -> tuple[str, str]:
    """(« Cette facture est demeurée impayée », « la facture suivante, demeurée impayée »), agreed and truthful.

    A claim partly paid says « partiellement impayée »: a request must not say more than the décompte shows.
    """
    partly = any(p.date <= date for p in getattr(statement, "payments", ()))
    state = "partiellement impayée" if partly else "impayée"
    if len(invoices) == 1:
        return f"Cette facture est demeurée {state}", f"la facture suivante, demeurée {state}"
    return f"Ces factures sont demeurées {state}s", f"les factures suivantes, demeurées {state}s"


def after_notice(statement: Any, notice: Event | None, date: dt.date) -> str:
    """What followed the formal notice: « restée sans effet », or the partial payments received since (M7)."""
    if notice is None:
        return ""
    paid = sorted({(p.date, p.amount, p.reference or "") for p in getattr(statement, "payments", ())
                   if notice.date < p.date <= date})
    if not paid:
        return "restée sans effet"
    parts = [f"{euros(amount)} le {date_long(day)}" for day, amount, _unused in paid]
    if len(parts) == 1:
        return f"qui n’a été suivie que d’un règlement partiel de {parts[0]}"
    return "qui n’a été suivie que de règlements partiels de " + ", ".join(parts[:-1]) + " et de " + parts[-1]


@dataclass(frozen=True)
class PlanBreach:
    """A signed payment plan whose instalments were not all paid: the debt acknowledged, the term forfeited or not."""

    plan: Event
    unpaid: tuple[dt.date, ...]      # due dates of the instalments not paid by the request's date
    forfeited: bool                  # a formal notice after the first missed instalment, eight days passed
    notice: Event | None


PLAN_NOTICE_DAYS = 8   # the plan's default clause: the balance is due eight days after a formal notice left unanswered


def plan_breach(case: Case, ladder: Any, date: dt.date) -> PlanBreach | None:
    """The last signed plan on `date`, if an instalment due by then is unpaid (payments since the plan, in order)."""
    plans = [e for e in case.events if e.type == "plan" and e.signed and e.date <= date]
    if not plans:
        return None
    plan = plans[-1]
    paid = sum((e.amount for e in case.events if e.type == "payment" and e.amount is not None
                and plan.date <= e.date <= date), Decimal("0.00"))
    due, unpaid = Decimal("0.00"), []
    for inst in sorted(plan.instalments, key=lambda i: i.due):
        if inst.due > date:
            break
        due += inst.amount
        if paid < due:
            unpaid.append(inst.due)
    if not unpaid:
        return None
    fn = getattr(ladder, "formal_notice", None)
    notice = fn.event if fn is not None else None
    forfeited = (notice is not None and notice.date >= unpaid[0]
                 and (notice.received or notice.date) + dt.timedelta(days=PLAN_NOTICE_DAYS) < date)
    return PlanBreach(plan, tuple(unpaid), forfeited, notice)


def plan_sentence(breach: PlanBreach | None) -> str:
    """The request's « fondement » names the signed plan as an acknowledgment of the debt (C. civ. 2240)."""
    if breach is None:
        return ""
    which = (f"l’échéance du {_days(breach.unpaid)} n’a pas été réglée" if len(breach.unpaid) == 1
             else f"les échéances des {_days(breach.unpaid)} n’ont pas été réglées")
    text = (f"La créance a été reconnue par le débiteur aux termes de l’échéancier et reconnaissance de dette signés "
            f"le {date_long(breach.plan.date)} (art. 2240 C. civ.), dont {which}")
    if breach.forfeited and breach.notice is not None:
        text += (f"\u00a0; la déchéance du terme est acquise en application de cet accord, la mise en demeure du "
                 f"{date_long(breach.notice.date)} n’ayant pas été suivie d’effet dans les huit jours")
    return text + "."


def journal_sentences(case: Case, date: dt.date) -> list[str]:
    """What the journal proves for the judge, dated: a settled dispute, a broken promise, a refusal without dispute."""
    j = journals.read(case, date)
    out = []
    settled = j.settled_dispute
    if settled is not None and settled.resolved is not None:
        out.append(f"La réclamation formée par le débiteur le {date_long(settled.date)} a été traitée le "
                   f"{date_long(settled.resolved)}\u00a0; elle ne fait plus obstacle au paiement.")
    promise = j.broken_promise
    if promise is not None and promise.until is not None:
        how = "au cours d’un entretien téléphonique, " if promise.by_phone else ""
        what = f"la somme de {euros(promise.amount)}" if promise.amount is not None else "les sommes dues"
        kept = "ne l’a été qu’en partie" if promise.paid else "n’a pas été suivi d’effet"
        out.append(f"Le {date_long(promise.date)}, {how}le débiteur s’est engagé à régler {what} au plus tard le "
                   f"{date_long(promise.until)}\u00a0; cet engagement {kept}.")
    refusal = j.refusal
    if refusal is not None:
        words = f", en ces termes\u00a0: «\u00a0{refusal.quote}\u00a0»" if refusal.quote else ""
        disputed = "" if j.disputes else ", sans élever de contestation sur la créance"
        out.append(f"Le {date_long(refusal.date)}, au cours d’un entretien téléphonique, le débiteur a refusé de payer"
                   f"{words}{disputed}.")
    return out


def _invoice_text(inv: Any) -> str:
    what = f" ({inv.description.replace(chr(39), '’')})" if getattr(inv, "description", None) else ""
    return (f"facture n°\u00a0{inv.number} du {date_long(inv.date)}{what}, {euros(inv.amount)} TTC, échue le "
            f"{date_long(inv.due)}")


def delivery_sentence(case: Case, invoices: Sequence[Any]) -> str:
    """For a consumer, the day the two-year prescription starts (C. consom. L218-2): delivery or completion, per invoice.

    Only the dates written (``delivered:``); one missing is a warning (readiness.clerk_issues), not a guess.
    """
    if case.debtor.kind != "consumer":
        return ""
    dated = [(i.delivered, i.number) for i in invoices if i.delivered is not None]
    if not dated:
        return ""
    head = ("Le débiteur étant un consommateur, la prescription biennale de l’article L218-2 du code de la consommation "
            "court à compter de la livraison des biens ou de l’exécution de la prestation, intervenue le ")
    if len(dated) == 1:
        return head + f"{date_long(dated[0][0])} (facture n°\u00a0{dated[0][1]})."
    days = [f"{date_long(day)} pour la facture n°\u00a0{number}" for day, number in dated]
    return head + ", ".join(days[:-1]) + " et le " + days[-1] + "."


def _context(case: Case, project: Project, statement: Any, ladder: Any, choice: courts.CourtChoice,
             exhibits: Sequence[Exhibit], date: dt.date) -> dict:
    creditor = project.creditor_of(case)
    fn = getattr(ladder, "formal_notice", None)
    regime = getattr(statement, "regime", "l441_10")
    basis = REGIME_BASIS.get(regime, "")
    if regime == "contract" and getattr(statement, "rate", None) is not None:
        from ..law.money import percent

        clause = getattr(case.interest, "clause", None) if case.interest else None
        where = f" stipulé à l’{clause.replace(chr(39), '’')}" if clause else ""
        basis = f"intérêts au taux contractuel de {percent(statement.rate)} l’an{where}, dès le lendemain de l’échéance"
    aside = {d.invoice for d in getattr(statement, "set_aside", ())}   # disputed: left out (law/disputes.py)
    invoices = sorted((i for i in case.invoices if i.due <= date and i.number not in aside), key=lambda i: (i.date, i.number))
    unpaid, unpaid_list = unpaid_phrase(invoices, statement, date)
    notice = fn.event if fn is not None else None
    imputed = any(p.to_interest > 0 for p in getattr(statement, "payments", ()))
    mandate = readiness.mandate_of(case, project)
    return {
        "case": case,
        "court": choice,
        "creditor": creditor,
        "agency": project.agency,
        "debtor": case.debtor,
        "statement": statement,
        "set_aside": [disputes.set_aside_sentence(d) for d in getattr(statement, "set_aside", ())],
        "contract": case.contract,
        "contract_label": CONTRACT_LABELS.get(case.contract.kind) if case.contract else None,
        "debtor_person": courts.is_natural_person(case.debtor),
        "formal_notice": notice,
        "exhibits": exhibits,
        "date": date,
        "place": _town(project.agency.address if project.agency else creditor.address) or "",
        "interest_basis": basis,
        "invoices": invoices,
        "invoice_texts": [_invoice_text(i) for i in invoices],
        "unpaid": unpaid,
        "unpaid_list": unpaid_list,
        "after_notice": after_notice(statement, notice, date),
        "plan_sentence": plan_sentence(plan_breach(case, ladder, date)),
        "journal_sentences": journal_sentences(case, date),
        "imputed": imputed,
        "creditor_named": with_form(creditor.name, creditor.legal_form),
        "debtor_named": with_form(case.debtor.name, None if courts.is_natural_person(case.debtor) else case.debtor.legal_form),
        "draft": court_readiness.DRAFT_MARK if any(line.provisional for line in statement.lines) else None,
        "small_claims_limit": Decimal(courts.SMALL_CLAIMS_LIMIT),
        "interest_stop": None,   # provisional_rates: stop: {"date", "sentence"} (interest to the last confirmed period)
        "mandate": mandate,
        "mandate_exhibit": next((ex.number for ex in exhibits if ex.kind == "mandate"), None),
        "delivery_sentence": delivery_sentence(case, invoices),
    }


def typography(html: str) -> str:
    """French typography on data typed with a keyboard: ’ for ', and no break inside « 20 000 € » (review S14).

    Only the text of the body is touched (never tags, attributes or the stylesheet).
    """
    head, sep, body = html.partition("<body")
    if not sep:
        return html

    def text(m: re.Match) -> str:
        chunk = m.group(0).replace("&#39;", "’").replace("'", "’")
        chunk = re.sub(r"(?<=\d) (?=\d{3}(?:[ \u00a0\u202f]\d{3})*[ \u00a0]€)", "\u202f", chunk)
        return re.sub(r"(?<=\d) €", "\u00a0€", chunk)

    return head + sep + re.sub(r">[^<]+<", text, body)


def _plan_issue(case: Case, breach: PlanBreach) -> Issue | None:
    if breach.forfeited:
        return None
    first = breach.unpaid[0]
    return warning(breach.plan.source, _("events: the plan signed on {date} was broken on "
                                       "{first}, but the balance is due only {plan_notice_days} days after a "
                                       "formal notice sent after that date and left unanswered: send it before filing", date=breach.plan.date.isoformat(), first=first.isoformat(), plan_notice_days=PLAN_NOTICE_DAYS),
                   code="plan-not-forfeited",
                   fr=f"Échéancier du {date_long(breach.plan.date)} rompu le {date_long(first)}\u00a0: le solde ne "
                      f"devient exigible que huit jours après une mise en demeure postérieure, restée sans effet\u00a0; "
                      "l’envoyer avant de déposer la requête.")
