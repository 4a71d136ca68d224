"""What a letter to be sent needs from the parties: the creditor's IBAN when it asks for payment,
the debtor's postal address when it goes by post. Without them the document would print no
payment instructions, or an empty address block: `check` and `build` refuse it instead.

Documents already sent (the journal's copies) are left alone: they went out as they were."""
from __future__ import annotations

from collections.abc import Iterable

from ..law.money import date_long
from ..records.errors import Issue, Source, error
from ..records.model import Case, Project
from .document import Document
from ..records.i18n import _

TO_SEND = ("due", "upcoming")
ASKS_PAYMENT = ("letter", "email", "plan")   # a call or an SMS prints no payment instructions
POSTAL = ("letter", "lrar")


def party_issues(docs: Iterable[Document], case: Case, project: Project) -> list[Issue]:
    """One located error per document to send that lacks the creditor's IBAN or the debtor's address."""
    creditor = project.creditor_of(case)
    at = Source(case.path, case.debtor.source.line, case.debtor.source.col)
    issues = []
    for d in docs:
        if d.state not in TO_SEND:
            continue
        what = f"case {case.id}, document {d.name} ({d.channel}, {d.state} on {d.date.isoformat()})"
        what_fr = f"Le document {d.name} ({'prévu' if d.state == 'upcoming' else 'à envoyer'} le {date_long(d.date)})"
        if d.kind in ASKS_PAYMENT and d.facts is not None and d.facts.total > 0 and not creditor.iban:
            where = f' "{creditor.id}"' if len(project.creditors) > 1 else ""
            issues.append(error(
                at, _("{what}: asks for payment, but the creditor{where} has no iban in dossier.yaml, so the letter "
                    "would give no payment instructions: add creditor.iban", what=what, where=where), "no-iban",
                fr=f"{what_fr} réclame un paiement, mais le créancier n’a pas d’IBAN dans dossier.yaml\u00a0: "
                   f"la lettre n’indiquerait aucun moyen de payer."))
        if d.channel in POSTAL and not any(line.strip() for line in case.debtor.address):
            issues.append(error(
                at, _("{what}: goes by post, but the debtor has no address, so the letter would have an empty "
                    "address block: add debtor.address", what=what), "no-address",
                fr=f"{what_fr} part par courrier, mais le débiteur n’a pas d’adresse\u00a0: "
                   f"le bloc d’adresse serait vide."))
    return issues
