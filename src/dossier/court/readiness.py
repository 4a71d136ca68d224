"""When a court bundle may be built: the court step due or done, the claim within the injonction de payer's scope, nothing blocking; else a `Refusal` saying why, in English for the CLI and in French for the site."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Sequence

from ..law import court as courts
from ..records.errors import Issue, Source, sort_issues, warning
from ..records.model import Case, Mandate, Project
from ..law.money import date_long
from .exhibits import courts_is_formal
from ..ladder.rules import BELOW_MINIMUM
from ..records.i18n import _


@dataclass(frozen=True)
class Refusal:
    """No bundle for this case, and why: `message` for the CLI, `motif` in French for the site."""

    case_id: str
    message: str
    motif: str
    issues: tuple[Issue, ...] = ()


# --- when a bundle may be built -----------------------------------------------------------------------


def _court_step(ladder: Any):
    """The ladder's court step: the first that applies to the case (a scenario may hold one per kind of debtor)."""
    steps = [s for s in getattr(ladder, "steps", ()) if s.step.channel == "court"]
    closing = next((s for s in steps if BELOW_MINIMUM in getattr(s, "reason", "")), None)   # the leftover under court_min_amount
    return next((s for s in steps if s.state != "skipped"), closing or (steps[0] if steps else None))


def refusal(case: Case, statement: Any, ladder: Any, choice: courts.CourtChoice | None = None) -> Refusal | None:
    """Why no bundle can be built for the case now, or None when its court step is due (or done)."""
    status = ladder.status
    cid = case.id
    if status == "closed":
        ev = next((e for e in case.events if e.type == "closed"), None)
        when = _(" on {date}", date=ev.date.isoformat()) if ev else ""
        return Refusal(cid, _("case closed{when}: nothing to file", when=when),
                       f"Dossier clos{' le ' + date_long(ev.date) if ev else ''} : aucune requête à déposer.")
    if status == "litigation":
        return None   # filed: the bundle stays as it was filed (the ledger does not know what service interrupted)
    if status == "paid" or statement.settled:
        return Refusal(cid, _("nothing is owed: the claim is paid"), "Créance soldée : aucune requête à déposer.")
    if status == "prescribed" or statement.prescribed:
        last = statement.prescription
        return Refusal(
            cid,
            _("prescribed: the last day to go to court was {last}; the debt is still "
            "owed but can no longer be claimed in court", last=last.isoformat() if last else 'past'),
            f"Créance prescrite : le dernier jour pour saisir le juge était le {date_long(last) if last else '—'}. "
            "La dette reste due mais ne peut plus être réclamée en justice.",
        )
    if status == "paused":
        paused = next((s for s in ladder.steps if s.state == "paused"), None)
        reason = paused.reason if paused else "suspendue"
        by = getattr(ladder, "paused_by", None)
        what = _(" by the {type} of {date}", type=by.type, date=by.date.isoformat()) if by is not None else ""
        return Refusal(cid, _("paused{what}: no request while the ladder is suspended ({reason})", what=what, reason=reason),
                       f"Dossier suspendu ({reason}) : pas de requête tant que la suspension dure.")
    if choice is not None and not choice.in_scope:
        return _scope_refusal(case, choice)
    step = _court_step(ladder)
    if step is None:
        return Refusal(cid, _("the case's scenario has no court step"), "Le scénario du dossier ne prévoit pas d’étape judiciaire.")
    fn = getattr(ladder, "formal_notice", None)
    needs_notice = any(courts_is_formal(s.step) for s in ladder.steps)
    if step.state == "done":
        return None
    if step.state == "skipped" and BELOW_MINIMUM in step.reason:
        why = step.reason.split(BELOW_MINIMUM, 1)[1].lstrip(", ")
        return Refusal(cid, _("the principal left is under the court minimum (court_min_amount): {why}", why=why),
                       f"Pas de requête\u00a0: {why}\u00a0; un dernier courrier, ou passer le solde en perte.")
    if step.state == "due" and (fn is not None or not needs_notice):
        return None
    if step.state == "due":
        return Refusal(cid, _("not yet due: no formal notice sent; the request comes after it, once its deadline has "
                            "passed"),
                       "Pas encore : aucune mise en demeure n’a été envoyée ; la requête vient après elle, une fois "
                       "expiré le délai qu’elle laisse au débiteur.")
    if step.state == "upcoming":
        if fn is None and needs_notice:
            return Refusal(cid, _("not yet due: no formal notice sent; the court step comes after it (planned "
                                "{date})", date=step.date.isoformat()),
                           f"Pas encore : aucune mise en demeure n’a été envoyée ; la requête vient après elle "
                           f"(prévue le {date_long(step.date)}).")
        return Refusal(cid, _("not yet due: the court step is due on {date}, once the formal notice's "
                            "deadline{deadline} has passed", date=step.date.isoformat(), deadline=' of ' + ladder.deadline.isoformat() if getattr(ladder, 'deadline', None) else ''),
                       f"Pas encore : la requête pourra être déposée le {date_long(step.date)}, une fois expiré le délai "
                       f"laissé par la mise en demeure.")
    return Refusal(cid, _("court step {state}: {reason}", state=step.state, reason=step.reason), f"Étape judiciaire {step.reason}.")


