"""The index of `dossier status` and `dossier due`: what a previous run computed, reused while its inputs are unchanged.

Computing every case (loading its YAML, the ledger, the ladder) costs about 0.65 ms of CPU; at 10 000 claims
`status` took 6.5 s. The index keeps, for each case file, what the two commands print of it: its `status` row,
its `status --json` object, its agenda lines (`agenda.case_lines`, whatever `--days`), and what the checks
across cases need (its invoice numbers). A run reads the case files as bytes, and computes again only those
whose bytes, or the pieces they name, changed.

What an entry is valid for, and how it is checked (docs/performance.md, "The index"):
- the whole index is keyed by the tool (its version, the SHA-256 of the package's files, the versions of
  Python, Babel and PyYAML), the language, the as-of date, the repository's folder, the project file's
  bytes and the templates folder; any change of one of them, or a piece the project file names that is
  no longer a file, discards every entry;
- an entry is keyed by the SHA-256 of its case file's bytes; the pieces it names must still be files inside
  the repository.
The index only holds cases without an error, and is written only by a run without one: a run that meets
an error (in a case, across cases, in the project file) runs the whole computation (`build.load_and_compute`)
and reports exactly what it reports; so the output of a run with the index is the output without it. A
corrupt, foreign or old index is ignored and rewritten; one that cannot be written (a read-only repository)
is only not written. It lives in ``.dossier-cache/index/`` with a ``.gitignore`` of its own (nothing to commit).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass, fields, is_dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .ladder.agenda import CaseLines, case_lines
from .ladder.status import Row, status_row
from .records.errors import Issue, Source, has_errors
from .records.i18n import language
from .records.package import tool_digest
from .index_file import FORMAT, ITEM_FIELDS, VERSION, decoded_lines, item_json, read_index, write_index

INDEX_DIR = Path(".dossier-cache") / "index"
INDEX_FILE, JSON_FILE = "status.json", "cases.json"
PIECE_FIELDS = ("piece", "pieces", "kbis")   # the model's fields holding piece paths (tests/test_index.py checks)


@dataclass(frozen=True)
class Portfolio:
    """What `status` and `due` print of every case, in case id order."""

    rows: list[Row]
    cases_json: list[dict[str, Any]]
    lines: list[CaseLines]
    computed: int = 0     # cases computed by this run (the others came from the index)


def portfolio(root: Path, as_of: dt.date, use_index: bool = True,
              want_json: bool = False) -> tuple[Portfolio | None, list[Issue]]:
    """Every case's status row, agenda lines (and `status --json` object, if `want_json`) on `as_of`; None and the
    issues when there is an error. With `use_index`, unchanged cases come from the index, brought up to date."""
    root = Path(root)
    if use_index:
        for trust in (True, False):   # an index that does not read as written is ignored, and rewritten
            try:
                found = _indexed(root, as_of, trust, want_json)
            except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
                continue
            if found is not None:
                return found, []
            break
    from .build import load_and_compute

    repo, results, issues = load_and_compute(root, as_of)
    if repo is None:
        return None, issues
    return Portfolio([status_row(r) for r in results], [_case_json(r) for r in results] if want_json else [],
                     [case_lines(r.case, r.ladder, r.statement, as_of) for r in results], len(results)), issues


def _case_json(result: Any) -> dict[str, Any]:
    from .ladder.result import case_json

    return case_json(result)


# --- the run through the index ----------------------------------------------------------------------------


def _indexed(root: Path, as_of: dt.date, trust: bool = True, want_json: bool = False) -> Portfolio | None:
    """The portfolio from the index and the changed cases; None when the whole computation must say it.

    The `status --json` objects are in a file of their own (`JSON_FILE`), read only when they are wanted."""
    from .records.load import case_files

    paths, listing = case_files(root)
    if has_errors(listing) or os.path.islink(root / "cases"):
        return None
    key = global_key(root, as_of)
    folder = root / INDEX_DIR
    stored = read_index(folder / INDEX_FILE, key) if trust else None
    pieces = _Pieces(root)
    if stored is not None and not (isinstance(stored.get("project_pieces"), list) and pieces.all_ok(stored["project_pieces"])):
        stored = None
    old = stored["cases"] if stored is not None else {}
    old_json = (read_index(folder / JSON_FILE, key) or {"cases": {}})["cases"] if want_json and stored is not None else {}
    entries: dict[str, dict[str, Any]] = {}
    todo: list[tuple[str, bytes, str]] = []
    for rel in paths:
        data = _plain_bytes(root, rel)
        if data is None:
            return None   # a link, a pipe, too large: read the exact way, which says why
        sha = hashlib.sha256(data).hexdigest()
        entry = old.get(rel)
        if (entry is not None and entry["sha"] == sha and pieces.all_ok(entry["pieces"])
                and (not want_json or old_json.get(rel, {}).get("sha") == sha)):
            entries[rel] = entry
        else:
            todo.append((rel, data, sha))
    project_pieces = stored["project_pieces"] if stored is not None else None
    new_json: dict[str, dict[str, Any]] = {}
    if todo or project_pieces is None:
        project, project_pieces = _project(root, as_of, checked=stored is not None)
        if project is None:
            return None
        for rel, data, sha in todo:
            computed = _compute(root, rel, data, sha, project, as_of)
            if computed is None:
                return None
            entries[rel], new_json[rel] = computed
    if _duplicates(entries.values()):
        return None
    ordered = [entries[rel] for rel in paths]
    if todo or stored is None or old.keys() != entries.keys():
        write_index(folder / INDEX_FILE, key, {"project_pieces": project_pieces, "cases": entries})
        kept = old_json if want_json else (read_index(folder / JSON_FILE, key) or {"cases": {}})["cases"] if stored else {}
        jsons = {rel: kept[rel] for rel in paths if rel in kept and kept[rel].get("sha") == entries[rel]["sha"]}
        write_index(folder / JSON_FILE, key, {"cases": {**jsons, **new_json}})
    json_of = {**old_json, **new_json}
    return Portfolio([tuple(e["row"]) for e in ordered],   # type: ignore[misc]
                     [json_of[rel]["json"] for rel in paths] if want_json else [],
                     decoded_lines([e["lines"] for e in ordered]), len(todo))


def _project(root: Path, as_of: dt.date, checked: bool) -> tuple[Any, list[str] | None]:
    """The project, and the pieces it names; None when it, or a check of the whole portfolio, has an error.

    `checked`: the index was valid for the same key, so the checks of the project, its scenarios, the
    rate tables and the templates passed with these very inputs, and are not run again."""
    from .records.config import load_project

    project, issues = load_project(root)
    if project is None or has_errors(issues):
        return None, None
    if not checked:
        from .documents import render
        from .ladder import guardrails
        from .law import rates

        issues += guardrails.validate_scenarios(project) + rates.load_tables(project)[1] + render.check_templates(root)
        issues += rates.unconfirmed_issues(project, as_of)
        if has_errors(issues):
            return None, None
    return project, sorted(set(pieces_of(project)))


def _compute(root: Path, rel: str, data: bytes, sha: str, project: Any,
             as_of: dt.date) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The entry of one case file and its `status --json` object, computed as `load_and_compute` computes them;
    None on any error."""
    from .records import fields as f
    from .records.load import _load_case
    from .records.model import Repository
    from .ladder.result import compute_case

    text, issues = f.decode(data, rel)
    if text is None or issues:
        return None
    loaded = _load_case(text, rel, project, root)
    if loaded.case is None or has_errors(loaded.issues):
        return None
    try:
        result = compute_case(Repository(project=project, cases=(loaded.case,)), loaded.case, as_of)
    except Exception:   # noqa: BLE001 — compute_checked makes it an error at the file: the whole run says it
        return None
    if has_errors(result.issues):
        return None
    lines = case_lines(result.case, result.ladder, result.statement, as_of)
    return ({"sha": sha, "pieces": sorted(set(pieces_of(loaded.case))),
             "numbers": sorted([n.creditor, n.number] for n in loaded.numbers), "row": list(status_row(result)),
             "lines": {"actions": [[order, item_json(i)] for order, i in lines.actions],
                       "watched": [item_json(i) for i in lines.watched]}},
            {"sha": sha, "json": _case_json(result)})


