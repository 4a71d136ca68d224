"""`dossier archive ID|--all`: the steps recorded as sent before the archive existed, archived now.

Each such step is rendered as of its sent date from the commit at which it was recorded (the first commit whose
case file has that `sent` event: a build is reproducible from a commit and a date), its files written in
``cases/<id>/envoyes/`` and listed on the event (``files:``), all in one commit. A step that cannot be rendered
again from that commit (its templates no longer fit the tool, the case did not validate then) is named with why,
and left unarchived; ``--from HEAD`` renders such steps from another commit instead, and the commit message says so.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..records.errors import has_errors
from .archive import ArchivedFile, case_step_files

CHANNELS = ("letter", "lrar", "email", "sms")


@dataclass
class Outcome:
    """What `archive_past` did: the changes and files it recorded (or would), and the steps it could not reproduce."""

    archived: dict[str, list[dict]] = field(default_factory=dict)    # case id → `archive` changes
    files: dict[str, bytes] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)                  # one line per step not reproduced
    messages: list[str] = field(default_factory=list)


def pending(root: Path, case_ids: list[str] | None) -> tuple[list[tuple[str, str, dt.date]], list[str]]:
    """The (case id, step, date) of every `sent` step of a written channel without archived files, in the
    working tree; and the problems met (an unknown case, a case that does not validate)."""
    from ..records.load import load_repository
    from ..records.caseids import resolve_case_id
    from .history import case_paths

    repo, issues = load_repository(Path(root))
    if repo is None:
        return [], [str(i) for i in issues if i.severity == "error"]
    wanted = [c.id for c in repo.cases]
    problems: list[str] = []
    if case_ids:
        paths = case_paths(Path(root))
        wanted = []
        for given in case_ids:
            found, why = resolve_case_id(paths, given, str(Path(root) / "cases"))
            if found:
                wanted.append(found)
            else:
                problems.append(why)
    out = []
    for case_id in wanted:
        case = repo.case(case_id)
        scenario = repo.project.scenario_of(case)
        for ev in case.events_of("sent"):
            step = scenario.step(ev.step or "")
            if not ev.files and step is not None and step.channel in CHANNELS:
                out.append((case.id, step.id, ev.date))
    return out, problems


def archive_past(root: Path, case_ids: list[str] | None = None, source: str | None = None) -> Outcome:
    """Render the unarchived sent steps of `case_ids` (None: every case) from their recording commit (or from
    `source`, a revision, when given): the archive changes and files to record, and what failed."""
    from . import history
    from .snapshots import Snapshots

    root = Path(root)
    out = Outcome()
    steps, out.failed = pending(root, case_ids)
    if not steps:
        return out
    repo, prefix = history.open_repo(root)
    fixed = history.resolve(repo, source).hexsha if source else None
    paths = history.case_paths(root)
    with Snapshots(repo, prefix, root) as snaps:
        for case_id, step, day in steps:
            rel = paths[case_id]
            commit = fixed or _recording_commit(repo, prefix, snaps, rel, step, day)
            where = f"{rel}: the {step} sent on {day.isoformat()}"
            if commit is None:
                out.failed.append(f"{where}: no commit records it (commit the case file first)")
                continue
            files, why = _render_at(snaps, commit, rel, step, day)
            if why:
                out.failed.append(f"{where}: not reproduced from {commit[:7]}: " + "; ".join(why))
                continue
            if not files:
                continue   # nothing left the office (a call)
            out.archived.setdefault(case_id, []).append(
                {"type": "archive", "step": step, "date": day, "files": [{"path": f.path, "sha256": f.sha256} for f in files]})
            out.files.update({f.path: f.data for f in files})
            out.messages.append(f"{where}: {', '.join(f.path for f in files)} (rendered from {commit[:7]})")
    return out


def _has_event(snaps, commit: str, rel: str, step: str, day: dt.date) -> bool:
    """Whether the case file at `commit` has that `sent` event (read as YAML: an invalid file counts too)."""
    from ..records.yamlsrc import load_yaml

    file = snaps.folder(commit) / rel
    if not file.is_file():
        return False
    data = load_yaml(file.read_text(encoding="utf-8", errors="replace")).data
    events = data.get("events") if isinstance(data, dict) else None
    return any(isinstance(e, dict) and e.get("type") == "sent" and e.get("step") == step
               and str(e.get("date")) == day.isoformat() for e in (events if isinstance(events, list) else []))


def _recording_commit(repo, prefix: str, snaps, rel: str, step: str, day: dt.date) -> str | None:
    """The first commit (oldest first, by bisection over the commits touching the case) whose case file has the event."""
    from . import history

    commits, _ = history.touching(repo, prefix, rel)
    oldest_first = [c[0] for c in reversed(commits)]
    lo, hi = 0, len(oldest_first)
    while lo < hi:
        mid = (lo + hi) // 2
        if _has_event(snaps, oldest_first[mid], rel, step, day):
            hi = mid
        else:
            lo = mid + 1
    return oldest_first[lo] if lo < len(oldest_first) else None


def _render_at(snaps, commit: str, rel: str, step: str, day: dt.date) -> tuple[list[ArchivedFile], list[str]]:
    """The step's files rendered from `commit`'s whole tree (its templates, pieces and project), as of `day`."""
    from ..records.fields import decode
    from ..records.load import load_case_text
    from ..records.config import PROJECT_FILE, read_project

    folder = snaps.folder(commit, full=True)
    text, issues = decode((folder / PROJECT_FILE).read_bytes(), PROJECT_FILE) if (folder / PROJECT_FILE).is_file() else (None, [])
    project, issues = read_project(text, folder) if text is not None else (None, issues)
    if project is None:
        return [], [str(i) for i in issues if i.severity == "error"] or ["no project file"]
    text, issues = decode((folder / rel).read_bytes(), rel)
    case, issues = load_case_text(text, rel, project, folder) if text is not None else (None, issues)
    if case is None or has_errors(issues):
        return [], [str(i) for i in issues if i.severity == "error"]
    try:
        files, issues = case_step_files(folder, project, case, step, day)
    except Exception as exc:   # noqa: BLE001 — an old tree the tool no longer renders: named, never a traceback
        from ..records.reasons import describe_exception

        return [], [f"rendering failed ({describe_exception(exc)})"]
    return files, [str(i) for i in issues if i.severity == "error"]


def record_archive(root: Path, outcome: Outcome, source: str | None = None) -> tuple[bool, list[str]]:
    """Commit the outcome's changes and files together (history/record.py's `record_batch`)."""
    from .record import record_batch

    if not outcome.archived:
        return True, []
    count = sum(len(c) for c in outcome.archived.values())
    subject = (f"archive: {count} document{'s' if count > 1 else ''} sent, in {len(outcome.archived)} "
               f"case{'s' if len(outcome.archived) > 1 else ''}, rendered "
               + (f"from {source}" if source else "from the commits that recorded them"))
    return record_batch(root, outcome.archived, files=outcome.files, subject=subject)
