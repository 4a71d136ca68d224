"""`dossier build --shard K/N` and `dossier merge`: shards merged are byte for byte the one-machine build (shards.py)."""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.shards import parse_shard, shard_of

from conftest import AS_OF, tree
from gitrepo import isolated_env


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def build(repo: Path, out: Path, *more: str):
    result = run("build", "--repo", str(repo), "--as-of", AS_OF, "--out", str(out), *more)
    assert result.exit_code == 0, result.output
    return result


def shards(repo: Path, base: Path, n: int, *more: str) -> list[Path]:
    folders = [base / f"shard-{k}" for k in range(1, n + 1)]
    for k, folder in enumerate(folders, 1):
        build(repo, folder, "--shard", f"{k}/{n}", *more)
    return folders


def merge(repo: Path, out: Path, *folders: Path):
    return run("merge", *map(str, folders), "--repo", str(repo), "--out", str(out))


def case_ids(repo: Path) -> list[str]:
    """The demo's cases: a file cases/<id>.yaml or a folder cases/<id>/ with its dossier.yaml."""
    return sorted([p.stem for p in (repo / "cases").glob("*.yaml")] + [p.parent.name for p in (repo / "cases").glob("*/dossier.yaml")])


def test_the_partition_is_a_stable_hash_of_the_case_id(demo_repo: Path):
    # int(sha256(id)) % N + 1: the same on every machine and run (Python's hash() is salted)
    assert shard_of("2026-001-dupont", 4) == int(hashlib.sha256(b"2026-001-dupont").hexdigest(), 16) % 4 + 1
    assert [shard_of("a", n) for n in (1, 2, 3, 4)] == [1, 2, 2, 4]
    ids = case_ids(demo_repo)
    assert len(ids) == 16
    assert sorted(shard_of(i, 4) for i in ids) == [1] * 8 + [2] * 1 + [3] * 2 + [4] * 5


@pytest.mark.parametrize("text,expected", [("1/4", (1, 4)), ("4/4", (4, 4)), (" 2 / 3 ", (2, 3)), ("1/1", (1, 1)),
                                           ("0/4", None), ("5/4", None), ("1/0", None), ("-1/4", None), ("4", None),
                                           ("a/b", None), ("1/4/2", None), ("", None),
                                           ("²/4", None), ("1/٤", None), ("1/10000000000", None)])
def test_parse_shard(text: str, expected):
    assert parse_shard(text) == expected


def test_a_bad_shard_value_is_a_clear_message(demo_repo: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--shard", "5/4",
                                       "--out", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert "Invalid value for '--shard': expected K/N with 1 ≤ K ≤ N, got '5/4'" in result.output
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("n", [1, 3, 4])
def test_shards_merged_are_byte_identical_to_one_build(demo_repo: Path, tmp_path: Path, n: int):
    one = tmp_path / "one"
    build(demo_repo, one, "--no-pdf")
    folders = shards(demo_repo, tmp_path, n, "--no-pdf")
    result = merge(demo_repo, tmp_path / "merged", *folders)
    assert result.exit_code == 0, result.output
    assert f"Merged {n} shard{'s' if n > 1 else ''} into {tmp_path / 'merged'}: 16 cases (204 files).\n" in result.output
    expected, merged = tree(one), tree(tmp_path / "merged")
    assert sorted(merged) == sorted(expected)
    assert [rel for rel in expected if expected[rel] != merged[rel]] == []


def test_a_shard_holds_its_own_cases_and_a_shard_manifest(demo_repo: Path, tmp_path: Path):
    [folder] = shards(demo_repo, tmp_path, 4, "--no-pdf")[1:2]   # shard 2/4: one case
    mine = [i for i in case_ids(demo_repo) if shard_of(i, 4) == 2]
    assert len(mine) == 1
    files = tree(folder)
    assert all(rel == "manifest.json" or rel.startswith(f"cases/{mine[0]}/") for rel in files)
    assert f"cases/{mine[0]}/index.html" in files and "index.html" not in files
    data = json.loads(files["manifest.json"])
    assert data["shard"]["index"] == 2 and data["shard"]["count"] == 4 and data["shard"]["cases"] == mine
    assert sorted(data["files"]) == sorted(rel for rel in files if rel != "manifest.json")
    assert [d["stem"] for d in data["shard"]["files"][mine[0]]] == sorted({Path(rel).stem for rel in files
                                                                            if rel.count("/") == 2 and not rel.endswith("/index.html")})
    # a shard folder is the tool's: building the same shard again replaces it
    build(demo_repo, folder, "--shard", "2/4", "--no-pdf")


def test_shards_of_a_git_repository_merge_with_its_timelines_and_commit(demo_repo: Path, tmp_path: Path):
    env = isolated_env()
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "claims"]):
        subprocess.run(["git", *args], cwd=demo_repo, env=env, check=True, capture_output=True)
    one = tmp_path / "one"
    build(demo_repo, one, "--no-pdf")
    folders = shards(demo_repo, tmp_path, 4, "--no-pdf")   # outside the checkout, merged into its site/, as CI does
    assert merge(demo_repo, demo_repo / "site", *folders).exit_code == 0
    expected, merged = tree(one), tree(demo_repo / "site")
    built = subprocess.run(["git", "rev-parse", "HEAD"], cwd=demo_repo, capture_output=True, text=True).stdout.strip()
    assert json.loads(merged["manifest.json"])["commit"] == built
    assert sorted(merged) == sorted(expected)
    assert [rel for rel in expected if expected[rel] != merged[rel]] == []
    # a new commit: the shards are of another build
    (demo_repo / "notes.txt").write_text("x\n", encoding="utf-8")
    for args in (["add", "-A"], ["commit", "-q", "-m", "notes"]):
        subprocess.run(["git", *args], cwd=demo_repo, env=env, check=True, capture_output=True)
    result = merge(demo_repo, tmp_path / "merged", *folders)
    assert result.exit_code == 1
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=demo_repo, capture_output=True, text=True).stdout.strip()
    assert (f"{demo_repo}: the repository is at commit {head}, the shards were built from {built}: "
            "merge in a checkout of the same commit\n") in result.output and "merge in a checkout of the same commit" in result.output


