"""The archive of what was sent: the exact files of a step (the letter's PDF, the email's .eml, the SMS text)
rendered as `build --as-of DATE` renders them, kept in the repository and tied to the `sent` event by SHA-256.

Where the archive sits (docs/archive.md): beside the case, in ``cases/<id>/envoyes/``, one file per document,
named by its date and its template (``2026-04-17-mise-en-demeure.pdf``). A case written as ``cases/<id>.yaml``
keeps its file; its folder ``cases/<id>/`` holds only the archive (no ``dossier.yaml`` there, so it is not
read as a case). The `sent` event lists its files with their SHA-256 (``files:``, docs/format.md); the build,
the court bundle and `verify` read them from there and never render an archived document again.

`step_files` renders without writing anything; `sent_event` is the change that records the step with its files;
`record_sent` does both and commits them together (history/record.py's `record_changes`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records.errors import Issue, Source, error, has_errors
from ..records.i18n import _

ARCHIVE_DIR = "envoyes"
SUFFIX = {"letter": ".pdf", "email": ".eml", "sms": ".txt"}   # what leaves, by document kind (a call sheet never does)


@dataclass(frozen=True)
class ArchivedFile:
    path: str      # repository-relative POSIX path, e.g. "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf"
    data: bytes
    sha256: str    # hex of data


def archived(path: str, data: bytes) -> ArchivedFile:
    return ArchivedFile(path, data, hashlib.sha256(data).hexdigest())


def archive_folder(case_id: str) -> str:
    """``cases/<id>/envoyes``: where the documents of a case are archived, whatever the case file's form."""
    return f"cases/{case_id}/{ARCHIVE_DIR}"


def file_name(doc: Any) -> str:
    """``2026-04-17-mise-en-demeure.pdf``: the document's date, its name without the step's rank, its kind's suffix."""
    stem = re.sub(r"^\d+-", "", doc.name)
    return f"{doc.date.isoformat()}-{stem}{SUFFIX[doc.kind]}"


# ---------------------------------------------------------------- the files of a step

def step_files(root: Path, case_id: str, step: str, on: dt.date, **fields: Any) -> tuple[list[ArchivedFile], list[Issue]]:
    """The exact files of `step` of the case as sent on `on` (letter/LRAR: the PDF; email: the .eml; SMS: the text),
    rendered from the working tree as `build --as-of on` would, WITHOUT writing anything.

    When the journal has no `sent` event of `step` on `on` yet, one is added in memory (with `fields`, such as
    ``tracking``, which a registered letter prints). A call sheet leaves nothing: ([], []). Any error (the case
    does not validate, a template fails, the lint refuses the document) comes back with no file."""
    return change_files(root, case_id, [{"type": "sent", "date": on, "step": step, **fields}], {"step": step, "date": on})


