"""`dossier init`: a claims repository in Git, whose creditor is a set of placeholders `check` refuses until filled in."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import dossier
from dossier.cli import main
from dossier.scaffold import FIRST_COMMIT
from gitrepo import LOUISE, isolated_env

AS_OF = "2026-11-24"
PLACEHOLDERS = {   # each placeholder line of the starter dossier.yaml, and what a creditor writes instead
    'name: "À COMPLÉTER : raison sociale"': "name: Atelier Martin SAS",
    'siren: "À COMPLÉTER : SIREN, 9 chiffres"': 'siren: "901234567"',
    'address: ["À COMPLÉTER : numéro et rue", "À COMPLÉTER : code postal et ville"]':
        'address: ["4 quai des Célestins", "69002 Lyon"]',
    'email: "À COMPLÉTER : adresse électronique de la comptabilité"': "email: compta@atelier-martin.fr",
    'iban: "À COMPLÉTER : IBAN du compte à créditer"': "iban: FR76 3000 4000 0312 3456 7890 143",
    'bic: "À COMPLÉTER : BIC de la banque"': "bic: BNPAFRPPXXX",
    'signatory: "À COMPLÉTER : prénom, nom et qualité du signataire"': "signatory: Louise Martin, présidente",
}


@pytest.fixture
def git_env(monkeypatch):
    """Git with a known user and no configuration of the machine's."""
    for k, v in isolated_env(LOUISE).items():
        monkeypatch.setenv(k, v)


def git(target: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=target, capture_output=True, text=True, check=True).stdout


