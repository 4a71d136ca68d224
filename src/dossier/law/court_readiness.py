"""Is a case ready for the injonction de payer? Plain pure functions over one context (`Readiness`): the contract and acknowledgment pieces, the formal notice, pieces on disk, a claim certain, liquid and exigible (a standing plan's instalments are not), prescription, the parties; provisional rates (drafts, the way out) live in court_drafts.py.

Above court.py (the competent court), whose choice some checks read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence
from ..records.errors import Issue, error, warning
from ..records.labels import CONTRACT_LABELS, EVENT_LABELS
from ..records.model import Case, Event, Project
from . import disputes
from .money import date_long, euros
from .court_drafts import (  # noqa: F401 — re-exported: the bundle and the declaration read them here
    DRAFT_MARK,
    RATE_NAMES,
    provisional_rates,
    URGENT_PRESCRIPTION_DAYS,
    URGENT_DECLARATION_DAYS,
    LATER_INTEREST,
    last_confirmed_day,
    stopped_sentence,
    stopped_issue,
    declaration_stop,
    declaration_urgent_issue,
    way_out,
    draft_issue,
)
from ..records.i18n import _, pick


# --- readiness: plain pure functions over one context -------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """What the checks read: the case, its computed statement and ladder, where pieces live."""

    case: Case
    project: Project
    statement: Any
    ladder: Any
    as_of: dt.date
    repo_root: Path


def _piece_exists(ctx: Readiness, rel: str) -> bool:
    path = (ctx.repo_root / rel)
    try:
        return path.resolve().is_relative_to(ctx.repo_root.resolve()) and path.is_file()
    except OSError:
        return False


def check_contract(ctx: Readiness) -> list[Issue]:
    """No signed quote or contract: the claim stays due, but a judge is hard to convince (domain.md)."""
    out = evidence_issues(ctx.case)
    contract = ctx.case.contract
    if contract is not None and contract.kind == "cgv" and not contract.pieces:
        out.append(warning(contract.source, _("contract.pieces: the terms of sale are not among the pieces: attach them "
                                            "(art. 1407 CPC)"), code="contract-piece-missing",
                           fr="Les conditions générales de vente ne sont pas jointes (contract.pieces)\u00a0: les joindre "
                              "à la requête (art. 1407 CPC)."))
    return out


def check_acknowledgment_pieces(ctx: Readiness) -> list[Issue]:
    """A signed plan or an acknowledgment of debt is the best exhibit (C. civ. 2240): it must be attached."""
    out = []
    for ev in ctx.case.events:
        if ev.date > ctx.as_of or ev.piece or not (ev.type == "acknowledgment" or (ev.type == "plan" and ev.signed)):
            continue
        what, what_fr = (("signed payment plan", "L’échéancier signé") if ev.type == "plan"
                         else ("acknowledgment of debt", "La reconnaissance de dette"))
        out.append(warning(ev.source, _("events: the {what} of {date} acknowledges the debt (C. civ. "
                                      "2240) and is the best exhibit: attach the signed copy (piece:)", what=what, date=ev.date.isoformat()),
                           code="acknowledgment-piece-missing",
                           fr=f"{what_fr} du {date_long(ev.date)} vaut reconnaissance de dette (art. 2240 C. civ.) et "
                              "c’est la meilleure pièce\u00a0: joindre l’exemplaire signé (piece:)."))
    return out


def evidence_issues(case: Case) -> list[Issue]:
    """The weak-evidence warning of a case, if any: the bundle's check and the case page's flag."""
    contract = case.contract
    src = contract.source if contract else case.source
    if contract is None or contract.kind == "aucun":
        return [warning(src, _("contract: no signed quote, purchase order or contract: weak evidence; the judge may "
                             "reject the request (art. 1409 CPC) — attach any written acceptance (emails, delivery "
                             "note signed)"), code="weak-evidence",
                        fr="Preuve fragile\u00a0: aucun devis signé ni contrat écrit\u00a0; la créance reste due, mais un juge "
                           "sera difficile à convaincre (art. 1409 CPC). Joindre toute acceptation écrite (courriels, "
                           "bon de livraison signé).")]
    if contract.kind == "cgv":
        return [warning(src, _("contract: terms of sale only, no signed quote or order: weak evidence unless the "
                             "debtor's acceptance of the terms can be shown"), code="weak-evidence",
                        fr="Preuve fragile\u00a0: seules des conditions générales de vente, sans devis ni bon de commande "
                           "signé\u00a0; il faudra prouver que le débiteur les a acceptées.")]
    if case.debtor.kind == "consumer" and contract.kind not in ("devis_signe", "contrat"):
        return [warning(src, _("contract: the debtor is a consumer and the claim rests on a "
                             "{replace}: weak evidence; against a consumer a signed quote "
                             "or contract is essential", replace=contract.kind.replace('_', ' ')), code="weak-evidence",
                        fr=f"Preuve fragile\u00a0: envers un particulier, un devis signé est essentiel "
                           f"(pièce au dossier\u00a0: {CONTRACT_LABELS.get(contract.kind, contract.kind)}).")]
    if not contract.pieces:
        return [warning(src, _("contract.pieces: the {replace} is not among the pieces: "
                             "attach it, the request must be accompanied by its documents (art. 1407 CPC)", replace=contract.kind.replace('_', ' ')),
                        code="weak-evidence",
                        fr=f"Preuve fragile\u00a0: aucune pièce n’est jointe pour le fondement de la créance "
                           f"({CONTRACT_LABELS.get(contract.kind, contract.kind)})\u00a0; la requête doit être accompagnée "
                           "de ses pièces (art. 1407 CPC).")]
    return []


def check_formal_notice(ctx: Readiness) -> list[Issue]:
    """A formal notice with no acknowledgment of receipt proves sending, not receipt."""
    fn = getattr(ctx.ladder, "formal_notice", None)
    event: Event | None = getattr(fn, "event", None) if fn is not None else None
    if event is None:
        extra = ", and a consumer owes interest only from it" if ctx.case.debtor.kind == "consumer" else ""
        extra_fr = "\u00a0; un particulier ne doit les intérêts qu’à compter de celle-ci" if ctx.case.debtor.kind == "consumer" else ""
        return [warning(ctx.case.source, _("events: no formal notice (mise en demeure) recorded: the judge expects "
                                         "one{extra}", extra=extra), code="no-formal-notice",
                        fr=f"Aucune mise en demeure enregistrée au journal\u00a0: le juge en attend une{extra_fr}.")]
    if event.received is None and getattr(event, "unclaimed", None):   # issue 17: « avisé, non réclamé »
        return [warning(event.source, _("events: the formal notice of {date} came back unclaimed on "
                                      "{unclaimed}: it was presented, its receipt is not proven; "
                                      "send it again by simple letter and email, and keep the returned envelope (piece:)", date=event.date.isoformat(), unclaimed=event.unclaimed.isoformat()),
                        code="unclaimed-notice",
                        fr=f"La mise en demeure du {date_long(event.date)} est revenue «\u00a0avisé, non réclamé\u00a0» le "
                           f"{date_long(event.unclaimed)} : présentée, sa réception n’est pas prouvée. La renvoyer "
                           "par lettre simple et par courriel, et joindre le pli retourné (piece:).")]
    if event.received is None:
        return [warning(event.source, _("events: the formal notice of {date} has no acknowledgment "
                                      "of receipt (received:): its receipt cannot be proven", date=event.date.isoformat()), code="no-receipt",
                        fr=f"La mise en demeure du {date_long(event.date)} n’a pas d’accusé de réception (received:)\u00a0: "
                           "sa réception ne peut être prouvée.")]
    if not event.piece:
        return [warning(event.source, _("events: the acknowledgment of receipt of {received} is "
                                      "recorded but not attached (piece:)", received=event.received.isoformat()), code="no-receipt-piece",
                        fr=f"L’accusé de réception du {date_long(event.received)} est enregistré mais n’est pas joint "
                           "(piece:).")]
    return []


def check_pieces_on_disk(ctx: Readiness) -> list[Issue]:
    """Every exhibit the case names must be a file inside the repository."""
    case = ctx.case
    out: list[Issue] = []
    if case.contract:
        for rel in case.contract.pieces:
            if not _piece_exists(ctx, rel):
                out.append(error(case.contract.source, _("contract.pieces: exhibit {rel} is missing on disk", rel=rel),
                                 code="piece-missing", fr=f"Pièce introuvable dans le dépôt\u00a0: {rel} (contract.pieces)."))
    for inv in case.invoices:
        if inv.due > ctx.as_of:
            continue   # not claimed (check_certain_liquid_due says so)
        if not inv.piece:
            out.append(warning(inv.source, _("invoices: invoice {number} has no piece: the judge needs the "
                                           "invoice itself", number=inv.number), code="piece-missing",
                               fr=f"La facture {inv.number} n’a pas de pièce jointe (piece:)\u00a0: le juge a besoin de la facture elle-même."))
        elif not _piece_exists(ctx, inv.piece):
            out.append(error(inv.source, _("invoices: exhibit {piece} (invoice {number}) is missing on disk", piece=inv.piece, number=inv.number),
                             code="piece-missing", fr=f"Pièce introuvable dans le dépôt\u00a0: {inv.piece} (facture {inv.number})."))
    for ev in case.events:
        if ev.piece and not _piece_exists(ctx, ev.piece):
            out.append(error(ev.source, _("events: exhibit {piece} ({type} of {date}) is missing "
                                        "on disk", piece=ev.piece, type=ev.type, date=ev.date.isoformat()), code="piece-missing",
                             fr=f"Pièce introuvable dans le dépôt\u00a0: {ev.piece} ({EVENT_LABELS.get(ev.type, ev.type).lower()} "
                                f"du {date_long(ev.date)})."))
    return out


def open_dispute(case: Case, as_of: dt.date, st: Any = None) -> Event | None:
    """The `dispute` that makes the claim uncertain on as_of: one of the whole case still open, or (given the
    statement) the latest of those that together cover every invoice still owing principal."""
    found = [d for d in disputes.of_case(case, as_of) if d.event.type == "dispute"]
    whole = [d for d in found if d.invoice is None and d.end is None]
    if whole:
        return whole[-1].event
    cover = disputes.all_disputed(st, found, as_of) if st is not None and hasattr(st, "invoices") else None
    return cover.event if cover is not None else None


def check_certain_liquid_due(ctx: Readiness) -> list[Issue]:
    """The claim must be certain (no open dispute), liquid (a fixed amount) and due (art. 1405 CPC). An invoice
    under its own dispute is left out of the request; the rest stays claimable."""
    case, st = ctx.case, ctx.statement
    out: list[Issue] = []
    dispute = open_dispute(case, ctx.as_of, st)
    if dispute is not None:
        out.append(error(dispute.source, _("events: a dispute is open since {date}: the claim is "
                                         "not certain; answer it (dispute_resolved) before filing", date=dispute.date.isoformat()), code="not-certain",
                         fr=f"Contestation en cours depuis le {date_long(dispute.date)}\u00a0: la créance n’est pas certaine\u00a0; "
                            "y répondre (dispute_resolved) avant toute requête."))
    else:
        for number, d in disputes.set_aside_on(disputes.of_case(case, ctx.as_of), ctx.as_of).items():
            out.append(warning(d.event.source, _("events: invoice {number} is disputed since {start}: it is "
                                               "left out of the request", number=number, start=d.start.isoformat()), code="disputed-set-aside",
                               fr=f"La facture {number} est contestée depuis le {date_long(d.start)}\u00a0: elle est "
                                  "laissée hors de la requête, qui le dit."))
    for inv in case.invoices:
        if inv.due > ctx.as_of:
            out.append(warning(inv.source, _("invoices: invoice {number} falls due on {due}: not "
                                           "yet due, it is left out of the request", number=inv.number, due=inv.due.isoformat()), code="not-due",
                               fr=f"La facture {inv.number} n’est exigible que le {date_long(inv.due)}\u00a0: elle est laissée "
                                  "hors de la requête."))
    out += _not_exigible(ctx)
    if any(i.severity == "error" for i in getattr(st, "issues", ())):
        out.append(error(case.source, _("interest: a rate is missing for part of the period: the amount claimed is "
                                      "not fixed (see the statement's errors)"), code="not-liquid",
                         fr="Intérêts\u00a0: un taux manque pour une partie de la période\u00a0; le montant réclamé n’est pas "
                            "déterminé."))
    if getattr(st, "provisional", False):
        last = getattr(st, "prescription", None)
        urgent = last is not None and 0 <= (last - ctx.as_of).days <= URGENT_PRESCRIPTION_DAYS
        out.append(draft_issue(case, provisional_rates(st, ctx.project), st if urgent else None))
    if not any(inv.due <= ctx.as_of for inv in case.invoices) or st.total <= 0:
        out.append(error(case.source, _("nothing is owed: no request can be filed"), code="nothing-owed",
                         fr="Rien n’est dû\u00a0: aucune requête ne peut être déposée."))
    return out


def _not_exigible(ctx: Readiness) -> list[Issue]:
    """A signed plan whose term is not forfeited: its instalments not yet due are not exigible (C. civ. 1305);
    no request may call them « certaine, liquide et exigible ». The balance becomes exigible only once the
    formal notice's delay to pay the missed instalment has run out unpaid (déchéance du terme)."""
    pending = getattr(ctx.ladder, "not_exigible", 0) or 0
    if pending <= 0:
        return []
    plan = next((e for e in reversed(ctx.case.events) if e.type == "plan" and e.signed and e.date <= ctx.as_of), None)
    src = plan.source if plan is not None else ctx.case.source
    signed = f" signed on {plan.date.isoformat()}" if plan is not None else ""
    signed_fr = f" signé le {date_long(plan.date)}" if plan is not None else ""
    return [error(src, _("events: the payment plan{signed} stands (its term is not forfeited): {pending} of "
                       "instalments not yet due are not exigible; no request before the forfeiture (a formal notice "
                       "left unpaid for its delay)", signed=pick(signed, signed_fr), pending=pending), code="not-exigible",
                  fr=f"L’échéancier{signed_fr} n’est pas déchu : {euros(pending)} d’échéances à venir ne sont pas "
                     "exigibles ; aucune requête avant la déchéance du terme (mise en demeure restée sans effet "
                     "dans son délai).")]


