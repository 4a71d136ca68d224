"""`dossier import invoices`: from a repository made by `dossier init`, one commit, checked, idempotent."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dossier.build import build_site, check_repository
from dossier.imports.run_invoices import import_invoices
from dossier.records.errors import has_errors
from dossier.records.load import load_repository
from imports_helpers import fixture, git, init_repo  # noqa: F401 - init_repo is a fixture

AS_OF = dt.date(2026, 12, 6)
FILES = ["aged-balance-latin1.csv", "F2026-0201.pdf", "F2026-0202.pdf", "F2026-0203.pdf"]


def test_a_50_line_csv_and_three_facturx_pdfs_make_checked_cases_in_one_commit_and_a_second_run_changes_nothing(init_repo, tmp_path):
    before = git(init_repo, "rev-parse", "HEAD")
    ok, plan, lines = import_invoices(init_repo, [fixture(f) for f in FILES])
    assert ok, lines
    assert git(init_repo, "rev-list", "--count", f"{before.strip()}..HEAD").strip() == "1"
    assert lines[0].endswith("import invoices: 13 new cases")
    assert git(init_repo, "status", "--porcelain") == ""
    repo, issues = check_repository(init_repo, AS_OF)
    assert repo is not None and not has_errors(issues), [str(i) for i in issues if i.severity == "error"]
    imported = [c for c in repo.cases if c.id != "2026-001-exemple"]
    assert len(imported) == 13
    assert sum(len(c.invoices) for c in imported) == 53
    assert sum((i.amount for c in imported for i in c.invoices), Decimal(0)) == Decimal("97049.25") + Decimal("1200.00") + Decimal("2940.00") + Decimal("720.00")
    klein = repo.case("2026-002-boulangerie-klein")
    assert (klein.debtor.name, klein.debtor.siren, klein.debtor.email, klein.debtor.address) == (
        "Boulangerie Klein SARL", "512345679", "compta@boulangerie-klein.fr", ("3 rue Mercière", "69002 Lyon"))
    f0201 = next(i for i in klein.invoices if i.number == "F2026-0201")
    assert (f0201.date, f0201.due, f0201.amount, f0201.piece) == (
        dt.date(2026, 10, 1), dt.date(2026, 10, 31), Decimal("1200.00"), "cases/pieces/F2026-0201.pdf")
    assert (init_repo / "cases/pieces/F2026-0201.pdf").read_bytes() == fixture("F2026-0201.pdf").read_bytes()
    lamy = repo.case("2026-014-traiteur-lamy")   # the buyer of a Factur-X PDF no CSV line names: a case of its own
    assert (lamy.debtor.vat, [i.number for i in lamy.invoices]) == (None, ["F2026-0203"])
    result = build_site(init_repo, tmp_path / "site", AS_OF, pdf=False)
    assert not result.failed and result.cases == 14

    again_ok, again, again_lines = import_invoices(init_repo, [fixture(f) for f in FILES])
    assert again_ok and again.empty and again_lines == []
    assert len(again.skipped) == 53
    assert again.skipped[0] == "aged-balance-latin1.csv:2: invoice F2026-0101 already in case 2026-002-boulangerie-klein"
    assert git(init_repo, "rev-list", "--count", f"{before.strip()}..HEAD").strip() == "1"


def test_the_new_case_file_is_written_in_the_repository_style(init_repo):
    import_invoices(init_repo, [fixture("F2026-0203.pdf")])
    assert (init_repo / "cases/2026-002-traiteur-lamy.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../.dossier/schema/case.json\n"
        "# Créé par dossier import depuis F2026-0203.pdf.\n"
        "debtor:\n"
        "  name: Traiteur Lamy SAS\n"
        "  kind: professional\n"
        '  siren: "645678905"\n'
        '  address: ["8 rue Tronchet", "69006 Lyon"]\n'
        '  email: "factures@traiteur-lamy.fr"\n'
        "invoices:\n"
        "  - number: F2026-0203\n"
        "    date: 2026-10-08\n"
        "    due: 2026-11-07\n"
        "    amount: 720.00\n"
        "    piece: pieces/F2026-0203.pdf\n")


def test_utf8_bom_csv_fec_ubl_and_a_cii_credit_note_complete_the_cases(init_repo):
    ok, _, lines = import_invoices(init_repo, [fixture(f) for f in FILES])
    assert ok, lines
    ok, plan, lines = import_invoices(init_repo, [fixture(f) for f in (
        "aged-balance-utf8-bom.csv", "fec.txt", "ubl-F2026-0204.xml", "cii-AV2026-0012.xml")])
    assert ok, lines
    assert lines[0].endswith("import invoices: 3 new cases, 1 invoice added, 1 credit note")
    repo, issues = load_repository(init_repo)
    assert repo is not None, [str(i) for i in issues]
    dumas = repo.case("2026-015-atelier-dumas")
    assert (dumas.debtor.siret, dumas.debtor.siren) == ("63456789500012", "634567895")
    assert [(e.type, e.number, e.invoice, e.amount) for e in dumas.events] == [
        ("credit_note", "AV2026-0011", "F2026-0302", Decimal("180.40"))]
    assert repo.case("2026-017-mairie-de-craponne").debtor.kind == "public"   # SIRET 216…: a public body
    morel = repo.case("2026-016-garage-morel")   # the FEC: the open item only (F2026-0402 is lettered)
    assert [(i.number, i.date, i.due, i.amount) for i in morel.invoices] == [
        ("F2026-0401", dt.date(2026, 9, 3), dt.date(2026, 10, 3), Decimal("1440.00"))]
    ferrand = repo.case("2026-011-menuiserie-ferrand")
    assert ferrand.invoices[-1].number == "F2026-0204" and ferrand.invoices[-1].amount == Decimal("984.00")
    vidal = repo.case("2026-007-vidal-architectes")
    assert [(e.date, e.type, e.number, e.invoice, e.amount) for e in vidal.events] == [
        (dt.date(2026, 10, 20), "credit_note", "AV2026-0012", "F2026-0202", Decimal("240.00"))]


def test_a_bad_line_is_located_and_nothing_is_written(init_repo, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_bytes("N° facture;Client;Date facture;Échéance;Montant TTC;SIREN\n"
                    "F1;Alpha SARL;01/09/2026;01/10/2026;1 200,00;512345679\n"
                    "F2;Beta SAS;31/09/2026;01/10/2026;12,5x;512345678\n".encode("cp1252"))
    ok, plan, lines = import_invoices(init_repo, [bad])
    assert not ok and plan is None
    assert lines == [
        'export.csv:3: expected an invoice date (dd/mm/yyyy), got "31/09/2026"',
        'export.csv:3: expected an amount such as "1 234,56", got "12,5x"',
        'export.csv:3: siren: expected a SIREN with a valid check digit, got "512345678"',
        "nothing was imported",
    ]
    assert git(init_repo, "status", "--porcelain") == ""


def test_a_column_mapping_in_dossier_yaml_names_the_headings(init_repo, tmp_path):
    with (init_repo / "dossier.yaml").open("a", encoding="utf-8") as f:
        f.write('import:\n  columns: {number: "Réf.", name: "Débiteur", amount: "Dû", date: "Émise le", due: "Payable le"}\n')
    git(init_repo, "commit", "-qam", "columns")
    export = tmp_path / "balance.csv"
    export.write_text("Réf.,Débiteur,Émise le,Payable le,Dû\nX-77,Gamma SARL,02/11/2026,02/12/2026,99.90\n", encoding="utf-8")
    ok, plan, lines = import_invoices(init_repo, [export], dry_run=True)
    assert ok and plan.said == ["cases/2026-002-gamma.yaml: new case, Gamma SARL, invoices X-77 (99.90)"]
    assert git(init_repo, "status", "--porcelain") == ""   # a dry run writes nothing


def test_a_public_buyers_chorus_pro_deposit_comes_from_its_columns(init_repo, tmp_path):
    export = tmp_path / "chorus.csv"
    export.write_text("N° facture;Client;SIRET;Date facture;Échéance;Montant TTC;N° Chorus;Date dépôt Chorus\n"
                      "F2026-0500;Mairie de Craponne;21690069600016;01/10/2026;31/10/2026;2 400,00;CPP-2026-0412;02/10/2026\n",
                      encoding="utf-8")
    ok, _, lines = import_invoices(init_repo, [export])
    assert ok, lines
    repo, _ = load_repository(init_repo)
    case = repo.case("2026-002-mairie-de-craponne")
    invoice = case.invoices[0]
    assert (case.debtor.kind, case.debtor.siret, invoice.chorus.deposited, invoice.chorus.number) == (
        "public", "21690069600016", dt.date(2026, 10, 2), "CPP-2026-0412")
    assert "    chorus: {deposited: 2026-10-02, number: CPP-2026-0412}\n" in (
        init_repo / "cases/2026-002-mairie-de-craponne.yaml").read_text(encoding="utf-8")
