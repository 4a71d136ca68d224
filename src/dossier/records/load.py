"""A claims repository → validated records: the project and every case.

Each case file is read field by field (`case_fields`), then checked as a whole
by `case_rules.CASE_RULES`, a plain list of pure functions over the fields
that read cleanly; then the repository is checked across cases (an invoice
number used twice for one creditor, a creditor with consumer cases and no
mediator). Every issue of the run is collected; records are built only from
files without errors.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path as FsPath
from typing import Iterable, NamedTuple

from . import fields as f
from .case_fields import CASE_FIELDS
from .case_rules import CASE_RULES, Draft
from .config import PROJECT_FILE, load_project
from .creditors import mediator_issues
from .errors import Issue, Source, error, has_errors, sort_issues, warning
from .fields import BAD, Reader, record, shown
from .model import (
    Case,
    Contract,
    Debtor,
    Event,
    Instalment,
    SentFile,
    InterestTerms,
    Invoice,
    Project,
    Repository,
)
from .yamlsrc import load_yaml
from .i18n import _

CASES_DIR = "cases"
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# --- building the records -------------------------------------------------

def _build(r: Reader, d: Draft, case_id: str, path: str) -> Case:
    fl = d.fields
    debtor = Debtor(source=r.source(("debtor",)), **fl["debtor"])
    contract = Contract(source=r.source(("contract",)), **fl["contract"]) if "contract" in fl else None
    interest = InterestTerms(source=r.source(("interest",)), **fl["interest"]) if "interest" in fl else None
    invoices = tuple(Invoice(source=r.source(("invoices", i)), **inv) for i, inv in d.items("invoices"))
    events = []
    for i, ev in d.items("events"):
        ev = dict(ev)
        if "instalments" in ev:
            ev["instalments"] = tuple(
                Instalment(source=r.source(("events", i, "instalments", j)), **x) for j, x in enumerate(ev["instalments"])
            )
        if "files" in ev:
            ev["files"] = tuple(SentFile(source=r.source(("events", i, "files", j)), **x) for j, x in enumerate(ev["files"]))
        events.append(Event(source=r.source(("events", i)), **ev))
    return Case(
        id=case_id,
        path=path,
        debtor=debtor,
        invoices=invoices,
        source=Source(path, 1, 1),
        creditor=d.creditor_id or "default",
        scenario=fl.get("scenario"),
        contract=contract,
        interest=interest,
        events=tuple(events),
        court=fl.get("court"),
        folder=posixpath.dirname(path),
        mandate=fl.get("mandate"),
    )


def case_id_of(path: str) -> str:
    """``cases/x.yaml`` → ``x``; ``cases/x/dossier.yaml`` → ``x``."""
    name = posixpath.basename(path)
    if name == PROJECT_FILE:
        return posixpath.basename(posixpath.dirname(path))
    return name[:-5] if name.endswith(".yaml") else name


class NumberRef(NamedTuple):
    """Where an invoice number is written, for the check across case files."""

    creditor: str
    number: str
    source: Source
    field: str          # "invoices[0].number"


class _Loaded(NamedTuple):
    case: Case | None
    issues: list[Issue]
    numbers: list[NumberRef]


def _load_case(text: str, path: str, project: Project, root: FsPath) -> _Loaded:
    bad_chars = f.text_oversized(text, path) or f.unprintable(text, path)
    if bad_chars:
        return _Loaded(None, bad_chars, [])
    doc = load_yaml(text)
    r = Reader(path, doc, root=root, folder=posixpath.dirname(path))
    for e in doc.errors:
        r.issues.append(error(Source(path, e.line, e.col), e.message))
    case_id = case_id_of(path)
    if not CASE_ID.fullmatch(case_id):
        r.issues.append(error(Source(path), _('a case id (the file or folder name) may use letters, digits, "_", "-" and "." only, got {shown}', shown=shown(case_id))))
    if doc.data is None:
        if not doc.errors:
            r.error((), _("empty file: expected a case (debtor, invoices, events…)"))
        return _Loaded(None, r.issues, [])
    got = record(r, doc.data, (), CASE_FIELDS, ("debtor", "invoices"), what="a mapping of fields (debtor, invoices, events…)")
    if got is BAD:
        return _Loaded(None, r.issues, [])
    draft = Draft(got, project)
    for rule in CASE_RULES:
        for finding in rule(draft):
            if finding.warning:
                r.warn(finding.at, finding.message, finding.fr)
            else:
                r.error(finding.at, finding.message)
    creditor = draft.creditor_id if draft.creditor_id in project.creditors else None
    numbers = [
        NumberRef(creditor, inv["number"], r.source(("invoices", i, "number")), f"invoices[{i}].number")
        for i, inv in draft.items("invoices")
        if creditor is not None and "number" in inv
    ]
    if has_errors(r.issues):
        return _Loaded(None, r.issues, numbers)
    return _Loaded(_build(r, draft, case_id, path), r.issues, numbers)


def load_case_text(text: str, path: str, project: Project, root: FsPath) -> tuple[Case | None, list[Issue]]:
    """Validate one case given as text; ``path`` is its repository-relative POSIX path (pieces resolve from its folder)."""
    loaded = _load_case(text, path, project, root)
    return loaded.case, sort_issues(loaded.issues)


# --- the repository -------------------------------------------------------

def case_files(root: FsPath) -> tuple[list[str], list[Issue]]:
    """Repository-relative paths of the case files, sorted: ``cases/*.yaml`` and ``cases/*/dossier.yaml``."""
    base = root / CASES_DIR
    if not base.is_dir():
        return [], []
    found: dict[str, str] = {}
    issues: list[Issue] = []
    with os.scandir(base) as listing:   # its entries know whether they are folders: no stat each (10 000 claims)
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            if not (base / name / PROJECT_FILE).is_file():
                continue   # a folder of pieces
            rel = f"{CASES_DIR}/{name}/{PROJECT_FILE}"
        elif name.endswith(".yaml"):
            rel = f"{CASES_DIR}/{name}"
        elif name.endswith(".yml"):
            issues.append(warning(Source(f"{CASES_DIR}/{name}"), _("ignored: case files end in .yaml"),
                                  fr="Fichier ignoré\u00a0: les fichiers de dossier se terminent par .yaml."))
            continue
        else:
            continue
        case_id = case_id_of(rel)
        if case_id in found:
            issues.append(error(Source(rel), _('case "{case_id}" is also written in {case_id2}', case_id=case_id, case_id2=found[case_id])))
            continue
        found[case_id] = rel
    return sorted(found.values(), key=case_id_of), issues


def _read(root: FsPath, rel: str) -> tuple[str | None, list[Issue]]:
    """The text of a case file, unless it is a link out of the repository or not UTF-8."""
    path = root / rel
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return None, [error(Source(rel), _("expected a file inside the repository, got a link that leaves it (not read)"))]
        data, issues = f.read_capped(path, rel)
    except (OSError, RuntimeError) as exc:
        return None, [error(Source(rel), _("cannot read the file: {getattr}", getattr=getattr(exc, 'strerror', None) or exc))]
    if data is None:
        return None, issues
    return f.decode(data, rel)


def duplicate_numbers(refs: Iterable[NumberRef]) -> list[Issue]:
    """One invoice number, one creditor, two case files: an error at each place, naming the others."""
    places: dict[tuple[str, str], list[NumberRef]] = {}
    for ref in refs:
        places.setdefault((ref.creditor, ref.number), []).append(ref)
    issues = []
    for (creditor, number), found in sorted(places.items()):
        if len({x.source.path for x in found}) < 2:
            continue   # within one file: reported by invoice_numbers_unique
        for ref in found:
            others = ", ".join(str(o.source) for o in sorted(found, key=lambda x: x.source) if o.source.path != ref.source.path)
            issues.append(error(ref.source, _('{field}: invoice number "{number}" of creditor "{creditor}" is also used in {others}', field=ref.field, number=number, creditor=creditor, others=others)))
    return issues


def load_repository(root: FsPath) -> tuple[Repository | None, list[Issue]]:
    """The project and all its cases, sorted by id; None if any file has an error. All issues of the run, sorted."""
    project, issues = load_project(root)
    if project is None:
        return None, sort_issues(issues)
    paths, found_issues = case_files(root)
    issues.extend(found_issues)
    cases: list[Case] = []
    numbers: list[NumberRef] = []
    for rel in paths:
        text, read_issues = _read(root, rel)
        issues.extend(read_issues)
        if text is None:
            continue
        loaded = _load_case(text, rel, project, root)
        issues.extend(loaded.issues)
        numbers.extend(loaded.numbers)
        if loaded.case is not None:
            cases.append(loaded.case)
    issues.extend(duplicate_numbers(numbers))
    issues.extend(mediator_issues(project, cases))
    if has_errors(issues):
        return None, sort_issues(issues)
    return Repository(project=project, cases=tuple(sorted(cases, key=lambda c: c.id))), sort_issues(issues)
