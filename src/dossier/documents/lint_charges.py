"""Lint rules: what a document may charge, and at what rate.

A consumer owes neither the 40 € indemnity nor recovery fees; an agency's
fees stay with the creditor (CPCE L111-8); a contractual rate between
professionals is not below three times the legal rate (L441-10 II); no
document sent out says a rate is provisional.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..law import money
from ..records.model import Project
from .lint_subject import Finding, Subject, _find, _find_folded, _to_debtor, normalise, sentences
from ..records.i18n import _

_CONSUMER_CHARGES = re.compile(
    r"\b(?:indemnit[ée]s?\s+forfaitaires?|frais\s+de\s+recouvrement|frais\s+de\s+(?:dossier|relance|gestion|traitement)"
    r"|p[ée]nalit[ée]s?\s+de\s+retard|L\.?\s?441-10|D\.?\s?441-5|clause\s+p[ée]nale"
    r"|indemnit[ée]s?\s+(?:\w+\s+){0,3}de\s+40(?:,00)?\s?(?:€|euros?)"
    r"|40(?:,00)?\s?(?:€|euros?)\s+(?:d'|de\s+)?(?:indemnit|frais|forfait))",
    re.I,
)


def consumer_not_charged_fees(s: Subject) -> list[Finding]:
    """A consumer owes neither the 40 € indemnity, nor recovery fees, nor professional penalties (L111-8 CPCE)."""
    if s.case.debtor.kind != "consumer":
        return []
    found = [Finding("consumer-not-charged-fees", x, _("a consumer may not be charged recovery fees or professional penalties"),
                     why_fr="un particulier ne doit ni frais de recouvrement ni pénalités réservées aux professionnels")
             for x in _find(_CONSUMER_CHARGES, s.text)]
    facts = getattr(s.doc, "facts", None)
    if facts is not None and facts.indemnity and not found:
        found.append(Finding("consumer-not-charged-fees", f"indemnité : {money.euros(facts.indemnity)}",
                             _("the amounts claimed from a consumer include an indemnity"),
                             why_fr="les sommes réclamées à un particulier comprennent une indemnité"))
    return found


def contract_rate_floor(s: Subject) -> list[Finding]:
    """Between professionals a contractual rate may not be below 3 × the legal rate (L441-10 II): flag it."""
    terms = s.case.interest
    if terms is None or terms.rate is None or s.case.debtor.kind != "professional":
        return []
    floor = legal_floor(s.project, s.doc.date)
    if floor is None or terms.rate >= floor:
        return []
    rate = normalise(money.percent(terms.rate))
    found = [x for x in sentences(s.text) if rate in x]
    prose = [x for x in found if "|" not in x]  # a sentence rather than a table row
    sentence = (prose or found or [f"taux contractuel : {rate}"])[0]
    return [Finding("contract-rate-floor", sentence,
                    _("the contractual rate {rate} % is below three times the legal interest rate ({floor} %) on {date}", rate=terms.rate, floor=floor, date=s.doc.date),
                    "warning",
                    why_fr=f"le taux contractuel de {money.percent(terms.rate)} est inférieur à trois fois le taux de l’intérêt "
                           f"légal ({money.percent(floor)}) au {money.date_long(s.doc.date)}")]


def legal_floor(project: Project, day: dt.date) -> Decimal | None:
    """3 × the legal interest rate "autres cas" of the half-year of `day` (None when unknown)."""
    from ..law import rates

    tables, _unused = rates.load_tables(project)
    row = tables.legal("legal_autres_cas", day)
    return None if row is None else row.rate * 3


_PROVISIONAL = re.compile(r"\b(?:taux\s+provisoires?|non\s+encore\s+confirm[ée]e?\s+par\s+une\s+source\s+officielle)\b", re.I)


def no_provisional_rate_mark(s: Subject) -> list[Finding]:
    """A debtor, a judge or a mandataire never reads that a rate is unconfirmed (review M1): the staff are warned instead."""
    found = _find(_PROVISIONAL, s.full_text)
    return [Finding("no-provisional-rate-mark", x, _("a document sent out says a rate is provisional"),
                    why_fr="un document destiné au débiteur indique qu’un taux est provisoire") for x in found]


_FEES = re.compile(
    r"\b(?:frais\s+(?:de\s+|d')?(?:recouvrement|dossier|gestion|relance|traitement|procedure|agence|intervention|mandat|poursuite|contentieux)"
    r"|nos\s+frais|nos\s+honoraires|honoraires|commissions?\s+(?:de\s+)?recouvrement|frais\s+(?:\w+\s+){0,2}(?:engages|exposes))"
)
_ON_DEBTOR = re.compile(
    r"(?:a\s+votre\s+charge|a\s+la\s+charge\s+du\s+debiteur|mis\s+a\s+(?:votre\s+)?charge|vous\s+(?:seront|sont|serons)\s+(?:\w+\s+)?(?:factur|reclam|impute|refactur|debit)"
    r"|supporter|s'ajout|ajout\w*|majore\w*|en\s+sus|en\s+plus|vous\s+incomb|rembours\w*|factur\w*|reclam\w*|dus?\b|dues?\b|exigible)"
)
# The L441-10 / L2192-13 indemnity of 40 € per invoice, owed by law by a professional or public debtor: not an agency's fee.
_LAWFUL_INDEMNITY = re.compile(r"indemnites?\s+forfaitaires?\s+pour\s+frais\s+de\s+recouvrement(?:\s+(?:de\s+)?40(?:,00)?\s*(?:€|euros?))?(?!\s*(?:de\s+)?\d)")


def no_agency_fees_on_debtor(s: Subject) -> list[Finding]:
    """Agency mode: the recovery firm's fees stay with the creditor (CPCE L111-8 al. 2); only the statutory 40 € indemnity of a professional may be claimed."""
    if s.project.agency is None or not _to_debtor(s):
        return []

    def keep(folded: str) -> bool:
        if not _ON_DEBTOR.search(folded):
            return False
        rest = folded
        if s.case.debtor.kind in ("professional", "public"):
            rest = _LAWFUL_INDEMNITY.sub(" ", folded)
        return bool(_FEES.search(rest))

    return [Finding("no-agency-fees-on-debtor", x, _("agency mode: recovery fees are put on the debtor (CPCE L111-8: they stay with the creditor)"),
                    why_fr="mandat de recouvrement\u00a0: des frais de recouvrement sont mis à la charge du débiteur "
                           "(art. L111-8 CPCE\u00a0: ils restent à la charge du créancier)")
            for x in _find_folded(_FEES, s.text, keep=keep)]
