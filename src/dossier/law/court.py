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
from typing import Any, Literal

from ..records.errors import Issue, Source, error, warning
from . import calendar
from ..records.model import Case, Event
from .money import date_long
from ..records.i18n import _, pick

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
            fr = ("Tribunal\u00a0: la créance d’une personne publique née d’un marché public relève du tribunal "
                  "administratif (référé-provision, art. R541-1 CJA), non de l’injonction de payer\u00a0; "
                  "aucun dossier de requête n’est constitué.")
            return [error(src, pick("court: a public buyer's debt under a public contract goes to the tribunal "
                                    "administratif (référé-provision, CJA R541-1), not to an injonction de payer; "
                                    "no bundle is built", fr), code="court-public", fr=fr)]
        return [error(src, _("court: consumer credit and residential leases (juge des contentieux de la protection) "
                           "are out of scope; no bundle is built"), code="court-scope",
                      fr="Tribunal\u00a0: le crédit à la consommation et les baux d’habitation (juge des contentieux de la "
                         "protection) sortent du champ de l’outil\u00a0; aucun dossier de requête n’est constitué.")]
    issues: list[Issue] = []
    if not choice.name and choice.presumed:
        where = f"{choice.town} ({choice.postcode})"
        fr = (f"Tribunal non renseigné (court:)\u00a0: le siège du débiteur est à {where}, siège "
              f"d’un tribunal des activités économiques\u00a0; la requête est adressée au "
              f"{choice.presumed[:1].lower()}{choice.presumed[1:]}, à confirmer dans la fiche du dossier.")
        issues.append(warning(src, pick(f"court: missing; the debtor's seat is in {where}, a seat of a tribunal des "
                                        f"activités économiques: the request is addressed to the {choice.presumed}; set "
                                        "court: to confirm", fr), code="court-missing", fr=fr))
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
        issues.append(warning(src, _("court: missing; name the {kind} with jurisdiction over {where}, where the "
                                   "debtor {seat}{hint}", kind=kind, where=where, seat=_('lives') if choice.natural_person else _('has its seat'), hint=hint), code="court-missing",
                              fr=f"Tribunal non renseigné (court:)\u00a0: indiquer le {kind} compétent pour {where_fr}, "
                                 f"{'domicile' if choice.natural_person else 'siège'} du débiteur.{hint_fr}"))
    return issues


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
