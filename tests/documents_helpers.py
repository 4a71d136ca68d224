"""Shared by the document tests: the fixture claims repositories, computed as of 2026-11-24."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from dossier.ladder import result as ladder_result
from dossier.documents import documents
from dossier.records.load import load_repository

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
AS_OF = dt.date(2026, 11, 24)


def copy_fixture(name: str, dest: Path) -> Path:
    root = dest / name
    shutil.copytree(FIXTURES / name, root)
    return root


def compute(root: Path, as_of: dt.date = AS_OF):
    """(project, [(case result, documents)]) of a claims repository."""
    repo, issues = load_repository(root)
    assert repo is not None, [str(i) for i in issues]
    out = []
    for r in ladder_result.compute_all(repo, as_of):
        docs = documents.documents_for(r.case, repo.project, r.statement, r.ladder, as_of, root)
        out.append((r, docs))
    return repo.project, out


def docs_of(root: Path, case_id: str, as_of: dt.date = AS_OF):
    project, results = compute(root, as_of)
    for r, docs in results:
        if r.case.id == case_id:
            return project, r, {d.name: d for d in docs}
    raise KeyError(case_id)
