"""The issues of a statement of account: missing or provisional rates, payment terms, a contractual rate below the floor, prescription.

Below ledger.py, which adds them to `Statement.issues` (docs/ledger.md, "Warnings and errors on a statement").
"""
from __future__ import annotations

import datetime as dt

from ..records.errors import Issue, error, warning
from ..records.model import Case, Event, Invoice, Project
from . import prescription as presc
from .interest import FLOOR_FACTOR, MAX_TERM_DAYS, ONE_DAY, _Regime
from .money import ZERO, as_str, date_long, euros, percent
from .rates import ECB_MRO, LEGAL_AUTRES_CAS, NAMES_FR, RateTables, half_label, half_label_fr, half_start, missing_rate_fr, missing_rate_message
from ..records.i18n import _, pick


def rate_issues(project: Project, used: dict, missing: set) -> list[Issue]:
    """On dossier.yaml, where the fix goes; the same text for every case, so a build shows it once."""
    out = []
    for table, day in sorted(missing):
        out.append(error(project.source, missing_rate_message(table, day), "rate-missing", fr=missing_rate_fr(table, day)))
    names = {ECB_MRO: "ECB main refinancing rate", LEGAL_AUTRES_CAS: "legal interest rate (autres cas)"}
    names_fr = {ECB_MRO: "taux de refinancement de la BCE", LEGAL_AUTRES_CAS: "taux de l’intérêt légal applicable aux autres cas"}
    for (table, start), row in sorted(used.items()):
        carried = _(", carried forward from {half}", half=half_label(row.carried_from)) if row.carried else ""
        carried_fr = f", reporté du {half_label_fr(row.carried_from)}" if row.carried else ""
        out.append(warning(
            project.source,
            _("a statement uses a provisional rate, not confirmed by a primary source: "
            "{names} {rate} % from {start} ({half_label}{carried}); "
            "{add} dossier.yaml (rates:) once the official value is published", names=pick(names.get(table, table), NAMES_FR.get(table, table)), rate=row.rate, start=start.isoformat(), half_label=half_label(start), carried=carried, add=_('add it to') if row.carried else _('replace it in')),
            "rate-provisional",
            fr=f"Taux provisoire\u00a0: une partie des intérêts utilise un taux non encore confirmé "
               f"({names_fr.get(table, table)} de {percent(row.rate)} à compter du {date_long(start)}{carried_fr})\u00a0; "
               f"le montant sera recalculé dès la publication du taux officiel.",
        ))
    return out


def term_issues(case: Case, invoices: list[Invoice]) -> list[Issue]:
    """L441-10 I: a payment term beyond 60 days from the invoice date, between professionals or with a public buyer."""
    if case.debtor.kind not in ("professional", "public"):
        return []
    out = []
    for inv in invoices:
        term = (inv.due - inv.date).days
        if term > MAX_TERM_DAYS:
            out.append(warning(
                inv.source,
                _("invoice {number}: payment term of {term} days (due {due}) exceeds the "
                "{max_term_days} days after the invoice date allowed by art. L441-10 I C. com.", number=inv.number, term=term, due=inv.due.isoformat(), max_term_days=MAX_TERM_DAYS),
                "payment-term",
                fr=f"Facture {inv.number}\u00a0: délai de paiement de {term}\u00a0jours (échéance au {date_long(inv.due)}), "
                   f"au-delà des {MAX_TERM_DAYS}\u00a0jours à compter de la date de facture permis par l’article L441-10 I "
                   "du code de commerce.",
            ))
    return out


SEMI = "\u00a0; "


