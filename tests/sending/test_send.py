"""`dossier send`, `dossier import receipts`, `dossier record --due sent` on three demo cases, against a real
SMTP server on 127.0.0.1: what is sent is the archived document, recorded once, in one commit."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.build import load_and_compute
from dossier.law import court_readiness
from dossier.ladder.next_action import pending

from gitrepo import GitRepo, isolated_env
from smtp_server import Server

ROOT = Path(__file__).resolve().parents[2]
CASES = ("2026-028-brasserie-du-parc", "2026-033-ferrand", "2026-038-vallons-du-lyonnais")
AS_OF = "2026-11-24"
EMAIL = "cases/2026-038-vallons-du-lyonnais/envoyes/2026-11-24-relance-informelle.eml"
MID = "<20261124.01-relance-informelle.2026-038-vallons-du-lyonnais@atelier-martin.fr>"
FERRAND = "cases/2026-033-ferrand/envoyes/2026-11-24-mise-en-demeure.pdf"
BRASSERIE = "cases/2026-028-brasserie-du-parc/envoyes/2026-11-24-mise-en-demeure.pdf"


@pytest.fixture
def claims(tmp_path: Path, monkeypatch) -> GitRepo:
    """Three demo cases due on 24 November 2026: one email, two formal notices by LRAR (one to a consumer)."""
    g = GitRepo(tmp_path / "claims", project=(ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "cases" / "pieces", g.path / "cases" / "pieces")
    for case in CASES:
        g.write(f"cases/{case}.yaml", (ROOT / "cases" / f"{case}.yaml").read_text(encoding="utf-8"))
    g.commit("three cases")
    for k, v in isolated_env().items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("DOSSIER_SMTP_URL", raising=False)
    return g


def run(g: GitRepo, *args: str):
    return CliRunner().invoke(main, [*args, "--repo", str(g.path)], catch_exceptions=False)


def test_send_delivers_the_archived_email_records_everything_in_one_commit_and_never_twice(claims: GitRepo, tmp_path):
    out = tmp_path / "batch"
    with Server() as s:
        dry = run(claims, "send", "--as-of", AS_OF, "--smtp", s.url, "--out", str(out))
        assert dry.exit_code == 0, dry.output
        assert s.handler.messages == [] and not out.exists()
        assert claims.git("status", "--porcelain") == "" and len(claims.log()) == 1
        assert dry.output.splitlines() == [
            "2026-028-brasserie-du-parc  mise_en_demeure  lrar  → Brasserie du Parc SARL, 18 cours Émile-Zola, 69100 Villeurbanne",
            f"    {BRASSERIE}",
            "2026-033-ferrand  mise_en_demeure  lrar  → Mme Sylvie Ferrand, 23 rue Anatole-France, 69100 Villeurbanne",
            f"    {FERRAND}",
            "2026-038-vallons-du-lyonnais  relance_informelle  email  → Communauté de communes des Vallons du Lyonnais "
            "<comptabilite@ccvl.example>",
            f"    {EMAIL}",
            "dry run: 3 documents would be sent; nothing was sent nor written (--yes to send)"]

        sent = run(claims, "send", "--as-of", AS_OF, "--smtp", s.url, "--out", str(out), "--yes")
        assert sent.exit_code == 0, sent.output
        [got] = s.handler.messages
        assert got.recipients == ["comptabilite@ccvl.example"]
        committed = subprocess.run(["git", "show", f"HEAD:{EMAIL}"], cwd=claims.path, capture_output=True, check=True).stdout
        assert got.data == committed   # byte for byte what the archive holds
        assert len(claims.log()) == 2 and claims.git("status", "--porcelain") == ""
        assert claims.git("show", "--name-only", "--format=%s", "HEAD").splitlines() == [
            "send: 3 documents sent on 2026-11-24", "", "cases/2026-028-brasserie-du-parc.yaml", BRASSERIE,
            "cases/2026-033-ferrand.yaml", FERRAND, "cases/2026-038-vallons-du-lyonnais.yaml", EMAIL]
        case = (claims.path / "cases/2026-038-vallons-du-lyonnais.yaml").read_text(encoding="utf-8")
        assert (f'- {{date: 2026-11-24, type: sent, step: relance_informelle, reference: "{MID}", files: [{{path: {EMAIL}, '
                f"sha256: ") in case and "channel: email}" in case

        again = run(claims, "send", "--as-of", AS_OF, "--smtp", s.url, "--out", str(out), "--yes")
        assert again.output == "nothing to send\n" and again.exit_code == 0
        assert len(s.handler.messages) == 1 and len(claims.log()) == 2

    manifest = json.loads((out / "courrier" / "manifest.json").read_text(encoding="utf-8"))
    assert [(m["reference"], m["kind"], m["file"], m["l1"], m["l4"], m["l6"]) for m in manifest["letters"]] == [
        ("2026-028-brasserie-du-parc/mise_en_demeure/2026-11-24", "lrar", "2026-11-24-mise-en-demeure.pdf",
         "Brasserie du Parc SARL", "18 cours Émile-Zola", "69100 VILLEURBANNE"),
        ("2026-033-ferrand/mise_en_demeure/2026-11-24", "lrar", "2026-11-24-mise-en-demeure.pdf",
         "Mme Sylvie Ferrand", "23 rue Anatole-France", "69100 VILLEURBANNE")]
    rows = list(csv.DictReader(io.StringIO((out / "courrier" / "manifest.csv").read_text(encoding="utf-8")), delimiter=";"))
    assert [r["reference"] for r in rows] == [m["reference"] for m in manifest["letters"]]


def test_a_refused_recipient_stays_unsent_and_the_rest_is_recorded(claims: GitRepo, tmp_path):
    with Server(refuse={"comptabilite@ccvl.example"}) as s:
        result = run(claims, "send", "--as-of", AS_OF, "--smtp", s.url, "--out", str(tmp_path / "b"), "--yes",
                     "--channel", "email")
    assert result.exit_code == 1
    assert ("2026-038-vallons-du-lyonnais relance_informelle: not sent: the server refused it (comptabilite@ccvl.example: "
            "550 5.1.1 <comptabilite@ccvl.example>: Recipient address rejected: User unknown)") in result.output
    assert s.handler.messages == [] and len(claims.log()) == 1 and claims.git("status", "--porcelain") == ""


def test_an_lre_to_a_consumer_needs_her_prior_consent(claims: GitRepo, tmp_path):
    result = run(claims, "send", "--as-of", AS_OF, "--channel", "lrar", "--lre", "--case", "2026-033-ferrand")
    assert result.output.splitlines()[1] == ("    NOT SENT: an electronic registered letter (LRE) to a consumer needs his "
                                             "prior consent (CPCE R53-3): record it as debtor.consent_lre: DATE, or send an LRAR")


def test_letters_posted_by_hand_then_the_receipts_export_sets_received_and_the_court_step_follows(claims: GitRepo, tmp_path):
    result = run(claims, "record", "--due", "sent", "--channel", "lrar", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert len(claims.log()) == 2 and claims.git("log", "-1", "--format=%s").strip() == "send: 2 documents sent on 2026-11-24"
    export = tmp_path / "suivi.csv"
    export.write_text("Référence client;Numéro de suivi;Statut;Date\n"
                      "2026-033-ferrand/mise_en_demeure/2026-11-24;1A 123 456 7890 1;Présenté / avisé;25/11/2026\n"
                      "2026-033-ferrand/mise_en_demeure/2026-11-24;1A 123 456 7890 1;Distribué;26/11/2026\n"
                      "2026-028-brasserie-du-parc/mise_en_demeure/2026-11-24;1A 999 888 7770 2;Avisé non réclamé;2/12/2026\n"
                      ";9Z 000;Distribué;01/12/2026\n", encoding="utf-8")
    imported = run(claims, "import", "receipts", str(export))
    assert imported.exit_code == 0, imported.output
    assert 'warning: suivi.csv:5: no sent letter matches "9Z 000"; row skipped' in imported.output
    assert ("warning: the formal notice of 2026-11-24 sent to case 2026-028-brasserie-du-parc came back unclaimed "
            "(avisé, non réclamé) on 2026-12-02") in imported.output
    ferrand = (claims.path / "cases/2026-033-ferrand.yaml").read_text(encoding="utf-8")
    assert ('step: mise_en_demeure, tracking: "1A 123 456 7890 1", received: 2026-11-26, files: ' in ferrand)
    assert "unclaimed: 2026-12-02" in (claims.path / "cases/2026-028-brasserie-du-parc.yaml").read_text(encoding="utf-8")
    assert len(claims.log()) == 3
    repo, results, issues = load_and_compute(claims.path, dt.date(2026, 12, 30))
    court = {r.case.id: [(a.step, a.due) for a in pending(r.case, r.ladder, dt.date(2026, 12, 30))] for r in results}
    assert court["2026-033-ferrand"] == [("injonction_de_payer", dt.date(2026, 12, 11))]            # received + 15 days
    assert court["2026-028-brasserie-du-parc"] == [("injonction_de_payer", dt.date(2026, 12, 9))]   # sent + 15 days
    brasserie = next(r for r in results if r.case.id == "2026-028-brasserie-du-parc")
    [warned] = court_readiness.check_formal_notice(court_readiness.Readiness(
        brasserie.case, repo.project, brasserie.statement, brasserie.ladder, dt.date(2026, 12, 30), claims.path))
    assert (warned.code, warned.fr) == ("unclaimed-notice", "La mise en demeure du 24\u00a0novembre\u00a02026 est revenue "
                                        "«\u00a0avisé, non réclamé\u00a0» le 2\u00a0décembre\u00a02026\u00a0: présentée, sa réception n’est pas prouvée. La "
                                        "renvoyer par lettre simple et par courriel, et joindre le pli retourné (piece:).")
    again = run(claims, "import", "receipts", str(export))
    assert "nothing to record" in again.output and len(claims.log()) == 3


def test_an_interrupted_send_records_exactly_what_went_out(claims: GitRepo, tmp_path, monkeypatch):
    """Ctrl-C after the email left and before the letters' batch was written: the email alone is recorded."""
    from dossier.sending import postal

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(postal, "write_batch", interrupted)
    with Server() as s:
        result = run(claims, "send", "--as-of", AS_OF, "--smtp", s.url, "--out", str(tmp_path / "b"), "--yes")
    assert result.exit_code == 130
    assert result.output.endswith("interrupted: what went out before is recorded (git log -1); run send again for the rest\n")
    assert len(s.handler.messages) == 1
    assert claims.git("show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        "send: 1 document sent on 2026-11-24", "", "cases/2026-038-vallons-du-lyonnais.yaml", EMAIL]
    assert claims.git("status", "--porcelain") == "" and not (tmp_path / "b").exists()