def _duplicates(entries: Iterable[dict[str, Any]]) -> bool:
    """An invoice number of one creditor in two case files (`load.duplicate_numbers`: an error)."""
    seen: dict[tuple[str, str], int] = {}
    for n, entry in enumerate(entries):
        for creditor, number in entry["numbers"]:
            if seen.setdefault((creditor, number), n) != n:
                return True
    return False


# --- what the key holds -----------------------------------------------------------------------------------


def global_key(root: Path, as_of: dt.date) -> str:
    """The SHA-256 of every input shared by all cases (see the module's docstring)."""
    import babel
    import yaml

    parts = [FORMAT, VERSION, ITEM_FIELDS, __version__, tool_digest(), sys.version, babel.__version__, yaml.__version__,
             language(), as_of.isoformat(), str(root.resolve()),
             _file_digest(root / "dossier.yaml"), _templates_digest(root / "templates")]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _templates_digest(folder: Path) -> list[Any]:
    """Each entry of templates/ (as `render.check_templates` walks it): its name, where it leads, its bytes."""
    if not os.path.lexists(folder):
        return []
    out: list[Any] = [os.path.realpath(folder)]
    for path in sorted(folder.rglob("*")):
        out.append([path.relative_to(folder).as_posix(), path.is_symlink(), os.path.realpath(path),
                    _file_digest(path) if path.is_file() else None])
    return out


