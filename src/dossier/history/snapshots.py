"""Revisions as folders: a commit's tree exported and loaded, never the working tree.

A revision is read as it was committed: its tree is exported (``git archive``,
through `history`) into a temporary folder and loaded there, so pieces are
checked against that tree. Each revision is exported once and each case and
project loaded once, however many questions the log or the diff asks.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from . import history
from .history import Repo
from ..records.config import PROJECT_FILE, read_project
from ..records.errors import Issue, Source, error
from ..records.fields import decode
from ..records.load import CASES_DIR, load_case_text
from ..records.model import Case, Project
from ..records.i18n import _


class Snapshots:
    """Trees of commits exported into one temporary folder, each loaded once (project included)."""

    def __init__(self, repo: Repo, prefix: str, root: Path):
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
            paths = [] if full else [p for p in (PROJECT_FILE, CASES_DIR)
                                     if history.has_path(self.repo, commit, self.prefix, p)]
            if full or paths:
                history.export_tree(self.repo, self.prefix, commit, paths or None, target)
            self._dirs[key] = target
        return self._dirs[key]

    def project(self, commit: str | None) -> tuple[Project | None, list[Issue]]:
        if commit not in self._projects:
            folder = self.folder(commit)
            file = folder / PROJECT_FILE
            if not file.is_file():
                self._projects[commit] = (None, [error(Source(PROJECT_FILE), _("no project file at this revision"))])
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
            return None, [error(Source(path), _("no such case file at this revision"))]
        text, issues = decode(file.read_bytes(), path)
        if text is None:
            return None, issues
        return load_case_text(text, path, project, folder)
