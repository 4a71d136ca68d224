"""`dossier init --shards N`: the CI workflow builds the shards in a GitHub Actions matrix, then merges them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dossier.cli import main
from dossier.scaffold import INIT
from gitrepo import LOUISE, isolated_env

BIN = Path(sys.executable).parent


@pytest.fixture
def git_env(monkeypatch):
    for k, v in isolated_env(LOUISE).items():
        monkeypatch.setenv(k, v)


def init(target: Path, *more: str) -> dict:
    result = CliRunner().invoke(main, ["init", str(target), *more], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return yaml.safe_load((target / ".github" / "workflows" / "dossier.yml").read_text(encoding="utf-8"))


def runs(job: dict) -> list[str]:
    return [" ".join(step["run"].split()) for step in job["steps"] if "run" in step]


def uses(job: dict, action: str) -> list[dict]:
    return [step.get("with", {}) for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_init_with_four_shards_writes_a_matrix_build_and_a_merge(tmp_path: Path, git_env):
    target = tmp_path / "r"
    flow = init(target, "--shards", "4")
    assert list(flow["jobs"]) == ["check", "build", "site"]
    check, build, site = flow["jobs"]["check"], flow["jobs"]["build"], flow["jobs"]["site"]
    assert "dossier check" in runs(check)
    assert build["needs"] == "check" and site["needs"] == "build"
    assert build["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    assert ('dossier build --shard ${{ matrix.shard }}/4 --as-of ${{ needs.check.outputs.as-of }} '
            '--cache .dossier-cache --out "$RUNNER_TEMP/shard-${{ matrix.shard }}"') in runs(build)
    assert uses(build, "actions/cache") == [{"path": ".dossier-cache",
                                             "key": "dossier-pdf-${{ matrix.shard }}-of-4-${{ github.sha }}",
                                             "restore-keys": "dossier-pdf-${{ matrix.shard }}-of-4-"}]
    assert [w["name"] for w in uses(build, "actions/upload-artifact")] == ["shard-${{ matrix.shard }}"]
    assert uses(site, "actions/download-artifact") == [{"pattern": "shard-*", "path": "${{ runner.temp }}/shards"}]
    assert 'dossier merge "$RUNNER_TEMP"/shards/shard-* --out site' in runs(site)
    assert [w["name"] for w in uses(site, "actions/upload-artifact")] == ["site"]
    assert check["outputs"]["as-of"] == "${{ steps.as-of.outputs.date }}"
    assert 'echo "date=$(TZ=Europe/Paris date +%F)" >> "$GITHUB_OUTPUT"' in runs(check)
    # GitHub's own schema of a workflow (vendored in check-jsonschema) accepts it
    checked = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                              ".github/workflows/dossier.yml"], cwd=target, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert subprocess.run(["git", "status", "--porcelain"], cwd=target, capture_output=True, text=True).stdout == ""


def test_init_with_three_shards_names_three(tmp_path: Path, git_env):
    flow = init(tmp_path / "r", "--shards", "3")
    assert flow["jobs"]["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3]
    assert any("--shard ${{ matrix.shard }}/3 " in r for r in runs(flow["jobs"]["build"]))


def test_init_without_shards_keeps_the_one_job_workflow(tmp_path: Path, git_env):
    target = tmp_path / "r"
    flow = init(target)
    assert (target / ".github" / "workflows" / "dossier.yml").read_bytes() == \
        (INIT / "github" / "workflows" / "dossier.yml").read_bytes()
    assert list(flow["jobs"]) == ["build"]
    assert "dossier build --out site --cache .dossier-cache" in runs(flow["jobs"]["build"])


def test_init_refuses_zero_shards(tmp_path: Path, git_env):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "r"), "--shards", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--shards': 0 is not in the range x>=1." in result.output
    assert not (tmp_path / "r").exists()
