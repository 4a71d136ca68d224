"""cases.csv for a French spreadsheet and api/cases.json in docs/format.md's shape."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from dossier.site import exports
from dossier.build import build_site
from dossier.cli import main

AS_OF = "2026-11-24"


def row(**over):
    base = {"id": "2026-001-x", "creditor": "Atelier Martin SAS", "debtor": "Dupont SARL", "siren": "812345676", "kind_label": "professionnel",
            "principal": Decimal("3827.16"), "interest": Decimal("129.95"), "indemnity": Decimal("40.00"),
            "total": Decimal("3997.11"), "days_late": 119, "status_label": "en cours", "current_label": "Mise en demeure",
            "next_label": "Requête en injonction de payer", "next_due": dt.date(2026, 5, 4), "prescription": dt.date(2031, 3, 20)}
    return {**base, **over}


def parse(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def test_csv_has_a_bom_semicolons_decimal_commas_and_french_dates():
    data = exports.cases_csv([row(), row(id="2026-002-y", days_late=None, next_due=None, total=Decimal("1234567.5"))])
    assert data.startswith("\ufeffDossier;Créancier;Débiteur;SIREN;Qualité;Principal;Intérêts;Indemnités;Total;Jours de retard;Statut;"
                           "Étape en cours;Prochaine action;Date prévue;Prescription\r\n".encode("utf-8"))
    lines = parse(data)
    assert lines[1] == ["2026-001-x", "Atelier Martin SAS", "Dupont SARL", "812345676", "professionnel", "3827,16", "129,95", "40,00", "3997,11", "119",
                        "en cours", "Mise en demeure", "Requête en injonction de payer", "04/05/2026", "20/03/2031"]
    assert lines[2][8] == "1234567,50" and lines[2][9] == "" and lines[2][13] == ""


def test_a_cell_that_would_start_a_formula_is_neutralised_with_an_apostrophe():
    for evil in ("=HYPERLINK(\"http://x\";\"y\")", "+33 6 00", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert exports.neutralise(evil) == "'" + evil
    assert exports.neutralise("Dupont = SARL") == "Dupont = SARL"
    lines = parse(exports.cases_csv([row(debtor="=1+1", id="-x")]))
    assert [lines[1][0], lines[1][2]] == ["'-x", "'=1+1"]


def test_separators_and_quotes_inside_a_name_stay_in_one_cell():
    lines = parse(exports.cases_csv([row(debtor='Café "Le Point; Virgule"\nSARL')]))
    assert lines[1][2] == 'Café "Le Point; Virgule"\nSARL'
    assert len(lines[1]) == len(exports.CSV_COLUMNS)


def test_the_site_json_is_what_dossier_status_json_prints(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, dt.date.fromisoformat(AS_OF), pdf=False).failed
    site_json = json.loads((out / "api" / "cases.json").read_text(encoding="utf-8"))
    printed = CliRunner().invoke(main, ["status", "--repo", str(demo_repo), "--as-of", AS_OF, "--json"], catch_exceptions=False)
    assert site_json == json.loads(printed.stdout)
    first = site_json[0]
    assert list(first) == ["id", "creditor", "as_of", "status", "scenario", "principal", "interest", "indemnity", "total", "credited", "overpaid", "invoices", "prescription", "next_actions", "next_action", "plan",
                           "provisional"]
    assert [c["id"] for c in site_json] == sorted(c["id"] for c in site_json)


def test_the_site_csv_has_one_line_per_case_with_the_ledger_totals(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, dt.date.fromisoformat(AS_OF), pdf=False).failed
    lines = parse((out / "cases.csv").read_bytes())
    cases = json.loads((out / "api" / "cases.json").read_text(encoding="utf-8"))
    assert [line[0] for line in lines[1:]] == [c["id"] for c in cases]
    assert [line[1] for line in lines[1:]] == ["Atelier Martin SAS"] * len(cases)
    assert [c["creditor"] for c in cases] == ["default"] * len(cases)
    assert [line[8] for line in lines[1:]] == [c["total"].replace(".", ",") for c in cases]
