"""Which court hears the injonction de payer, whether the claim is ready for it, what follows the order.

Why it looks like this (law.md §5):
- The court follows the parties: a claim between traders goes to the president
  of the tribunal de commerce (in 12 towns, until 2028, the tribunal des
  activités économiques; in Alsace-Moselle the commercial chamber of the
  tribunal judiciaire; overseas the tribunal mixte de commerce); any other
  claim of a business goes to the president of the tribunal judiciaire.
  Territorially: where the debtor lives or has its seat (CPC 1406, public
  order). We cannot map every town to its court, so the user names the exact
  court in ``court:``; when missing, a warning says which kind and which town.
- A public buyer's debt under a public contract is an administrative contract
  (Code de la commande publique L6): the injonction de payer is not the route
  (référé-provision before the tribunal administratif, CJA R541-1) — flagged,
  no bundle. Consumer credit and residential leases (juge des contentieux de la
  protection) are out of scope and flagged too.
- Readiness checks are a plain list of pure functions over a `Readiness`
  context; each returns Issues a lawyer understands.
- After filing, `court_deadlines` turns the events `order`, `served`,
  `opposition` into dated deadlines (CPC 641/642 through law.calendar):
  serve within 6 months (orders before 1 Sept 2026) or 3 months (from then
  on, décret 2026-96), opposition within one month of service (CPC 1416).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal, Sequence

from ..records.errors import Issue, Source, error, warning
from ..records.labels import CONTRACT_LABELS, EVENT_LABELS
from . import calendar
from . import rates
from ..records.model import Case, Event, Project
from .money import date_long, percent

CourtKind = Literal[
    "tribunal_de_commerce",
    "tribunal_des_activites_economiques",
    "chambre_commerciale_tj",
    "tribunal_mixte_de_commerce",
    "tribunal_judiciaire",
    "tribunal_administratif",
    "juge_des_contentieux_de_la_protection",
]

# Tribunaux des activités économiques, experiment from 1 Jan 2025 to 31 Dec 2028 (law.md §5).
TAE_TOWNS = (
    "Auxerre", "Avignon", "Le Havre", "Le Mans", "Limoges", "Lyon",
    "Marseille", "Nancy", "Nanterre", "Paris", "Saint-Brieuc", "Versailles",
)
TAE_FROM = dt.date(2025, 1, 1)
TAE_UNTIL = dt.date(2028, 12, 31)
ALSACE_MOSELLE = ("57", "67", "68")
# Legal forms of non-trading (civil) entities: their debts are not commercial (C. com. L721-3).
CIVIL_FORMS = ("SCI", "SCP", "SCM", "SCEA", "GAEC", "ASSOCIATION", "SYNDICAT DE COPROPRIETAIRES")

# The official forms (law.md §5; suffixes UNCONFIRMED, open item 3).
FORM_TJ = "cerfa n° 12948*06"
FORM_TC = "cerfa n° 12946*02"

SERVICE_REFORM = dt.date(2026, 9, 1)     # décret 2026-96: 3 months for orders from this date
SMALL_CLAIMS_LIMIT = 5000                # CPCE L125-1 / R125-1, principal and interest, euros


@dataclass(frozen=True)
class CourtChoice:
    """The competent court for a case: its kind, the form to follow, where, and why."""

    kind: CourtKind
    label: str                 # "président du tribunal de commerce"
    form: str | None           # the official form whose fields the request follows
    town: str | None           # the debtor's town (territorial rule)
    postcode: str | None
    name: str | None           # the exact court named by the user in `court:`
    commercial: bool
    reason: str                # one French sentence: why this court
    in_scope: bool = True      # False: no injonction de payer bundle for this case
    natural_person: bool = False   # the debtor is a person (consumer, EI): "lives", else "has its seat"
    presumed: str | None = None    # the court the tool knows for sure from the debtor's town, when `court:` is missing

    @property
    def court_name(self) -> str | None:
        """The exact court: the one named in `court:` (typographic apostrophe), else the one the town makes certain."""
        name = self.name or self.presumed
        return name.replace("'", "’") if name else None

    @property
    def heading(self) -> str:
        """How the request is addressed: the named (or certain) court, else the kind and town."""
        if self.court_name:
            return self.court_name
        return f"{self.label[0].upper()}{self.label[1:]}" + (f" (ressort de {self.town})" if self.town else "")

    @property
    def is_tj_form(self) -> bool:
        return self.form == FORM_TJ


def debtor_town(case: Case) -> tuple[str | None, str | None]:
    """(town, postcode) from the address line that starts with a French postcode."""
    for line in reversed(case.debtor.address):
        m = re.match(r"\s*(\d{5})\s+(.+?)\s*$", line)
        if m:
            town = re.sub(r"\s+cedex\b.*$", "", m.group(2), flags=re.I)
            town = re.sub(r"\s+\d{1,2}\s*(?:e|er|ème)$", "", town, flags=re.I)
            return town.strip() or None, m.group(1)
    return None, None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[\s\-']+", " ", text).strip().upper()


def is_tae_town(town: str | None, on: dt.date) -> bool:
    return bool(town) and TAE_FROM <= on <= TAE_UNTIL and _norm(town) in {_norm(t) for t in TAE_TOWNS}


def tae_of(town: str | None, on: dt.date) -> str | None:
    """« Tribunal des activités économiques de Lyon » when the debtor's town is itself a TAE seat.

    Only then is the court certain: a court's seat is always in its own ressort, whereas a
    neighbouring town may belong to another court (we hold no map of the ressorts).
    """
    if not is_tae_town(town, on):
        return None
    seat = next(t for t in TAE_TOWNS if _norm(t) == _norm(town or ""))
    return f"Tribunal des activités économiques {'du ' + seat[3:] if seat.startswith('Le ') else 'de ' + seat}"


PERSON_FORMS = ("EI", "ENTREPRISE INDIVIDUELLE", "ENTREPRENEUR INDIVIDUEL", "MICRO ENTREPRENEUR", "MICRO ENTREPRISE",
                "AUTO ENTREPRENEUR")


def is_natural_person(debtor: Any) -> bool:
    """A consumer, or a trader working in their own name (EI, micro-entrepreneur): CPC 54's person fields."""
    return debtor.kind == "consumer" or (bool(debtor.legal_form) and _norm(debtor.legal_form) in PERSON_FORMS)


