"""What a document may and must say for its case: rules as a plain list of named pure functions.

Each rule reads one rendered document (its plain text and the figures it was
built from) with its case, and returns findings. A finding names the case, the
document, the rule and the offending sentence; an error fails the build.
Reference: docs/law.md §4, §6, §8 and "What a reminder must never do".

The statute quoted in agency mode (CPCE L111-8 al. 2 and 3) speaks of
"frais de recouvrement" and of the "juge de l’exécution": the quotation is
taken out of the text before the other rules read it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable

from ..law import money
from ..records.errors import Issue, Source, error, warning
from ..records.labels import QUALIFICATION_LABELS, capitalised
from ..records.model import Case, Project

L111_8_AL2 = (
    "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, "
    "sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. "
    "Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire."
)
L111_8_AL3 = (
    "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer "
    "sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la "
    "charge du débiteur de mauvaise foi."
)


@dataclass(frozen=True)
class Subject:
    """What a rule reads: one document and its case, as of the document's date."""

    case: Case
    project: Project
    doc: Any                  # documents.Document
    text: str                 # normalised plain text, the L111-8 quotation removed
    full_text: str            # normalised plain text, as written
    statement: Any            # the case's statement on the build date
    ladder: Any

    @property
    def prescribed(self) -> bool:
        """Prescribed on the document's date (a letter sent in time stays lawful)."""
        presc = getattr(self.statement, "prescription", None)
        return bool(presc and self.doc.date > presc)


@dataclass(frozen=True)
class Finding:
    rule: str
    sentence: str
    why: str
    severity: str = "error"
    why_fr: str = field(default="", compare=False)   # the same reason in French, for the status site


Rule = Callable[[Subject], list[Finding]]


