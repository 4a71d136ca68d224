"""`check` and `build` report the same warnings (issue 20): check renders everything in memory, build writes it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF
from dossier.build import build_site, check_repository
from dossier.cli import main

DAY = dt.date.fromisoformat(AS_OF)


def test_check_and_build_without_pdf_report_the_same_warnings(demo_repo: Path, tmp_path: Path) -> None:
    """The court bundles' warnings (a provisional rate in a request, prescription near) come with build --no-pdf too."""
    _repo, checked = check_repository(demo_repo, DAY, today=DAY)
    built = build_site(demo_repo, tmp_path / "site", DAY, pdf=False, today=DAY)
    assert not built.failed
    assert [str(i) for i in built.issues] == [str(i) for i in checked]
    assert len(checked) == 24   # two kbis-missing warnings (court): grouped on one line by the CLI
    assert "cases/2025-004-bertin.yaml:1:1: warning: small claims: no letter to a commissaire de justice, the claim is " \
           "time-barred after 2027-01-09" in "\n".join(str(i) for i in built.issues)


def test_build_warns_of_an_event_after_today_as_check_does(demo_repo: Path, tmp_path: Path) -> None:
    case = demo_repo / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "  - {date: 2026-11-20, type: call, outcome: no_answer}\n",
                    encoding="utf-8")
    runner = CliRunner()
    today = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 11, 10, tzinfo=dt.timezone.utc).timestamp()))}
    check = runner.invoke(main, ["check", "--repo", str(demo_repo), "--as-of", AS_OF], env=today)
    build = runner.invoke(main, ["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf",
                                 "--out", str(tmp_path / "site")], env=today)
    assert check.exit_code == build.exit_code == 0, build.output
    warned = "warning: events: the call event is dated 2026-11-20, after today (2026-11-10): a typo?"
    assert warned in check.output
    assert warned in build.output
    assert check.output.splitlines()[:-1] == build.output.splitlines()[:-1]
