"""Lint rules: the threats no document may hold over a debtor.

No enforcement without a court title, no court action once the claim is
prescribed, no criminal complaint over a civil debt, no telling an employer,
family or neighbours, no register of bad payers, no blocked bank account
(docs/law.md "What a reminder must never do").
"""
from __future__ import annotations

import datetime as dt
import re

from ..records.model import Case
from .lint_subject import Finding, Subject, _find, _find_folded, _to_debtor
from ..records.i18n import _

_ENFORCEMENT = re.compile(
    r"\b(?:saisies?(?:[- ](?:attribution|vente|conservatoire|immobili[eè]re|sur salaire|des r[ée]mun[ée]rations))?"
    r"|saisi(?:r|rons|rai|ra|ront|rions|ssons|sse)\s+(?:vos|votre|tes|ton|ses|son|leurs?|les)\s+(?:biens?|comptes?|salaires?|r[ée]mun[ée]rations?|meubles?|v[ée]hicules?|mobilier)"
    r"|ex[ée]cution\s+forc[ée]e|voies?\s+d'ex[ée]cution|mesures?\s+d'ex[ée]cution|proc[ée]dures?\s+d'ex[ée]cution"
    r"|huissiers?|commissaires?\s+de\s+justice|commandement\s+de\s+payer|proc[èe]s-verbal\s+de\s+saisie"
    r"|expulsion|recouvrement\s+forc[ée]|enl[èe]vement\s+(?:de\s+vos\s+)?biens)\b",
    re.I,
)
_COURT_WORD = re.compile(r"\b(?:juridictions?|tribunal|tribunaux|juges?|pr[ée]sident|cour|greffe)\b", re.I)
_ETRE = re.compile(r"\b(?:sera|seront|serait|seraient|est|sont|été|être|soit|soient)\s+(?:\w+\s+)?$", re.I)


def _is_court_seisin(sentence: str, m: re.Match[str]) -> bool:
    """"la juridiction compétente sera saisie": a court being seised is not a seizure."""
    word = m.group(0).lower()
    if not word.startswith("saisie") or word not in ("saisie", "saisies"):
        return False
    return bool(_ETRE.search(sentence[: m.start()])) and bool(_COURT_WORD.search(sentence))


def has_court_title(case: Case, day: dt.date) -> bool:
    """A court order for payment obtained by `day` and not opposed (then enforcement may be mentioned)."""
    orders = [e for e in case.events_of("order") if e.date <= day]
    oppositions = [e for e in case.events_of("opposition") if e.date <= day]
    return bool(orders) and not any(o.date >= orders[-1].date for o in oppositions)


def no_enforcement_without_title(s: Subject) -> list[Finding]:
    """No seizure, forced execution or bailiff's act without a court title (domain.md; DGCCRF; C. pén. 433-13)."""
    if has_court_title(s.case, s.doc.date):
        return []
    found = _find(_ENFORCEMENT, s.text, keep=lambda sent, m: not _is_court_seisin(sent, m))
    return [Finding("no-enforcement-without-title", x, _("enforcement is threatened but the case has no court title"),
                    why_fr="une mesure d’exécution est évoquée alors que le dossier n’a aucun titre exécutoire") for x in found]


_COURT_THREAT = re.compile(
    r"\b(?:juridictions?|tribunal|tribunaux|injonction\s+de\s+payer|poursuites?|action\s+en\s+justice"
    r"|proc[ée]dure\s+judiciaire|assignation|assigner|juges?|contentieux|r[ée]f[ée]r[ée]-provision)\b",
    re.I,
)


def no_court_threat_when_prescribed(s: Subject) -> list[Finding]:
    """Once time-barred the debt may be asked for, but court action may not be announced (domain.md)."""
    if not s.prescribed or s.doc.kind in ("declaration",):
        return []
    found = _find(_COURT_THREAT, s.text)
    return [Finding("no-court-threat-when-prescribed", x, _("the claim is prescribed: court action may not be announced"),
                    why_fr="la créance est prescrite\u00a0: aucune action en justice ne peut être annoncée") for x in found]