def normalise(text: str) -> str:
    """NFC, typographic apostrophes and no-break spaces made plain: rules match one spelling."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def sentences(text: str) -> list[str]:
    """Sentences and lines of a text (a list item or a table row is a sentence of its own)."""
    out = []
    for line in text.split("\n"):
        for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"(])", line):
            part = part.strip()
            if part:
                out.append(part)
    return out


def _find(pattern: re.Pattern[str], text: str, keep: Callable[[str, re.Match[str]], bool] | None = None) -> list[str]:
    found = []
    for sentence in sentences(text):
        for m in pattern.finditer(sentence):
            if keep is None or keep(sentence, m):
                found.append(sentence)
                break
    return found


# --------------------------------------------------------------------------- the rules

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
    return [Finding("no-enforcement-without-title", x, "enforcement is threatened but the case has no court title",
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
    return [Finding("no-court-threat-when-prescribed", x, "the claim is prescribed: court action may not be announced",
                    why_fr="la créance est prescrite\u00a0: aucune action en justice ne peut être annoncée") for x in found]


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
    found = [Finding("consumer-not-charged-fees", x, "a consumer may not be charged recovery fees or professional penalties",
                     why_fr="un particulier ne doit ni frais de recouvrement ni pénalités réservées aux professionnels")
             for x in _find(_CONSUMER_CHARGES, s.text)]
    facts = getattr(s.doc, "facts", None)
    if facts is not None and facts.indemnity and not found:
        found.append(Finding("consumer-not-charged-fees", f"indemnité : {money.euros(facts.indemnity)}",
                             "the amounts claimed from a consumer include an indemnity",
                             why_fr="les sommes réclamées à un particulier comprennent une indemnité"))
    return found


def formal_notice_mentions(s: Subject) -> list[Finding]:
    """A formal notice states the sum, its breakdown, a deadline and the registered-letter mention (law.md §4)."""
    facts = getattr(s.doc, "facts", None)
    if facts is None or not facts.formal_notice:
        return []
    text = s.full_text
    missing: list[tuple[str, str]] = []
    if not re.search(r"mise en demeure|mettons en demeure|met en demeure", text, re.I):
        missing.append(("the words “mise en demeure”", "les mots «\u00a0mise en demeure\u00a0»"))
    if normalise(money.euros(facts.total)) not in text:
        missing.append((f"the sum claimed ({normalise(money.euros(facts.total))})", f"la somme réclamée ({money.euros(facts.total)})"))
    if not re.search(r"\bprincipal\b", text, re.I):
        missing.append(("its breakdown (principal, interest, indemnity)", "son détail (principal, intérêts, indemnité)"))
    if facts.interest and normalise(money.euros(facts.interest)) not in text:
        missing.append((f"the interest ({normalise(money.euros(facts.interest))})", f"les intérêts ({money.euros(facts.interest)})"))
    if facts.deadline is None or normalise(money.date_long(facts.deadline)) not in text:
        missing.append(("a deadline date", "la date limite de paiement"))
    if facts.registered and not re.search(r"recommand[ée]e? avec (?:demande d'avis de r[ée]ception|accus[ée] de r[ée]ception)", text, re.I):
        missing.append(("the registered-letter mention (lettre recommandée avec demande d'avis de réception)",
                        "la mention de la lettre recommandée avec demande d’avis de réception"))
    return [Finding("formal-notice-mentions", s.doc.subject or s.doc.name,
                    "the formal notice does not state " + ", ".join(en for en, _ in missing),
                    why_fr="la mise en demeure n’indique pas " + ", ".join(fr for _, fr in missing))] if missing else []


def agency_mentions(s: Subject) -> list[Finding]:
    """Agency mode: R124-4 CPCE mentions and L111-8 al. 2 and 3 reproduced verbatim in every letter."""
    agency = s.project.agency
    if agency is None or s.doc.kind not in ("letter", "email", "declaration"):
        return []
    text = " ".join(s.full_text.split())
    missing: list[tuple[str, str]] = []
    for label, quote in (("L111-8 al. 2", L111_8_AL2), ("L111-8 al. 3", L111_8_AL3)):
        if " ".join(quote.split()) not in text:
            missing.append((f"the text of {label} CPCE", f"le texte de l’article {label} CPCE"))
    if not re.search(r"\bprincipal\b", text, re.I):
        missing.append(("the sums due with principal, interest and accessories distinguished",
                        "les sommes dues, en distinguant principal, intérêts et accessoires"))
    if not re.search(r"recouvrement amiable", text, re.I):
        missing.append(("the statement that the agency carries out amicable recovery",
                        "l’indication que l’agence procède au recouvrement amiable"))
    if agency.name not in text:
        missing.append((f"the agency's name ({agency.name})", f"le nom de l’agence ({agency.name})"))
    creditor = s.project.creditor_of(s.case)
    if creditor.name not in text:
        missing.append((f"the creditor's name ({creditor.name})", f"le nom du créancier ({creditor.name})"))
    if creditor.address and normalise(creditor.address[-1]) not in text:
        missing.append(("the creditor's address", "l’adresse du créancier"))
    return [Finding("agency-mentions", s.doc.subject or s.doc.name,
                    "agency mode (R124-4 CPCE): missing " + ", ".join(en for en, _ in missing),
                    why_fr="mandat de recouvrement (art. R124-4 CPCE)\u00a0: manquent " + ", ".join(fr for _, fr in missing))] if missing else []


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
                    f"the contractual rate {terms.rate} % is below three times the legal interest rate ({floor} %) on {s.doc.date}",
                    "warning",
                    why_fr=f"le taux contractuel de {money.percent(terms.rate)} est inférieur à trois fois le taux de l’intérêt "
                           f"légal ({money.percent(floor)}) au {money.date_long(s.doc.date)}")]


def legal_floor(project: Project, day: dt.date) -> Decimal | None:
    """3 × the legal interest rate "autres cas" of the half-year of `day` (None when unknown)."""
    from ..law import rates

    tables, _ = rates.load_tables(project)
    row = tables.legal("legal_autres_cas", day)
    return None if row is None else row.rate * 3


def sms_length(s: Subject) -> list[Finding]:
    """One SMS: 160 GSM characters (70 when a character is outside the GSM alphabet)."""
    if s.doc.kind != "sms":
        return []
    from .document import sms_length as measure

    length, limit = measure(s.doc.text.strip())
    if length <= limit:
        return []
    return [Finding("sms-length", s.doc.text.strip(), f"{length} characters, more than one SMS ({limit})", "warning",
                    why_fr=f"{length}\u00a0caractères, plus qu’un seul SMS ({limit})")]


_PROVISIONAL = re.compile(r"\b(?:taux\s+provisoires?|non\s+encore\s+confirm[ée]e?\s+par\s+une\s+source\s+officielle)\b", re.I)


def no_provisional_rate_mark(s: Subject) -> list[Finding]:
    """A debtor, a judge or a mandataire never reads that a rate is unconfirmed (review M1): the staff are warned instead."""
    found = _find(_PROVISIONAL, s.full_text)
    return [Finding("no-provisional-rate-mark", x, "a document sent out says a rate is provisional",
                    why_fr="un document destiné au débiteur indique qu’un taux est provisoire") for x in found]


# --------------------------------------------------------------------------- threats no debtor may read

# The documents a debtor receives (the call sheet is the staff's, the declaration the mandataire's).
TO_DEBTOR = ("letter", "email", "sms", "plan")


def fold(text: str) -> str:
    """Lower case without accents: "Pénales" and "penales" read alike."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _find_folded(pattern: re.Pattern[str], text: str, keep: Callable[[str], bool] | None = None) -> list[str]:
    """The sentences of `text` whose folded form matches `pattern` (written without accents, in lower case)."""
    return [x for x in sentences(text) if pattern.search(fold(x)) and (keep is None or keep(fold(x)))]