def test_shards_with_pdfs_and_court_bundles_merge_byte_identical(demo_repo: Path, tmp_path: Path):
    cache = tmp_path / "cache"   # the shards reuse the PDFs of the one-machine build: the cache gives the same bytes
    one = tmp_path / "one"
    build(demo_repo, one, "--cache", str(cache))
    folders = shards(demo_repo, tmp_path, 2, "--cache", str(cache))
    assert merge(demo_repo, tmp_path / "merged", *folders).exit_code == 0
    expected, merged = tree(one), tree(tmp_path / "merged")
    assert sum(rel.endswith(".pdf") for rel in merged) > 50
    assert any("/injonction/" in rel for rel in merged)
    assert sorted(merged) == sorted(expected)
    assert [rel for rel in expected if expected[rel] != merged[rel]] == []


@pytest.fixture
def four(demo_repo: Path, tmp_path: Path) -> list[Path]:
    return shards(demo_repo, tmp_path, 4, "--no-pdf")


def test_merge_says_which_shards_are_missing_or_given_twice(demo_repo: Path, tmp_path: Path, four: list[Path]):
    out = tmp_path / "merged"
    result = merge(demo_repo, out, four[0], four[3])
    assert result.exit_code == 1
    assert f"{four[0]}: shards missing: 2/4, 3/4 (every shard 1 to 4 must be given once)" in result.output
    assert "Merge failed: nothing was written." in result.output
    result = merge(demo_repo, out, *four, four[1])
    assert result.exit_code == 1
    assert f"{four[1]}: shard 2/4 given twice: {four[1]}, {four[1]}" in result.output
    assert not out.exists()


def test_merge_refuses_a_folder_that_is_not_a_shard(demo_repo: Path, tmp_path: Path, four: list[Path]):
    stranger = tmp_path / "photos"
    stranger.mkdir()
    (stranger / "a.jpg").write_bytes(b"\xff\xd8")
    result = merge(demo_repo, tmp_path / "merged", *four, stranger)
    assert result.exit_code == 1
    assert f"{stranger}: not a dossier shard: {stranger}/manifest.json: no manifest (was the site built by dossier?)" \
        in result.output
    site = tmp_path / "site"
    build(demo_repo, site, "--no-pdf")
    result = merge(demo_repo, tmp_path / "merged", *four[1:], site)
    assert result.exit_code == 1
    assert f"{site}: a site built without --shard, not a shard" in result.output


def test_merge_refuses_shards_of_different_builds(demo_repo: Path, tmp_path: Path, four: list[Path]):
    other = tmp_path / "other"
    build(demo_repo, other, "--shard", "4/4", "--no-pdf", "--as-of", "2026-11-25")   # the last --as-of wins
    result = merge(demo_repo, tmp_path / "merged", *four[:3], other)
    assert result.exit_code == 1
    assert f'{other}: not from the same build as {four[0]}: as_of is "2026-11-25", there "2026-11-24"' in result.output
    three = tmp_path / "three"
    build(demo_repo, three, "--shard", "3/3", "--no-pdf")
    result = merge(demo_repo, tmp_path / "merged", *four[:3], three)
    assert f"{three}: not from the same build as {four[0]}: count is 3, there 4" in result.output


