"""`dossier import invoices FILE…`: read every file, plan, then (unless a dry run) write and commit once."""
from __future__ import annotations

from pathlib import Path

from ..history.history import case_paths
from ..history.record import record_batch
from ..records.load import load_repository
from . import csv_invoices, einvoice, fec
from .invoices import Plan, plan_invoices, validate_new
from .model import Invoice, Problems
from ..records.i18n import _


def read_invoices(paths: list[Path], options) -> tuple[list[Invoice], list[str]]:
    """Every invoice of the files given, by their kind: a CSV export, a FEC, a Factur-X PDF, a UBL or CII XML."""
    problems = Problems()
    out: list[Invoice] = []
    written = dict(options.columns) if options else {}
    preset = options.preset if options else "standard"
    for path in paths:
        suffix = path.suffix.lower()
        if not path.is_file():
            problems.add(str(path), _("no such file"))
        elif suffix == ".pdf":
            got = einvoice.read_pdf(path, problems)
            out += [got] if got else []
        elif suffix == ".xml":
            got = einvoice.read_xml(path, problems)
            out += [got] if got else []
        elif fec.is_fec(path):
            out += fec.read_fec(path, problems)
        elif suffix in (".csv", ".txt", ".tsv"):
            out += csv_invoices.read_csv(path, preset, written, problems)
        else:
            problems.add(str(path), _("expected a CSV export, a FEC, a Factur-X PDF or a UBL/CII XML file"))
    return out, problems.messages


def import_invoices(root: Path, paths: list[Path], dry_run: bool = False, creditor: str | None = None,
                    author: str | None = None) -> tuple[bool, Plan | None, list[str]]:
    """(ok, the plan, messages): the messages are the problems when not ok, else the commit line (or nothing to do)."""
    repo, issues = load_repository(root)
    if repo is None:
        return False, None, [_("the repository does not validate; run dossier check:")] + \
            [str(i) for i in issues if i.severity == "error"]
    if creditor is not None and creditor not in repo.project.creditors:
        return False, None, [_('--creditor: no creditor "{creditor}" in dossier.yaml ({names})', creditor=creditor,
                                    names=", ".join(repo.project.creditors))]
    invoices, problems = read_invoices(paths, repo.project.imports)
    if problems:
        return False, None, problems + [_("nothing was imported")]
    plan, problems = plan_invoices(repo.project, list(repo.cases), case_paths(root), invoices, creditor)
    if problems:
        return False, plan, problems + [_("nothing was imported")]
    if dry_run or plan.empty:
        return True, plan, []
    created = []
    for rel, data in sorted(plan.pieces.items()):   # on disk first: the loader checks that pieces exist
        target = root / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            created.append(target)
    wrong = validate_new(plan, repo.project, root)
    ok, lines = (False, wrong) if wrong else record_batch(
        root, plan.changes, files={**plan.new_cases_bytes(), **plan.pieces}, subject=_subject(plan), author=author)
    if not ok:
        for target in created:
            target.unlink(missing_ok=True)
        return False, plan, lines + [_("nothing was imported")]
    return True, plan, lines


def _subject(plan: Plan) -> str:
    added = sum(1 for changes in plan.changes.values() for c in changes if c["type"] == "invoice")
    notes = sum(1 for changes in plan.changes.values() for c in changes if c["type"] == "credit_note")
    parts = [f"{len(plan.new_cases)} new case{'s' if len(plan.new_cases) != 1 else ''}"]
    if added:
        parts.append(f"{added} invoice{'s' if added > 1 else ''} added")
    if notes:
        parts.append(f"{notes} credit note{'s' if notes > 1 else ''}")
    return "import invoices: " + ", ".join(parts) + "\n\n" + "\n".join(plan.said)