def change_files(root: Path, case_id: str, changes: list[dict], which: dict,
                 invalid_ok: bool = False) -> tuple[list[ArchivedFile], list[Issue]]:
    """The files of the sent step `which` ({step, date}) once `changes` are applied to the case's text in memory
    (changes already in the journal are not applied twice). `invalid_ok`: a project, case or change that does
    not validate gives ([], []), for `record` to refuse with its own message."""
    from ..records.config import load_project
    from .record import find_case
    from .record_changes import apply_change
    from .lock import Refused
    from ..records.load import load_case_text

    root = Path(root)
    project, project_issues = load_project(root)
    if project is None:
        return [], [] if invalid_ok else [i for i in project_issues if i.severity == "error"]
    rel, found = find_case(root, case_id)
    if rel is None:
        return [], [] if invalid_ok else [error(Source("cases"), found, "archive")]
    try:
        text = (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [error(Source(rel), _("cannot be read: {exc}", exc=exc), "archive")]
    case, issues = load_case_text(text, rel, project, root)
    for change in changes:
        if case is not None and change["type"] == "sent" and _sent_event(case, change["step"], change["date"]) is not None:
            continue
        try:
            text, _changed = apply_change(text, change)
        except Refused as exc:
            return [], [] if invalid_ok else [error(Source(rel), str(exc), "archive")]
        case, issues = load_case_text(text, rel, project, root)
    if case is None or has_errors(issues):
        return [], [] if invalid_ok else [i for i in issues if i.severity == "error"]
    return case_step_files(root, project, case, which["step"], which["date"])


def _sent_event(case: Any, step: str, on: dt.date) -> Any:
    return next((e for e in reversed(case.events_of("sent")) if e.step == step and e.date == on), None)


def case_step_files(root: Path, project: Any, case: Any, step: str, on: dt.date) -> tuple[list[ArchivedFile], list[Issue]]:
    """The files of `step` sent on `on` of a loaded `case` whose journal records it, rendered as of `on`."""
    from ..documents import lint, mail
    from ..documents.documents import documents_for
    from ..documents.parties import party_issues
    from ..ladder.result import compute_case
    from ..records.model import Repository

    event = _sent_event(case, step, on)
    at = event.source if event is not None else case.source
    if event is None:
        return [], [error(at, _("case {case}: no sent event of {step} on {date} in the journal", case=case.id, step=step,
                                  date=on.isoformat()), "archive")]
    result = compute_case(Repository(project, (case,)), case, on)
    docs = documents_for(case, project, result.statement, result.ladder, on, root)
    doc = next((d for d in reversed(docs) if d.state == "sent" and d.step_id == step and d.date == on), None)
    if doc is None:
        scenario = project.scenario_of(case)
        known = scenario.step(step)
        if known is not None and known.channel not in ("letter", "lrar", "email", "sms"):
            return [], []   # a call: nothing leaves the office
        return [], [error(at, _("case {case}: the {step} sent on {date} has no document to archive "
                                "(no such step in the scenario {scenario})", case=case.id, step=step, date=on.isoformat(),
                                scenario=scenario.name) if known is None else
                          _("case {case}: the {step} sent on {date} has no document to archive", case=case.id, step=step,
                            date=on.isoformat()), "archive")]
    if doc.kind not in SUFFIX:
        return [], []
    issues = list(doc.issues) + mail.eml_issues(doc)
    issues += lint.lint_documents([doc], case, project, result.statement, result.ladder)
    issues += party_issues([doc], case, project)
    if has_errors(issues):
        return [], [i for i in issues if i.severity == "error"]
    return [archived(f"{archive_folder(case.id)}/{file_name(doc)}", _document_bytes(doc, root))], []


def _document_bytes(doc: Any, root: Path) -> bytes:
    """What left: the SMS text, the letter's PDF, or the email's .eml (its letter PDF and invoices attached),
    made as `documents/writing.py` makes them in a build."""
    if doc.kind == "sms":
        return doc.text.encode("utf-8")
    from ..documents import mail
    from ..documents import pdf as pdfmod
    from ..documents.writing import _read_pieces

    letter = pdfmod.render_pdf(doc.html, root / doc.base_dir, root, doc.date, f"{doc.case_id}/{doc.name}").pdf
    if doc.kind == "letter":
        return letter
    pieces, _problems = _read_pieces(doc, root)
    return mail.build_eml(doc, letter_pdf=letter, pieces=pieces)


# ---------------------------------------------------------------- the event, the record

def sent_event(step: str, on: dt.date, files: list[ArchivedFile], **fields: Any) -> dict:
    """The `sent` change for record_changes/record_batch, carrying `files: [{path, sha256}]` (+ channel, tracking…)."""
    event = {"type": "sent", "date": on, "step": step, **{k: v for k, v in fields.items() if v is not None}}
    if files:
        event["files"] = [{"path": f.path, "sha256": f.sha256} for f in files]
    return event


def files_of(files: list[ArchivedFile]) -> dict[str, bytes]:
    """The `files=` argument of record_changes/record_batch."""
    return {f.path: f.data for f in files}


def with_archives(root: Path, case_id: str, changes: list[dict]) -> tuple[list[dict], dict[str, bytes], list[Issue]]:
    """`changes` with each `sent` step's files rendered and listed on its event; the files to commit with them;
    or the errors that kept a step from being archived (nothing is recorded then)."""
    out: list[dict] = []
    files: dict[str, bytes] = {}
    issues: list[Issue] = []
    for n, change in enumerate(changes):
        if change.get("type") != "sent" or change.get("files"):
            out.append(change)
            continue
        got, why = change_files(root, case_id, changes[:n + 1], change, invalid_ok=True)
        issues += why
        out.append(sent_event(change["step"], change["date"], got,
                              **{k: v for k, v in change.items() if k not in ("type", "date", "step")}))
        files.update(files_of(got))
    return out, files, issues


def record_sent(root: Path, case_id: str, step: str, on: dt.date, **fields: Any) -> tuple[bool, list[str]]:
    """Record `step` as sent on `on` and commit its archived files in the same commit."""
    from .record import record_changes

    files, issues = step_files(root, case_id, step, on, **fields)
    if has_errors(issues):
        return False, [str(i) for i in issues]
    return record_changes(root, case_id, [sent_event(step, on, files, **fields)], files=files_of(files))