BLOCKING_LABELS = {
    "piece-missing": "pièce absente du dépôt",
    "piece-format": "pièce d’un format non accepté",
    "piece-unreadable": "pièce illisible",
    "not-certain": "contestation en cours",
    "not-liquid": "montant non fixé (taux manquant)",
    "nothing-owed": "rien n’est dû",
    "not-exigible": "échéancier en cours, échéances à venir non exigibles",
    "cpc-57": "adresse du débiteur manquante",
}


def _as_warnings(issues: Sequence[Issue]) -> tuple[Issue, ...]:
    """A refusal is an answer, not a failed build: its issues are reported as warnings."""
    return tuple(sort_issues(dataclasses.replace(i, severity="warning") for i in issues))


PUBLIC_MOTIF = ("Débiteur public\u00a0: pas d’injonction de payer (contrat administratif, art. L6 C. commande publique). "
                "La voie est la demande de provision en référé devant le tribunal administratif (art. R541-1 CJA), "
                "après la réclamation préalable\u00a0; aucune requête en injonction de payer n’est établie.")


def _scope_refusal(case: Case, choice: courts.CourtChoice) -> Refusal:
    [issue] = courts.court_issues(case, choice)
    motif = PUBLIC_MOTIF if choice.kind == "tribunal_administratif" else choice.reason
    return Refusal(case.id, issue.message.split(": ", 1)[-1], motif, _as_warnings([issue]))


def _blocked(case: Case, issues: Sequence[Issue]) -> Refusal:
    bad = [i for i in sort_issues(issues) if i.severity == "error"]
    labels = list(dict.fromkeys(BLOCKING_LABELS.get(i.code, i.code) for i in bad))
    return Refusal(case.id, _("not ready: {why}", why="; ".join(i.message for i in bad)),
                   "Dossier incomplet : " + " ; ".join(labels) + ".", _as_warnings(issues))


# --- the pieces a clerk asks for (issue 15) ------------------------------------------------------------

COMMERCIAL_COURTS = ("tribunal_de_commerce", "tribunal_des_activites_economiques", "tribunal_mixte_de_commerce")


@dataclass(frozen=True)
class PartyPiece:
    """An exhibit about a party rather than the claim: the firm's written mandate, the debtor's Kbis."""

    piece: str
    kind: str                  # mandate | kbis
    title: str
    date: Any
    source: Source
    slug: str


def mandate_of(case: Case, project: Project) -> Mandate | None:
    """In agency mode, the written mandate for the case: its own ``mandate:``, else its creditor's; None otherwise."""
    if project.agency is None:
        return None
    creditor = project.creditors.get(case.creditor)
    return case.mandate or (creditor.mandate if creditor is not None else None)


