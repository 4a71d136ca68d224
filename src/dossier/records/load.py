"""A claims repository → validated records: the project and every case.

Each case file is read field by field (`fields`), then checked as a whole by
`CASE_RULES`, a plain list of pure functions over the fields that read
cleanly; then the repository is checked across cases (an invoice number used
twice for one creditor). Every issue of the run is collected; records are
built only from files without errors.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable, NamedTuple

from . import fields as f
from . import readers
from .config import PROJECT_FILE, load_project, mediator_issues
from .errors import Issue, Source, error, has_errors, sort_issues, warning
from .fields import BAD, Reader, did_you_mean, one_of, record, shown
from .model import (
    CALL_OUTCOMES,
    CLOSE_REASONS,
    CONTRACT_KINDS,
    DEBTOR_KINDS,
    EVENT_TYPES,
    IMPLICIT_STEPS,
    INSOLVENCY_PROCEDURES,
    QUALIFICATIONS,
    Case,
    Contract,
    Debtor,
    Event,
    Instalment,
    InterestTerms,
    Invoice,
    Project,
    Repository,
)
from .yamlsrc import Path, load_yaml

CASES_DIR = "cases"
CASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


# --- the fields of a case -------------------------------------------------

DEBTOR_FIELDS = {
    "name": readers.text,
    "kind": readers.choice(DEBTOR_KINDS),
    "siren": readers.siren,
    "address": readers.lines,
    "email": readers.email,
    "phone": readers.text,
    "contact": readers.text,
    "qualification": readers.choice(QUALIFICATIONS),
    "legal_form": readers.text,
    "representative": readers.text,
    "birth": readers.text,
}

CONTRACT_FIELDS = {"kind": readers.choice(CONTRACT_KINDS), "date": readers.date, "pieces": readers.pieces}


def _rate(r: Reader, value: Any, at: Path) -> Any:
    """``legal`` → None (the legal rate for the debtor's kind); else a contractual annual rate in percent."""
    if value == "legal":
        return None
    if readers.parse_percent(value) is None:
        return r.error(at, f'expected "legal" or an annual rate such as "12%", got {shown(value)}')
    return readers.percent(r, value, at)


INTEREST_FIELDS = {"rate": _rate, "indemnity": readers.flag, "clause": readers.text}

INVOICE_FIELDS = {
    "number": readers.text,
    "date": readers.date,
    "due": readers.date,
    "amount": readers.amount,
    "piece": readers.piece,
    "delivered": readers.date,
    "description": readers.text,
}
INVOICE_REQUIRED = ("number", "date", "due", "amount")


def _instalment(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {"due": readers.date, "amount": readers.amount}, ("due", "amount"), what="an instalment {due, amount}")


EVENT_COMMON = {"date": readers.date, "type": readers.choice(EVENT_TYPES), "note": readers.free_text, "piece": readers.piece, "reference": readers.text}
EVENT_READERS = {
    "step": readers.text,
    "tracking": readers.text,
    "received": readers.date,
    "amount": readers.amount,
    "invoice": readers.text,
    "outcome": readers.choice(CALL_OUTCOMES),
    "until": readers.date,
    "instalments": f.list_of(_instalment, what="instalments"),
    "signed": readers.flag,
    "procedure": readers.choice(INSOLVENCY_PROCEDURES),
    "published": readers.date,
    "court": readers.text,
    "reason": readers.choice(CLOSE_REASONS),
    "mandataire": readers.lines,
    "suspends_interest": readers.flag,
    "number": readers.text,
}
# type → (its own fields, the required ones among them)
EVENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sent": (("step", "tracking", "received"), ("step",)),
    "payment": (("amount", "invoice"), ("amount",)),
    "call": (("outcome", "step"), ()),
    "promise": (("until", "amount", "invoice"), ("until",)),
    "dispute": (("invoice", "suspends_interest"), ()),
    "dispute_resolved": (("invoice",), ()),
    "plan": (("instalments", "signed"), ("instalments",)),
    "acknowledgment": (("amount",), ()),
    "insolvency": (("procedure", "published", "court", "mandataire"), ("procedure",)),
    "filed": (("court", "step", "amount"), ()),
    "order": (("court", "amount"), ()),
    "served": (("court", "tracking"), ()),
    "opposition": (("court",), ()),
    "closed": (("reason",), ("reason",)),
    "credit_note": (("number", "invoice", "amount"), ("number", "invoice", "amount")),
}
ALL_EVENT_FIELDS = {**EVENT_COMMON, **EVENT_READERS}


