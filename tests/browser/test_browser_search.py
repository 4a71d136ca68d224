"""The search box and the claims index's state in the URL, in Chromium from file:// (the index is a script
written by the build, assets/recherche.js: no request, no server)."""
from __future__ import annotations

from pathlib import Path

from test_browser_site import Watched, browser, demo_site, rows  # noqa: F401 — the module's fixtures


def results(page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('#recherche-liste li')).map(li => li.innerText)")


def test_an_invoice_number_or_a_siren_finds_its_case_from_any_page(browser, demo_site: Path):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "index.html")
        assert page.locator("#recherche").is_visible()
        page.fill("#recherche-texte", "F2026-031")
        assert results(page) == ["2026-014-dupont — Dupont Rénovation SARL (en cours · facture F2026-031)"]
        assert page.locator("#recherche-compte").inner_text() == "1 dossier trouvé"
        page.fill("#recherche-texte", "f2026031")            # hyphens and case do not matter
        assert [r.split(" — ")[0] for r in results(page)] == ["2026-014-dupont"]
        # from a case page (another folder): a SIREN typed with spaces, and the links still resolve
        page = w.open(demo_site / "cases" / "2025-004-bertin" / "index.html")
        page.fill("#recherche-texte", "812 345 676")
        assert results(page) == ["2026-014-dupont — Dupont Rénovation SARL (en cours · SIREN 812345676)"]
        page.locator("#recherche-liste a").first.click()
        page.wait_for_load_state("load")
        assert page.url == (demo_site / "cases" / "2026-014-dupont" / "index.html").as_uri()
        # a town, a status, a debtor's name without its accents; the debtor link goes to the debtor's page
        page.fill("#recherche-texte", "renovation lyon")
        hit = page.locator("#recherche-liste li a").nth(1)
        assert hit.inner_text() == "Dupont Rénovation SARL"
        assert Path(hit.evaluate("a => decodeURIComponent(new URL(a.href).pathname)")).is_file()
        page.fill("#recherche-texte", "zzz-personne")
        assert results(page) == [] and page.locator("#recherche-compte").inner_text() == "Aucun dossier trouvé"
        page.fill("#recherche-texte", "")
        assert page.locator("#recherche-resultats").is_hidden()
        assert w.problems == []
    finally:
        w.close()


def test_without_javascript_the_search_box_stays_hidden(browser, demo_site: Path):
    w = Watched(browser, java_script_enabled=False)
    try:
        assert w.open(demo_site / "index.html").locator("#recherche").is_hidden()
    finally:
        w.close()


def test_the_index_filter_finds_an_invoice_number_and_keeps_filter_and_sort_in_the_url(browser, demo_site: Path):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "index.html")
        page.fill("#filtre-texte", "F2026-031")               # not in the row's text: found through the index
        assert [r[0] for r in rows(page)] == ["2026-014-dupont"]
        assert page.evaluate("location.hash") == "#q=F2026-031"
        page.fill("#filtre-texte", "")
        page.select_option("#filtre-statut", "open")
        page.locator("#table-dossiers thead th", has_text="Total").locator("button").click()
        page.locator("#table-dossiers thead th", has_text="Total").locator("button").click()
        assert page.evaluate("location.hash") == "#statut=open&tri=total&ordre=desc"
        shown = rows(page)
        assert [float(v) for _, v in shown] == sorted((float(v) for _, v in shown), reverse=True)
        page.reload()
        page.wait_for_load_state("load")
        assert rows(page) == shown                            # the same rows in the same order after a reload
        assert page.locator("#filtre-statut").input_value() == "open"
        assert page.locator("#table-dossiers thead th", has_text="Total").get_attribute("aria-sort") == "descending"
        # a bookmarked address opens on its state
        page = w.open(demo_site / "index.html")
        page.goto((demo_site / "index.html").as_uri() + "#q=lyon&tri=debiteur&ordre=asc")
        page.reload()
        names = page.evaluate("Array.from(document.querySelectorAll('#table-dossiers tbody tr')).filter(r => !r.hidden).map(r => r.cells[1].innerText)")
        assert page.locator("#filtre-texte").input_value() == "lyon" and len(names) >= 2
        assert names == sorted(names, key=lambda s: s.casefold().replace("é", "e").replace("ô", "o"))
        assert w.problems == []
    finally:
        w.close()
