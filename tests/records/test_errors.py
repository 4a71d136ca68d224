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


# --- repeated warnings grouped (issue 20) --------------------------------------------------------------------

from dossier.records.errors import count, group_warnings  # noqa: E402

RATE = "computed with a provisional rate (12,40 %): check it before sending"


def _doc(case: str, doc: str, line: int = 0) -> Issue:
    return warning(Source(f"cases/{case}.yaml", line), f"case {case}, document {doc}: {RATE}", "provisional-rate-document",
                   fr="Taux provisoire utilisé")


def test_count_puts_the_noun_in_the_right_number():
    assert [count(0, "document"), count(1, "document"), count(2, "document"), count(1, "case")] == [
        "0 documents", "1 document", "2 documents", "1 case"]


def test_warnings_saying_the_same_of_several_documents_are_one_line_at_the_first_place():
    issues = [_doc("a", "05-mise-en-demeure", 3), error(Source("cases/b.yaml", 1), "case b, document x: " + RATE),
              _doc("b", "declaration-creance"), warning(Source("dossier.yaml", 1, 1), "other", "rate-provisional")]
    grouped = group_warnings(issues)
    assert [str(i) for i in grouped] == [
        "cases/a.yaml:3: warning: 2 documents (a/05-mise-en-demeure, b/declaration-creance): " + RATE,
        "cases/b.yaml:1: case b, document x: " + RATE,   # an error: never grouped
        "dossier.yaml:1:1: warning: other",
    ]
    assert grouped[0].code == "provisional-rate-document"
    assert grouped[0].fr == "2 documents (a/05-mise-en-demeure, b/declaration-creance)\u00a0: Taux provisoire utilisé"
    assert grouped[0].github() == ("::warning file=cases/a.yaml,line=3::2 documents (a/05-mise-en-demeure, "
                                   "b/declaration-creance): " + RATE.replace("%", "%25"))


def test_a_warning_alone_is_left_as_it_is_and_different_texts_or_codes_are_not_mixed():
    one = _doc("a", "05")
    other_rate = warning(Source("cases/b.yaml"), "case b, document 05: computed with a provisional rate (10,40 %): check it "
                         "before sending", "provisional-rate-document")
    other_code = warning(Source("cases/c.yaml"), f"case c, document 05: {RATE}", "another-code")
    no_code = warning(Source("cases/d.yaml"), f"case d, document 05: {RATE}")
    no_code_2 = warning(Source("cases/e.yaml"), f"case e, document 05: {RATE}")
    issues = [one, other_rate, other_code, no_code, no_code_2]
    assert group_warnings(issues) == issues


def test_case_warnings_group_by_their_file_and_five_or_more_name_three_and_count_the_rest():
    # The case is named by its file (cases/<id>.yaml or cases/<id>/dossier.yaml) when the message does not name it.
    paths = ["cases/a.yaml", "cases/b/dossier.yaml", "cases/c.yaml", "cases/d.yaml", "cases/e.yml"]
    issues = [warning(Source(p, 1, 1), "interest: provisional", "draft-provisional-rate") for p in paths]
    assert [str(i) for i in group_warnings(issues)] == [
        "cases/a.yaml:1:1: warning: 5 cases (a, b, c and 2 more): interest: provisional"]
    assert [str(i) for i in group_warnings(issues[:4])] == [
        "cases/a.yaml:1:1: warning: 4 cases (a, b, c, d): interest: provisional"]
    # "case <id>: …" names its case in the message: masked the same way.
    named = [warning(Source(f"cases/{c}.yaml", 1, 1), f"case {c}: the claim is time-barred", "prescribed") for c in "xy"]
    assert [str(i) for i in group_warnings(named)] == ["cases/x.yaml:1:1: warning: 2 cases (x, y): the claim is time-barred"]
    # The project file names no case: never grouped.
    project = [warning(Source("dossier.yaml", 1, 1), "m", "c"), warning(Source("other.yaml", 1, 1), "m", "c")]
    assert group_warnings(project) == project
