"""`dossier import invoices|payments` on the command line: a dry run prints the plan and writes nothing."""
from __future__ import annotations

from click.testing import CliRunner

from dossier.cli import main
from imports_helpers import fixture, git, init_repo  # noqa: F401 - init_repo is a fixture


def test_dry_run_prints_the_plan_and_writes_nothing(init_repo):
    out = CliRunner().invoke(main, ["import", "invoices", "--repo", str(init_repo), "--dry-run", str(fixture("F2026-0203.pdf"))])
    assert out.exit_code == 0, out.output
    assert out.output == ("would write cases/2026-002-traiteur-lamy.yaml: new case, Traiteur Lamy SAS, invoices "
                          "F2026-0203 (720.00)\n")
    assert git(init_repo, "status", "--porcelain") == "" and not (init_repo / "cases/pieces").exists()


def test_import_then_payments_then_nothing_twice(init_repo, tmp_path):
    runner = CliRunner()
    done = runner.invoke(main, ["import", "invoices", "--repo", str(init_repo), str(fixture("F2026-0202.pdf"))])
    assert done.exit_code == 0 and done.output.splitlines()[-1].endswith("import invoices: 1 new case")
    review = tmp_path / "revoir.csv"
    paid = runner.invoke(main, ["import", "payments", "--repo", str(init_repo), "--unmatched", str(review),
                                str(fixture("statement.ofx"))])
    assert paid.exit_code == 0, paid.output
    assert paid.output.startswith("case 2026-002-vidal-architectes: payment 2940.00 on 2026-11-12 for F2026-0202 (by reference")
    assert paid.output.splitlines()[-1].endswith("import payments: 1 payment in 1 case, 4 left for review")
    assert "4 credits to review written to" in paid.output
    again = runner.invoke(main, ["import", "payments", "--repo", str(init_repo), "--unmatched", str(review),
                                 str(fixture("statement.ofx"))])
    assert "nothing to record: no new matched credit" in again.output


def test_a_file_that_is_no_statement_is_refused(init_repo, tmp_path):
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4\n")
    out = CliRunner().invoke(main, ["import", "payments", "--repo", str(init_repo), str(odd)])
    assert out.exit_code == 1
    assert out.output.splitlines()[-2:] == [f"{odd}: expected a camt.053 or camt.054 XML, an OFX or a CSV bank statement",
                                            "nothing was recorded"]


def test_in_french_the_screen_speaks_french_and_the_commit_stays_english(init_repo, tmp_path):
    """What an import does is said in the run's language; the commit message that records it stays in English."""
    runner = CliRunner()
    plan = runner.invoke(main, ["--lang", "fr", "import", "invoices", "--repo", str(init_repo), "--dry-run",
                                str(fixture("F2026-0203.pdf"))])
    assert plan.output.splitlines()[0].endswith("cases/2026-002-traiteur-lamy.yaml\u00a0: nouveau dossier, Traiteur Lamy SAS, "
                                                "factures F2026-0203 (720,00)")
    assert runner.invoke(main, ["--lang", "fr", "import", "invoices", "--repo", str(init_repo),
                                str(fixture("F2026-0202.pdf"))]).exit_code == 0
    paid = runner.invoke(main, ["--lang", "fr", "import", "payments", "--repo", str(init_repo), "--unmatched",
                                str(tmp_path / "revoir.csv"), str(fixture("statement.ofx"))])
    assert paid.exit_code == 0, paid.output
    assert paid.output.startswith("dossier 2026-002-vidal-architectes\u00a0: paiement de 2\u202f940,00 le 12/11/2026 pour la "
                                  "facture F2026-0202 (rapproché par référence\u00a0; opération ")
    assert "\n2026-002-vidal-architectes: payment 2940.00 on 2026-11-12\n" in git(init_repo, "log", "-1", "--format=%B")
    assert "cases/2026-002-vidal-architectes.yaml: new case, Vidal Architectes" in git(init_repo, "log", "-2", "--format=%B")
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4\n")
    refused = runner.invoke(main, ["--lang", "fr", "import", "payments", "--repo", str(init_repo), str(odd)])
    assert refused.output.splitlines()[-1] == "rien n’a été enregistré"