def test_init_makes_a_git_repository_with_a_first_commit(tmp_path: Path, git_env):
    target = tmp_path / "recouvrement"
    result = CliRunner().invoke(main, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"initialised a Git repository in {target}\n" in result.output
    assert ("first commit by Louise Martin <louise@atelier-martin.fr>: "
            "dossier init: project file, example case, CI workflows, editor schemas, pre-commit hook\n") in result.output
    assert (target / ".gitignore").read_text(encoding="utf-8").count("site/") == 1
    workflow = (target / ".github" / "workflows" / "dossier.yml").read_text(encoding="utf-8")
    assert "dossier check" in workflow and "dossier build" in workflow and "upload-artifact" in workflow
    assert git(target, "log", "--format=%an <%ae>|%s") == (
        "Louise Martin <louise@atelier-martin.fr>|dossier init: project file, example case, CI workflows, editor schemas, "
        "pre-commit hook\n")
    assert git(target, "ls-files").splitlines() == [
        ".dossier/schema/case.json", ".dossier/schema/project.json",
        ".github/workflows/dossier-diff.yml", ".github/workflows/dossier.yml", ".gitignore", ".pre-commit-config.yaml",
        ".vscode/extensions.json", ".vscode/settings.json", "cases/2026-001-exemple.yaml", "dossier.yaml"]
    assert git(target, "status", "--porcelain") == ""


def test_init_without_a_git_identity_commits_as_dossier_init_and_says_so(tmp_path: Path, git_env, monkeypatch):
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k)
    monkeypatch.setenv("HOME", str(tmp_path))   # no ~/.gitconfig either
    target = tmp_path / "r"
    result = CliRunner().invoke(main, ["init", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("no Git identity configured: the first commit is by dossier init <init@dossier.invalid> "
            "(set yours with git config user.name / user.email)\n") in result.output
    assert git(target, "log", "--format=%an <%ae>|%cn <%ce>") == (
        "dossier init <init@dossier.invalid>|dossier init <init@dossier.invalid>\n")


def test_check_names_every_placeholder_then_passes_once_they_are_filled_in(tmp_path: Path, git_env, monkeypatch):
    target = tmp_path / "x"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    monkeypatch.chdir(target)
    check = CliRunner().invoke(main, ["check", "--as-of", AS_OF])
    assert check.exit_code == 1
    assert check.output == (
        'dossier.yaml:5:9: creditor.name: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:6:10: creditor.siren: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:7:13: creditor.address[0]: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:7:44: creditor.address[1]: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:8:10: creditor.email: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:9:9: creditor.iban: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:10:8: creditor.bic: placeholder "À COMPLÉTER" to fill in\n'
        'dossier.yaml:11:14: creditor.signatory: placeholder "À COMPLÉTER" to fill in\n')
    text = (target / "dossier.yaml").read_text(encoding="utf-8")
    for placeholder, value in PLACEHOLDERS.items():
        assert text.count(placeholder) == 1, placeholder
        text = text.replace(placeholder, value)
    assert "COMPLÉTER :" not in text
    (target / "dossier.yaml").write_text(text, encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--as-of", AS_OF])
    assert check.exit_code == 0, check.output
    build = CliRunner().invoke(main, ["build", "--as-of", AS_OF, "--no-pdf"], catch_exceptions=False)
    assert build.exit_code == 0, build.output
    assert (target / "site" / "index.html").is_file()
    assert git(target, "log", "--format=%s") == FIRST_COMMIT + "\n"
    assert git(target, "status", "--porcelain") == " M dossier.yaml\n"   # site/ is ignored


def test_the_starter_creditor_has_no_real_looking_identity():
    text = (Path(__file__).parent.parent / "src" / "dossier" / "data" / "init" / "dossier.yaml").read_text(encoding="utf-8")
    for real in ("Atelier Martin", "901234567", "FR76", "BNPAFRPP", "@"):
        assert real not in text, real


def test_init_refuses_to_overwrite(tmp_path: Path, git_env):
    target = tmp_path / "r"
    target.mkdir()
    (target / "dossier.yaml").write_text("site: {title: mine}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert f"{target / 'dossier.yaml'}: already exists; dossier init changes nothing in an existing repository" in result.output
    assert (target / "dossier.yaml").read_text(encoding="utf-8") == "site: {title: mine}\n"
    assert not (target / ".git").exists()


def test_check_refuses_a_letter_to_send_without_the_creditor_s_iban_or_the_debtor_s_address(tmp_path: Path, git_env):
    target = tmp_path / "x"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    text = (target / "dossier.yaml").read_text(encoding="utf-8")
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    (target / "dossier.yaml").write_text(text.replace("  iban: FR76 3000 4000 0312 3456 7890 143\n", ""), encoding="utf-8")
    case = target / "cases" / "2026-001-exemple.yaml"
    case_text = case.read_text(encoding="utf-8")
    case.write_text(case_text.replace('  address: ["15 avenue Jean-Jaurès", "69007 Lyon"]\n', ""), encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--repo", str(target), "--as-of", AS_OF])
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines() if line.startswith("cases/2026-001-exemple.yaml:6:3: ")]
    no_iban = ("asks for payment, but the creditor has no iban in dossier.yaml, so the letter would give no payment "
               "instructions: add creditor.iban")
    no_address = ("goes by post, but the debtor has no address, so the letter would have an empty address block: "
                  "add debtor.address")
    # on 24 November 2026 the example's email reminder, firm letter and formal notice are all due (sent 10 March:
    # the first rung only); the email goes by no post, the two letters do
    assert errors == [f"cases/2026-001-exemple.yaml:6:3: case 2026-001-exemple, document {doc}: {why}" for doc, why in (
        ("02-relance-amiable (email, due on 2026-11-24)", no_iban),
        ("04-relance-ferme (letter, due on 2026-11-24)", no_iban),
        ("04-relance-ferme (letter, due on 2026-11-24)", no_address),
        ("05-mise-en-demeure (lrar, due on 2026-11-24)", no_iban),
        ("05-mise-en-demeure (lrar, due on 2026-11-24)", no_address))]
    case.write_text(case_text, encoding="utf-8")   # the address back: the IBAN only is missing
    check = CliRunner().invoke(main, ["check", "--repo", str(target), "--as-of", AS_OF])
    assert check.exit_code == 1 and "add debtor.address" not in check.output and check.output.count("add creditor.iban") == 3


# --- editors and pre-commit (docs/editors.md) ---------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent   # dossier, check-jsonschema and pre-commit of the test environment


def filled(target: Path) -> None:
    text = (target / "dossier.yaml").read_text(encoding="utf-8")
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    (target / "dossier.yaml").write_text(text, encoding="utf-8")


def test_init_writes_the_schemas_and_points_editors_to_them(tmp_path: Path, git_env):
    target = tmp_path / "x"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    for kind in ("case", "project"):
        written = json.loads((target / ".dossier" / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
        assert written == json.loads(CliRunner().invoke(main, ["schema", kind]).output)
    settings = json.loads((target / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings == {"yaml.schemas": {"./.dossier/schema/case.json": ["/cases/*.yaml", "/cases/*/dossier.yaml"],
                                         "./.dossier/schema/project.json": ["/dossier.yaml"]}}
    for schema in settings["yaml.schemas"]:
        assert (target / schema).is_file(), schema
    case = target / "cases" / "2026-001-exemple.yaml"
    first = case.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.dossier/schema/case.json"
    assert (case.parent / first.split("=", 1)[1]).resolve() == (target / ".dossier" / "schema" / "case.json").resolve()
    run = subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", ".dossier/schema/case.json", str(case)],
                         cwd=target, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    # the placeholders are refused by the schema too (the SIREN and the IBAN have a shape), then the filled file passes
    project = ["--schemafile", ".dossier/schema/project.json", "dossier.yaml"]
    run = subprocess.run([str(BIN / "check-jsonschema"), *project], cwd=target, capture_output=True, text=True)
    assert run.returncode == 1 and "$.creditor.siren" in run.stdout and "$.creditor.iban" in run.stdout, run.stdout
    filled(target)
    run = subprocess.run([str(BIN / "check-jsonschema"), *project], cwd=target, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_the_pre_commit_hook_of_the_project_and_of_init_run_dossier_check():
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert manifest == [{"id": "dossier-check", "name": "dossier check", "entry": "dossier check", "language": "python",
                         "pass_filenames": False, "files": r"^(cases/|dossier\.yaml$|templates/)",
                         "description": "Validate the claims repository (dossier.yaml, cases/, templates/) with `dossier check`."}]
    run = subprocess.run([str(BIN / "pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    config = yaml.safe_load((ROOT / "src/dossier/data/init/pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local" and hook["language"] == "system"
    assert {k: hook[k] for k in ("id", "entry", "pass_filenames", "files")} == {
        k: manifest[0][k] for k in ("id", "entry", "pass_filenames", "files")}


def test_pre_commit_runs_dossier_check_in_a_new_repository(tmp_path: Path, git_env):
    target = tmp_path / "x"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
               PYTHONPATH=str(Path(dossier.__file__).resolve().parents[1]))   # this checkout's dossier, from any folder

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "pre-commit"), "run", "--all-files"], cwd=target, env=env,
                              capture_output=True, text=True)

    run = pre_commit()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "dossier check" in run.stdout and "Failed" in run.stdout
    assert 'dossier.yaml:5:9: creditor.name: placeholder "À COMPLÉTER" to fill in' in run.stdout
    filled(target)
    run = pre_commit()
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("dossier check") and run.stdout.rstrip().endswith("Passed"), run.stdout