def _to_debtor(s: Subject) -> bool:
    return s.doc.kind in TO_DEBTOR


_CRIMINAL = re.compile(
    r"\b(?:plaintes?|porter\s+plainte|poursuites?\s+penales?|penalement|sanctions?\s+penales?|proces\s+penal"
    r"|escroquer\w*|escrocs?|abus\s+de\s+confiance|procureur\w*|parquet|gendarmerie|commissariat|police"
    r"|delits?|infractions?\s+penales?|tribunal\s+correctionnel|organisation\s+frauduleuse)\b"
)


def no_criminal_threat(s: Subject) -> list[Finding]:
    """An unpaid invoice is a civil debt: no complaint, prosecution or fraud may be held over the debtor (C. pén. 312-10; domain.md)."""
    if not _to_debtor(s):
        return []
    return [Finding("no-criminal-threat", x, "a criminal complaint or prosecution is threatened over a civil debt",
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
    return [Finding("no-third-party-disclosure", x, "the debtor is threatened with telling an employer, family or neighbours",
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
    return [Finding("no-bad-payers-file", x, "the debtor is threatened with a register of bad payers",
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
    return [Finding("no-account-blocking", x, "the debtor's bank accounts are threatened with blocking",
                    why_fr="le blocage des comptes du débiteur est évoqué")
            for x in _find_folded(_ACCOUNT_BLOCK, s.text)]


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

    return [Finding("no-agency-fees-on-debtor", x, "agency mode: recovery fees are put on the debtor (CPCE L111-8: they stay with the creditor)",
                    why_fr="mandat de recouvrement\u00a0: des frais de recouvrement sont mis à la charge du débiteur "
                           "(art. L111-8 CPCE\u00a0: ils restent à la charge du créancier)")
            for x in _find_folded(_FEES, s.text, keep=keep)]


_OUBLI = re.compile(r"\boubli\w*")


def oubli_only_for_oversight(s: Subject) -> list[Finding]:
    """« Un simple oubli » only for a debtor qualified `oubli` or not qualified, and never from an agency (domain.md)."""
    if not _to_debtor(s):
        return []
    qualification = s.case.debtor.qualification
    if s.project.agency is None and qualification in (None, "oubli"):
        return []
    who = "an agency's letter" if s.project.agency is not None else f"the debtor is qualified {qualification}"
    who_fr = ("une lettre d’agence de recouvrement" if s.project.agency is not None
              else f"le débiteur est qualifié «\u00a0{QUALIFICATION_LABELS.get(qualification, qualification)}\u00a0»")
    return [Finding("oubli-only-for-oversight", x, f"an oversight is suggested but {who}",
                    why_fr=f"un simple oubli est évoqué, alors que {who_fr}")
            for x in _find_folded(_OUBLI, s.text)]


# --------------------------------------------------------------------------- mentions a debtor must read

_REMINDER = re.compile(r"-(?:relance-[a-z]+|mise-en-demeure)$")


def _failed(s: Subject) -> bool:
    """A document that could not be rendered already fails the build: its missing mentions are not reported too."""
    return any(i.severity == "error" for i in getattr(s.doc, "issues", ()) or ())


def consumer_mediator(s: Subject) -> list[Finding]:
    """A reminder or formal notice to a consumer names the consumer mediator (C. consom. L612-1, L616-1, R616-1)."""
    if (s.case.debtor.kind != "consumer" or s.doc.kind not in ("letter", "email") or not _REMINDER.search(s.doc.name)
            or _failed(s)):
        return []
    if "mediateur de la consommation" in fold(" ".join(s.full_text.split())):
        return []
    return [Finding("consumer-mediator", s.doc.subject or s.doc.name,
                    "a letter to a consumer does not name the consumer mediator (C. consom. L612-1, L616-1, R616-1)",
                    why_fr="une lettre à un particulier ne mentionne pas le médiateur de la consommation "
                           "(art. L612-1, L616-1 et R616-1 C. consom.)")]


_GDPR_PARTS = (
    (r"donnees\s+(?:a\s+caractere\s+)?personnelles", "the words “données personnelles”", "les mots «\u00a0données personnelles\u00a0»"),
    (r"responsable\s+(?:du|de\s+ce)\s+traitement", "the controller", "le responsable du traitement"),
    (r"finalite|fins\s+d", "the purpose", "la finalité"),
    (r"interet\s+legitime|article\s+6", "the legal basis", "la base légale"),
    (r"droits?\s+d'acces", "the debtor's rights", "les droits de la personne"),
    (r"\bcnil\b", "the CNIL complaint", "la réclamation auprès de la CNIL"),
    (r"communique\w*\s+par|proviennent|source", "the source of the data", "la source des données"),
)


def agency_gdpr_notice(s: Subject) -> list[Finding]:
    """Agency mode: the debtor's data came from the creditor, so every letter carries the GDPR art. 14 notice."""
    if s.project.agency is None or s.doc.kind not in ("letter", "email") or _failed(s):
        return []
    text = fold(" ".join(s.full_text.split()))
    missing = [(en, fr) for pattern, en, fr in _GDPR_PARTS if not re.search(pattern, text)]
    return [Finding("agency-gdpr-notice", s.doc.subject or s.doc.name,
                    "agency mode (GDPR art. 14): the data notice misses " + ", ".join(en for en, _ in missing),
                    why_fr="mandat de recouvrement (art. 14 RGPD)\u00a0: l’information sur les données omet "
                           + ", ".join(fr for _, fr in missing))] if missing else []


RULES: tuple[Rule, ...] = (
    no_enforcement_without_title,
    no_provisional_rate_mark,
    no_court_threat_when_prescribed,
    consumer_not_charged_fees,
    formal_notice_mentions,
    agency_mentions,
    contract_rate_floor,
    sms_length,
    no_criminal_threat,
    no_third_party_disclosure,
    no_bad_payers_file,
    no_account_blocking,
    no_agency_fees_on_debtor,
    oubli_only_for_oversight,
    consumer_mediator,
    agency_gdpr_notice,
)


def rule_name(rule: Rule) -> str:
    return rule.__name__.replace("_", "-")


def subject_of(doc: Any, case: Case, project: Project, statement: Any, ladder: Any) -> Subject:
    full = normalise(doc.text)
    if doc.kind == "email" and doc.email is not None:
        full = full + "\n" + normalise(doc.email.text)
    text = " \n".join(full.split("\n"))
    for quote in (L111_8_AL2, L111_8_AL3):
        text = text.replace(quote, "")
    return Subject(case, project, doc, text, full, statement, ladder)


def lint_document(doc: Any, case: Case, project: Project, statement: Any, ladder: Any,
                  rules: Iterable[Rule] = RULES) -> list[Issue]:
    """The findings of every rule on one document, as issues at the case file."""
    subject = subject_of(doc, case, project, statement, ladder)
    issues = []
    source = getattr(doc, "origin", None) or Source(case.path)
    for rule in rules:
        for f in rule(subject):
            message = f"case {case.id}, document {doc.name}: rule {f.rule}: {f.why}: « {normalise(f.sentence)} »"
            fr = f"{capitalised(f.why_fr or f.why)} (règle {f.rule})\u00a0: «\u00a0{normalise(f.sentence)}\u00a0»."
            issues.append((error if f.severity == "error" else warning)(source, message, f.rule, fr=fr))
    return sorted(set(issues), key=lambda i: (i.severity, i.message))


def lint_documents(docs: Iterable[Any], case: Case, project: Project, statement: Any, ladder: Any,
                   rules: Iterable[Rule] = RULES) -> list[Issue]:
    rules = tuple(rules)
    out: list[Issue] = []
    for doc in docs:
        out += lint_document(doc, case, project, statement, ladder, rules)
    return out
