"""The history read once: one `git log` for the whole repository, each case version loaded once.

The case timelines of a build used to ask Git per case (`git log --follow`, a
`git archive` of every revision): 20 claims with 15 commits each took 38 s.
A `Walk` reads the log of ``cases/`` once (`history.log_all`), the first parent
of every commit once, then the blobs of the versions it needs in one
`git cat-file --batch`; each version (blob, path, project blob) is validated
once. A version is loaded against the working tree's folder and kept only when
every piece it names is in that commit's tree too, so that it is valid exactly
when it was valid in its commit; any other version (invalid here, a missing
piece, a project that does not load) is read the exact, slower way: its
revision exported (`Snapshots`). A walk is kept per HEAD commit, so the
timelines of a build and the `log` of each case share it.
"""
from __future__ import annotations

from pathlib import Path

from . import history
from .history import LoggedCommit, Repo
from .snapshots import Snapshots
from ..records.config import PROJECT_FILE, read_project
from ..records.errors import Issue, Source, error
from ..records.i18n import _
from ..records.fields import decode
from ..records.load import load_case_text
from ..records.model import Case, Project

# The errors of a path checked against the disk (records/readers.py `piece`): their verdict depends on the tree.
_PATH_ERRORS = ("no such file", "expected a file, got a folder", "expected a path inside the repository",
                "cannot use the path")
_WALKS: dict[tuple[str, str, str], "Walk"] = {}


def walk(repo: Repo, prefix: str, root: Path) -> "Walk":
    """The walk of this repository at its HEAD (kept: a later call at the same HEAD reuses it)."""
    head = history.head_sha(repo) or ""
    key = (str(Path(repo.git_dir).resolve()), head, prefix)
    if key not in _WALKS:
        _WALKS.clear()
        _WALKS[key] = Walk(repo, prefix, Path(root))
    found = _WALKS[key]
    found.root = Path(root)
    return found


