"""Git access: the one module that talks to Git (through GitPython).

Everything else in `history/` asks Git its questions here and holds a
repository only as an opaque handle (`Repo`): opening the repository that holds
a claims folder, resolving revisions, the commit a build reads, blob ids, the
commits that touched a case file (renames followed), the paths changed between
two revisions, a revision's tree exported into a folder, a clone at a commit.
Where a case is written (``cases/x.yaml`` or ``cases/x/dossier.yaml``) is here
too, since finding a case in the history asks Git. Git failing becomes a
`HistoryError`: a message for the user, not a traceback.
"""
from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import git

from ..records.config import PROJECT_FILE
from ..records.load import CASES_DIR
from ..records.i18n import _

Repo = git.Repo   # the handle the other modules pass back here; they never import GitPython


class HistoryError(Exception):
    """Git could not answer (not a repository, unknown revision): a message for the user, not a traceback."""


def git_errors(fn):
    """Git failing under a public function (a shallow clone, a corrupt object) becomes a `HistoryError`."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except git.GitCommandError as exc:
            detail = (exc.stderr or "").strip().removeprefix("stderr:").strip(" '\n") or str(exc)
            raise HistoryError(_("git {command} failed: {detail}", command=exc.command[1] if len(exc.command) > 1 else '', detail=detail)) from None
    return wrapper


# ---------------------------------------------------------------- the repository

def open_repo(root: Path) -> tuple[git.Repo, str]:
    """The Git repository holding `root`, and `root`'s path inside it (``""`` or ``"sub/dir/"``)."""
    try:
        repo = git.Repo(Path(root), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError(_("{root}: not inside a Git repository (run `git init`)", root=root))
    top = Path(repo.working_tree_dir).resolve()
    rel = Path(root).resolve().relative_to(top).as_posix()
    return repo, "" if rel == "." else rel + "/"


def has_head(repo: git.Repo) -> bool:
    try:
        repo.head.commit
    except ValueError:
        return False
    return True


def head_sha(repo: git.Repo) -> str | None:
    """HEAD's commit id read from the refs (no object lookup), None before the first commit."""
    try:
        return git.SymbolicReference.dereference_recursive(repo, "HEAD")
    except (ValueError, OSError):
        return None


def resolve(repo: git.Repo, rev: str) -> git.Commit:
    try:
        return repo.commit(rev)
    except (git.BadName, ValueError, git.GitCommandError):
        raise HistoryError(_('unknown revision "{rev}"', rev=rev))


def commit_of(root: Path) -> str | None:
    """The HEAD commit id, with ``+dirty`` when tracked or new files differ from it; None outside Git."""
    try:
        repo, prefix = open_repo(root)
    except HistoryError:
        return None
    if not has_head(repo):
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


# ---------------------------------------------------------------- trees of commits

def has_path(repo: git.Repo, commit: str, prefix: str, rel: str) -> bool:
    """Whether `rel` (relative to the claims folder) exists in `commit`'s tree."""
    try:
        repo.commit(commit).tree / (prefix + rel)
    except KeyError:
        return False
    return True


def path_in(repo: git.Repo, commit: str, prefix: str, names: list[str]) -> str | None:
    """The first of `names` that exists in `commit`'s tree."""
    for rel in names:
        if has_path(repo, commit, prefix, rel):
            return rel
    return None


def first_parent(repo: git.Repo, commit: str) -> str | None:
    parents = repo.commit(commit).parents
    return parents[0].hexsha if parents else None


def export_tree(repo: git.Repo, prefix: str, commit: str, paths: list[str] | None, target: Path) -> None:
    """Write the claims folder as of `commit` (only `paths` in it, when given) into `target` (``git archive``)."""
    treeish = f"{commit}:{prefix.rstrip('/')}" if prefix else commit
    buf = io.BytesIO()
    try:
        repo.archive(buf, treeish=treeish, format="tar", path=paths)
    except git.GitCommandError:
        buf = io.BytesIO()   # the folder did not exist at that commit: an empty repository
    buf.seek(0)
    if buf.getbuffer().nbytes:
        with tarfile.open(fileobj=buf) as tar:
            tar.extractall(target, filter="data")


# ---------------------------------------------------------------- where a case is written

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


def candidates(case_id: str) -> list[str]:
    """Where a case may be written: its file, or its folder's project file."""
    return [f"{CASES_DIR}/{case_id}.yaml", f"{CASES_DIR}/{case_id}/{PROJECT_FILE}"]


def current_path(repo: git.Repo, prefix: str, root: Path, case_id: str) -> str | None:
    """Where the case is written now (working tree, else the last commit that had it)."""
    for rel in candidates(case_id):
        if (root / rel).is_file():
            return rel
    if not has_head(repo):
        return None
    for rel in candidates(case_id):
        out = repo.git.log("-1", "--format=%H", "--", prefix + rel)
        if out.strip():
            return rel
    return None


# ---------------------------------------------------------------- commits touching a case

_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"


def touching(repo: git.Repo, prefix: str, path: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """The commits touching the case file (renames followed), and every name it had, newest first.

    Each commit is (sha, author, email, ISO author date, subject)."""
    raw = repo.git.log("--follow", "-M", "--name-status", f"--format={_FORMAT}", "--", prefix + path)
    commits: list[tuple[str, ...]] = []
    seen: list[str] = []
    for block in raw.split("\x1e")[1:]:
        head, _unused, files = block.partition("\n")
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


@dataclass(frozen=True)
class LoggedCommit:
    """One commit of the single walk over the history: who, when, and the case files it changed."""

    sha: str
    author: str
    email: str
    date: str                            # ISO author date, with its offset
    subject: str
    changes: tuple[tuple[str, ...], ...]  # (status letter, path...) relative to the claims folder; R: (R, old, new)


def log_all(repo: git.Repo, prefix: str) -> list[LoggedCommit]:
    """Every commit that changed something under ``cases/``, newest first, with its changes: one `git log`
    for the whole repository (renames detected), however many cases and commits there are."""
    if not has_head(repo):
        return []
    raw = repo.git.log("-M", "--name-status", f"--format={_FORMAT}", "--", prefix + CASES_DIR + "/")
    out = []
    for block in raw.split("\x1e")[1:]:
        head, _, files = block.partition("\n")
        sha, author, email, date, subject = head.split("\x1f")
        changes = []
        for line in files.splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                changes.append((parts[0][:1], *(p[len(prefix):] if p.startswith(prefix) else p for p in parts[1:])))
        out.append(LoggedCommit(sha, author, email, date, subject, tuple(changes)))
    return out


def first_parents(repo: git.Repo) -> tuple[dict[str, str | None], dict[str, int]]:
    """Every commit's first parent (None for a root commit) and its rank in `git rev-list HEAD`: one call."""
    parents: dict[str, str | None] = {}
    order: dict[str, int] = {}
    if not has_head(repo):
        return parents, order
    for i, line in enumerate(repo.git.rev_list("--parents", "HEAD").splitlines()):
        shas = line.split()
        parents[shas[0]] = shas[1] if len(shas) > 1 else None
        order[shas[0]] = i
    return parents, order


def blob_lookup(repo: git.Repo, specs: list[str]) -> dict[str, str | None]:
    """``commit:path`` → the blob id there, None when there is no file: one `git cat-file --batch-check`."""
    specs = list(dict.fromkeys(specs))
    if not specs:
        return {}
    done = subprocess.run(["git", "cat-file", "--batch-check"], cwd=repo.working_tree_dir, capture_output=True,
                          input="\n".join(specs).encode("utf-8") + b"\n", check=True)
    out: dict[str, str | None] = {}
    for spec, line in zip(specs, done.stdout.decode("utf-8", "replace").splitlines()):
        parts = line.split()
        out[spec] = parts[0] if len(parts) == 3 and parts[1] == "blob" else None
    return out


def read_blobs(repo: git.Repo, oids: list[str]) -> dict[str, bytes]:
    """The bytes of each blob: one `git cat-file --batch`."""
    oids = list(dict.fromkeys(oids))
    if not oids:
        return {}
    done = subprocess.run(["git", "cat-file", "--batch"], cwd=repo.working_tree_dir, capture_output=True,
                          input=("\n".join(oids) + "\n").encode("ascii"), check=True)
    data, pos, out = done.stdout, 0, {}
    for oid in oids:
        end = data.index(b"\n", pos)
        parts = data[pos:end].split()
        pos = end + 1
        if len(parts) == 3:
            size = int(parts[2])
            out[oid] = data[pos:pos + size]
            pos += size + 1
    return out


def folder_changes(repo: git.Repo, prefix: str, rev_a: str, rev_b: str | None, folder: str) -> list[tuple[str, str]]:
    """(status letter, path relative to the claims folder) of each file of `folder` changed between
    two revisions (`rev_b` None: the working tree), renames not paired."""
    args = ["--name-status", "--no-renames", rev_a] + ([rev_b] if rev_b else []) + ["--", prefix + folder]
    out = []
    for line in repo.git.diff(*args).splitlines():
        status, _unused, name = line.partition("\t")
        out.append((status[:1], name[len(prefix):]))
    return out


# ---------------------------------------------------------------- two revisions

def default_base(repo: git.Repo) -> str | None:
    """The merge base of HEAD with the default branch (origin's HEAD, else main, else master); else HEAD."""
    if not has_head(repo):
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


def changed(repo: git.Repo, prefix: str, rev_a: str | None, rev_b: str | None) -> list[tuple[str | None, str | None]]:
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


# ---------------------------------------------------------------- rebuilding a past commit

@git_errors
def checkout(root: Path, commit: str, dest: Path) -> Path:
    """A clone of the repository at `commit` in `dest` (history included, for the timelines);
    returns the claims repository folder inside it. The user's repository is only read."""
    repo, prefix = open_repo(root)
    sha = resolve(repo, commit).hexsha
    clone = git.Repo.clone_from(repo.working_tree_dir, Path(dest), shared=True, no_checkout=True)
    try:
        clone.git.checkout("-q", "--detach", sha)
    except git.GitCommandError as exc:
        raise HistoryError(_("cannot check out {sha}: {strip}", sha=sha[:7], strip=exc.stderr.strip()))
    return Path(dest) / prefix
