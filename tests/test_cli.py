"""The command line as users and CI see it: exit codes, messages, JSON."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, ROOT
from dossier.cli import main

BAD = ROOT / "tests" / "fixtures" / "load" / "bad-fields"


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_check_prints_every_error_with_file_line_and_field_and_exits_1():
    result = run("check", "--repo", str(BAD), "--as-of", AS_OF, "--format", "text")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert 'cases/fields.yaml:3:9: debtor.kind: expected professional, consumer or public, got "pro"' in lines
    assert 'cases/fields.yaml:4:3: debtor.adress: unknown field; did you mean "address"?' in lines
    assert "Traceback" not in result.output


def test_check_under_github_actions_prints_annotations():
    for args, env in ((("--format", "github"), None), ((), {"GITHUB_ACTIONS": "true"})):
        result = run("check", "--repo", str(BAD), "--as-of", AS_OF, *args, env=env)
        assert result.exit_code == 1
        assert "::error file=cases/fields.yaml,line=3,col=9::debtor.kind: expected professional, consumer or public, got \"pro\"" in result.output.splitlines()


def test_check_on_the_demo_passes(demo_repo: Path):
    result = run("check", "--repo", str(demo_repo), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("16 cases checked: no errors, ")


def test_show_json_is_the_format_md_example(demo_repo: Path):
    # FORMAT.md, "What scripts read": the worked example at 30 June 2026
    result = run("show", "2026-014-dupont", "--repo", str(demo_repo), "--as-of", "2026-06-30", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "id": "2026-014-dupont",
        "as_of": "2026-06-30",
        "status": "open",
        "principal": "3827.16",
        "interest": "129.95",
        "indemnity": "40.00",
        "total": "3997.11",
        "invoices": [{"number": "F2026-031", "principal": "3827.16", "interest": "129.95", "days_late": 119}],
        "prescription": "2031-03-20",
        "next_actions": [{"step": "injonction_de_payer", "due": "2026-05-04", "channel": "court"}],
        "provisional": False,
    }
    # FORMAT.md's keys in its order, then "provisional" last (the 2026-S1 rate is confirmed)
    assert list(json.loads(result.output))[-2:] == ["next_actions", "provisional"]


def test_show_names_an_unknown_case(demo_repo: Path):
    result = run("show", "2099-001", "--repo", str(demo_repo), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert f"No case '2099-001' in {demo_repo / 'cases'}" in result.output


def test_status_json_lists_every_case_in_the_format_md_shape(demo_repo: Path):
    result = run("status", "--repo", str(demo_repo), "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.output
    cases = json.loads(result.output)
    assert len(cases) == 16
    assert all(list(c) == ["id", "as_of", "status", "principal", "interest", "indemnity", "total", "invoices",
                           "prescription", "next_actions", "provisional"] for c in cases)
    assert [c["id"] for c in cases] == sorted(c["id"] for c in cases)


def test_a_bad_as_of_date_is_a_usage_error(demo_repo: Path):
    result = run("build", "--repo", str(demo_repo), "--as-of", "24/11/2026")
    assert result.exit_code == 2
    assert 'expected a date (YYYY-MM-DD), got "24/11/2026"' in result.output


def test_source_date_epoch_sets_the_as_of_date(demo_repo: Path):
    # 1 779 840 000 s = 2026-05-27 00:00 UTC
    result = run("show", "2026-014-dupont", "--repo", str(demo_repo), "--json", env={"SOURCE_DATE_EPOCH": "1779840000"})
    assert json.loads(result.output)["as_of"] == "2026-05-27"
