"""Git as the record: the one module that talks to Git (through GitPython).

A case's history is the list of commits that touched its file (renames
followed, folder cases included), each said in plain French by comparing the
case records before and after (`semantic`). A revision is read as it was
committed, never from the working tree: its tree is exported (``git archive``)
into a temporary folder and loaded there, so pieces are checked against that
tree. `diff` compares two revisions (or a revision and the working tree) case
by case, records and computed figures on one as-of date, as Markdown.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import io
import posixpath
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import git

from . import semantic
from ..records.config import PROJECT_FILE, read_project
from ..records.errors import Issue, Source, error, has_errors
from ..records.fields import decode
from ..records.load import CASES_DIR, load_case_text
from ..records.model import Case, Project, Repository

WORKTREE = None  # the revision name of the working tree


@dataclass(frozen=True)
class LogEntry:
    """One commit that touched a case, with what it changed in plain French."""

    commit: str
    author: str
    date: dt.datetime              # the author date, with its UTC offset
    summaries: tuple[str, ...]
    email: str = ""
    subject: str = ""


class HistoryError(Exception):
    """Git could not answer (not a repository, unknown revision): a message for the user, not a traceback."""


def _git_errors(fn):
    """Git failing under a public function (a shallow clone, a corrupt object) becomes a `HistoryError`."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except git.GitCommandError as exc:
            detail = (exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n") or str(exc)
            raise HistoryError(f"git {exc.command[1] if len(exc.command) > 1 else ''} failed: {detail}") from None
    return wrapper


# ---------------------------------------------------------------- the repository

def open_repo(root: Path) -> tuple[git.Repo, str]:
    """The Git repository holding `root`, and `root`'s path inside it (``""`` or ``"sub/dir/"``)."""
    try:
        repo = git.Repo(Path(root), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(f"{root}: not inside a Git repository (run `git init`)")
    top = Path(repo.working_tree_dir).resolve()
    rel = Path(root).resolve().relative_to(top).as_posix()
    return repo, "" if rel == "." else rel + "/"


def _has_head(repo: git.Repo) -> bool:
    try:
        repo.head.commit
    except ValueError:
        return False
    return True


def resolve(repo: git.Repo, rev: str) -> git.Commit:
    try:
        return repo.commit(rev)
    except (git.BadName, ValueError, git.GitCommandError):
        raise HistoryError(f'unknown revision "{rev}"')


def commit_of(root: Path) -> str | None:
    """The HEAD commit id, with ``+dirty`` when tracked or new files differ from it; None outside Git."""
    try:
        repo, prefix = open_repo(root)
    except HistoryError:
        return None
    if not _has_head(repo):
        return None
    sha = repo.head.commit.hexsha
    dirty = repo.git.status("--porcelain", "--untracked-files=normal", "--", prefix or ".")
    return sha + ("+dirty" if dirty.strip() else "")


def blob_ids(root: Path, paths: list[str]) -> dict[str, str]:
    """Git blob ids (``git hash-object`` of the file as it is now) of the files among `paths`, by path."""
    root = Path(root)
    out = {}
    for rel in sorted(set(paths)):
        file = root / rel
        if file.is_file():
            data = file.read_bytes()
            out[rel] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    return out


# ---------------------------------------------------------------- revisions as folders

class Snapshots:
    """Trees of commits exported into one temporary folder, each loaded once (project included)."""

    def __init__(self, repo: git.Repo, prefix: str, root: Path):
        self.repo, self.prefix, self.root = repo, prefix, Path(root)
        self._tmp = tempfile.TemporaryDirectory(prefix="dossier-rev-")
        self._dirs: dict[str, Path] = {}
        self._projects: dict[str | None, tuple[Project | None, list[Issue]]] = {}
        self._cases: dict[tuple[str | None, str], tuple[Case | None, list[Issue]]] = {}

    def __enter__(self) -> "Snapshots":
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()

    def folder(self, commit: str | None, full: bool = False) -> Path:
        """The claims repository as of `commit` (None: the working tree itself).

        By default only the project file and ``cases/`` are exported (file creation is what
        costs); `full` exports the whole tree, for pieces kept elsewhere in the repository."""
        if commit is None:
            return self.root
        key = commit + ("+full" if full else "")
        if key not in self._dirs:
            target = Path(self._tmp.name) / key
            target.mkdir()
            treeish = f"{commit}:{self.prefix.rstrip('/')}" if self.prefix else commit
            paths = [] if full else [p for p in (PROJECT_FILE, CASES_DIR) if self._exists(commit, p)]
            if full or paths:
                buf = io.BytesIO()
                try:
                    self.repo.archive(buf, treeish=treeish, format="tar", path=paths or None)
                except git.GitCommandError:
                    buf = io.BytesIO()   # the folder did not exist at that commit: an empty repository
                buf.seek(0)
                if buf.getbuffer().nbytes:
                    with tarfile.open(fileobj=buf) as tar:
                        tar.extractall(target, filter="data")
            self._dirs[key] = target
        return self._dirs[key]

    def _exists(self, commit: str, rel: str) -> bool:
        try:
            self.repo.commit(commit).tree / (self.prefix + rel)
        except KeyError:
            return False
        return True

    def project(self, commit: str | None) -> tuple[Project | None, list[Issue]]:
        if commit not in self._projects:
            folder = self.folder(commit)
            file = folder / PROJECT_FILE
            if not file.is_file():
                self._projects[commit] = (None, [error(Source(PROJECT_FILE), "no project file at this revision")])
            else:
                text, issues = decode(file.read_bytes(), PROJECT_FILE)
                self._projects[commit] = read_project(text, folder) if text is not None else (None, issues)
        return self._projects[commit]

    def case(self, commit: str | None, path: str | None) -> tuple[Case | None, list[Issue]]:
        """The case written at `path` (repository-relative) as of `commit`; None and the issues when invalid."""
        if path is None:
            return None, []
        if (commit, path) not in self._cases:
            self._cases[(commit, path)] = self._case(commit, path)
        return self._cases[(commit, path)]

    def _case(self, commit: str | None, path: str) -> tuple[Case | None, list[Issue]]:
        project, issues = self.project(commit)
        if project is None:
            return None, issues
        case, issues = self._load(commit, path, project, full=False)
        if case is None and commit is not None and any(i.severity == "error" for i in issues):
            case, issues = self._load(commit, path, project, full=True)   # a piece kept outside cases/?
        return case, issues

    def _load(self, commit: str | None, path: str, project: Project, full: bool) -> tuple[Case | None, list[Issue]]:
        folder = self.folder(commit, full)
        file = folder / path
        if not file.is_file():
            return None, [error(Source(path), "no such case file at this revision")]
        text, issues = decode(file.read_bytes(), path)
        if text is None:
            return None, issues
        return load_case_text(text, path, project, folder)


def case_paths(folder: Path) -> dict[str, str]:
    """Case id → repository-relative case file, as in the loader (``cases/x.yaml``, ``cases/x/dossier.yaml``)."""
    base = folder / CASES_DIR
    out: dict[str, str] = {}
    if not base.is_dir():
        return out
    for entry in sorted(base.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and (entry / PROJECT_FILE).is_file():
            out.setdefault(entry.name, f"{CASES_DIR}/{entry.name}/{PROJECT_FILE}")
        elif entry.is_file() and entry.name.endswith(".yaml"):
            out.setdefault(entry.name[:-5], f"{CASES_DIR}/{entry.name}")
    return out


def _candidates(case_id: str) -> list[str]:
    return [f"{CASES_DIR}/{case_id}.yaml", f"{CASES_DIR}/{case_id}/{PROJECT_FILE}"]


# ---------------------------------------------------------------- log

_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"


@_git_errors
def case_log(root: Path, case_id: str) -> list[LogEntry]:
    """Every commit that touched the case, newest first, each with its plain-French summaries.

    Raises `HistoryError` outside Git, or for a case neither in the working tree nor in the history."""
    repo, prefix = open_repo(root)
    if _current_path(repo, prefix, Path(root), case_id) is None:
        raise HistoryError(f'no case "{case_id}" in {CASES_DIR}/ nor in its history')
    return case_logs(root, [case_id])[case_id]


def case_logs(root: Path, case_ids: list[str]) -> dict[str, list[LogEntry]]:
    """`case_log` of several cases at once, each revision exported once (the site's timelines);
    a case not committed yet has an empty log."""
    return {case_id: list(h.log) for case_id, h in case_histories(root, case_ids).items()}


@dataclass(frozen=True)
class CaseHistory:
    """A case's log, and who wrote each event of its journal as it is now."""

    log: tuple[LogEntry, ...]                 # newest first
    recorded_by: tuple[LogEntry | None, ...]  # one per event of the current version; None: not committed yet


@_git_errors
def case_histories(root: Path, case_ids: list[str]) -> dict[str, CaseHistory]:
    """Logs and event authorship of several cases, each revision exported once.

    The current version is the working tree's (else the last committed one). An
    event is credited to the commit that wrote it in its present form: an event
    edited later is credited to the edit."""
    repo, prefix = open_repo(root)
    root = Path(root)
    out: dict[str, CaseHistory] = {}
    with Snapshots(repo, prefix, root) as snaps:
        for case_id in case_ids:
            path = _current_path(repo, prefix, root, case_id) if _has_head(repo) else None
            entries: list[LogEntry] = []
            versions: list[Case | None] = []
            if path is not None:
                entries, versions = _log(repo, prefix, snaps, path)
            live = next((rel for rel in _candidates(case_id) if (root / rel).is_file()), None)
            current = snaps.case(None, live)[0] if live else None
            out[case_id] = CaseHistory(tuple(entries), _credit(entries, versions, current))
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


def _log(repo: git.Repo, prefix: str, snaps: Snapshots, path: str) -> tuple[list[LogEntry], list[Case | None]]:
    """The log entries of a case file, newest first, and the case as each commit left it."""
    commits, seen = _touching(repo, prefix, path)
    entries, versions = [], []
    for sha, author, email, date, subject in commits:
        commit = repo.commit(sha)
        parent = commit.parents[0].hexsha if commit.parents else None
        after_path = _path_in(commit, prefix, seen)
        before_path = _path_in(commit.parents[0], prefix, seen) if parent else None
        summaries = _summaries(snaps, repo, prefix, parent, before_path, sha, after_path)
        entries.append(LogEntry(sha, author, dt.datetime.fromisoformat(date), tuple(summaries), email, subject))
        versions.append(snaps.case(sha, after_path)[0])
    return entries, versions


def _current_path(repo: git.Repo, prefix: str, root: Path, case_id: str) -> str | None:
    """Where the case is written now (working tree, else the last commit that had it)."""
    for rel in _candidates(case_id):
        if (root / rel).is_file():
            return rel
    if not _has_head(repo):
        return None
    for rel in _candidates(case_id):
        out = repo.git.log("-1", "--format=%H", "--", prefix + rel)
        if out.strip():
            return rel
    return None


def _touching(repo: git.Repo, prefix: str, path: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The commits touching the case file (renames followed), and every name it had, newest first."""
    raw = repo.git.log("--follow", "-M", "--name-status", f"--format={_FORMAT}", "--", prefix + path)
    commits: list[tuple[str, ...]] = []
    seen: list[str] = []
    for block in raw.split("\x1e")[1:]:
        head, _, files = block.partition("\n")
        commits.append(tuple(head.split("\x1f")))
        for line in files.splitlines():
            parts = line.split("\t")
            for name in parts[1:][::-1]:
                rel = name[len(prefix):] if name.startswith(prefix) else name
                if rel not in seen:
                    seen.append(rel)
    if path not in seen:
        seen.insert(0, path)
    folders = sorted({posixpath.dirname(p) for p in seen if posixpath.basename(p) == PROJECT_FILE and p.count("/") == 2})
    if folders:   # a folder case: pieces beside the file count too
        raw = repo.git.log(f"--format={_FORMAT}", "--", *[prefix + f + "/" for f in folders])
        known = {c[0] for c in commits}
        extra = [tuple(b.split("\n")[0].split("\x1f")) for b in raw.split("\x1e")[1:]]
        if any(c[0] not in known for c in extra):
            order = {sha: i for i, sha in enumerate(repo.git.rev_list("HEAD").split())}
            merged = {c[0]: c for c in commits + extra}
            commits = sorted(merged.values(), key=lambda c: order.get(c[0], len(order)))
    return commits, seen


def _path_in(commit: git.Commit, prefix: str, names: list[str]) -> str | None:
    for rel in names:
        try:
            commit.tree / (prefix + rel)
        except KeyError:
            continue
        return rel
    return None


def _summaries(snaps: Snapshots, repo: git.Repo, prefix: str, rev_a: str | None, path_a: str | None,
               rev_b: str | None, path_b: str | None) -> list[str]:
    """What changed in one case between two revisions, in French; never empty."""
    before, issues_a = snaps.case(rev_a, path_a) if rev_a or path_a else (None, [])
    after, issues_b = snaps.case(rev_b, path_b)
    if path_b is None and path_a is not None:
        return ["dossier supprimé"]
    if after is None:
        first = next((i for i in issues_b if i.severity == "error"), None)
        return [f"version non valide : {first}" if first else "version non valide"]
    if before is None and path_a is not None and has_errors(issues_a):
        return ["dossier corrigé : il est de nouveau valide"]
    out = semantic.case_changes(before, after)
    if out:
        return out
    pieces = _piece_changes(repo, prefix, rev_a, rev_b, path_b)
    return pieces or ["mise en forme ou commentaires modifiés, aucune donnée changée"]


def _piece_changes(repo: git.Repo, prefix: str, rev_a: str | None, rev_b: str | None, path: str) -> list[str]:
    """For a folder case: pieces added, replaced or removed beside the case file."""
    if posixpath.basename(path) != PROJECT_FILE or rev_a is None:
        return []
    folder = prefix + posixpath.dirname(path) + "/"
    args = ["--name-status", "--no-renames", rev_a] + ([rev_b] if rev_b else []) + ["--", folder]
    words = {"A": "pièce ajoutée", "M": "pièce remplacée", "D": "pièce retirée"}
    out = []
    for line in repo.git.diff(*args).splitlines():
        status, _, name = line.partition("\t")
        rel = name[len(prefix):]
        if posixpath.basename(rel) != PROJECT_FILE and status[:1] in words:
            out.append(f"{words[status[:1]]} : {rel}")
    return out


# ---------------------------------------------------------------- diff

def default_base(repo: git.Repo) -> str | None:
    """The merge base of HEAD with the default branch (origin's HEAD, else main, else master); else HEAD."""
    if not _has_head(repo):
        return None
    names = []
    try:
        names.append(repo.git.symbolic_ref("-q", "--short", "refs/remotes/origin/HEAD").strip())
    except git.GitCommandError:
        pass
    names += ["origin/main", "origin/master", "main", "master"]
    for name in names:
        try:
            repo.commit(name)
        except (git.BadName, ValueError, git.GitCommandError):
            continue
        try:
            return repo.git.merge_base("HEAD", name).strip()
        except git.GitCommandError:
            continue
    return repo.head.commit.hexsha


def _changed(repo: git.Repo, prefix: str, rev_a: str | None, rev_b: str | None) -> list[tuple[str | None, str | None]]:
    """Changed paths between two revisions (None: the working tree), renames paired."""
    scope = prefix or "."
    pairs: list[tuple[str | None, str | None]] = []
    if rev_a is None:   # no commit yet: everything is new
        files = repo.git.ls_files("--cached", "--others", "--exclude-standard", "--", scope).splitlines()
        pairs = [(None, f) for f in files]
    else:
        args = ["--name-status", "-M", rev_a] + ([rev_b] if rev_b else []) + ["--", scope]
        for line in repo.git.diff(*args).splitlines():
            parts = line.split("\t")
            status = parts[0][:1]
            if status == "R":
                pairs.append((parts[1], parts[2]))
            elif status == "A":
                pairs.append((None, parts[1]))
            elif status == "D":
                pairs.append((parts[1], None))
            else:
                pairs.append((parts[1], parts[1]))
        if rev_b is None:
            new = repo.git.ls_files("--others", "--exclude-standard", "--", scope).splitlines()
            pairs += [(None, f) for f in new]
    strip = (lambda p: p[len(prefix):] if p is not None and p.startswith(prefix) else p)
    return [(strip(a), strip(b)) for a, b in pairs]


def _shared(rel: str, ids: set[str]) -> bool:
    """A change that may move every case: the project file, or a file of cases/ that is no case's
    (shared pieces). Other files (a README, CI, code) change nothing dossier computes."""
    return rel == PROJECT_FILE or (rel.startswith(CASES_DIR + "/") and _case_of(rel, ids) is None)


def _case_of(rel: str | None, ids: set[str]) -> str | None:
    """The case id a changed path belongs to (a case file, or any file of a folder case)."""
    if rel is None:
        return None
    parts = rel.split("/")
    if parts[0] != CASES_DIR or len(parts) < 2:
        return None
    if len(parts) == 2:
        return parts[1][:-5] if parts[1].endswith(".yaml") and parts[1][:-5] in ids else None
    return parts[1] if parts[1] in ids else None


@_git_errors
def diff(root: Path, as_of: dt.date, rev_a: str | None = None, rev_b: str | None = None) -> str:
    """Markdown for a pull request: each case changed between `rev_a` (default: the merge base with the
    default branch) and `rev_b` (default: the working tree), its record changes and its figures on `as_of`."""
    repo, prefix = open_repo(root)
    root = Path(root)
    a = resolve(repo, rev_a).hexsha if rev_a else default_base(repo)
    b = resolve(repo, rev_b).hexsha if rev_b else WORKTREE
    label_a = _label(rev_a, a) if a else "aucun commit"
    label_b = _label(rev_b, b) if b else "arbre de travail"
    pairs = _changed(repo, prefix, a, b)
    diffs = []
    with Snapshots(repo, prefix, root) as snaps:
        ids_a = case_paths(snaps.folder(a)) if a else {}
        ids_b = case_paths(snaps.folder(b))
        renamed = {}
        for pa, pb in pairs:
            ca, cb = _case_of(pa, set(ids_a)), _case_of(pb, set(ids_b))
            if ca and cb and ca != cb and ids_a.get(ca) == pa and ids_b.get(cb) == pb:
                renamed[cb] = ca
        direct = {c for pa, pb in pairs for c in (_case_of(pa, set(ids_a)), _case_of(pb, set(ids_b))) if c}
        shared = any(_shared(p, set(ids_a) | set(ids_b)) for pair in pairs for p in pair if p)
        touched = direct | (set(ids_a) | set(ids_b) if shared else set())
        gone_to = {old: new for new, old in renamed.items()}
        for case_id in sorted(touched):
            if case_id in gone_to and case_id not in ids_b:
                continue   # reported under its new name
            old_id = renamed.get(case_id, case_id)
            pa, pb = ids_a.get(old_id), ids_b.get(case_id)
            if not pa and not pb:
                continue
            before, issues_a = snaps.case(a, pa) if a else (None, [])
            after, issues_b = snaps.case(b, pb)
            problems = []
            if pa and before is None:
                problems.append("avant : " + _first_error(issues_a))
            if pb and after is None:
                problems.append("après : " + _first_error(issues_b))
            ja = _figures(snaps, a, before, as_of)
            jb = _figures(snaps, b, after, as_of)
            summaries = [] if problems else semantic.case_changes(before, after)
            if case_id not in direct and old_id not in direct and not summaries and not problems and ja == jb:
                continue   # a shared change (the project file…) that changes nothing here
            debtor = (after or before).debtor.name if (after or before) else ""
            diffs.append(semantic.CaseDiff(case_id, debtor, tuple(summaries), ja, jb, tuple(problems)))
    return semantic.diff_markdown(diffs, label_a, label_b, as_of)


def _figures(snaps: Snapshots, rev: str | None, case: Case | None, as_of: dt.date) -> dict | None:
    """The docs/format.md JSON of a case computed on `as_of` with the project of its own revision."""
    from ..ladder.result import case_json, compute_case

    if case is None:
        return None
    project, _ = snaps.project(rev)
    return case_json(compute_case(Repository(project, (case,)), case, as_of))


def _first_error(issues: list[Issue]) -> str:
    first = next((i for i in issues if i.severity == "error"), None)
    return f"non valide ({first})" if first else "non valide"


def _label(given: str | None, sha: str) -> str:
    short = sha[:7]
    return f"{given} ({short})" if given and not sha.startswith(given) else short


# ---------------------------------------------------------------- rebuilding a past commit

@_git_errors
def checkout(root: Path, commit: str, dest: Path) -> Path:
    """A clone of the repository at `commit` in `dest` (history included, for the timelines);
    returns the claims repository folder inside it. The user's repository is only read."""
    repo, prefix = open_repo(root)
    sha = resolve(repo, commit).hexsha
    clone = git.Repo.clone_from(repo.working_tree_dir, Path(dest), shared=True, no_checkout=True)
    try:
        clone.git.checkout("-q", "--detach", sha)
    except git.GitCommandError as exc:
        raise HistoryError(f"cannot check out {sha[:7]}: {exc.stderr.strip()}")
    return Path(dest) / prefix