def party_pieces(case: Case, project: Project) -> list[PartyPiece]:
    """The exhibits that come first: the mandate the firm files under (CPC 1407), the debtor's extrait Kbis."""
    out = []
    mandate = mandate_of(case, project)
    if mandate is not None and mandate.piece:
        out.append(PartyPiece(mandate.piece, "mandate", f"Mandat de recouvrement du {date_long(mandate.date)}",
                              mandate.date, mandate.source, "mandat"))
    if case.debtor.kbis:
        out.append(PartyPiece(case.debtor.kbis, "kbis", f"Extrait Kbis de {case.debtor.name}", None,
                              case.debtor.source, "extrait-kbis"))
    return out


def clerk_issues(case: Case, project: Project, choice: courts.CourtChoice, statement: Any, date: Any,
                 filed: bool) -> list[Issue]:
    """Warnings for what a clerk would ask for before filing: the mandate, the debtor's Kbis, the consumer's delivery date.

    A filed case was filed as it was: nothing to add then.
    """
    if filed:
        return []
    out = []
    if project.agency is not None:
        mandate = mandate_of(case, project)
        creditor = project.creditors.get(case.creditor)
        if mandate is None:
            out.append(warning(creditor.source if creditor is not None else project.source,
                               _("mandate: missing: in agency mode the firm files as the creditor's mandatary and must "
                               "attach the written mandate (art. 1407 CPC): add mandate: {date: …, piece: …} to the "
                               "creditor in dossier.yaml or to the case"), code="mandate-missing",
                               fr="Mandat écrit manquant\u00a0: la société de recouvrement dépose la requête comme "
                                  "mandataire du créancier et doit joindre son mandat (art. 1407 CPC)\u00a0; ajouter "
                                  "mandate: {date: …, piece: …} au créancier dans dossier.yaml ou au dossier."))
        elif not mandate.piece:
            out.append(warning(mandate.source, _("mandate: the mandate of {date} is not attached: "
                                               "add its piece: (the signed copy) so that it is an exhibit", date=mandate.date.isoformat()),
                               code="mandate-not-attached",
                               fr=f"Mandat du {date_long(mandate.date)} non joint\u00a0: indiquer sa copie signée "
                                  "(piece:) pour qu’il figure au bordereau."))
    if choice.kind in COMMERCIAL_COURTS and not case.debtor.kbis:
        out.append(warning(case.debtor.source, _("debtor: no kbis: the greffe of the commercial court asks for a recent "
                                               "extract of the debtor's registration (extrait Kbis): add kbis: <path of "
                                               "the PDF> to the debtor"), code="kbis-missing",
                           fr=f"Extrait Kbis de {case.debtor.name} manquant\u00a0: le greffe du tribunal le demande "
                              "(extrait récent)\u00a0; ajouter kbis: <chemin du PDF> au débiteur."))
    if getattr(statement, "debtor_kind", case.debtor.kind) == "consumer":
        for inv in case.invoices:
            if inv.delivered is None and inv in claimed_invoices(case, statement, date):
                out.append(warning(inv.source, _("invoices: {number} has no delivered: date: against a consumer the "
                                               "two-year prescription runs from delivery or completion (C. consom. "
                                               "L218-2), which the request states: add delivered: YYYY-MM-DD", number=inv.number),
                                   code="delivery-date-missing",
                                   fr=f"Facture {inv.number}\u00a0: date de livraison ou d’achèvement (delivered:) "
                                      "manquante\u00a0; contre un consommateur, la prescription de deux ans court de "
                                      "cette date (art. L218-2 C. consom.) et la requête l’indique."))
    return out


def claimed_invoices(case: Case, statement: Any, date: Any) -> list:
    """The invoices the request claims: due on its date and not set aside by a dispute, by date."""
    aside = {d.invoice for d in getattr(statement, "set_aside", ())}
    return sorted((i for i in case.invoices if i.due <= date and i.number not in aside), key=lambda i: (i.date, i.number))
