"""The demo site in real headless Chromium (Debian's), from file:// URLs.

Never skipped: without Chromium or Playwright these tests fail and say how to
install them (``scripts/install-system-deps --browser``; ``pip install -e '.[test]'``).
Screenshots go to ``$DOSSIER_SCREENSHOTS`` (default: a pytest temporary folder).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dossier.build import build_site, load_and_compute

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DATE = dt.date(2026, 11, 24)


def copy_demo(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(ROOT / "dossier.yaml", dest / "dossier.yaml")
    shutil.copytree(ROOT / "cases", dest / "cases")
    return dest


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-system-deps --browser", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: .venv/bin/pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    repo = copy_demo(base / "claims")
    result = build_site(repo, base / "site", DATE, pdf=False)
    assert not result.failed, [str(i) for i in result.issues]
    return base / "site"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ["DOSSIER_SCREENSHOTS"]) if os.environ.get("DOSSIER_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A page that records console errors and warnings, uncaught errors, failed requests and dialogs."""

    def __init__(self, browser, **context) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, **context)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()


def test_every_page_loads_without_console_error_and_every_link_resolves(browser, demo_site: Path):
    w = Watched(browser)
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) >= 14
    try:
        for path in pages:
            page = w.open(path)
            assert page.evaluate("document.documentElement.lang") == "fr"
            urls = page.evaluate("""() => Array.from(document.querySelectorAll('[href],[src]'))
                                      .map(e => e.href ? (e.href.baseVal || e.href) : e.src)""")
            for url in urls:
                parts = urlsplit(url)
                assert parts.scheme == "file", f"{path}: {url} is not a local file"
                target = Path(unquote(parts.path))
                assert target.is_file(), f"{path.relative_to(demo_site)}: broken link {url}"
                if parts.fragment and target.suffix == ".html":
                    ids = w.open(target).evaluate("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
                    assert parts.fragment in ids, f"{path}: no #{parts.fragment}"
            assert w.problems == [], f"{path.relative_to(demo_site)}: {w.problems}"
    finally:
        w.close()


def rows(page) -> list[tuple[str, str]]:
    """(case id, data-value of the Total cell) of the visible rows of the claims index, in order."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('#table-dossiers tbody tr'))
        .filter(r => !r.hidden).map(r => [r.cells[0].innerText.replace(/\\s*⚠.*$/s, '').trim(), r.cells[5].dataset.value])""")


def test_the_claims_index_sorts_by_a_column_both_ways(browser, demo_site: Path):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "index.html")
        before = rows(page)
        assert [r[0] for r in before] == sorted(r[0] for r in before)
        total = page.locator("#table-dossiers thead th", has_text="Total").locator("button")
        total.click()
        up = rows(page)
        assert [float(v) for _, v in up] == sorted(float(v) for _, v in before)
        assert page.locator("#table-dossiers thead th", has_text="Total").get_attribute("aria-sort") == "ascending"
        total.click()
        down = rows(page)
        assert [float(v) for _, v in down] == sorted((float(v) for _, v in before), reverse=True)
        page.locator("#table-dossiers thead th", has_text="Débiteur").locator("button").click()
        names = page.evaluate("Array.from(document.querySelectorAll('#table-dossiers tbody tr')).map(r => r.cells[1].innerText)")
        assert names == sorted(names, key=lambda s: s.casefold().replace("é", "e").replace("ô", "o"))
        assert w.problems == []
    finally:
        w.close()


def test_the_claims_index_filters_by_text_and_status(browser, demo_site: Path, demo_statuses):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "index.html")
        total = len(rows(page))
        assert page.locator("#filtre-compte").inner_text() == f"{total} dossiers affichés sur {total}"
        page.fill("#filtre-texte", "renovation dupont")  # accents and word order do not matter
        assert [r[0] for r in rows(page)] == ["2026-014-dupont"]
        assert page.locator("#filtre-compte").inner_text() == f"1 dossier affiché sur {total}"
        page.fill("#filtre-texte", "")
        page.select_option("#filtre-statut", "paused")
        assert sorted(r[0] for r in rows(page)) == sorted(i for i, s in demo_statuses.items() if s == "paused")
        page.fill("#filtre-texte", "zzz-personne")
        assert rows(page) == [] and page.locator("#filtre-compte").inner_text() == f"0 dossier affiché sur {total}"
        assert w.problems == []
    finally:
        w.close()


@pytest.fixture(scope="module")
def demo_statuses() -> dict[str, str]:
    _, results, _ = load_and_compute(ROOT, DATE)
    return {r.case.id: r.ladder.status for r in results}


def test_without_javascript_the_table_is_complete_and_the_filters_stay_hidden(browser, demo_site: Path, demo_statuses):
    w = Watched(browser, java_script_enabled=False)
    try:
        page = w.open(demo_site / "index.html")
        assert len(rows(page)) == len(demo_statuses)  # evaluate() still runs with page scripts off
        assert page.locator("#filtres").is_hidden()
    finally:
        w.close()


def test_print_hides_navigation_and_filters(browser, demo_site: Path, shots: Path):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "cases" / "2026-014-dupont" / "index.html")
        page.emulate_media(media="print")
        assert page.locator("header.top nav").is_hidden()
        assert page.locator("h1").is_visible()
        page.screenshot(path=str(shots / "case-print.png"), full_page=True)
    finally:
        w.close()


def test_screenshots_of_home_index_case_and_analytics(browser, demo_site: Path, shots: Path):
    w = Watched(browser)
    try:
        for name, rel in (("home", "index.html"), ("case", "cases/2026-014-dupont/index.html"), ("analytics", "analyses.html")):
            page = w.open(demo_site / rel)
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        page = w.open(demo_site / "index.html")
        page.locator("#dossiers").scroll_into_view_if_needed()
        page.locator("#dossiers").screenshot(path=str(shots / "index.png"))
        for name in ("home", "index", "case", "analytics", "case-print"):
            data = (shots / f"{name}.png").read_bytes() if (shots / f"{name}.png").exists() else b""
            if name != "case-print":
                assert data.startswith(b"\x89PNG") and len(data) > 20_000, name
        assert w.problems == []
    finally:
        w.close()


def test_hostile_names_stay_text_and_run_nothing(browser, tmp_path: Path):
    repo = copy_demo(tmp_path / "claims")
    evil = {"2026-014-dupont": "<script>alert(1)</script>", "2025-004-bertin": '"><img src=x onerror=alert(2)>'}
    for case_id, name in evil.items():
        path = repo / "cases" / f"{case_id}.yaml"
        path.write_text(re.sub(r"(?m)^  name: .*$", "  name: " + json.dumps(name), path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    out = tmp_path / "site"
    assert not build_site(repo, out, DATE, pdf=False).failed
    w = Watched(browser)
    try:
        for rel in ["index.html", "analyses.html"] + [f"cases/{c}/index.html" for c in evil]:
            page = w.open(out / rel)
            assert page.evaluate("document.querySelectorAll('img').length") == 0
            text = page.locator("body").inner_text()
            if rel.startswith("cases/") or rel == "index.html":
                assert any(name in text for name in evil.values()), rel
        home = w.open(out / "index.html")
        assert "<script>alert(1)</script>" in home.locator("#table-dossiers").inner_text()
        assert w.problems == []
    finally:
        w.close()
