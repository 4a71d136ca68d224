"""The court bundles made in worker processes, one case per task: the same files and findings as one after the other."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from dossier import build
from dossier.documents import writing

from conftest import tree

AS_OF = dt.date(2026, 11, 24)


def test_bundles_in_the_pool_are_those_made_one_after_the_other(demo_repo: Path, tmp_path: Path):
    repo, results, _issues = build.load_and_compute(demo_repo, AS_OF)
    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    serial.mkdir()
    _written, issues, by_case = writing.build_documents(repo.project, results, AS_OF, serial, demo_repo, pdf=True, processes=2)
    assert not [i for i in issues if i.severity == "error"]
    shutil.copytree(serial, pooled)
    n_serial, found_serial = build._bundles(repo, results, by_case, AS_OF, serial, demo_repo, jobs=1)
    n_pooled, found_pooled = build._bundles(repo, results, by_case, AS_OF, pooled, demo_repo, jobs=2)
    bundles = {rel for rel in tree(pooled) if "/injonction/" in rel}
    assert len({rel.split("/")[1] for rel in bundles}) == 4   # four cases of the demo have their court bundle
    assert n_pooled == n_serial == len(bundles)
    assert tree(pooled) == tree(serial)
    assert [str(i) for i in found_pooled] == [str(i) for i in found_serial]
    assert sorted({i.code for i in found_pooled}) == ["court-missing", "draft-provisional-rate", "kbis-missing",
                                                      "prescription-near", "small-claims-too-late"]


def test_a_bundle_that_fails_in_a_worker_is_an_error_at_its_case(demo_repo: Path, monkeypatch):
    repo, results, _issues = build.load_and_compute(demo_repo, AS_OF)
    from dossier.court import bundle

    real = bundle.build_bundle

    def broken(case, *args, **kwargs):
        if case.id == "2026-014-dupont":
            raise RuntimeError("disk on fire")
        return real(case, *args, **kwargs)

    monkeypatch.setattr(bundle, "build_bundle", broken)   # before the fork: the workers inherit it
    _unused, by_case = writing.render_documents(repo.project, results, AS_OF, demo_repo)
    made = []
    found = build._bundle_issues(repo, results, by_case, AS_OF, demo_repo, pdf=False, jobs=2,
                                 made_out=lambda case, b: made.append(case.id))
    assert made == []   # made in the workers: the parent's list is not theirs
    failures = [i for i in found if i.severity == "error"]
    assert [(i.source.path, i.message) for i in failures] == [
        ("cases/2026-014-dupont.yaml", "case 2026-014-dupont: could not build the court bundle: RuntimeError: disk on fire "
                                       "(a bug in dossier: please report it)")]
    assert found == build._bundle_issues(repo, results, by_case, AS_OF, demo_repo, pdf=False, jobs=1)