class Walk:
    """Commits touching ``cases/`` newest first, first parents, and the case versions, loaded once each."""

    def __init__(self, repo: Repo, prefix: str, root: Path):
        self.repo, self.prefix, self.root = repo, prefix, root
        self.commits: list[LoggedCommit] = history.log_all(repo, prefix)
        self.by_sha = {c.sha: c for c in self.commits}
        self.parents, self.order = history.first_parents(repo)
        self.blobs: dict[str, str | None] = {}                       # "sha:path" → blob id
        self._texts: dict[str, bytes] = {}
        self._projects: dict[str, tuple[Project | None, list[Issue]]] = {}
        self._loaded: dict[tuple[str, str, str], tuple[Case | None, list[Issue]]] = {}
        self._cases: dict[tuple[str | None, str], tuple[Case | None, list[Issue]]] = {}
        self.snaps: Snapshots | None = None
        self.prefetched = False
        self._index()

    # ------------------------------------------------------------ which commits
    def _index(self) -> None:
        """Where each name and each case folder appears in the walk (positions in `commits`)."""
        self._by_name: dict[str, list[int]] = {}
        self._by_folder: dict[str, list[int]] = {}
        for i, c in enumerate(self.commits):
            for change in c.changes:
                for name in change[1:]:
                    spots = self._by_name.setdefault(name, [])
                    if not spots or spots[-1] != i:
                        spots.append(i)
                    parts = name.split("/")
                    if len(parts) > 2:
                        spots = self._by_folder.setdefault(parts[0] + "/" + parts[1] + "/", [])
                        if not spots or spots[-1] != i:
                            spots.append(i)

    def touching(self, path: str) -> tuple[list[str], list[str]]:
        """As `git log --follow` of the case file: the commits touching it (renames followed), newest first,
        and every name it had; a folder case's commits include those that touched its pieces."""
        current, seen, commits, pos = path, [], [], 0
        while True:
            renamed = False
            for i in self._by_name.get(current, ()):
                if i < pos:
                    continue
                names_before = current
                for change in self.commits[i].changes:
                    names = change[1:]
                    if change[0] == "R" and len(names) == 2 and names[1] == names_before:
                        current, renamed = names[0], True
                    elif names_before not in names:
                        continue
                    for name in names[::-1]:
                        if name not in seen:
                            seen.append(name)
                commits.append(self.commits[i].sha)
                if renamed:
                    pos = i + 1
                    break
            if not renamed:
                break
        if path not in seen:
            seen.insert(0, path)
        folders = sorted({p.rsplit("/", 1)[0] + "/" for p in seen
                          if p.rsplit("/", 1)[-1] == PROJECT_FILE and p.count("/") == 2})
        if folders:
            known = set(commits)
            extra = {self.commits[i].sha for f in folders for i in self._by_folder.get(f, ())}
            if extra - known:
                commits = sorted(known | extra, key=lambda sha: self.order.get(sha, len(self.order)))
        return commits, seen

    def prefetch(self, paths: list[str]) -> None:
        """Read, once per walk, the versions of every case in `paths` (the working tree's): `log` asked
        case by case (the site's timelines) then costs no Git call per case."""
        if self.prefetched:
            return
        self.prefetched = True
        self.prepare([(sha, seen) for commits, seen in map(self.touching, paths) for sha in commits])

    # ------------------------------------------------------------ which files, read in batches
    def prepare(self, wanted: list[tuple[str, list[str]]]) -> None:
        """Look up, in one batch, the case files (every name in `seen`) and project file of each commit
        and of its first parent; read every blob found in one more."""
        specs = []
        for sha, seen in wanted:
            for rev in (sha, self.parents.get(sha)):
                if rev is not None:
                    specs += [f"{rev}:{self.prefix}{name}" for name in seen] + [f"{rev}:{self.prefix}{PROJECT_FILE}"]
        self._lookup(specs)
        self._texts.update(history.read_blobs(self.repo, [oid for oid in self.blobs.values()
                                                          if oid is not None and oid not in self._texts]))
        pieces = []   # the pieces each version names, looked up in its commit in one more batch
        for sha, seen in wanted:
            for rev in (sha, self.parents.get(sha)):
                for name in seen if rev is not None else ():
                    case = self._load(rev, name)
                    if case is not None:
                        pieces += [f"{rev}:{self.prefix}{piece}" for piece in _pieces(case)]
        self._lookup(pieces)

    def _lookup(self, specs: list[str]) -> None:
        missing = [s for s in dict.fromkeys(specs) if s not in self.blobs]
        self.blobs.update(history.blob_lookup(self.repo, missing))

    def _blob(self, rev: str, rel: str) -> str | None:
        spec = f"{rev}:{self.prefix}{rel}"
        if spec not in self.blobs:
            self._lookup([spec])
        return self.blobs[spec]

    def path_in(self, rev: str, names: list[str]) -> str | None:
        """The first of `names` that exists in `rev`'s tree."""
        return next((rel for rel in names if self._blob(rev, rel) is not None), None)

    def _text(self, oid: str) -> bytes:
        if oid not in self._texts:
            self._texts.update(history.read_blobs(self.repo, [oid]))
        return self._texts[oid]

    # ------------------------------------------------------------ versions
    def case(self, rev: str | None, path: str | None) -> tuple[Case | None, list[Issue]]:
        """The case written at `path` as of `rev` (as `Snapshots.case`), loaded once per version."""
        if path is None:
            return None, []
        if rev is None:
            return self._exact(rev, path)
        if (rev, path) not in self._cases:
            self._cases[(rev, path)] = self._case(rev, path)
        return self._cases[(rev, path)]

    def _case(self, rev: str, path: str) -> tuple[Case | None, list[Issue]]:
        project_oid = self._blob(rev, PROJECT_FILE)
        if project_oid is None:
            return None, [error(Source(PROJECT_FILE), _("no project file at this revision"))]
        oid = self._blob(rev, path)
        if oid is None:
            return None, [error(Source(path), _("no such case file at this revision"))]
        if self._load(rev, path) is None and self._project(project_oid) is None:
            return self._exact(rev, path)
        case, issues = self._loaded[(oid, path, project_oid)]
        if case is None and any(i.severity == "error" and any(p in i.message for p in _PATH_ERRORS) for i in issues):
            return self._exact(rev, path)    # a piece's check depends on the tree: the commit's, not this one
        if case is not None and any(self._blob(rev, piece) is None for piece in _pieces(case)):
            return self._exact(rev, path)
        return case, issues

    def _load(self, rev: str, path: str) -> Case | None:
        """The version at `rev` loaded against the working tree's folder (once per blob, path and project)."""
        project_oid, oid = self._blob(rev, PROJECT_FILE), self._blob(rev, path)
        if project_oid is None or oid is None:
            return None
        key = (oid, path, project_oid)
        if key not in self._loaded:
            project = self._project(project_oid)
            if project is None:
                return None
            text, issues = decode(self._text(oid), path)
            self._loaded[key] = load_case_text(text, path, project, self.root) if text is not None else (None, issues)
        return self._loaded[key][0]

    def _project(self, oid: str) -> Project | None:
        if oid not in self._projects:
            text, issues = decode(self._text(oid), PROJECT_FILE)
            self._projects[oid] = read_project(text, self.root) if text is not None else (None, issues)
        return self._projects[oid][0]

    def _exact(self, rev: str | None, path: str) -> tuple[Case | None, list[Issue]]:
        """The slow, exact way: the revision's tree exported and the case loaded there."""
        if self.snaps is None:
            with Snapshots(self.repo, self.prefix, self.root) as snaps:
                return snaps.case(rev, path)
        return self.snaps.case(rev, path)


def _pieces(case: Case) -> list[str]:
    """Every file a case names (repository-relative)."""
    out = list(case.contract.pieces) if case.contract is not None else []
    out += [i.piece for i in case.invoices if i.piece]
    out += [e.piece for e in case.events if getattr(e, "piece", None)]
    return out
