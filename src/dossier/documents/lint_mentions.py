"""Lint rules: what a document must say, and how it says it.

The mentions of a formal notice (law.md §4), of an agency's letter (CPCE
R124-4, L111-8 reproduced) and its GDPR notice (art. 14), the consumer
mediator in a reminder to a consumer; « un simple oubli » only where the case
allows it; one SMS, not two.
"""
from __future__ import annotations

import re

from ..law import money
from ..records.labels import QUALIFICATION_LABELS
from .lint_subject import L111_8_AL2, L111_8_AL3, Finding, Subject, _failed, _find_folded, _to_debtor, fold, normalise
from ..records.i18n import _, pick

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
    if facts.deadline is None:   # delays counted from the receipt (a missed instalment, then the acceleration)
        if not re.search(r"dans (?:les|un délai de) \S+ jours", text):
            missing.append(("a deadline", "le délai de paiement"))
    elif normalise(money.date_long(facts.deadline)) not in text:
        missing.append(("a deadline date", "la date limite de paiement"))
    if facts.registered and not re.search(r"recommand[ée]e? avec (?:demande d'avis de r[ée]ception|accus[ée] de r[ée]ception)", text, re.I):
        missing.append(("the registered-letter mention (lettre recommandée avec demande d'avis de réception)",
                        "la mention de la lettre recommandée avec demande d’avis de réception"))
    return [Finding("formal-notice-mentions", s.doc.subject or s.doc.name,
                    _("the formal notice does not state {missing}", missing=", ".join(pick(en, fr) for en, fr in missing)),
                    why_fr="la mise en demeure n’indique pas " + ", ".join(fr for _unused, fr in missing))] if missing else []


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
                    _("agency mode (R124-4 CPCE): missing {missing}", missing=", ".join(pick(en, fr) for en, fr in missing)),
                    why_fr="mandat de recouvrement (art. R124-4 CPCE)\u00a0: manquent " + ", ".join(fr for _unused, fr in missing))] if missing else []


def sms_length(s: Subject) -> list[Finding]:
    """One SMS: 160 GSM characters (70 when a character is outside the GSM alphabet)."""
    if s.doc.kind != "sms":
        return []
    from .document import sms_length as measure

    length, limit = measure(s.doc.text.strip())
    if length <= limit:
        return []
    return [Finding("sms-length", s.doc.text.strip(), _("{length} characters, more than one SMS ({limit})", length=length, limit=limit), "warning",
                    why_fr=f"{length}\u00a0caractères, plus qu’un seul SMS ({limit})")]


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
    return [Finding("oubli-only-for-oversight", x, _("an oversight is suggested but {who}", who=who),
                    why_fr=f"un simple oubli est évoqué, alors que {who_fr}")
            for x in _find_folded(_OUBLI, s.text)]


_REMINDER = re.compile(r"-(?:relance-[a-z]+|mise-en-demeure)$")


def consumer_mediator(s: Subject) -> list[Finding]:
    """A reminder or formal notice to a consumer names the consumer mediator (C. consom. L612-1, L616-1, R616-1)."""
    if (s.case.debtor.kind != "consumer" or s.doc.kind not in ("letter", "email") or not _REMINDER.search(s.doc.name)
            or _failed(s)):
        return []
    if "mediateur de la consommation" in fold(" ".join(s.full_text.split())):
        return []
    return [Finding("consumer-mediator", s.doc.subject or s.doc.name,
                    _("a letter to a consumer does not name the consumer mediator (C. consom. L612-1, L616-1, R616-1)"),
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
                    _("agency mode (GDPR art. 14): the data notice misses {missing}", missing=", ".join(pick(en, fr) for en, fr in missing)),
                    why_fr="mandat de recouvrement (art. 14 RGPD)\u00a0: l’information sur les données omet "
                           + ", ".join(fr for _unused, fr in missing))] if missing else []