def _civil_form(legal_form: str | None) -> bool:
    return bool(legal_form) and _norm(legal_form) in {_norm(f) for f in CIVIL_FORMS}


def choose_court(case: Case, as_of: dt.date) -> CourtChoice:
    """The court for the case's injonction de payer (the creditor is a business: law.md §5)."""
    choice = _choose(case, as_of)
    return dataclasses.replace(choice, natural_person=is_natural_person(case.debtor))


def _choose(case: Case, as_of: dt.date) -> CourtChoice:
    debtor = case.debtor
    town, postcode = debtor_town(case)
    department = debtor.department
    named = case.court or next((e.court for e in case.events if e.type == "filed" and e.court), None)
    where = town or "la commune du débiteur"
    if named and "protection" in named.lower():
        return CourtChoice(
            "juge_des_contentieux_de_la_protection", "juge des contentieux de la protection", "cerfa n° 16040*01",
            town, postcode, named, False,
            "Crédit à la consommation ou bail d’habitation : juge des contentieux de la protection.", in_scope=False,
        )
    if debtor.kind == "public":
        return CourtChoice(
            "tribunal_administratif", "tribunal administratif", None, town, postcode, named, False,
            "Le débiteur est un acheteur public : le marché est un contrat administratif (art. L6 C. commande "
            "publique) ; la voie est le référé-provision devant le tribunal administratif (art. R541-1 CJA), "
            "non l'injonction de payer.",
            in_scope=False,
        )
    commercial = debtor.kind == "professional" and not _civil_form(debtor.legal_form)
    if not commercial:
        why = ("Le débiteur est un consommateur" if debtor.kind == "consumer"
               else f"Le débiteur ({debtor.legal_form}) n’est pas commerçant")
        return CourtChoice(
            "tribunal_judiciaire", "président du tribunal judiciaire", FORM_TJ, town, postcode, named, False,
            f"{why} : président du tribunal judiciaire du lieu "
            f"{'où il demeure' if debtor.kind == 'consumer' else 'de son siège'}, {where} (art. 1406 CPC).",
        )
    if department in ALSACE_MOSELLE:
        return CourtChoice(
            "chambre_commerciale_tj", "président du tribunal judiciaire (chambre commerciale)", FORM_TJ,
            town, postcode, named, True,
            f"Créance entre commerçants en Alsace-Moselle : chambre commerciale du tribunal judiciaire, "
            f"siège du débiteur à {where} (art. 1406 CPC).",
        )
    if department and department.startswith("97"):
        return CourtChoice(
            "tribunal_mixte_de_commerce", "président du tribunal mixte de commerce", FORM_TC,
            town, postcode, named, True,
            f"Créance entre commerçants outre-mer : tribunal mixte de commerce, siège du débiteur à {where} "
            f"(art. 1406 CPC).",
        )
    if is_tae_town(town, as_of) or (named and "activités économiques" in named.lower()):
        return CourtChoice(
            "tribunal_des_activites_economiques", "président du tribunal des activités économiques", FORM_TC,
            town, postcode, named, True,
            f"Créance entre commerçants : tribunal des activités économiques, siège du débiteur à {where} "
            f"(art. 1406 CPC ; expérimentation 2025-2028).",
            presumed=None if named else tae_of(town, as_of),
        )
    return CourtChoice(
        "tribunal_de_commerce", "président du tribunal de commerce", FORM_TC, town, postcode, named, True,
        f"Créance entre commerçants : tribunal de commerce, siège du débiteur à {where} (art. 1406 CPC).",
    )


