"""`dossier import payments FILE…`: the credits of bank statements recorded as payments, in one commit.

Each credit is matched (`matcher.py`); a matched one becomes a ``payment`` event in its case, at its date,
with the bank's transaction id (``transaction:``); a credit whose id a case already records is skipped, so
importing the same statement twice records nothing the second time. The credits not matched, or matched
ambiguously, are listed and written to a CSV file for review; none is guessed.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..history.record import record_batch
from ..records.load import load_repository
from . import camt, csv_payments, ofx
from .matcher import match
from .model import Credit, Problems
from ..records.i18n import N_, _, amount, both, day

#: The matcher's rule that found the case, as said in a line (the English words are the rule's code).
RULES = {"reference": N_("reference"), "iban": N_("iban"), "name": N_("name")}


@dataclass
class Result:
    changes: dict[str, list[dict]] = field(default_factory=dict)
    said: list[str] = field(default_factory=list)      # what is recorded, in English (the commit message)
    shown: list[str] = field(default_factory=list)     # the same lines in the run's language (the screen)
    already: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    review_rows: list[list[str]] = field(default_factory=list)
    review_file: Path | None = None


def read_credits(paths: list[Path], options) -> tuple[list[Credit], list[str]]:
    problems = Problems()
    out: list[Credit] = []
    for path in paths:
        if not path.is_file():
            problems.add(str(path), _("no such file"))
            continue
        head = path.read_bytes()[:4000]
        if ofx.is_ofx(head):
            out += ofx.read_ofx(path, problems)
        elif path.suffix.lower() == ".xml" or camt.is_camt(head):
            out += camt.read_camt(path, problems)
        elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
            out += csv_payments.read_bank_csv(path, options.payments_preset if options else "standard",
                                              dict(options.payments_columns) if options else {}, problems)
        else:
            problems.add(str(path), _("expected a camt.053 or camt.054 XML, an OFX or a CSV bank statement"))
    return out, problems.messages


def plan_payments(cases: list, credits: list[Credit]) -> Result:
    result = Result()
    recorded = {e.transaction: c.id for c in cases for e in c.events if e.type == "payment" and e.transaction}
    seen: set[str] = set()
    for credit in sorted(credits, key=lambda c: (c.date, c.id)):
        if credit.id in recorded:
            result.already.append(_("{id} ({date}, {amount}) in case {case}", id=credit.id, date=credit.date.isoformat(),
                                    amount=f"{credit.amount:.2f}", case=recorded[credit.id]))
            continue
        if credit.id in seen:
            continue
        seen.add(credit.id)
        found = match(credit, cases)
        if found.case is None:
            result.review.append(f"{credit.source}: {credit.date.isoformat()} {credit.amount:.2f} {credit.name} "
                                 f"« {credit.reference} » (id {credit.id}): {found.why}")
            result.review_rows.append([credit.date.isoformat(), f"{credit.amount:.2f}", credit.name, credit.iban or "",
                                       credit.reference, credit.id, found.why])
            continue
        event = {"date": credit.date, "type": "payment", "amount": credit.amount}
        if found.invoice:
            event["invoice"] = found.invoice
        reference = " ".join(credit.reference.split())[:140]   # one line, as a reference must be
        if reference:
            event["reference"] = reference
        event["transaction"] = credit.id
        result.changes.setdefault(found.case.id, []).append(event)
        english, here = both(lambda: _("case {case}: payment {amount} on {date}", case=found.case.id,
                                       amount=amount(credit.amount), date=day(credit.date))
                             + (_(" for {invoice}", invoice=found.invoice) if found.invoice else "")
                             + _(" (by {rule}; id {id})", rule=_(RULES.get(found.rule, found.rule)), id=credit.id))
        result.said.append(english)
        result.shown.append(here)
    return result


def review_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["date", "montant", "payeur", "iban", "libellé", "identifiant", "motif"])
    writer.writerows([r[:1] + [r[1].replace(".", ",")] + r[2:] for r in rows])
    return out.getvalue().encode("utf-8-sig")


def import_payments(root: Path, paths: list[Path], dry_run: bool = False, review: Path | None = None,
                    author: str | None = None) -> tuple[bool, Result | None, list[str]]:
    repo, issues = load_repository(root)
    if repo is None:
        return False, None, [_("the repository does not validate; run dossier check:")] + \
            [str(i) for i in issues if i.severity == "error"]
    credits, problems = read_credits(paths, repo.project.imports)
    if problems:
        return False, None, problems + [_("nothing was recorded")]
    result = plan_payments(list(repo.cases), credits)
    if result.review_rows and not dry_run:
        result.review_file = review or paths[0].with_name(paths[0].stem + "-a-revoir.csv")
        result.review_file.write_bytes(review_csv(result.review_rows))
    if dry_run or not result.changes:
        return True, result, []
    count = sum(len(v) for v in result.changes.values())
    subject = (f"import payments: {count} payment{'s' if count > 1 else ''} in {len(result.changes)} "
               f"case{'s' if len(result.changes) > 1 else ''}, {len(result.review)} left for review")
    ok, lines = record_batch(root, result.changes, subject=subject, author=author)
    return ok, result, lines if ok else lines + [_("nothing was recorded")]