_CRIMINAL = re.compile(
    r"\b(?:plaintes?|porter\s+plainte|poursuites?\s+penales?|penalement|sanctions?\s+penales?|proces\s+penal"
    r"|escroquer\w*|escrocs?|abus\s+de\s+confiance|procureur\w*|parquet|gendarmerie|commissariat|police"
    r"|delits?|infractions?\s+penales?|tribunal\s+correctionnel|organisation\s+frauduleuse)\b"
)


def no_criminal_threat(s: Subject) -> list[Finding]:
    """An unpaid invoice is a civil debt: no complaint, prosecution or fraud may be held over the debtor (C. pén. 312-10; domain.md)."""
    if not _to_debtor(s):
        return []
    return [Finding("no-criminal-threat", x, _("a criminal complaint or prosecution is threatened over a civil debt"),
                    why_fr="une plainte ou des poursuites pénales sont évoquées pour une dette civile")
            for x in _find_folded(_CRIMINAL, s.text)]


_THIRD_PARTY = re.compile(r"\b(employeurs?|voisins?|voisinage|famille|familles|proches|entourage|collegues|parents|conjoint|banquiers?)\b")
_POSSESSIVE = re.compile(r"\b(?:votre|vos|ton|tes|son|ses|leurs?|du|au|aux|le|la|les|de\s+la)\s+$")
_DISCLOSE = re.compile(
    r"\b(?:inform\w*|prev\w*|avert\w*|alert\w*|signal\w*|contact\w*|rapproch\w*|revel\w*|devoil\w*|divulg\w*"
    r"|communiqu\w*|ecri\w*|joindr\w*|sollicit\w*|saur\w*|connaitr\w*|rendr\w*\s+public\w*)"
)


def _threatens_third_party(folded: str) -> bool:
    for m in _THIRD_PARTY.finditer(folded):
        if _POSSESSIVE.search(folded[: m.start()]) and _DISCLOSE.search(folded):
            return True
    return False


def no_third_party_disclosure(s: Subject) -> list[Finding]:
    """The debt is told to no employer, family or neighbour (RGPD minimisation; DGCCRF; domain.md "must never do")."""
    if not _to_debtor(s):
        return []
    return [Finding("no-third-party-disclosure", x, _("the debtor is threatened with telling an employer, family or neighbours"),
                    why_fr="le débiteur est menacé d’une révélation de sa dette à son employeur, à sa famille ou à ses voisins")
            for x in _find_folded(_THIRD_PARTY, s.text, keep=_threatens_third_party)]


_BAD_PAYERS_FILE = re.compile(
    r"\b(?:ficp|mauvais\s+payeurs?|fichiers?\s+(?:national\s+|central\s+|bancaire\s+)?(?:des\s+|de\s+)?(?:incidents|debiteurs|impayes|mauvais)"
    r"|fichages?|ficher\w*|inscri\w*\s+(?:\w+\s+){0,4}fichiers?|fichiers?\s+(?:\w+\s+){0,3}banque\s+de\s+france)\b"
)


def no_bad_payers_file(s: Subject) -> list[Finding]:
    """A creditor cannot list a debtor on a « fichier » of bad payers: the FICP is the banks', under the Banque de France (C. consom. L751-1)."""
    if not _to_debtor(s):
        return []
    return [Finding("no-bad-payers-file", x, _("the debtor is threatened with a register of bad payers"),
                    why_fr="le débiteur est menacé d’une inscription à un fichier de mauvais payeurs")
            for x in _find_folded(_BAD_PAYERS_FILE, s.text)]


_ACCOUNT_BLOCK = re.compile(
    r"\b(?:bloqu\w*\s+(?:\w+\s+){0,3}comptes?|blocages?\s+(?:\w+\s+){0,3}comptes?|comptes?\s+(?:\w+\s+){0,3}bloque\w*"
    r"|gel\w*\s+(?:\w+\s+){0,3}comptes?|comptes?\s+(?:\w+\s+){0,3}geles?)\b"
)


def no_account_blocking(s: Subject) -> list[Finding]:
    """Only a commissaire de justice holding a title can freeze an account (CPCE L211-1): no creditor threatens it."""
    if not _to_debtor(s):
        return []
    return [Finding("no-account-blocking", x, _("the debtor's bank accounts are threatened with blocking"),
                    why_fr="le blocage des comptes du débiteur est évoqué")
            for x in _find_folded(_ACCOUNT_BLOCK, s.text)]