def _and_list(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def court_issues(case: Case, choice: CourtChoice) -> list[Issue]:
    """The court-related warnings: out of scope, or `court:` missing (say which kind and which town)."""
    src = case.source
    if not choice.in_scope:
        if choice.kind == "tribunal_administratif":
            return [error(src, "court: a public buyer's debt under a public contract goes to the tribunal "
                               "administratif (référé-provision, CJA R541-1), not to an injonction de payer; "
                               "no bundle is built", code="court-public",
                          fr="Tribunal\u00a0: la créance d’une personne publique née d’un marché public relève du tribunal "
                             "administratif (référé-provision, art. R541-1 CJA), non de l’injonction de payer\u00a0; "
                             "aucun dossier de requête n’est constitué.")]
        return [error(src, "court: consumer credit and residential leases (juge des contentieux de la protection) "
                           "are out of scope; no bundle is built", code="court-scope",
                      fr="Tribunal\u00a0: le crédit à la consommation et les baux d’habitation (juge des contentieux de la "
                         "protection) sortent du champ de l’outil\u00a0; aucun dossier de requête n’est constitué.")]
    issues: list[Issue] = []
    if not choice.name and choice.presumed:
        where = f"{choice.town} ({choice.postcode})"
        issues.append(warning(src, f"court: missing; the debtor's seat is in {where}, a seat of a tribunal des activités "
                                   f"économiques: the request is addressed to the {choice.presumed}; set court: to "
                                   "confirm", code="court-missing",
                              fr=f"Tribunal non renseigné (court:)\u00a0: le siège du débiteur est à {where}, siège "
                                 f"d’un tribunal des activités économiques\u00a0; la requête est adressée au "
                                 f"{choice.presumed[:1].lower()}{choice.presumed[1:]}, à confirmer dans la fiche du "
                                 "dossier."))
    elif not choice.name:
        where = (f"{choice.town} ({choice.postcode})" if choice.town else
                 "the debtor's town (no postcode found in debtor.address)")
        kind = choice.label.replace("président du ", "")
        hint = ""
        if choice.kind == "tribunal_de_commerce":
            hint = (" — it is a tribunal des activités économiques if that court sits in "
                    + ", ".join(TAE_TOWNS))
        where_fr = (f"{choice.town} ({choice.postcode})" if choice.town else
                    "la commune du débiteur (aucun code postal dans debtor.address)")
        hint_fr = ""
        if choice.kind == "tribunal_de_commerce":
            hint_fr = (" C’est un tribunal des activités économiques si ce tribunal siège à "
                       + _and_list(TAE_TOWNS) + ".")
        issues.append(warning(src, f"court: missing; name the {kind} with jurisdiction over {where}, where the "
                                   f"debtor {'lives' if choice.natural_person else 'has its seat'}{hint}", code="court-missing",
                              fr=f"Tribunal non renseigné (court:)\u00a0: indiquer le {kind} compétent pour {where_fr}, "
                                 f"{'domicile' if choice.natural_person else 'siège'} du débiteur.{hint_fr}"))
    return issues


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
        out.append(warning(contract.source, "contract.pieces: the terms of sale are not among the pieces: attach them "
                                            "(art. 1407 CPC)", code="contract-piece-missing",
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
        out.append(warning(ev.source, f"events: the {what} of {ev.date.isoformat()} acknowledges the debt (C. civ. "
                                      "2240) and is the best exhibit: attach the signed copy (piece:)",
                           code="acknowledgment-piece-missing",
                           fr=f"{what_fr} du {date_long(ev.date)} vaut reconnaissance de dette (art. 2240 C. civ.) et "
                              "c’est la meilleure pièce\u00a0: joindre l’exemplaire signé (piece:)."))
    return out


def evidence_issues(case: Case) -> list[Issue]:
    """The weak-evidence warning of a case, if any: the bundle's check and the case page's flag."""
    contract = case.contract
    src = contract.source if contract else case.source
    if contract is None or contract.kind == "aucun":
        return [warning(src, "contract: no signed quote, purchase order or contract: weak evidence; the judge may "
                             "reject the request (art. 1409 CPC) — attach any written acceptance (emails, delivery "
                             "note signed)", code="weak-evidence",
                        fr="Preuve fragile\u00a0: aucun devis signé ni contrat écrit\u00a0; la créance reste due, mais un juge "
                           "sera difficile à convaincre (art. 1409 CPC). Joindre toute acceptation écrite (courriels, "
                           "bon de livraison signé).")]
    if contract.kind == "cgv":
        return [warning(src, "contract: terms of sale only, no signed quote or order: weak evidence unless the "
                             "debtor's acceptance of the terms can be shown", code="weak-evidence",
                        fr="Preuve fragile\u00a0: seules des conditions générales de vente, sans devis ni bon de commande "
                           "signé\u00a0; il faudra prouver que le débiteur les a acceptées.")]
    if case.debtor.kind == "consumer" and contract.kind not in ("devis_signe", "contrat"):
        return [warning(src, f"contract: the debtor is a consumer and the claim rests on a "
                             f"{contract.kind.replace('_', ' ')}: weak evidence; against a consumer a signed quote "
                             "or contract is essential", code="weak-evidence",
                        fr=f"Preuve fragile\u00a0: envers un particulier, un devis signé est essentiel "
                           f"(pièce au dossier\u00a0: {CONTRACT_LABELS.get(contract.kind, contract.kind)}).")]
    if not contract.pieces:
        return [warning(src, f"contract.pieces: the {contract.kind.replace('_', ' ')} is not among the pieces: "
                             "attach it, the request must be accompanied by its documents (art. 1407 CPC)",
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
        return [warning(ctx.case.source, f"events: no formal notice (mise en demeure) recorded: the judge expects "
                                         f"one{extra}", code="no-formal-notice",
                        fr=f"Aucune mise en demeure enregistrée au journal\u00a0: le juge en attend une{extra_fr}.")]
    if event.received is None:
        return [warning(event.source, f"events: the formal notice of {event.date.isoformat()} has no acknowledgment "
                                      "of receipt (received:): its receipt cannot be proven", code="no-receipt",
                        fr=f"La mise en demeure du {date_long(event.date)} n’a pas d’accusé de réception (received:)\u00a0: "
                           "sa réception ne peut être prouvée.")]
    if not event.piece:
        return [warning(event.source, f"events: the acknowledgment of receipt of {event.received.isoformat()} is "
                                      "recorded but not attached (piece:)", code="no-receipt-piece",
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
                out.append(error(case.contract.source, f"contract.pieces: exhibit {rel} is missing on disk",
                                 code="piece-missing", fr=f"Pièce introuvable dans le dépôt\u00a0: {rel} (contract.pieces)."))
    for inv in case.invoices:
        if inv.due > ctx.as_of:
            continue   # not claimed (check_certain_liquid_due says so)
        if not inv.piece:
            out.append(warning(inv.source, f"invoices: invoice {inv.number} has no piece: the judge needs the "
                                           "invoice itself", code="piece-missing",
                               fr=f"La facture {inv.number} n’a pas de pièce jointe (piece:)\u00a0: le juge a besoin de la facture elle-même."))
        elif not _piece_exists(ctx, inv.piece):
            out.append(error(inv.source, f"invoices: exhibit {inv.piece} (invoice {inv.number}) is missing on disk",
                             code="piece-missing", fr=f"Pièce introuvable dans le dépôt\u00a0: {inv.piece} (facture {inv.number})."))
    for ev in case.events:
        if ev.piece and not _piece_exists(ctx, ev.piece):
            out.append(error(ev.source, f"events: exhibit {ev.piece} ({ev.type} of {ev.date.isoformat()}) is missing "
                                        "on disk", code="piece-missing",
                             fr=f"Pièce introuvable dans le dépôt\u00a0: {ev.piece} ({EVENT_LABELS.get(ev.type, ev.type).lower()} "
                                f"du {date_long(ev.date)})."))
    return out


def open_dispute(case: Case, as_of: dt.date) -> Event | None:
    """The last `dispute` event not followed by a `dispute_resolved`, on or before as_of."""
    current = None
    for ev in case.events:
        if ev.date > as_of:
            continue
        if ev.type == "dispute":
            current = ev
        elif ev.type == "dispute_resolved":
            current = None
    return current


def check_certain_liquid_due(ctx: Readiness) -> list[Issue]:
    """The claim must be certain (no open dispute), liquid (a fixed amount) and due (art. 1405 CPC)."""
    case, st = ctx.case, ctx.statement
    out: list[Issue] = []
    dispute = open_dispute(case, ctx.as_of)
    if dispute is not None:
        out.append(error(dispute.source, f"events: a dispute is open since {dispute.date.isoformat()}: the claim is "
                                         "not certain; answer it (dispute_resolved) before filing", code="not-certain",
                         fr=f"Contestation en cours depuis le {date_long(dispute.date)}\u00a0: la créance n’est pas certaine\u00a0; "
                            "y répondre (dispute_resolved) avant toute requête."))
    for inv in case.invoices:
        if inv.due > ctx.as_of:
            out.append(warning(inv.source, f"invoices: invoice {inv.number} falls due on {inv.due.isoformat()}: not "
                                           "yet due, it is left out of the request", code="not-due",
                               fr=f"La facture {inv.number} n’est exigible que le {date_long(inv.due)}\u00a0: elle est laissée "
                                  "hors de la requête."))
    if any(i.severity == "error" for i in getattr(st, "issues", ())):
        out.append(error(case.source, "interest: a rate is missing for part of the period: the amount claimed is "
                                      "not fixed (see the statement's errors)", code="not-liquid",
                         fr="Intérêts\u00a0: un taux manque pour une partie de la période\u00a0; le montant réclamé n’est pas "
                            "déterminé."))
    if getattr(st, "provisional", False):
        last = getattr(st, "prescription", None)
        urgent = last is not None and 0 <= (last - ctx.as_of).days <= URGENT_PRESCRIPTION_DAYS
        out.append(draft_issue(case, provisional_rates(st, ctx.project), st if urgent else None))
    if not any(inv.due <= ctx.as_of for inv in case.invoices) or st.total <= 0:
        out.append(error(case.source, "nothing is owed: no request can be filed", code="nothing-owed",
                         fr="Rien n’est dû\u00a0: aucune requête ne peut être déposée."))
    return out


DRAFT_MARK = "PROJET — taux à confirmer avant dépôt"
RATE_NAMES = {rates.ECB_MRO: ("ECB main refinancing rate", "taux de refinancement de la BCE"),
              rates.LEGAL_AUTRES_CAS: ("legal interest rate (autres cas)", "taux de l’intérêt légal (autres cas)"),
              rates.LEGAL_PARTICULIERS: ("legal interest rate (particuliers)", "taux de l’intérêt légal (particuliers)")}


def provisional_rates(statement: Any, project: Project | None) -> list[rates.Rate]:
    """The provisional rate rows behind the statement's provisional interest lines, by table and start.

    The ledger marks a line provisional; the row tells what to confirm: the ECB rate
    the L441-10 or public-procurement rate derives from (for public buyers, the one of
    the half-year interest began), or the legal rate of the half-year.
    """
    tables, _ = rates.load_tables(project)
    lines = tuple(getattr(statement, "lines", ()))
    first = {}
    for line in lines:
        first[line.invoice] = min(first.get(line.invoice, line.start), line.start)
    regime = getattr(statement, "regime", "l441_10")
    found: dict[tuple[str, dt.date], rates.Rate] = {}
    for line in lines:
        if not line.provisional:
            continue
        if regime == "l441_10":
            row = tables.ecb_anchor(line.start)
        elif regime == "public":
            row = tables.ecb_anchor(first[line.invoice])
        elif regime == "legal":
            row = tables.legal(rates.LEGAL_AUTRES_CAS, line.start)
        else:
            row = None
        if row is not None and row.provisional:
            found[(row.table, row.start)] = row
    return [found[k] for k in sorted(found)]


URGENT_PRESCRIPTION_DAYS = 90   # a request whose claim is time-barred within this many days cannot wait for a rate
URGENT_DECLARATION_DAYS = 60    # nor a declaration of claim whose forclusion limit is this close (C. com. L622-26)
LATER_INTEREST = {"l441_10": "au taux de l’article L441-10 du Code de commerce", "legal": "au taux légal",
                  "public": "au taux des intérêts moratoires de l’article L2192-13 du Code de la commande publique"}


def last_confirmed_day(statement: Any) -> dt.date | None:
    """The end of the last confirmed rate period: the eve of the half-year of the first provisional interest line.

    Rates are set by half-year (the ECB rate of 1 January or 1 July, C. com. L441-10; the legal rate): a
    provisional line belongs to a half-year whose rate is not confirmed, from its first day.
    """
    starts = [line.start for line in getattr(statement, "lines", ()) if line.provisional]
    if not starts:
        return None
    first = min(starts)
    return dt.date(first.year, 1 if first.month <= 6 else 7, 1) - dt.timedelta(days=1)


def stopped_sentence(statement: Any, day: dt.date) -> str:
    """What court papers say when interest is stopped at the last confirmed period (provisional_rates: stop)."""
    later = LATER_INTEREST.get(getattr(statement, "regime", "l441_10"), "au même taux")
    return (f"Les intérêts de retard sont arrêtés au {date_long(day)}, dernier jour de la dernière période dont le taux "
            f"est officiellement publié, outre les intérêts postérieurs {later} jusqu’à parfait paiement")


def stopped_issue(case: Case, day: dt.date, what: str = "request") -> Issue:
    """Staff notice: the court papers stop interest at the last confirmed period instead of being drafts."""
    fr_what = "la déclaration de créance arrête" if what == "declaration" else "la requête et la lettre «\u00a0petites créances\u00a0» arrêtent"
    return warning(case.source, f"interest: stopped on {day.isoformat()}, the last day of the last confirmed rate period "
                                f"(provisional_rates: stop in dossier.yaml): the {what} claims later interest without a figure",
                   code="interest-stopped-provisional",
                   fr=f"Taux non confirmé\u00a0: {fr_what} les intérêts au {date_long(day)}, dernier jour de la dernière "
                      f"période dont le taux est confirmé (provisional_rates: stop dans dossier.yaml), en réservant les intérêts "
                      f"postérieurs.")


def declaration_stop(statement: Any, day: dt.date, judgment: dt.date) -> dict:
    """What the declaration says when interest is stopped at the last confirmed period (provisional_rates: stop).

    `intro` follows the amount declared; `sentence` is the reservation of later interest (C. com. L622-24).
    """
    later = LATER_INTEREST.get(getattr(statement, "regime", "l441_10"), "au même taux")
    tail = (f"courus jusqu’au jugement d’ouverture du {date_long(judgment)}, dont le montant sera précisé (article "
            f"L622-24 du Code de commerce)")
    if getattr(statement, "accrued", 0) > 0:
        return {"date": day, "intro": f"intérêts arrêtés au {date_long(day)}",
                "sentence": f"Les intérêts de retard sont arrêtés au {date_long(day)}, dernier jour de la dernière période "
                            f"dont le taux est officiellement publié, la créance étant déclarée sous réserve des intérêts "
                            f"postérieurs {later}, {tail}"}
    return {"date": day, "intro": "hors intérêts de retard",
            "sentence": f"La créance est déclarée sous réserve des intérêts de retard {later}, {tail}"}


def declaration_urgent_issue(source: Source, statement: Any, rows: Sequence[rates.Rate], limit: dt.date) -> Issue:
    """A draft declaration whose forclusion limit is near: the staff must not wait for the rate (review N3)."""
    en, fr = way_out(statement, rows, "declaration")
    return warning(source, f"declaration of claim: a draft on a provisional rate, and the claim is barred after "
                           f"{limit.isoformat()} (C. com. L622-26).{en}", code="declaration-rate-urgent",
                   fr=f"Déclaration de créance en projet (taux provisoire), forclusion après le {date_long(limit)} "
                      f"(art. L622-26 C. com.).{fr}")


def way_out(statement: Any, rows: Sequence[rates.Rate], what: str = "request") -> tuple[str, str]:
    """(English, French): an urgent court step or declaration must not wait for a rate to be published (review N3)."""
    day = last_confirmed_day(statement)
    example = rows[0] if rows else None
    row = (f"{{table: {example.table}, from: {example.start.isoformat()}, rate: <taux>, source: \"<publication "
           f"officielle>\"}}" if example else "{table: …, from: …, rate: …, source: …}")
    later = LATER_INTEREST.get(getattr(statement, "regime", "l441_10"), "au même taux")
    when = date_long(day) if day else "la fin de la dernière période confirmée"
    if what == "declaration":
        en_file = (f"declare the claim with interest stopped on {day}, subject to later interest (an estimate is "
                   "allowed, C. com. L622-24)")
        fr_file = (f"déclarer la créance avec les intérêts arrêtés au {when}, dernier jour de la dernière période dont le "
                   f"taux est confirmé, «\u00a0sous réserve des intérêts postérieurs {later} jusqu’au jugement "
                   f"d’ouverture\u00a0» (une créance dont le montant n’est pas encore fixé se déclare sur la base d’une "
                   f"évaluation, art. L622-24 C. com.)")
        title = "la déclaration"
    else:
        en_file = f"file with interest stopped on {day}, \"plus later interest until full payment\""
        fr_file = (f"déposer avec les intérêts arrêtés au {when}, dernier jour de la dernière période dont le taux est "
                   f"confirmé, «\u00a0outre les intérêts postérieurs {later} jusqu’à parfait paiement\u00a0»")
        title = "la requête"
    en = (f" The deadline cannot wait for the rate: either confirm it today in dossier.yaml (rates: - {row}), or "
          f"{en_file}: write provisional_rates: stop in dossier.yaml.")
    fr = (f" Délai impératif\u00a0: ne pas attendre la publication du taux. Soit confirmer dès aujourd’hui le taux dans "
          f"dossier.yaml, rubrique rates: - {row}, ce qui retire la mention PROJET\u00a0; soit, s’il ne peut être "
          f"confirmé à temps, {fr_file}\u00a0: écrire provisional_rates: stop dans dossier.yaml, et {title} est "
          f"produite ainsi, sans la mention PROJET.")
    return en, fr


def draft_issue(case: Case, rows: Sequence[rates.Rate], urgent: Any = None) -> Issue:
    """The court papers of a case computed on an unconfirmed rate are drafts: say which rate and how to confirm it.

    `urgent`: the statement, when the claim is time-barred soon: then also the way out (review N3).
    """
    en = "; ".join(f"{RATE_NAMES[r.table][0]} {r.rate} % from {r.start.isoformat()}" for r in rows) or "a rate"
    fr = " ; ".join(f"{RATE_NAMES[r.table][1]} de {percent(r.rate)} à compter du {date_long(r.start)}"
                    for r in rows) or "un taux"
    example = rows[0] if rows else None
    row_en = (f"{{table: {example.table}, from: {example.start.isoformat()}, rate: <percent>, source: \"<where it was "
              f"published>\"}}" if example else "{table: …, from: …, rate: …, source: …}")
    row_fr = (f"{{table: {example.table}, from: {example.start.isoformat()}, rate: <taux>, source: \"<publication "
              f"officielle>\"}}" if example else "{table: …, from: …, rate: …, source: …}")
    return warning(
        case.source,
        f"interest: computed with a provisional rate ({en}): the request, the list of exhibits and the small-claims "
        f"letter are drafts marked \"{DRAFT_MARK}\"; check the official rate (ECB: ecb.europa.eu; legal rate: the "
        f"arrêté in the Journal officiel) and add it to dossier.yaml, rates: - {row_en}"
        + (way_out(urgent, rows)[0] if urgent is not None else ""),
        code="draft-provisional-rate",
        fr=f"Requête en projet\u00a0: les intérêts sont calculés avec un taux provisoire ({fr})\u00a0; la requête, le "
           f"bordereau et la lettre «\u00a0petites créances\u00a0» portent la mention «\u00a0{DRAFT_MARK}\u00a0». "
           f"Vérifier le taux officiel (BCE\u00a0: ecb.europa.eu\u00a0; taux légal\u00a0: arrêté publié au Journal "
           f"officiel) et l’ajouter dans dossier.yaml, rubrique rates: - {row_fr}\u00a0; la mention disparaît alors."
           + (way_out(urgent, rows)[1] if urgent is not None else ""),
    )


PRESCRIPTION_MARGIN_DAYS = 120


def check_prescription(ctx: Readiness) -> list[Issue]:
    """The request does not interrupt prescription, only service of the order does (law.md §3): say when it is close."""
    last = getattr(ctx.statement, "prescription", None)
    if last is None or getattr(ctx.statement, "prescribed", False):
        return []
    if (last - ctx.as_of).days > PRESCRIPTION_MARGIN_DAYS:
        return []
    return [warning(ctx.case.source, f"prescription: the claim is time-barred after {last.isoformat()}; filing the "
                                     "request does not interrupt it, only service of the order does (Cass. 1re civ. "
                                     "11 Feb 2010, no. 08-19.802): file now and have the order served before that day",
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
        out.append(warning(creditor.source, "creditor: " + ", ".join(missing) + " missing: the request must give the "
                                            "applicant's legal form, registered office and legal representative "
                                            "(art. 54 CPC)", code="cpc-54",
                           fr="Créancier\u00a0: " + ", ".join(CREDITOR_FIELDS_FR[f] for f in missing) + " manquant(s)\u00a0; "
                              "la requête doit indiquer la forme, le siège social et le représentant légal du demandeur "
                              "(art. 54 CPC)."))
    if not ctx.case.debtor.address:
        out.append(error(ctx.case.debtor.source, "debtor.address: missing: the request must give the debtor's "
                                                 "domicile or registered office (art. 57 CPC)", code="cpc-57",
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


# --- after filing --------------------------------------------------------------------------------------

DeadlineKind = Literal["serve", "lapsed", "opposition", "enforceable"]


@dataclass(frozen=True)
class Deadline:
    """A dated step after the order for payment, for the agenda."""

    label: str          # French, for the staff
    date: dt.date
    kind: DeadlineKind
    case_id: str
    source: Source
    order: dt.date | None = None     # the order's date: the agenda words its own line from it
    served: dt.date | None = None    # the service's date, once served


def service_months(order_date: dt.date) -> int:
    """Months to serve an order: 6 before 1 Sept 2026, 3 from then on (CPC 1411, décret 2026-96)."""
    return 3 if order_date >= SERVICE_REFORM else 6


def _last(case: Case, kind: str, as_of: dt.date) -> Event | None:
    found = [e for e in case.events if e.type == kind and e.date <= as_of]
    return found[-1] if found else None


def court_deadlines(case: Case, as_of: dt.date) -> list[Deadline]:
    """The deadlines that follow an order for payment, as far as the events recorded on `as_of` go."""
    order = _last(case, "order", as_of)
    if order is None:
        return []
    dept = case.debtor.department
    months = service_months(order.date)
    serve_by = calendar.deadline(order.date, months=months, department=dept)
    served = _last(case, "served", as_of)
    if served is None or served.date < order.date:
        if as_of > serve_by:
            return [Deadline(f"Ordonnance du {date_long(order.date)} non avenue : non signifiée dans les {months} mois "
                             "(art. 1411 CPC)", serve_by, "lapsed", case.id, order.source, order.date)]
        return [Deadline(f"Signifier l’ordonnance du {date_long(order.date)} (délai de {months} mois, art. 1411 CPC)",
                         serve_by, "serve", case.id, order.source, order.date)]
    out: list[Deadline] = []
    if served.date > serve_by:
        out.append(Deadline(f"Signification du {date_long(served.date)} hors délai : l’ordonnance du "
                            f"{date_long(order.date)} est non avenue (art. 1411 CPC)", serve_by, "lapsed",
                            case.id, served.source, order.date, served.date))
        return out
    opposition_end = calendar.deadline(served.date, months=1, department=dept)
    opposed = _last(case, "opposition", as_of)
    if opposed is not None and opposed.date >= served.date:
        return out   # the case goes to a hearing: no more deadline of ours
    out.append(Deadline(f"Fin du délai d’opposition du débiteur (1 mois après la signification du "
                        f"{date_long(served.date)}, art. 1416 CPC)", opposition_end, "opposition", case.id,
                        served.source, order.date, served.date))
    if order.date >= SERVICE_REFORM:
        enforce = calendar.add_months(served.date, 2) + dt.timedelta(days=1)
        label = ("Ordonnance exécutoire si le greffe n'a notifié aucune opposition dans les 2 mois de la "
                 "signification (décret 2026-96)")
    else:
        enforce = opposition_end + dt.timedelta(days=1)
        label = "Ordonnance exécutoire faute d'opposition dans le délai (art. 1422 CPC)"
    out.append(Deadline(label, enforce, "enforceable", case.id, served.source, order.date, served.date))
    return out
