"""The pipeline end to end on the demo portfolio: determinism, atomicity, no stray writes."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dossier.cli import main

from conftest import AS_OF, tree


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_writes_an_index_and_a_page_per_case(demo_repo: Path):
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf")
    assert result.exit_code == 0, result.output
    site = demo_repo / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in index
    case_ids = sorted(p.stem if p.is_file() else p.name for p in (demo_repo / "cases").iterdir() if p.suffix == ".yaml" or p.is_dir() and (p / "dossier.yaml").exists())
    assert len(case_ids) >= 12
    for case_id in case_ids:
        assert f'href="cases/{case_id}/index.html"' in index
        assert (site / "cases" / case_id / "index.html").is_file()


def test_two_builds_of_the_same_date_are_byte_identical(demo_repo: Path, tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(a)).exit_code == 0
    assert run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--out", str(b)).exit_code == 0
    first, second = tree(a), tree(b)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_nothing_is_written_outside_out(demo_repo: Path):
    before = tree(demo_repo)
    entries_before = sorted(p.name for p in demo_repo.parent.iterdir())
    assert run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf").exit_code == 0
    after = {k: v for k, v in tree(demo_repo).items() if not k.startswith("site/")}
    assert after == before
    assert sorted(p.name for p in demo_repo.parent.iterdir()) == entries_before  # no staging folder left beside it


def test_a_failed_validation_writes_nothing_and_keeps_the_old_site(demo_repo: Path):
    assert run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf").exit_code == 0
    old_site = tree(demo_repo / "site")
    case = sorted((demo_repo / "cases").glob("*.yaml"))[0]
    case.write_text(case.read_text(encoding="utf-8").replace("debtor:", "debtr:", 1), encoding="utf-8")
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf")
    assert result.exit_code == 1
    assert f"cases/{case.name}:" in result.output
    assert "Build failed: nothing was written." in result.output
    assert tree(demo_repo / "site") == old_site


def test_a_failed_validation_on_a_fresh_repository_creates_no_site(demo_repo: Path):
    case = sorted((demo_repo / "cases").glob("*.yaml"))[0]
    case.write_text("- just\n- a list\n", encoding="utf-8")
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert not (demo_repo / "site").exists()
