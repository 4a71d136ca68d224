"""`dossier import invoices`: invoices read from files become new cases or invoices added to existing ones.

The plan: invoices of one debtor (by SIREN, else by name) go to one case (its existing case, for this
creditor, else a new one); an invoice whose number the creditor already has is skipped, never duplicated
(and said, with what differs); a credit note becomes a ``credit_note`` event in the case of its invoice.
Then everything is written and committed in one commit by `history.record.record_batch`, new case files
validated by the loader first; a second run finds every invoice present and records nothing.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..records.load import load_case_text
from ..records.model import Case, Project
from .casefile import case_text
from .model import Buyer, Invoice
from .text import fold, slug
from ..records.i18n import N_, _, amount, both


@dataclass
class Plan:
    new_cases: dict[str, str] = field(default_factory=dict)          # repository-relative path → YAML text
    changes: dict[str, list[dict]] = field(default_factory=dict)     # case id → changes (record_changes)
    pieces: dict[str, bytes] = field(default_factory=dict)           # repository-relative path → PDF bytes
    said: list[str] = field(default_factory=list)                    # what the import does, one line each (English: the commit)
    shown: list[str] = field(default_factory=list)                   # the same lines in the run's language (the screen)
    skipped: list[str] = field(default_factory=list)                 # what it leaves, and why

    def new_cases_bytes(self) -> dict[str, bytes]:
        return {rel: text.encode("utf-8") for rel, text in self.new_cases.items()}

    @property
    def empty(self) -> bool:
        return not (self.new_cases or self.changes)


@dataclass
class _Target:
    case_id: str
    folder: str                  # the case file's folder, repository-relative
    buyer: Buyer
    creditor: str
    new: bool
    invoices: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)


def creditor_of(inv: Invoice, project: Project, chosen: str | None) -> str | None:
    """The creditor an invoice belongs to: its own column, the seller's SIREN, `--creditor`, else the only one."""
    if inv.creditor in project.creditors:
        return inv.creditor
    by_siren = [cid for cid, c in project.creditors.items() if inv.seller_siren and c.siren == inv.seller_siren]
    if len(by_siren) == 1:
        return by_siren[0]
    if chosen:
        return chosen
    return next(iter(project.creditors)) if len(project.creditors) == 1 else None


def plan_invoices(project: Project, cases: list[Case], paths: dict[str, str], invoices: list[Invoice],
                  chosen: str | None = None) -> tuple[Plan, list[str]]:
    """(the plan, problems that stop the import); `paths` maps each case id to its file."""
    plan, problems = Plan(), []
    have = {(c.creditor, i.number): (c, i) for c in cases for i in c.invoices}
    credit_notes = {(c.id, e.number) for c in cases for e in c.events if e.type == "credit_note"}
    targets: dict[tuple[str, str], _Target] = {}
    taken = set(paths)
    holder: dict[tuple[str, str], _Target | Case] = {}
    for inv in sorted(invoices, key=lambda i: (i.credit_note, i.date, i.number)):
        creditor = creditor_of(inv, project, chosen)
        if creditor is None:
            problems.append(_("{source}: invoice {number}: which creditor? the project has several; give --creditor or a "
                              "creditor column", source=inv.source, number=inv.number))
            continue
        if inv.credit_note:
            _credit_note(inv, creditor, have, holder, credit_notes, plan, problems)
            continue
        if (creditor, inv.number) in have:
            case, old = have[(creditor, inv.number)]
            plan.skipped.append(_("{source}: invoice {number} already in case {case}", source=inv.source, number=inv.number,
                                  case=case.id) + _differs(inv, old))
            continue
        if (creditor, inv.number) in holder:
            plan.skipped.append(_("{source}: invoice {number} given twice in this import; the first one is kept",
                                  source=inv.source, number=inv.number))
            continue
        target = _target(inv, creditor, cases, paths, targets, taken)
        entry = {"number": inv.number, "date": inv.date, "due": inv.due, "amount": inv.amount}
        if inv.piece:
            rel = posixpath.join(target.folder, "pieces", _file_name(inv.number, inv.piece[0]))
            plan.pieces[rel] = inv.piece[1]
            entry["piece"] = posixpath.relpath(rel, target.folder)
        if inv.chorus:
            entry["chorus"] = {"deposited": inv.chorus[0], "number": inv.chorus[1]}
        target.invoices.append(entry)
        target.origin.append(inv.source.split(":")[0])
        holder[(creditor, inv.number)] = target
    for target in targets.values():
        if target.new:
            rel = f"cases/{target.case_id}.yaml"
            origins = ", ".join(dict.fromkeys(target.origin))
            several = len(project.creditors) > 1
            plan.new_cases[rel] = case_text(target.buyer, target.creditor if several else None, target.invoices,
                                            target.events, origins)
            _tell(plan, lambda: _("{file}: new case, {debtor}, invoices {invoices}", file=rel, debtor=target.buyer.name,
                                  invoices=", ".join(f"{i['number']} ({amount(i['amount'])})" for i in target.invoices))
                  + (_(", credit notes {numbers}", numbers=", ".join(e["number"] for e in target.events)) if target.events else ""))
        else:
            changes = [{"type": "invoice", "invoice": i} for i in target.invoices] + target.events
            if changes:
                plan.changes.setdefault(target.case_id, []).extend(changes)
                _tell(plan, lambda: f"{paths[target.case_id]}: " + ", ".join(
                    _("invoice {number} added", number=c["invoice"]["number"]) if c["type"] == "invoice"
                    else _("credit note {number}", number=c["number"]) for c in changes))
    return plan, problems


