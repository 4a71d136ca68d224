"""The per-case cache of timelines: an unchanged case's log is not worked out again from its history.

Each case page shows the case's Git log (`caselog.LogEntry`: commit, author,
date, what changed in plain words). Working it out loads every version of the
case and compares each with its parent's: on a no-op rebuild of 1 000 claims
with 3 commits each, a quarter of the build (docs/performance.md). With
``dossier build --cache DIR`` the log of each case is kept in the same folder
as the PDFs and documents (documents/cache.py `ContentCache`), as JSON, under
the SHA-256 of:

- the tool: its version and the SHA-256 of every file of the package
  (`tool_digest`: the code that words the summaries, and their translations);
- the language of the messages (the site asks for French; kept all the same);
- the absolute repository folder and the repository's prefix inside its Git
  work tree (where the versions are read; an issue quoted in an "invalid
  version" summary names a path);
- the case's current path, then the ids of the commits that touch it and every
  name it had, as the one walk of the log gives them (`versions.Walk.touching`,
  no blob read): a commit id names its tree (the case file, its pieces, the
  project file), its first parent (the version it is compared with) and its
  author, date and subject, so the entries are a function of these ids. A new
  commit touching the case, an amended or rebased one, a rename: new ids,
  hence a new key.

What is not in the key, and why: the working tree (a log holds commits only;
who recorded each event of the current version, `recorded_by`, is not
cached), the as-of date (the whole log is kept; `caselog.up_to` applies a
date after the cache), the project and templates as they are now (a version is
read with the project file of its own commit).

An entry is read back only when its blob has its recorded SHA-256 and it
decodes to a list of log entries of the exact shape written (strings, an ISO
date with its offset, a tuple of strings); anything else is a miss and the log
is worked out again. Nothing is stored when the log cannot be worked out.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import caselog, history, versions
from .caselog import LogEntry
from .history import git_errors
from .. import __version__
from ..documents.cache import ContentCache, digest
from ..records.i18n import language
from ..records.package import tool_digest

SCHEMA = "case-log/1"   # a new format of entry: a new schema, hence new keys
_TEXT_FIELDS = ("commit", "author", "email", "subject")


class LogCache:
    """The timelines of the cases of one build, in `cache` (a ContentCache folder)."""

    def __init__(self, cache: ContentCache) -> None:
        self.cache = cache
        self.hits = self.misses = 0

    def key(self, root: Path, prefix: str, path: str, commits: list[str], seen: list[str]) -> str:
        """The key of one case's log (module docstring)."""
        return digest([SCHEMA, __version__, tool_digest(), language(), str(Path(root)), prefix, path,
                       list(commits), list(seen)])

    def get(self, key: str) -> list[LogEntry] | None:
        """The log kept under `key`, or None (absent, damaged, not a log)."""
        found = self.cache.get(key)
        if found is not None:
            entries = decode(found[0])
            if entries is not None:
                self.hits += 1
                return entries
        self.misses += 1
        return None

    def put(self, key: str, entries: list[LogEntry]) -> bool:
        """Keep a case's log; False when it is not kept (the folder cannot be written, or the round trip is not exact)."""
        blob = encode(entries)
        if decode(blob) != list(entries):
            return False
        return self.cache.put(key, blob, {"schema": SCHEMA})


def beside(documents) -> LogCache | None:
    """The cache of timelines in the folder of a per-case cache of documents (documents/case_cache.py `CaseCache`,
    build.py's `--cache`), or None without one."""
    return None if documents is None else LogCache(documents.cache)


def encode(entries: list[LogEntry]) -> bytes:
    """A log as JSON bytes."""
    rows = [{**{f: getattr(e, f) for f in _TEXT_FIELDS}, "date": e.date.isoformat(), "summaries": list(e.summaries)}
            for e in entries]
    return json.dumps({"schema": SCHEMA, "log": rows}, ensure_ascii=False, sort_keys=True).encode("utf-8")


def decode(blob: bytes) -> list[LogEntry] | None:
    """The log `encode` made, or None for anything else."""
    try:
        data = json.loads(blob.decode("utf-8"))
        if not isinstance(data, dict) or set(data) != {"schema", "log"} or data["schema"] != SCHEMA \
                or not isinstance(data["log"], list):
            return None
        out = []
        for row in data["log"]:
            if not isinstance(row, dict) or set(row) != {*_TEXT_FIELDS, "date", "summaries"}:
                return None
            texts = [row[f] for f in _TEXT_FIELDS] + [row["date"]] + list(row["summaries"]) \
                if isinstance(row["summaries"], list) else None
            if texts is None or not all(isinstance(t, str) for t in texts):
                return None
            date = dt.datetime.fromisoformat(row["date"])
            if date.tzinfo is None:
                return None
            out.append(LogEntry(row["commit"], row["author"], date, tuple(row["summaries"]), row["email"], row["subject"]))
        return out
    except (ValueError, TypeError, RecursionError):
        return None


@git_errors
def lookup(cache: LogCache, root: Path, case_ids: list[str]) -> tuple[dict[str, list[LogEntry]], dict[str, str]]:
    """The logs found in the cache (a case not committed, or not in the history: an empty log, as the site shows it), and the key
    of each case still to work out; from the one walk of the log, without reading a version."""
    root = Path(root)
    repo, prefix = history.open_repo(root)
    walk = versions.walk(repo, prefix, root)
    found: dict[str, list[LogEntry]] = {}
    missing: dict[str, str] = {}
    for case_id in case_ids:
        path = history.current_path(repo, prefix, root, case_id) if walk.commits else None
        if path is None:
            found[case_id] = []
            continue
        commits, seen = walk.touching(path)
        if not commits:
            found[case_id] = []   # not committed yet: nothing to work out
            continue
        key = cache.key(root, prefix, path, commits, seen)
        entries = cache.get(key)
        if entries is None:
            missing[case_id] = key
        else:
            found[case_id] = entries
    return found, missing


def case_logs(cache: LogCache, root: Path, case_ids: list[str]) -> dict[str, list[LogEntry]]:
    """`caselog.case_logs` of these cases through the cache: the cases not found are worked out together
    (their versions only) and kept. Raises `HistoryError` as `case_logs` does."""
    found, missing = lookup(cache, root, case_ids)
    if missing:
        made = caselog.case_logs(Path(root), list(missing))
        for case_id, key in missing.items():
            cache.put(key, made[case_id])
        found.update(made)
    return {case_id: found[case_id] for case_id in case_ids}
