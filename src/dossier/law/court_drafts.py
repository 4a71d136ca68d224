"""Court papers on a provisional rate: which rate rows to confirm, the draft mark, the last confirmed day, the
sentence that stops interest there (provisional_rates: stop), and the way out when a deadline cannot wait.

Below court_readiness.py, which re-exports these names for its readers."""
from __future__ import annotations

import datetime as dt
from typing import Any, Sequence

from ..records.errors import Issue, Source, warning
from ..records.model import Case, Project
from . import rates
from .money import date_long, percent
from ..records.i18n import _, pick


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
    tables, _unused = rates.load_tables(project)
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
    return warning(case.source, _("interest: stopped on {day}, the last day of the last confirmed rate period "
                                "(provisional_rates: stop in dossier.yaml): the {what} claims later interest without a figure", day=day.isoformat(), what=what),
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
    return warning(source, _("declaration of claim: a draft on a provisional rate, and the claim is barred after "
                           "{limit} (C. com. L622-26).{en}", limit=limit.isoformat(), en=pick(en, fr)), code="declaration-rate-urgent",
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
    french = (f"Requête en projet\u00a0: les intérêts sont calculés avec un taux provisoire ({fr})\u00a0; la requête, le "
              f"bordereau et la lettre «\u00a0petites créances\u00a0» portent la mention «\u00a0{DRAFT_MARK}\u00a0». "
              f"Vérifier le taux officiel (BCE\u00a0: ecb.europa.eu\u00a0; taux légal\u00a0: arrêté publié au Journal "
              f"officiel) et l’ajouter dans dossier.yaml, rubrique rates: - {row_fr}\u00a0; la mention disparaît alors."
              + (way_out(urgent, rows)[1] if urgent is not None else ""))
    return warning(
        case.source,
        pick(f"interest: computed with a provisional rate ({en}): the request, the list of exhibits and the small-claims "
             f"letter are drafts marked \"{DRAFT_MARK}\"; check the official rate (ECB: ecb.europa.eu; legal rate: the "
             f"arrêté in the Journal officiel) and add it to dossier.yaml, rates: - {row_en}"
             + (way_out(urgent, rows)[0] if urgent is not None else ""), french),
        code="draft-provisional-rate",
        fr=french,
    )
