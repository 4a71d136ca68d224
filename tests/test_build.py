"""The pipeline end to end on the demo portfolio: determinism, atomicity, no stray writes."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dossier.cli import main
from dossier.history import log_cache

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


# --- where a build may write (outdir.py): refused before anything is touched ------------------------

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from dossier.build import _publish, build_site  # noqa: E402
from dossier.site.outdir import is_dossier_site  # noqa: E402

from gitrepo import isolated_env  # noqa: E402


def everything(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes), folder and symlink (None) below `folder`, .git included."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def git_claims(demo_repo: Path) -> Path:
    """The demo repository with templates/, committed in Git, and an unrelated folder and file beside it."""
    (demo_repo / "templates").mkdir(exist_ok=True)
    (demo_repo / "templates" / "README.txt").write_text("overrides go here\n", encoding="utf-8")
    env = isolated_env()
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "claims"]):
        subprocess.run(["git", *args], cwd=demo_repo, env=env, check=True, capture_output=True)
    (demo_repo.parent / "photos").mkdir()
    (demo_repo.parent / "photos" / "2026-summer.jpg").write_bytes(b"\xff\xd8 not a site")
    (demo_repo.parent / "notes.txt").write_text("mine\n", encoding="utf-8")
    (demo_repo.parent / "link-to-claims").symlink_to(demo_repo)
    return demo_repo


REFUSALS = [
    (".", "{repo}", "refusing to write the site over the claims repository itself"),
    ("..", "{parent}", "refusing to write the site over a folder that holds the claims repository"),
    ("/", "/", "refusing to write the site over a folder that holds the claims repository"),
    (".git", "{repo}/.git", "refusing to write the site into the claims repository's Git folder (.git)"),
    (".git/refs", "{repo}/.git/refs", "refusing to write the site into the claims repository's Git folder (.git)"),
    ("cases", "{repo}/cases", "refusing to write the site into the claims repository's case files (cases/)"),
    ("templates", "{repo}/templates", "refusing to write the site into the claims repository's templates (templates/)"),
    ("docs", "{repo}/docs", "refusing to write the site inside the claims repository: the only folder there a build "
                            "may replace is {repo}/site"),
    ("site/public", "{repo}/site/public", "refusing to write the site inside the claims repository: the only folder "
                                          "there a build may replace is {repo}/site"),
    ("../photos", "{parent}/photos", "refusing to replace a folder that is not empty and holds no site built by dossier "
                                     "(no manifest.json written by dossier)"),
    ("../notes.txt", "{parent}/notes.txt", "refusing to write the site over something that is not a folder"),
    ("../link-to-claims", "{repo}", "refusing to write the site over the claims repository itself"),
    ("../notes.txt/site", "{parent}/notes.txt/site", "cannot create the site folder: {parent}/notes.txt is not a folder"),
]


@pytest.mark.parametrize("out,shown,why", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_an_out_folder_that_is_not_ours_is_refused_and_nothing_is_touched(git_claims: Path, monkeypatch, out, shown, why):
    monkeypatch.chdir(git_claims)
    before = everything(git_claims.parent)
    result = CliRunner().invoke(main, ["build", "--as-of", AS_OF, "--no-pdf", "--out", out], catch_exceptions=False)
    repo, parent = git_claims.resolve(), git_claims.parent.resolve()
    fill = {"repo": repo, "parent": parent}
    assert (result.exit_code, result.stderr) == (
        1, f"--out {shown.format(**fill)}: {why.format(**fill)}\nBuild failed: nothing was written.\n")
    assert everything(git_claims.parent) == before  # .git, cases, the unrelated folders: byte for byte, no staging


def test_the_refusal_is_a_build_result_for_library_callers(demo_repo: Path):
    result = build_site(demo_repo, demo_repo / "cases", dt_of(AS_OF), pdf=False)
    assert result.failed and (result.cases, result.files) == (0, 0)
    assert [str(i) for i in result.issues] == [
        f"--out {demo_repo.resolve()}/cases: refusing to write the site into the claims repository's case files (cases/)"]


def dt_of(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_a_manifest_not_written_by_dossier_does_not_make_a_folder_ours(demo_repo: Path, tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "manifest.json").write_text('{"files": {}, "as_of": "2026-01-01"}\n', encoding="utf-8")
    (mine / "thesis.tex").write_text("\\documentclass{article}\n", encoding="utf-8")
    before = everything(mine)
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out", str(mine))
    assert result.exit_code == 1
    assert "holds no site built by dossier" in result.stderr
    assert everything(mine) == before


def test_a_missing_an_empty_and_a_previous_site_folder_are_written(demo_repo: Path, tmp_path: Path):
    missing, empty = tmp_path / "www" / "claims", tmp_path / "empty"
    empty.mkdir()
    for out in (missing, empty, missing):  # the third is a rebuild over a site dossier built
        result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert is_dossier_site(out) and (out / "index.html").is_file()
    assert tree(missing) == tree(empty)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims", "empty", "www"]  # no staging or old folder left


def test_publish_replaces_only_a_site_dossier_built(demo_repo: Path, tmp_path: Path):
    """`out` changed during the build (someone saved a file into it): the new site is dropped, `out` kept."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.odt").write_bytes(b"PK mine")
    staging = tmp_path / f".out.staging-{os.getpid()}"
    staging.mkdir()
    (staging / "index.html").write_text("<html></html>\n", encoding="utf-8")
    refused = _publish(staging, out, demo_repo)
    assert refused is not None and refused.message.startswith("refusing to replace a folder that is not empty")
    assert tree(out) == {"report.odt": b"PK mine"}
    assert not staging.exists()


def dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_builds_are_removed_and_those_of_live_ones_kept(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "out"
    dead, alive = dead_pid(), os.getppid()
    for name in (f".out.staging-{dead}", f".out.old-{dead}", f".out.staging-{alive}", f".out.old-{alive}",
                 f".other.staging-{dead}", ".out.staging-x1"):
        (tmp_path / name / "cases").mkdir(parents=True)
        (tmp_path / name / "cases" / "index.html").write_text("half a site\n", encoding="utf-8")
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".other.staging-%d" % dead, ".out.old-%d" % alive, ".out.staging-%d" % alive, ".out.staging-x1", "claims", "out"])


def test_a_site_manifest_is_what_proves_a_folder_ours(demo_repo: Path, tmp_path: Path):
    assert run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out", str(tmp_path / "s")).exit_code == 0
    data = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    assert {"as_of", "commit", "files", "inputs", "pdf", "version"} <= set(data)
    del data["inputs"]
    (tmp_path / "s" / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert not is_dossier_site(tmp_path / "s")


# --- build --cache: every case's documents reused when unchanged (documents/case_cache.py), byte-identical output ---


def _counted(monkeypatch, module=None, name: str = "_case_cache") -> list:
    """The per-case caches (of documents; or, from history/log_cache.py `beside`, of timelines) the builds of this
    test make, to read their hits and misses."""
    import dossier.build as build_module

    module = module or build_module
    made, real = [], getattr(module, name)

    def spy(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(module, name, spy)
    return made


def test_a_cached_build_cold_warm_and_after_an_edit_is_byte_identical_to_a_cold_build(git_claims: Path, tmp_path: Path,
                                                                                       monkeypatch):
    day, cache = dt_of(AS_OF), tmp_path / "cache"
    made, logs = _counted(monkeypatch), _counted(monkeypatch, log_cache, "beside")
    assert not build_site(git_claims, tmp_path / "cold", day, pdf=False).failed
    assert made == [None] and logs == [None]                          # no --cache: no cache, nothing kept
    assert not build_site(git_claims, tmp_path / "first", day, pdf=False, cache=cache).failed
    assert not build_site(git_claims, tmp_path / "again", day, pdf=False, cache=cache).failed
    assert [(c.hits, c.misses) for c in made[1:]] == [(0, 16), (16, 0)]
    assert [(c.hits, c.misses) for c in logs[1:]] == [(0, 16), (16, 0)]   # the timelines too (history/log_cache.py)
    cold = tree(tmp_path / "cold")
    assert tree(tmp_path / "first") == cold and tree(tmp_path / "again") == cold
    case = git_claims / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "  - {date: 2026-11-20, type: call, outcome: promise}\n",
                    encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "un appel"], cwd=git_claims, env=isolated_env(date="2026-11-21T10:00:00+01:00"),
                   check=True, capture_output=True)
    assert not build_site(git_claims, tmp_path / "edited", day, pdf=False, cache=cache).failed
    assert (made[-1].hits, made[-1].misses) == (15, 1)
    assert (logs[-1].hits, logs[-1].misses) == (15, 1)                # only the edited case's log is worked out
    assert not build_site(git_claims, tmp_path / "edited-cold", day, pdf=False).failed
    edited = tree(tmp_path / "edited")
    assert edited == tree(tmp_path / "edited-cold") != cold
    assert edited["cases/2026-014-dupont/index.html"] != cold["cases/2026-014-dupont/index.html"]


def test_a_cache_entry_altered_on_disk_is_rendered_again(demo_repo: Path, tmp_path: Path, monkeypatch):
    day, cache = dt_of(AS_OF), tmp_path / "cache"
    made = _counted(monkeypatch)
    assert not build_site(demo_repo, tmp_path / "a", day, pdf=False, cache=cache).failed
    for blob in cache.rglob("*.bin"):
        blob.write_bytes(blob.read_bytes().replace(b"Madame", b"Monsieur"))
    assert not build_site(demo_repo, tmp_path / "b", day, pdf=False, cache=cache).failed
    assert made[-1].hits < 16 and made[-1].misses > 0
    assert tree(tmp_path / "b") == tree(tmp_path / "a")


def test_no_progress_line_when_standard_error_is_not_a_terminal(demo_repo: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf",
                                       "--out", str(tmp_path / "site")], catch_exceptions=False)
    assert result.exit_code == 0
    assert "documents:" not in result.output and "\r" not in result.output
