"""What a document may and must say for its case: rules as a plain list of named pure functions.

Each rule reads one rendered document (its plain text and the figures it was
built from) with its case, and returns findings. A finding names the case, the
document, the rule and the offending sentence; an error fails the build.Reference: docs/law.md §4, §6, §8 and "What a reminder must never do".

The rules live by theme: lint_threats.py (what no debtor may be threatened
with), lint_charges.py (what may be charged, at what rate), lint_mentions.py
(what a document must say, and how), lint_typography.py
(superscripts and non-breaking spaces); lint_subject.py holds what they read.
This module lists them and runs them over each document.

The statute quoted in agency mode (CPCE L111-8 al. 2 and 3) speaks of
"frais de recouvrement" and of the "juge de l’exécution": the quotation is
taken out of the text before the other rules read it.
"""
from __future__ import annotations

from typing import Any, Iterable

from ..records.errors import Issue, Source, error, warning
from ..records.labels import capitalised
from ..records.model import Case, Project
from .lint_charges import consumer_not_charged_fees, contract_rate_floor, no_agency_fees_on_debtor, no_provisional_rate_mark
from .lint_mentions import agency_gdpr_notice, agency_mentions, consumer_mediator, formal_notice_mentions, oubli_only_for_oversight, sms_length
from .lint_subject import L111_8_AL2, L111_8_AL3, Rule, Subject, normalise
from .lint_typography import typography
from .lint_threats import (no_account_blocking, no_bad_payers_file, no_court_threat_when_prescribed, no_criminal_threat,
                           no_enforcement_without_title, no_third_party_disclosure)

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
    typography,
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
