"""A page and exports per creditor in agency mode (or with several creditors); none for a lone creditor."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

from dossier.build import build_site, load_and_compute
from dossier.law import money

DATE = dt.date(2026, 11, 24)


def test_in_agency_mode_each_creditor_has_its_report_and_exports(demo_repo: Path, tmp_path: Path):
    path = demo_repo / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "agency: false ", "firm:\n  name: Cabinet Exemple Recouvrement\nagency: true ", 1), encoding="utf-8")
    out = tmp_path / "site"
    result = build_site(demo_repo, out, DATE, pdf=False)
    assert not result.failed, [str(i) for i in result.issues]
    _, results, _ = load_and_compute(demo_repo, DATE)
    page = (out / "creanciers" / "default.html").read_text(encoding="utf-8")
    assert "<h1>Atelier Martin SAS\u00a0: compte rendu au 24\u00a0novembre\u00a02026</h1>" in page
    recovered = sum((r.statement.paid for r in results), Decimal("0.00"))
    assert f"<div>Déjà recouvré<strong>{money.euros(recovered)}</strong></div>" in page
    assert "<div>Dossiers<strong>16</strong></div>" in page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="creanciers/default.html">Atelier Martin SAS</a> — 16 dossiers,' in home
    rows = list(csv.reader(io.StringIO((out / "creanciers" / "default.csv").read_bytes()[3:].decode("utf-8"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Dossier", "Créancier", "Débiteur"] and len(rows) == 17
    data = json.loads((out / "creanciers" / "default.json").read_text(encoding="utf-8"))
    assert data == json.loads((out / "api" / "cases.json").read_text(encoding="utf-8"))   # one creditor: every case


def test_a_lone_creditor_without_agency_has_no_creditor_page(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, DATE, pdf=False).failed
    assert not (out / "creanciers").exists()
    assert 'id="creanciers"' not in (out / "index.html").read_text(encoding="utf-8")