PRESCRIPTION_MARGIN_DAYS = 120


def check_prescription(ctx: Readiness) -> list[Issue]:
    """The request does not interrupt prescription, only service of the order does (law.md §3): say when it is close."""
    last = getattr(ctx.statement, "prescription", None)
    if last is None or getattr(ctx.statement, "prescribed", False):
        return []
    if (last - ctx.as_of).days > PRESCRIPTION_MARGIN_DAYS:
        return []
    return [warning(ctx.case.source, _("prescription: the claim is time-barred after {last}; filing the "
                                     "request does not interrupt it, only service of the order does (Cass. 1re civ. "
                                     "11 Feb 2010, no. 08-19.802): file now and have the order served before that day", last=last.isoformat()),
                    code="prescription-near",
                    fr=f"La créance sera prescrite après le {date_long(last)}\u00a0: le dépôt de la requête ne l’interrompt pas, "
                       "seule la signification de l’ordonnance le fait (Cass. 1re civ., 11\u00a0février\u00a02010, "
                       "n°\u00a008-19.802). Déposer sans attendre et faire signifier l’ordonnance avant cette date.")]


CREDITOR_FIELDS_FR = {"legal_form": "forme juridique", "address": "adresse du siège", "signatory": "signataire"}


def check_parties(ctx: Readiness) -> list[Issue]:
    """CPC 54 and 57: the applicant company's form, seat and representative; the debtor's domicile or seat."""
    creditor = ctx.project.creditor_of(ctx.case)
    out: list[Issue] = []
    missing = [f for f, v in (("legal_form", creditor.legal_form), ("address", creditor.address),
                              ("signatory", creditor.signatory)) if not v]
    if missing:
        out.append(warning(creditor.source, _("creditor: {missing} missing: the request must give the "
                                            "applicant's legal form, registered office and legal representative "
                                            "(art. 54 CPC)", missing=", ".join(missing)), code="cpc-54",
                           fr="Créancier\u00a0: " + ", ".join(CREDITOR_FIELDS_FR[f] for f in missing) + " manquant(s)\u00a0; "
                              "la requête doit indiquer la forme, le siège social et le représentant légal du demandeur "
                              "(art. 54 CPC)."))
    if not ctx.case.debtor.address:
        out.append(error(ctx.case.debtor.source, _("debtor.address: missing: the request must give the debtor's "
                                                 "domicile or registered office (art. 57 CPC)"), code="cpc-57",
                         fr="Adresse du débiteur manquante (debtor.address)\u00a0: la requête doit indiquer son domicile "
                            "ou son siège social (art. 57 CPC)."))
    return out


READINESS_CHECKS: tuple[Callable[[Readiness], list[Issue]], ...] = (
    check_contract,
    check_formal_notice,
    check_acknowledgment_pieces,
    check_pieces_on_disk,
    check_certain_liquid_due,
    check_prescription,
    check_parties,
)


def readiness(ctx: Readiness, checks: Sequence[Callable[[Readiness], list[Issue]]] = READINESS_CHECKS) -> list[Issue]:
    """Every check's issues, in check order."""
    return [issue for check in checks for issue in check(ctx)]
