"""The site at the widths people use (a phone, a tablet, a laptop, a desktop), in both colour schemes.

At 390, 768, 1024 and 1440 px: the page never scrolls sideways (a wide table scrolls in its own box, the
agenda becomes cards), and no table cell is narrower than the longest unbreakable run of its text (a word, or
the part of a compound up to a hyphen, where browsers may break); axe-core (the copy bundled by the
``axe-playwright-python`` wheel) finds no violation, light and dark. Screenshots of the home, a case, a
debtor and the analytics page at each width go to ``$DOSSIER_SCREENSHOTS`` (or a temporary folder).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from test_browser_site import Watched, browser, demo_site, shots  # noqa: F401 — the module's fixtures

WIDTHS = (390, 768, 1024, 1440)
PAGES = {"home": "index.html", "case": "cases/2026-014-dupont/index.html", "analytics": "analyses.html"}

# Each visible cell whose content box is narrower than the widest run of its text that cannot break.
CRUSHED = """() => {
  const probe = document.createElement('span');
  probe.className = 'nowrap';
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = '';
  document.body.appendChild(probe);
  const bad = [];
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.offsetParent) continue;
    const words = (cell.innerText || '').split(/\\s+|(?<=-)/).filter(Boolean);
    if (!words.length) continue;
    const cs = getComputedStyle(cell);
    probe.style.font = cs.font;
    probe.style.position = 'absolute';
    probe.style.whiteSpace = 'nowrap';
    let widest = 0, word = '';
    for (const w of words) { probe.textContent = w; const x = probe.getBoundingClientRect().width; if (x > widest) { widest = x; word = w; } }
    const inner = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (inner + 1 < widest) bad.push(`${word}: ${Math.round(inner)} px for ${Math.round(widest)} px`);
  }
  probe.remove();
  return bad;
}"""


def debtor_page(site: Path) -> str:
    found = sorted(p for p in (site / "debiteurs").glob("*.html")) if (site / "debiteurs").is_dir() else []
    return found[0].relative_to(site).as_posix() if found else ""


def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("axe-core is missing: .venv/bin/pip install -e '.[test]' (axe-playwright-python)", pytrace=False)
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll_and_no_crushed_cell(browser, demo_site: Path, shots: Path, width: int):
    pages = dict(PAGES)
    if debtor_page(demo_site):
        pages["debtor"] = debtor_page(demo_site)
    w = Watched(browser)
    w.page.set_viewport_size({"width": width, "height": 900})
    try:
        for name, rel in pages.items():
            page = w.open(demo_site / rel)
            scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"{rel} at {width} px scrolls sideways: {scroll} px wide"
            assert page.evaluate(CRUSHED) == [], f"{rel} at {width} px"
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        assert w.problems == []
    finally:
        w.close()


def test_the_agenda_becomes_cards_on_a_phone_and_stays_a_table_on_a_laptop(browser, demo_site: Path):
    w = Watched(browser)
    try:
        for width, display in ((390, "block"), (1024, "table")):
            w.page.set_viewport_size({"width": width, "height": 900})
            page = w.open(demo_site / "index.html")
            assert page.evaluate("getComputedStyle(document.querySelector('table.agenda')).display") == display
        # each card names its values: the column header travels with the cell
        label = page.evaluate("""getComputedStyle(document.querySelector('table.agenda td:nth-child(3)'), '::before').content""")
        assert label == "none"                       # at 1024 px: a table, no label before the cell
        w.page.set_viewport_size({"width": 390, "height": 900})
        label = page.evaluate("""getComputedStyle(document.querySelector('table.agenda td:nth-child(3)'), '::before').content""")
        assert label == '"Débiteur\u00a0: "'
    finally:
        w.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_core_finds_no_violation(browser, demo_site: Path, scheme: str):
    source = axe_source()
    pages = sorted(p for p in demo_site.rglob("*.html") if p.name == "index.html" or p.parent == demo_site
                   or p.parent.name == "debiteurs" or p.parent.name == "creanciers")
    assert len(pages) >= 18
    w = Watched(browser, color_scheme=scheme)
    try:
        for width in (390, 1440):
            w.page.set_viewport_size({"width": width, "height": 900})
            for path in pages if width == 1440 else [demo_site / rel for rel in PAGES.values()]:
                page = w.open(path)
                page.evaluate(source)    # through the DevTools protocol: the page's CSP still forbids inline scripts
                result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
                assert found == [], f"{path.relative_to(demo_site)} at {width} px, {scheme}: {found}"
    finally:
        w.close()


def test_the_dark_scheme_changes_the_colours_and_print_stays_light(browser, demo_site: Path):
    w = Watched(browser, color_scheme="dark")
    try:
        page = w.open(demo_site / "index.html")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 25, 30)"
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    finally:
        w.close()


def test_the_focus_ring_is_drawn_in_the_focus_colour(browser, demo_site: Path):
    w = Watched(browser)
    try:
        page = w.open(demo_site / "index.html")
        page.keyboard.press("Tab")     # the skip link
        page.keyboard.press("Tab")     # the site title, in the blue header
        assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 209, 102)"
        page.locator("#table-dossiers a").first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineColor") == "rgb(179, 92, 0)"
        assert page.evaluate("getComputedStyle(document.activeElement).outlineWidth") == "3px"
    finally:
        w.close()
