"""A case's log: every commit that touched its file, said in plain words, and who wrote each event.

Renames are followed and a folder case's pieces count; each commit is said by
comparing the case as its parent left it with the case as it left it
(`semantic`), both read from the commits themselves (`snapshots`). The journal
as it is now is credited event by event to the commit that wrote it (the site's
"recorded by"). Git itself is asked through `history`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import history, semantic, versions
from .history import HistoryError, Repo, git_errors
from .snapshots import Snapshots
from ..records.config import PROJECT_FILE
from ..records.errors import has_errors
from ..records.load import CASES_DIR
from ..records.model import Case
from ..records.i18n import N_, _


@dataclass(frozen=True)
class LogEntry:
    """One commit that touched a case, with what it changed in plain words (in the run's language: the site
    asks for its timelines in French)."""

    commit: str
    author: str
    date: dt.datetime              # the author date, with its UTC offset
    summaries: tuple[str, ...]
    email: str = ""
    subject: str = ""


@dataclass(frozen=True)
class CaseHistory:
    """A case's log, and who wrote each event of its journal as it is now."""

    log: tuple[LogEntry, ...]                 # newest first
    recorded_by: tuple[LogEntry | None, ...]  # one per event of the current version; None: not committed yet


def up_to(entries: "list[LogEntry] | tuple[LogEntry, ...]", until: dt.date | None) -> list[LogEntry]:
    """The entries dated on or before `until` (the as-of date hides the future), all when it is None.

    A commit's day is its own date in its own time zone, as the log prints it."""
    return [e for e in entries if until is None or e.date.date() <= until]


@git_errors
def case_log(root: Path, case_id: str, until: dt.date | None = None) -> list[LogEntry]:
    """Every commit that touched the case, newest first, each with its plain summaries;
    with `until`, only the commits dated on or before it.

    Raises `HistoryError` outside Git, or for a case neither in the working tree nor in the history."""
    repo, prefix = history.open_repo(root)
    if history.current_path(repo, prefix, Path(root), case_id) is None:
        raise HistoryError(_('no case "{case_id}" in {cases_dir}/ nor in its history', case_id=case_id, cases_dir=CASES_DIR))
    return case_logs(root, [case_id], until, prefetch=True)[case_id]


def case_logs(root: Path, case_ids: list[str], until: dt.date | None = None, prefetch: bool = False
              ) -> dict[str, list[LogEntry]]:
    """`case_log` of several cases at once, from one walk of the history (the site's timelines);
    a case not committed yet has an empty log. `prefetch`: read the versions of every case of the
    working tree at once, for the next cases asked one by one."""
    return {case_id: up_to(h.log, until) for case_id, h in case_histories(root, case_ids, prefetch, credit=False).items()}


@git_errors
def case_histories(root: Path, case_ids: list[str], prefetch: bool = False, credit: bool = True) -> dict[str, CaseHistory]:
    """Logs and event authorship of several cases, from one walk of the history (`versions.Walk`);
    `credit` False leaves the authorship out (`recorded_by` empty: the current versions are not read).

    The current version is the working tree's (else the last committed one). An
    event is credited to the commit that wrote it in its present form: an event
    edited later is credited to the edit."""
    repo, prefix = history.open_repo(root)
    root = Path(root)
    walk = versions.walk(repo, prefix, root)
    if prefetch and not walk.prefetched:
        walk.prefetch(sorted(history.case_paths(root).values()))
    paths = {case_id: history.current_path(repo, prefix, root, case_id) if walk.commits else None
             for case_id in case_ids}
    logs = {case_id: walk.touching(path) for case_id, path in paths.items() if path is not None}
    walk.prepare([(sha, seen) for commits, seen in logs.values() for sha in commits])
    out: dict[str, CaseHistory] = {}
    with Snapshots(repo, prefix, root) as snaps:
        walk.snaps = snaps
        for case_id in case_ids:
            entries: list[LogEntry] = []
            found: list[Case | None] = []
            if case_id in logs:
                entries, found = _log(repo, prefix, walk, *logs[case_id])
            if not credit:
                out[case_id] = CaseHistory(tuple(entries), ())
                continue
            live = next((rel for rel in history.candidates(case_id) if (root / rel).is_file()), None)
            current = snaps.case(None, live)[0] if live else None
            out[case_id] = CaseHistory(tuple(entries), _credit(entries, found, current))
        walk.snaps = None
    return out


def _credit(entries: list[LogEntry], versions: list[Case | None], current: Case | None) -> tuple[LogEntry | None, ...]:
    """Walk the versions oldest first, carrying each event's author through the journal's edits."""
    keys: list[tuple] = []
    origins: list[LogEntry | None] = []
    steps = list(zip(reversed(entries), reversed(versions))) + ([(None, current)] if current is not None else [])
    for entry, case in steps:
        if case is None:
            continue   # an invalid version: its events are credited to the next valid one
        new_keys = [semantic.event_key(e) for e in case.events]
        carried: list[LogEntry | None] = []
        matcher = difflib.SequenceMatcher(a=keys, b=new_keys, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            carried += origins[i1:i2] if op == "equal" else [entry] * (j2 - j1)
        keys, origins = new_keys, carried
    return tuple(origins)


def _log(repo: Repo, prefix: str, walk: "versions.Walk", commits: list[str], seen: list[str]
         ) -> tuple[list[LogEntry], list[Case | None]]:
    """The log entries of a case file, newest first, and the case as each commit left it."""
    entries, found = [], []
    for sha in commits:
        c = walk.by_sha[sha]
        parent = walk.parents.get(sha)
        after_path = walk.path_in(sha, seen)
        before_path = walk.path_in(parent, seen) if parent else None
        summaries = _summaries(walk, repo, prefix, parent, before_path, sha, after_path)
        entries.append(LogEntry(sha, c.author, dt.datetime.fromisoformat(c.date), tuple(summaries), c.email, c.subject))
        found.append(walk.case(sha, after_path)[0])
    return entries, found


def _summaries(snaps: "versions.Walk", repo: Repo, prefix: str, rev_a: str | None, path_a: str | None,
               rev_b: str | None, path_b: str | None) -> list[str]:
    """What changed in one case between two revisions, in the run's language; never empty."""
    before, issues_a = snaps.case(rev_a, path_a) if rev_a or path_a else (None, [])
    after, issues_b = snaps.case(rev_b, path_b)
    if path_b is None and path_a is not None:
        return [_("case deleted")]
    if after is None:
        first = next((i for i in issues_b if i.severity == "error"), None)
        return [_("invalid version: {issue}", issue=first) if first else _("invalid version")]
    if before is None and path_a is not None and has_errors(issues_a):
        return [_("case corrected: it is valid again")]
    out = semantic.case_changes(before, after)
    if out:
        return out
    pieces = _piece_changes(repo, prefix, rev_a, rev_b, path_b)
    return pieces or [_("layout or comments changed, no data changed")]


def _piece_changes(repo: Repo, prefix: str, rev_a: str | None, rev_b: str | None, path: str) -> list[str]:
    """For a folder case: pieces added, replaced or removed beside the case file."""
    if posixpath.basename(path) != PROJECT_FILE or rev_a is None:
        return []
    words = {"A": N_("piece added: {piece}"), "M": N_("piece replaced: {piece}"), "D": N_("piece removed: {piece}")}
    out = []
    for status, rel in history.folder_changes(repo, prefix, rev_a, rev_b, posixpath.dirname(path) + "/"):
        if posixpath.basename(rel) != PROJECT_FILE and status in words:
            out.append(_(words[status], piece=rel))
    return out
