"""Issue values: the CLI's English text, and the French wording the site shows."""
from __future__ import annotations

from dossier.records.errors import Issue, Source, error, sort_issues, warning


def test_fr_is_the_sites_wording_and_leaves_the_cli_text_alone():
    w = warning(Source("cases/a.yaml", 3, 5), "court: missing", "court-missing", fr="Tribunal non renseigné")
    assert (w.severity, w.code, w.fr) == ("warning", "court-missing", "Tribunal non renseigné")
    assert str(w) == "cases/a.yaml:3:5: warning: court: missing"
    assert w.github() == "::warning file=cases/a.yaml,line=3,col=5::court: missing"
    e = error(Source("dossier.yaml"), "bad", fr="mauvais")
    assert (str(e), e.fr) == ("dossier.yaml: bad", "mauvais")
    assert Issue(Source("x"), "m").fr == ""


def test_the_french_wording_does_not_make_two_issues_of_one():
    a = warning(Source("cases/a.yaml", 1, 1), "same", "c", fr="une formulation")
    b = warning(Source("cases/a.yaml", 1, 1), "same", "c", fr="une autre")
    assert a == b
    assert len(sort_issues([a, b])) == 1


def test_a_github_annotation_escapes_its_properties_and_its_message():
    issue = warning(Source("cases/a,b:c%d\r\n::error file=x.yaml::pwned.yaml", 3, 5), "50 % due\r\n::error::no")
    assert issue.github() == (
        "::warning file=cases/a%2Cb%3Ac%25d%0D%0A%3A%3Aerror file=x.yaml%3A%3Apwned.yaml,line=3,col=5"
        "::50 %25 due%0D%0A::error::no")


def test_the_text_form_of_an_issue_is_one_line_whatever_the_data():
    issue = error(Source("cases/a\n::warning::x.yaml", 2), "got \"A\r\nB\"")
    assert str(issue) == 'cases/a\\n::warning::x.yaml:2: got "A\\r\\nB"'


def test_a_case_file_named_with_a_newline_gives_one_annotation_line_per_issue(demo_repo):
    from click.testing import CliRunner

    from dossier.cli import main

    source = sorted((demo_repo / "cases").glob("*.yaml"))[0]
    evil = demo_repo / "cases" / "2026-999-x\n::warning file=evil.yaml::pwned.yaml"
    evil.write_bytes(source.read_bytes())
    runner = CliRunner()
    text = runner.invoke(main, ["check", "--repo", str(demo_repo), "--as-of", "2026-11-24", "--format", "text"])
    github = runner.invoke(main, ["check", "--repo", str(demo_repo), "--as-of", "2026-11-24", "--format", "github"],
                           env={"GITHUB_ACTIONS": "true"})
    assert text.exit_code == github.exit_code == 1
    lines = github.stderr.splitlines()
    assert len(lines) == len(text.stderr.splitlines())  # one line per issue in both forms
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert not any("file=evil.yaml" in line.split("::")[1] for line in lines if line.startswith("::warning"))
    mine = [line for line in lines if line.startswith("::error file=cases/2026-999-x")]
    assert mine and all(line.startswith("::error file=cases/2026-999-x%0A%3A%3Awarning file=evil.yaml%3A%3Apwned.yaml")
                        for line in mine)