def _event(r: Reader, value: Any, at: Path) -> Any:
    """One journal line; which fields it may and must have depends on its type."""
    if not isinstance(value, dict):
        return r.error(at, f"expected an event (date, type, …), got {shown(value)}")
    etype = value.get("type")
    if not isinstance(etype, str) or etype not in EVENT_FIELDS:
        # the type itself is reported; check the other fields loosely
        return record(r, value, at, ALL_EVENT_FIELDS, ("date", "type"))
    own, required = EVENT_FIELDS[etype]
    spec = {**EVENT_COMMON, **{k: EVENT_READERS[k] for k in own}}
    names = ", ".join(sorted(spec))

    def unknown(key: str) -> str | None:
        if key in ALL_EVENT_FIELDS:
            return f'a "{etype}" event has no field "{key}" (its fields: {names})'
        return None

    return record(r, value, at, spec, ("date", "type") + required, unknown=unknown)


def _debtor(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, DEBTOR_FIELDS, ("name", "kind"), what="the debtor's fields (name, kind, address…)")


def _contract(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, CONTRACT_FIELDS, ("kind",), what="the contract's fields (kind, date, pieces)")


def _interest(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, INTEREST_FIELDS, what="interest terms (rate, indemnity)")


def _invoice(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, INVOICE_FIELDS, INVOICE_REQUIRED, what="an invoice (number, date, due, amount…)")


CASE_FIELDS = {
    "debtor": _debtor,
    "creditor": readers.text,
    "scenario": readers.text,
    "contract": _contract,
    "interest": _interest,
    "invoices": f.list_of(_invoice, what="invoices"),
    "events": f.list_of(_event, what="events", allow_empty=True),
    "court": readers.text,
}


# --- rules over a whole case ----------------------------------------------

class Finding(NamedTuple):
    at: Path
    message: str
    warning: bool = False
    fr: str = ""          # the French wording, for the status site


@dataclass(frozen=True)
class Draft:
    """The fields of one case that read cleanly; lists keep `BAD` where an item was wrong."""

    fields: dict[str, Any]
    project: Project

    def items(self, name: str) -> list[tuple[int, dict[str, Any]]]:
        return [(i, x) for i, x in enumerate(self.fields.get(name) or []) if x is not BAD]

    @property
    def creditor_id(self) -> str | None:
        if "creditor" in self.fields:
            return self.fields["creditor"]
        if len(self.project.creditors) == 1:
            return next(iter(self.project.creditors))
        return None

    @property
    def scenario_name(self) -> str:
        return self.fields.get("scenario") or self.project.scenario


Rule = Callable[[Draft], Iterable[Finding]]


def creditor_known(d: Draft) -> Iterable[Finding]:
    creditors = sorted(d.project.creditors)
    if not creditors:
        return  # dossier.yaml names no creditor: its own error says so, once
    if "creditor" not in d.fields:
        if d.creditor_id is None:
            yield Finding((), f'missing required field "creditor" (dossier.yaml has several creditors: {one_of(creditors)})')
        return
    name = d.fields["creditor"]
    if name not in d.project.creditors:
        hint = did_you_mean(name, creditors)
        tail = f'; did you mean "{hint}"?' if hint else f" (creditors: {one_of(creditors)})"
        yield Finding(("creditor",), f'no creditor "{name}" in dossier.yaml{tail}')


def scenario_known(d: Draft) -> Iterable[Finding]:
    name = d.fields.get("scenario")
    if name is not None and name not in d.project.scenarios:
        names = sorted(d.project.scenarios)
        hint = did_you_mean(name, names)
        tail = f'; did you mean "{hint}"?' if hint else f" (scenarios: {one_of(names)})"
        yield Finding(("scenario",), f'no scenario "{name}"{tail}')


def due_not_before_date(d: Draft) -> Iterable[Finding]:
    for i, inv in d.items("invoices"):
        if "date" in inv and "due" in inv and inv["due"] < inv["date"]:
            yield Finding(("invoices", i, "due"), f"expected a date on or after the invoice date {inv['date'].isoformat()}, got {inv['due'].isoformat()}")


def invoice_numbers_unique(d: Draft) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for i, inv in d.items("invoices"):
        number = inv.get("number")
        if number is None:
            continue
        if number in seen:
            yield Finding(("invoices", i, "number"), f'duplicate invoice number "{number}" (also invoices[{seen[number]}])')
        else:
            seen[number] = i


def events_in_order(d: Draft) -> Iterable[Finding]:
    """The journal is written oldest first and only appended to."""
    last = None
    for i, ev in d.items("events"):
        day = ev.get("date")
        if day is None:
            continue
        if last is not None and day < last:
            yield Finding(("events", i, "date"), f"expected a date on or after {last.isoformat()} (events are written oldest first), got {day.isoformat()}")
        else:
            last = day


def event_dates_consistent(d: Draft) -> Iterable[Finding]:
    """An acknowledgement of receipt or a promise's term cannot come before the event itself."""
    for i, ev in d.items("events"):
        day = ev.get("date")
        for name in ("received", "until"):
            later = ev.get(name)
            if day is not None and later is not None and later < day:
                yield Finding(("events", i, name), f"expected a date on or after the event's date {day.isoformat()}, got {later.isoformat()}")