def _credit_note(inv: Invoice, creditor: str, have: dict, holder: dict, credit_notes: set, plan: Plan,
                 problems: list[str]) -> None:
    if not inv.invoice:
        problems.append(_("{source}: credit note {number}: which invoice does it reduce? (no invoice given)",
                          source=inv.source, number=inv.number))
        return
    event = {"date": inv.date, "type": "credit_note", "number": inv.number, "invoice": inv.invoice, "amount": inv.amount}
    if (creditor, inv.invoice) in holder:
        holder[(creditor, inv.invoice)].events.append(event)
        return
    if (creditor, inv.invoice) not in have:
        problems.append(_("{source}: credit note {number} reduces invoice {invoice}, found in no case", source=inv.source,
                          number=inv.number, invoice=inv.invoice))
        return
    case, _old = have[(creditor, inv.invoice)]
    if (case.id, inv.number) in credit_notes:
        plan.skipped.append(_("{source}: credit note {number} already in case {case}", source=inv.source, number=inv.number,
                              case=case.id))
        return
    plan.changes.setdefault(case.id, []).append(event)
    _tell(plan, lambda: _("case {case}: credit note {number} on invoice {invoice} ({amount})", case=case.id,
                          number=inv.number, invoice=inv.invoice, amount=amount(inv.amount)))


def _tell(plan: Plan, make) -> None:
    """A line of what the import does: in English for the commit message, in the run's language for the screen."""
    english, here = both(make)
    plan.said.append(english)
    plan.shown.append(here)


def _differs(inv: Invoice, old) -> str:
    diffs = [_("{field} {new} in the file, {was} in the case", field=_(name), new=new, was=was) for name, new, was in
             ((N_("amount"), f"{inv.amount:.2f}", f"{old.amount:.2f}"), (N_("due"), inv.due, old.due),
              (N_("date"), inv.date, old.date))
             if str(new) != str(was)]
    return _(" (kept as written; differs: {diffs})", diffs=_("; ").join(diffs)) if diffs else ""


def _target(inv: Invoice, creditor: str, cases: list[Case], paths: dict[str, str], targets: dict, taken: set) -> _Target:
    key = (creditor, inv.buyer.siren or "name:" + fold(inv.buyer.name))
    if key in targets:
        return targets[key]
    for case in cases:
        same = (inv.buyer.siren and case.debtor.siren == inv.buyer.siren) or fold(case.debtor.name) == fold(inv.buyer.name)
        if case.creditor == creditor and same:
            targets[key] = _Target(case.id, posixpath.dirname(paths[case.id]), inv.buyer, creditor, new=False)
            return targets[key]
    year = inv.date.year
    numbers = [int(m.group(1)) for cid in taken if (m := re.match(rf"^{year}-(\d+)", cid))]
    case_id = f"{year}-{max(numbers, default=0) + 1:03d}-{slug(inv.buyer.name)}"
    taken.add(case_id)
    targets[key] = _Target(case_id, "cases", inv.buyer, creditor, new=True)
    return targets[key]


def _file_name(number: str, original: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", number).strip("-.") or "facture"
    return stem + (posixpath.splitext(original)[1].lower() or ".pdf")


def validate_new(plan: Plan, project: Project, root: Path) -> list[str]:
    """The loader's errors on each new case file (its pieces are on disk by then)."""
    out = []
    for rel, text in plan.new_cases.items():
        case, issues = load_case_text(text, rel, project, root)
        out += [str(i) for i in issues if i.severity == "error"]
    return out