def pieces_of(record: Any) -> list[str]:
    """Every piece path a record names (its fields `PIECE_FIELDS`, at any depth)."""
    found: list[str] = []
    stack = [record]
    while stack:
        value = stack.pop()
        if isinstance(value, (tuple, list)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif not isinstance(value, _LEAVES) and is_dataclass(value):
            for name in _field_names(type(value)):
                inner = getattr(value, name)
                if name in PIECE_FIELDS:
                    found += [inner] if isinstance(inner, str) else [p for p in inner or () if isinstance(p, str)]
                elif not isinstance(inner, _LEAVES):
                    stack.append(inner)
    return found


_LEAVES = (str, int, float, Decimal, dt.date, type(None), Source)   # nothing below them names a piece


@lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(fld.name for fld in fields(cls))


class _Pieces:
    """`readers.piece`'s verdict on a path: a file inside the repository, links resolved; each path asked once."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.inside = os.path.join(os.path.realpath(root), "")
        self.known: dict[str, bool] = {}

    def ok(self, rel: str) -> bool:
        known = self.known.get(rel)
        if known is None:
            try:
                real = os.path.realpath(os.path.join(self.root, rel))
                known = real.startswith(self.inside) and os.path.isfile(real)
            except (OSError, ValueError):
                known = False
            self.known[rel] = known
        return known

    def all_ok(self, rels: Iterable[str]) -> bool:
        return all(self.ok(rel) for rel in rels)


def _plain_bytes(root: Path, rel: str) -> bytes | None:
    """The bytes of a case file that is a regular file in a real folder, at most `MAX_FILE_BYTES`; else None."""
    from .records.fields import MAX_FILE_BYTES

    folder = os.path.dirname(rel)
    if folder != "cases" and not stat.S_ISDIR(os.lstat(root / folder).st_mode):
        return None
    if not stat.S_ISREG(os.lstat(root / rel).st_mode):
        return None
    with open(root / rel, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return data if len(data) <= MAX_FILE_BYTES else None
