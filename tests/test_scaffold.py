from pathlib import Path

from click.testing import CliRunner

from dossier.cli import main


def test_init_creates_a_repository_that_checks_and_builds(tmp_path: Path):
    target = tmp_path / "recouvrement"
    result = CliRunner().invoke(main, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (target / "dossier.yaml").is_file()
    assert (target / ".gitignore").read_text(encoding="utf-8").count("site/") == 1
    workflow = (target / ".github" / "workflows" / "dossier.yml").read_text(encoding="utf-8")
    assert "dossier check" in workflow and "dossier build" in workflow and "upload-artifact" in workflow
    assert list((target / "cases").glob("*.yaml"))
    check = CliRunner().invoke(main, ["check", "--repo", str(target), "--as-of", "2026-11-24"], catch_exceptions=False)
    assert check.exit_code == 0, check.output
    build = CliRunner().invoke(main, ["build", "--repo", str(target), "--as-of", "2026-11-24", "--no-pdf"], catch_exceptions=False)
    assert build.exit_code == 0, build.output
    assert (target / "site" / "index.html").is_file()


def test_init_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "r"
    target.mkdir()
    (target / "dossier.yaml").write_text("site: {title: mine}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert f"{target / 'dossier.yaml'}: already exists; dossier init changes nothing in an existing repository" in result.output
    assert (target / "dossier.yaml").read_text(encoding="utf-8") == "site: {title: mine}\n"