def test_merge_refuses_a_file_changed_since_its_shard_was_built(demo_repo: Path, tmp_path: Path, four: list[Path]):
    page = next(four[0].glob("cases/*/index.html"))
    page.write_bytes(page.read_bytes() + b"<!-- edited -->")
    result = merge(demo_repo, tmp_path / "merged", *four)
    assert result.exit_code == 1
    assert (f"{page}: changed since its shard was built (its SHA-256 is not the one in {four[0]}/manifest.json)"
            in result.output)
    assert not (tmp_path / "merged").exists()


def test_merge_copies_nothing_from_outside_a_shard_folder(demo_repo: Path, tmp_path: Path, four: list[Path]):
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"not for the site\n")
    (four[1] / "notes.txt").symlink_to(secret)
    data = json.loads((four[1] / "manifest.json").read_text(encoding="utf-8"))
    data["files"]["notes.txt"] = hashlib.sha256(b"not for the site\n").hexdigest()
    (four[1] / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    result = merge(demo_repo, tmp_path / "merged", *four)
    assert result.exit_code == 1
    assert f"{four[1]}/notes.txt: outside its shard folder (a symbolic link)" in result.output
    assert not (tmp_path / "merged").exists()


def test_a_file_two_shards_hold_must_be_the_same_bytes(demo_repo: Path, tmp_path: Path, four: list[Path]):
    for folder, text in ((four[0], b"one\n"), (four[2], b"two\n")):
        (folder / "notes.txt").write_bytes(text)
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        data["files"]["notes.txt"] = hashlib.sha256(text).hexdigest()
        (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    result = merge(demo_repo, tmp_path / "merged", *four)
    assert result.exit_code == 1
    assert f"notes.txt: differs between the shards {four[0]} and {four[2]}" in result.output
    (four[2] / "notes.txt").write_bytes(b"one\n")
    data = json.loads((four[2] / "manifest.json").read_text(encoding="utf-8"))
    data["files"]["notes.txt"] = hashlib.sha256(b"one\n").hexdigest()
    (four[2] / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert merge(demo_repo, tmp_path / "merged", *four).exit_code == 0
    assert (tmp_path / "merged" / "notes.txt").read_bytes() == b"one\n"


def test_merge_refuses_a_case_missing_from_the_shards(demo_repo: Path, tmp_path: Path, four: list[Path]):
    old = demo_repo / "cases" / "2026-027-garnier.yaml"   # renamed after the shards were built
    old.rename(demo_repo / "cases" / "2026-099-garnier.yaml")
    result = merge(demo_repo, tmp_path / "merged", *four)
    assert result.exit_code == 1
    assert "2026-099-garnier: case 2026-099-garnier is in no shard\n" in result.output
    assert (f"{four[shard_of('2026-027-garnier', 4) - 1]}: case 2026-027-garnier is not in the repository "
            "(was the shard built from another commit?)\n") in result.output


def test_merge_publishes_only_where_a_build_may(demo_repo: Path, tmp_path: Path, four: list[Path]):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = merge(demo_repo, mine, *four)
    assert result.exit_code == 1
    assert "refusing to replace a folder that is not empty and holds no site built by dossier" in result.output
    assert tree(mine) == {"notes.txt": b"mine\n"}
    result = merge(demo_repo, four[0], *four)
    assert result.exit_code == 1
    assert f"--out {four[0]}: is or holds one of the shards: merge into another folder" in result.output
    assert (four[0] / "manifest.json").is_file()
    site = tmp_path / "site"
    build(demo_repo, site, "--no-pdf")   # a previous site is replaced whole
    assert merge(demo_repo, site, *four).exit_code == 0
    assert json.loads((site / "manifest.json").read_text(encoding="utf-8")).get("shard") is None


def test_verify_rebuilds_a_shard_as_a_shard(demo_repo: Path, tmp_path: Path):
    """`dossier verify` on a shard folder rebuilds that shard (not the whole site) and names an altered file."""
    env = isolated_env()
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "claims"]):
        subprocess.run(["git", *args], cwd=demo_repo, env=env, check=True, capture_output=True)
    folder = shards(demo_repo, tmp_path, 4, "--no-pdf")[0]
    ok = run("verify", str(folder), "--repo", str(demo_repo))
    assert ok.exit_code == 0, ok.output
    page = next(sorted(folder.glob("cases/*/index.html")).__iter__())
    page.write_bytes(page.read_bytes() + b"\n")
    altered = run("verify", str(folder), "--repo", str(demo_repo))
    rel = page.relative_to(folder).as_posix()
    assert altered.exit_code == 1
    assert altered.output == f"{rel}: altered since the build (SHA-256 differs from the manifest)\n"   # the rest rebuilt equal
