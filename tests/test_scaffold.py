"""`dossier init`: a claims repository in Git, whose creditor is a set of placeholders `check` refuses until filled in."""
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
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
            "dossier init: project file, example case, CI workflows\n") in result.output
    assert (target / ".gitignore").read_text(encoding="utf-8").count("site/") == 1
    workflow = (target / ".github" / "workflows" / "dossier.yml").read_text(encoding="utf-8")
    assert "dossier check" in workflow and "dossier build" in workflow and "upload-artifact" in workflow
    assert git(target, "log", "--format=%an <%ae>|%s") == (
        "Louise Martin <louise@atelier-martin.fr>|dossier init: project file, example case, CI workflows\n")
    assert git(target, "ls-files").splitlines() == [
        ".github/workflows/dossier-diff.yml", ".github/workflows/dossier.yml", ".gitignore",
        "cases/2026-001-exemple.yaml", "dossier.yaml"]
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
    assert git(target, "log", "--format=%s") == "dossier init: project file, example case, CI workflows\n"
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
    errors = [line for line in check.output.splitlines() if line.startswith("cases/2026-001-exemple.yaml:5:3: ")]
    no_iban = ("asks for payment, but the creditor has no iban in dossier.yaml, so the letter would give no payment "
               "instructions: add creditor.iban")
    no_address = ("goes by post, but the debtor has no address, so the letter would have an empty address block: "
                  "add debtor.address")
    # on 24 November 2026 the example's email reminder, firm letter and formal notice are all due (sent 10 March:
    # the first rung only); the email goes by no post, the two letters do
    assert errors == [f"cases/2026-001-exemple.yaml:5:3: case 2026-001-exemple, document {doc}: {why}" for doc, why in (
        ("02-relance-amiable (email, due on 2026-11-24)", no_iban),
        ("04-relance-ferme (letter, due on 2026-11-24)", no_iban),
        ("04-relance-ferme (letter, due on 2026-11-24)", no_address),
        ("05-mise-en-demeure (lrar, due on 2026-11-24)", no_iban),
        ("05-mise-en-demeure (lrar, due on 2026-11-24)", no_address))]
    case.write_text(case_text, encoding="utf-8")   # the address back: the IBAN only is missing
    check = CliRunner().invoke(main, ["check", "--repo", str(target), "--as-of", AS_OF])
    assert check.exit_code == 1 and "add debtor.address" not in check.output and check.output.count("add creditor.iban") == 3
