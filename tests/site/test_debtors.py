"""A page per debtor (its claims, its exposure, its payment history) and the search index, on the demo portfolio."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from dossier.build import build_site, load_and_compute
from dossier.law import money
from dossier.site import debtors

DATE = dt.date(2026, 11, 24)


def build(repo: Path, out: Path) -> Path:
    assert not build_site(repo, out, DATE, pdf=False).failed
    return out


def index_of(site: Path) -> list[dict]:
    text = (site / "assets" / "recherche.js").read_text(encoding="ascii")
    return json.loads(text[text.index("= ") + 2:].rstrip(";\n"))


def test_the_debtor_page_gives_its_claims_exposure_and_payment_history(demo_repo: Path, tmp_path: Path):
    site = build(demo_repo, tmp_path / "site")
    page = (site / "debiteurs" / "siren-812345676.html").read_text(encoding="utf-8")
    assert "<h1>Dupont Rénovation SARL</h1>" in page
    assert "<div>Encours total<strong>4\u202f188,23\u00a0€</strong>" in page
    assert "<div>Principal restant dû<strong>3\u202f827,16\u00a0€</strong>" in page
    assert "<div>Déjà réglé<strong>1\u202f000,00\u00a0€</strong>" in page
    assert ('<tr><th scope="row" class="id">F2026-031</th><td><a class="id" href="../cases/2026-014-dupont/index.html">'
            '2026-014-dupont</a></td><td>03/03/2026</td><td class="num">4\u202f800,00\u00a0€</td><td>non soldée</td>'
            '<td class="num"><span class="late">266</span></td><td class="num">3\u202f827,16\u00a0€</td></tr>') in page
    # the home page's index and the case page link it
    assert '<td><a href="debiteurs/siren-812345676.html">Dupont Rénovation SARL</a></td>' in (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../debiteurs/siren-812345676.html">toutes ses créances</a>' in (
        site / "cases" / "2026-014-dupont" / "index.html").read_text(encoding="utf-8")
    assert len(list((site / "debiteurs").glob("*.html"))) == 16      # one debtor per case in the demo


def test_two_cases_of_one_debtor_are_one_page_with_both(demo_repo: Path, tmp_path: Path):
    path = demo_repo / "cases" / "2026-033-ferrand.yaml"
    path.write_text(re.sub(r"(?m)^  name: .*$", "  name: MME  nathalie bertin", path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")
    site = build(demo_repo, tmp_path / "site")
    page = (site / "debiteurs" / "mme-nathalie-bertin.html").read_text(encoding="utf-8")
    assert not (site / "debiteurs" / "mme-sylvie-ferrand.html").exists()
    assert re.findall(r'<th scope="row"><a class="id" href="../cases/([^/]+)/index.html">', page) == ["2025-004-bertin", "2026-033-ferrand"]
    _, results, _ = load_and_compute(demo_repo, DATE)
    exposure = sum(r.statement.total for r in results if r.case.id in ("2025-004-bertin", "2026-033-ferrand"))
    assert f"<div>Encours total<strong>{money.euros(exposure)}</strong>" in page
    assert "<div>Dossiers<strong>2</strong></div>" in page
    # the invoices of both cases, by due date
    dues = [dt.datetime.strptime(d, "%d/%m/%Y") for d in re.findall(r'index.html">[^<]+</a></td><td>(\d\d/\d\d/\d{4})</td>', page)]
    assert len(dues) >= 2 and dues == sorted(dues)


def test_the_search_index_holds_what_staff_type_and_nothing_that_runs(demo_repo: Path, tmp_path: Path):
    path = demo_repo / "cases" / "2026-014-dupont.yaml"
    path.write_text(re.sub(r"(?m)^  name: .*$", '  name: "</script><b>Dupont & fils</b> \u2028"',
                           path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    site = build(demo_repo, tmp_path / "site")
    raw = (site / "assets" / "recherche.js").read_bytes()
    assert raw.startswith(b"/* The search index of the site, written by dossier build. */\nwindow.dossierIndex = [")
    assert b"<" not in raw.split(b"*/", 1)[1] and b">" not in raw and b"&" not in raw
    assert max(raw) < 128                                 # ASCII: U+2028 and accents escaped
    dupont = next(e for e in index_of(site) if e["id"] == "2026-014-dupont")
    assert dupont == {
        "case_url": "cases/2026-014-dupont/index.html", "creditor": "Atelier Martin SAS",
        "debtor": "</script><b>Dupont & fils</b>", "debtor_url": "debiteurs/siren-812345676.html",
        "id": "2026-014-dupont", "invoices": ["F2026-031"], "siren": "812345676", "status": "open",
        "status_label": "en cours", "town": "69003 Lyon"}
    assert [e["id"] for e in index_of(site)] == sorted(p.name for p in (site / "cases").iterdir() if p.is_dir())


def test_slugs_and_towns():
    assert debtors.slug("Mme Sylvie Ferrand") == "mme-sylvie-ferrand"
    assert debtors.slug("Œuvre & Cie — Saint-Étienne") == "oeuvre-cie-saint-etienne"
    assert debtors.slug("«»") == "debiteur"
    assert debtors.town(("12 rue des Lilas", "69003 Lyon")) == "69003 Lyon"
    assert debtors.town(("BP 12", "69003 Lyon Cedex 03", "France")) == "69003 Lyon Cedex 03"
    assert debtors.town(()) == ""