def event_steps_known(d: Draft) -> Iterable[Finding]:
    scenario = d.project.scenarios.get(d.scenario_name)
    if scenario is None:
        return  # an unknown scenario is reported once, by scenario_known
    ids = [s.id for s in scenario.steps]
    for i, ev in d.items("events"):
        step = ev.get("step")
        if step is not None and step not in ids and step not in IMPLICIT_STEPS:
            hint = did_you_mean(step, ids)
            tail = f'; did you mean "{hint}"?' if hint else f" (its steps: {one_of(ids)})"
            yield Finding(("events", i, "step"), f'scenario "{scenario.name}" has no step "{step}"{tail}')


def event_invoices_known(d: Draft) -> Iterable[Finding]:
    numbers = [inv["number"] for _, inv in d.items("invoices") if "number" in inv]
    for i, ev in d.items("events"):
        number = ev.get("invoice")
        if number is not None and number not in numbers:
            listed = one_of(numbers) if numbers else "none"
            yield Finding(("events", i, "invoice"), f'no invoice "{number}" in this case (invoices: {listed})')


def credit_notes_within_invoices(d: Draft) -> Iterable[Finding]:
    """A credit note takes off at most what its invoice still has after the earlier ones (the ledger checks the payments too)."""
    left = {inv["number"]: inv["amount"] for _, inv in d.items("invoices") if "number" in inv and "amount" in inv}
    for i, ev in d.items("events"):
        if ev.get("type") == "credit_note" and ev.get("invoice") in left and "amount" in ev:
            if ev["amount"] > left[ev["invoice"]]:
                yield Finding(("events", i, "amount"), f'expected at most {left[ev["invoice"]]:.2f}, what is left of invoice "{ev["invoice"]}" after its earlier credit notes, got {ev["amount"]:.2f}')
            left[ev["invoice"]] -= min(ev["amount"], left[ev["invoice"]])


def consumer_without_indemnity(d: Draft) -> Iterable[Finding]:
    """The 40 € indemnity is owed by professionals only (C. com. L441-10); a consumer never owes recovery fees."""
    debtor = d.fields.get("debtor") or {}
    interest = d.fields.get("interest") or {}
    if debtor.get("kind") == "consumer" and interest.get("indemnity") is True:
        yield Finding(("interest", "indemnity"), "ignored: a consumer owes no recovery indemnity (C. com. L441-10, CPCE L111-8)", warning=True,
                      fr="Indemnité forfaitaire écartée (interest.indemnity)\u00a0: un particulier ne doit aucune indemnité de "
                         "recouvrement (art. L441-10 C. com., L111-8 CPCE).")


CASE_RULES: list[Rule] = [
    creditor_known,
    scenario_known,
    due_not_before_date,
    invoice_numbers_unique,
    events_in_order,
    event_dates_consistent,
    event_steps_known,
    event_invoices_known,
    credit_notes_within_invoices,
    consumer_without_indemnity,
]


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
        r.issues.append(error(Source(path), f'a case id (the file or folder name) may use letters, digits, "_", "-" and "." only, got {shown(case_id)}'))
    if doc.data is None:
        if not doc.errors:
            r.error((), "empty file: expected a case (debtor, invoices, events…)")
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
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir():
            if not (entry / PROJECT_FILE).is_file():
                continue   # a folder of pieces
            rel = f"{CASES_DIR}/{name}/{PROJECT_FILE}"
        elif name.endswith(".yaml"):
            rel = f"{CASES_DIR}/{name}"
        elif name.endswith(".yml"):
            issues.append(warning(Source(f"{CASES_DIR}/{name}"), "ignored: case files end in .yaml",
                                  fr="Fichier ignoré\u00a0: les fichiers de dossier se terminent par .yaml."))
            continue
        else:
            continue
        case_id = case_id_of(rel)
        if case_id in found:
            issues.append(error(Source(rel), f'case "{case_id}" is also written in {found[case_id]}'))
            continue
        found[case_id] = rel
    return sorted(found.values(), key=case_id_of), issues


def _read(root: FsPath, rel: str) -> tuple[str | None, list[Issue]]:
    """The text of a case file, unless it is a link out of the repository or not UTF-8."""
    path = root / rel
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return None, [error(Source(rel), "expected a file inside the repository, got a link that leaves it (not read)")]
        data, issues = f.read_capped(path, rel)
    except (OSError, RuntimeError) as exc:
        return None, [error(Source(rel), f"cannot read the file: {getattr(exc, 'strerror', None) or exc}")]
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
            issues.append(error(ref.source, f'{ref.field}: invoice number "{number}" of creditor "{creditor}" is also used in {others}'))
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