def floor_issues(case: Case, regime: _Regime, tables: RateTables, results: list, as_of: dt.date) -> list[Issue]:
    """L441-10 II: between professionals a stipulated rate may not be below 3 × the legal rate (`results`: the InvoiceStatements)."""
    if regime.kind != "contract" or case.debtor.kind != "professional":
        return []
    halves = {half_start(d) for r in results for line in r.lines for d in (line.start, line.end)}
    halves.add(half_start(as_of))
    below, below_fr = [], []
    for half in sorted(halves):
        row = tables.legal(LEGAL_AUTRES_CAS, half)
        if row is not None and regime.contract_rate < FLOOR_FACTOR * row.rate:
            below.append(f"3 × {row.rate} % = {FLOOR_FACTOR * row.rate} % in {half_label(half)}")
            below_fr.append(f"3\u00a0× {percent(row.rate)} = {percent(FLOOR_FACTOR * row.rate)} au {half_label_fr(half)}")
    if not below:
        return []
    source = case.interest.source if case.interest else case.source
    return [warning(
        source,
        _("interest.rate {contract_rate} % is below three times the legal interest rate between "
        "professionals (art. L441-10 II C. com.): {value}", contract_rate=regime.contract_rate, value='; '.join(below)),
        "contract-rate-floor",
        fr=f"Le taux contractuel de {percent(regime.contract_rate)} est inférieur à trois fois le taux de l’intérêt légal "
           f"entre professionnels (article L441-10 II du code de commerce)\u00a0: {SEMI.join(below_fr)}.",
    )]


def prescription_issues(case: Case, prescription: dt.date | None, prescribed: bool, as_of: dt.date) -> list[Issue]:
    if prescription is None:
        return []
    if prescribed:
        return [warning(case.source, _("case {id}: the claim is time-barred since {value} (last day to sue: {prescription}); it may still be asked for, never with a threat of court action", id=case.id, value=(prescription + ONE_DAY).isoformat(), prescription=prescription.isoformat()), "prescribed",
                        fr=f"Créance prescrite depuis le {date_long(prescription + ONE_DAY)}\u00a0: plus d’action en justice possible, "
                           "aucune menace de procès. Le paiement peut encore être demandé à l’amiable.")]
    left = (prescription - as_of).days
    if left <= presc.NEAR_DAYS:
        return [warning(case.source, _("case {id}: the claim is time-barred after {prescription} ({left} days left): only a court order served, an acknowledgment, a payment or a signed plan interrupts it, a formal notice does not", id=case.id, prescription=prescription.isoformat(), left=left), "prescription-near",
                        fr=_prescription_near_fr(case.debtor.kind, prescription, left))]
    return []


def _prescription_near_fr(kind: str, prescription: dt.date, left: int) -> str:
    """What to do before the claim is time-barred, in the staff's words.

    Filing a request for an order for payment does not interrupt prescription; only
    service of the order does (Cass. 1re civ., 11 févr. 2010, n° 08-19.802): a user
    told to « saisir le tribunal » by the last day would lose the claim. Against a
    public body any written claim interrupts the four-year rule (loi 68-1250, art. 2).
    """
    day, days = date_long(prescription), f"dans {left}\u00a0jour{'s' if left > 1 else ''}"
    if kind == "public":
        return (f"Prescription quadriennale le {day} ({days})\u00a0: toute réclamation écrite adressée à la personne publique "
                "au sujet de la créance l’interrompt, de même qu’un recours devant le tribunal administratif (loi n°\u00a068-1250 "
                f"du 31\u00a0décembre\u00a01968, art.\u00a02). Adresser une réclamation écrite avant le {day}.")
    return (f"Prescription le {day} ({days})\u00a0: le dépôt de la requête n’interrompt pas la prescription\u00a0; seule "
            "la signification de l’ordonnance d’injonction de payer l’interrompt. Déposer la requête immédiatement et faire "
            f"signifier l’ordonnance avant le {day}\u00a0; à défaut de délai suffisant, assigner en paiement (art.\u00a02241 C.\u00a0civ.).")



def overpaid_issue(case: Case, payment: Event | None, overpaid) -> list[Issue]:
    """Payments beyond everything owed: a trop-perçu the creditor must refund (C. civ. 1302-1), at the payment that overran."""
    if payment is None or overpaid <= ZERO:
        return []
    return [warning(payment.source, pick(f"case {case.id}: payments exceed the amount owed by {as_str(overpaid)} €: trop-perçu "
                                         f"to refund (from the payment of {payment.date.isoformat()})",
                                         f"dossier {case.id}\u00a0: les paiements dépassent la somme due de {euros(overpaid)}\u00a0: "
                                         f"trop-perçu à rembourser (paiement du {payment.date.isoformat()})"), "overpaid",
                    fr=f"Trop-perçu à rembourser\u00a0: {euros(overpaid)}. Les paiements dépassent la somme due (paiement du "
                       f"{date_long(payment.date)})\u00a0; le débiteur doit être remboursé (art. 1302-1 C. civ.).")]
