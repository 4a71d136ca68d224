"""The status site on the demo portfolio: pages, links, flags, documents, Git timeline, XSS, serve."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import time
import urllib.request
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from dossier.ladder import agenda as agenda_mod
from dossier.law import money
from dossier.site import casepage, site
from dossier.site.home import claim_class
from dossier.build import build_site, load_and_compute

AS_OF = "2026-11-24"
DATE = dt.date.fromisoformat(AS_OF)


def build(repo: Path, out: Path) -> Path:
    result = build_site(repo, out, DATE, pdf=False)
    assert not result.failed, [str(i) for i in result.issues]
    return out


@pytest.fixture
def demo_site(demo_repo: Path, tmp_path: Path) -> Path:
    return build(demo_repo, tmp_path / "site")


class Links(HTMLParser):
    """Every href/src of a page, every id, and what must never be there (inline script or style)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.inline: list[str] = []   # event handlers and inline scripts: never anywhere
        self.styles: list[str] = []   # inline styles: fine in a self-contained document, not on a site page

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.urls.append(a[key])
        if "id" in a:
            self.ids.add(a["id"])
        if any(k.startswith("on") for k in a):
            self.inline.append(f"<{tag} {a}>")
        if tag == "script" and "src" not in a:
            self.inline.append("<script> without src")
        if "style" in a:
            self.styles.append(f"<{tag} {a}>")
        if tag == "style":
            self.styles.append("<style>")


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_page_and_export_is_written(demo_site: Path, demo_repo: Path):
    ids = sorted(r.case.id for r in load_and_compute(demo_repo, DATE)[1])
    expected = {"index.html", "analyses.html", "assets/site.css", "assets/site.js", "api/cases.json", "cases.csv"}
    expected |= {f"cases/{i}/index.html" for i in ids}
    files = {p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*") if p.is_file()}
    assert expected <= files
    assert "agenda.ics" in files


def is_site_page(page: Path, site: Path) -> bool:
    """Site pages (styled by assets/, scripted by site.js) as opposed to documents (self-contained letters)."""
    rel = page.relative_to(site).as_posix()
    return rel in ("index.html", "analyses.html") or (rel.startswith("cases/") and rel.endswith("/index.html")) or rel.startswith("debiteurs/")


def inline_allowed(page: Path, site: Path, links: "Links") -> list[str]:
    """What is inline but must not be: scripts and handlers anywhere; styles on a site page (its CSP forbids them)."""
    return links.inline + links.styles if is_site_page(page, site) else links.inline


def test_every_page_is_french_noindex_self_contained_and_every_link_resolves(demo_site: Path):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) >= 14
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith('<!DOCTYPE html>\n<html lang="fr">'), page
        assert '<meta name="robots" content="noindex, nofollow, noarchive">' in text
        assert "default-src 'none'" in text, page
        if is_site_page(page, demo_site):
            assert "script-src 'self'" in text
        else:  # a document runs no script at all
            assert "script-src" not in text and "<script" not in text, page
        links = parse(page)
        assert inline_allowed(page, demo_site, links) == [], page
        for url in links.urls:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{page}: external resource {url}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(demo_site)}: broken link {url}"
            assert demo_site.resolve() in target.parents, f"{page}: link leaves the site: {url}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parse(target).ids, f"{page}: no #{parts.fragment} in {target.name}"


def test_the_home_page_has_the_totals_of_the_ledger_and_a_row_per_case(demo_site: Path, demo_repo: Path):
    _, results, _ = load_and_compute(demo_repo, DATE)
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    # « réclamable »: neither closed, nor time-barred (Café des Canuts), nor declared in insolvency proceedings (Perrin)
    live = [r for r in results if claim_class(r) == "claimable"]
    assert {r.case.id: claim_class(r) for r in results if claim_class(r) != "claimable"} == {
        "2021-037-cafe-des-canuts": "prescribed", "2026-023-agencements-perrin": "declared"}
    for key in ("principal", "interest", "indemnity", "total"):
        total = sum((getattr(r.statement, key) for r in live), Decimal("0.00"))
        assert f"<strong>{money.euros(total)}</strong>" in home
    assert "Total réclamable<strong>57\u202f456,68\u00a0€</strong><span>hors dossiers clos, prescrits ou en procédure collective</span>" in home
    assert "Créances déclarées<strong>5\u202f625,22\u00a0€</strong><span>1 dossier en procédure collective</span>" in home
    assert "Créances prescrites<strong>4\u202f331,08\u00a0€</strong><span>1 dossier, recouvrement amiable seulement</span>" in home
    assert f"Déjà recouvré<strong>{money.euros(sum(r.statement.paid for r in results))}</strong>" in home
    rows = re.findall(r'<tr data-status="(\w+)">\s*<th scope="row"><a href="cases/([^/]+)/index.html">', home)
    assert rows == [(r.ladder.status, r.case.id) for r in sorted(results, key=lambda r: r.case.id)]
    for r in results:  # every claims-index row carries the sortable raw values
        assert f'data-value="{r.statement.total}">{money.euros(r.statement.total)}</td>' in home
    # the next action is the agenda's: of the steps due now, the most advanced
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], DATE, 14)
    for item in ag.overdue + ag.today:
        start = home.index(f'<a href="cases/{item.case_id}/index.html">{item.case_id}</a>', home.index('id="table-dossiers"'))
        line = home[start:home.index("</tr>", start)]
        assert f"<td>{site.step_label(item.step)}</td>" in line and f">{item.due.strftime('%d/%m/%Y')}</td>" in line


def test_the_agenda_lists_each_action_in_its_section_with_amount_and_link(demo_site: Path, demo_repo: Path):
    _, results, _ = load_and_compute(demo_repo, DATE)
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], DATE, 14)
    buckets = {key: ag.bucket(key) for key in ("overdue", "today", "upcoming", "later")}
    assert buckets["later"]      # the demo's Garnier order: its service deadline is past the next 14 days
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    agenda = home[home.index('<section id="agenda"'):home.index('<section id="dossiers"')]
    headings = [m.start() for m in re.finditer(r"<h3 class=\"agenda-", agenda)] + [len(agenda)]
    for (key, actions), start, end in zip(buckets.items(), headings, headings[1:]):
        part = agenda[start:end]
        assert part.startswith(f'<h3 class="agenda-{key}">')
        assert f'<span class="count">({len(actions)})</span>' in part
        for a in actions:
            assert f'<td><a href="cases/{a.case_id}/index.html">{a.case_id}</a></td>' in part
            assert f"<td>{a.label}" in part
            assert money.euros(a.amount) in part
    upcoming = agenda[agenda.index('<h3 class="agenda-upcoming">'):agenda.index('<h3 class="agenda-later">')]
    # the demo's Cave Roux plan is forfeited (17 November); the notice gave fifteen more days to pay the balance:
    # the court request comes on 2 December, within the next 14 days
    assert "2026-022-cave-roux" in upcoming and "02/12/2026" in upcoming


def test_the_home_page_shows_the_court_deadline_of_a_filed_case(demo_site: Path):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    agenda = home[home.index('<section id="agenda"'):home.index('<section id="dossiers"')]
    later = agenda[agenda.index('<h3 class="agenda-later">'):]
    assert later.startswith('<h3 class="agenda-later">Plus tard\u00a0: délais de procédure au-delà de 14 jours '
                            '<span class="count">(1)</span></h3>')
    row = later[later.index('<td>27/01/2027</td>'):]
    row = row[:row.index("</tr>")]
    assert re.sub(r"[ \n]+", " ", row) == (
        '<td>27/01/2027</td> <td><a href="cases/2026-027-garnier/index.html">2026-027-garnier</a></td> '
        '<td>M. Julien Garnier</td> <td>Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026 par un commissaire de '
        'justice au plus tard le 27\u00a0janvier\u00a02027 (délai de 3 mois, art. 1411 CPC)</td> '
        '<td>commissaire de justice</td> <td class="num">6\u202f888,19\u00a0€</td> <td><span class="muted">—</span></td> ')
    # the claims index: in litigation, the next action is the court deadline
    index = home[home.index('id="table-dossiers"'):]
    line = index[index.index('<a href="cases/2026-027-garnier/index.html">'):]
    line = line[:line.index("</tr>")]
    assert '<span class="status status-litigation">contentieux</span>' in line
    assert "<td>Signification de l’ordonnance</td>" in line and '<td data-value="2027-01-27">27/01/2027</td>' in line


def test_a_lapsed_order_is_flagged_in_the_home_page_agenda(demo_repo: Path, tmp_path: Path):
    # Dupont: filed 6 May 2026, order of 15 May (6-month rule): not served by 16 November (15th a Sunday)
    path = demo_repo / "cases" / "2026-014-dupont.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(text + "\n  - {date: 2026-05-06, type: filed, court: Tribunal des activités économiques de Lyon}"
                           "\n  - {date: 2026-05-15, type: order}\n", encoding="utf-8")
    home = (build(demo_repo, tmp_path / "site") / "index.html").read_text(encoding="utf-8")
    overdue = home[home.index('<h3 class="agenda-overdue">'):home.index('<h3 class="agenda-today">')]
    row = overdue[overdue.index('<td>16/11/2026 <span class="late">(+8 j)</span></td>'):]
    row = row[:row.index("</tr>")]
    assert '<a href="cases/2026-014-dupont/index.html">' in row
    assert ("<strong>⚠ Ordonnance du 15\u00a0mai\u00a02026 non avenue — non signifiée dans le délai de 6 mois "
            "(art. 1411 CPC)\u00a0: présenter une nouvelle requête</strong>") in row
    assert "<caption>À suivre (procédure) — en retard — 1 action," in overdue


def test_the_case_page_of_a_filed_case_lists_its_court_deadlines(demo_site: Path):
    page = (demo_site / "cases" / "2026-027-garnier" / "index.html").read_text(encoding="utf-8")
    part = page[page.index('<h3 id="delais">'):]
    part = part[:part.index("</ul>")]
    assert part == (
        '<h3 id="delais">Après la requête\u00a0: délais de procédure</h3>\n<ul class="deadlines">\n'
        "  <li>27/01/2027 — Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026 par un commissaire de justice au "
        "plus tard le 27\u00a0janvier\u00a02027 (délai de 3 mois, art. 1411 CPC) "
        '<span class="muted">(commissaire de justice)</span></li>\n')
    # a case not filed has no such section
    assert 'id="delais"' not in (demo_site / "cases" / "2026-014-dupont" / "index.html").read_text(encoding="utf-8")


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palettes() -> dict[str, dict[str, str]]:
    """The light palette (the first ``:root``) and the dark one (``prefers-color-scheme: dark``), by name."""
    css = (Path(site.STATIC) / "site.css").read_text(encoding="utf-8")
    light = css[css.index(":root {"):css.index("}", css.index(":root {"))]
    start = css.index("prefers-color-scheme: dark")
    dark = css[start:css.index("}", start)]
    return {name: dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", block)) for name, block in (("light", light), ("dark", dark))}


def test_text_colours_have_wcag_aa_contrast_on_every_background_they_meet():
    for scheme, palette in palettes().items():
        for text in ("ink", "muted", "accent", "warn", "bad", "ok"):
            for background in (palette["page"], palette["bg"]):
                assert contrast(palette[text], background) >= 4.5, (scheme, text, background)
        assert contrast("#ffffff", palette["header"]) >= 4.5, scheme  # the header
        # WCAG 2.2 (1.4.11, 2.4.13): the focus ring at 3:1 at least against what it is drawn on
        for background in (palette["page"], palette["bg"]):
            assert contrast(palette["focus"], background) >= 3, (scheme, background)
        assert contrast(palette["focus-header"], palette["header"]) >= 3, scheme
    assert round(contrast(palettes()["light"]["focus"], "#ffffff"), 2) == 4.72


def test_document_labels_are_french_and_number_repeats():
    assert casepage.document_label("03-relance-ferme") == "Relance ferme"
    assert casepage.document_label("02-relance-amiable-2") == "Relance amiable (2)"
    assert casepage.document_label("06-requete-injonction") == "Requête en injonction de payer"
    assert casepage.document_label("echeancier") == "Échéancier de paiement"
    assert casepage.document_label("07-courrier-libre") == "Courrier libre"


def test_agenda_ics_has_one_all_day_event_per_agenda_line_and_per_legal_deadline(demo_site: Path, demo_repo: Path):
    import icalendar

    _, results, _ = load_and_compute(demo_repo, DATE)
    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], DATE, 14)
    cal = icalendar.Calendar.from_ical((demo_site / "agenda.ics").read_bytes())
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    # every action of the agenda and every instalment awaited, once; then the prescriptions and the forclusion
    actions = [f"{i.case_id}-{i.step}@dossier" for i in ag.items + ag.instalments]
    assert set(actions) <= set(uids) and len(uids) == len(set(uids))
    assert sorted(set(uids) - set(actions)) == sorted(
        [f"{r.case.id}-prescription@dossier" for r in results if claim_class(r) == "claimable" and r.statement.total > 0
         and r.statement.prescription >= DATE] + ["2026-023-agencements-perrin-forclusion@dossier"])
    assert min(e.decoded("DTSTART") for e in cal.walk("VEVENT")) == DATE
    assert str(cal["X-WR-CALNAME"]) == "Recouvrement — Atelier Martin — agenda"


def test_case_pages_flag_prescription_weak_evidence_and_provisional_rates(demo_site: Path):
    def page(case_id: str) -> str:
        return (demo_site / "cases" / case_id / "index.html").read_text(encoding="utf-8")

    assert ("Prescription le 9\u00a0janvier\u00a02027 (dans 46\u00a0jours)\u00a0: le dépôt de la requête n’interrompt pas la "
            "prescription\u00a0; seule la signification de l’ordonnance d’injonction de payer l’interrompt. Déposer la requête "
            "immédiatement et faire signifier l’ordonnance avant le 9\u00a0janvier\u00a02027\u00a0; à défaut de délai suffisant, "
            "assigner en paiement (art.\u00a02241 C.\u00a0civ.).") in page("2025-004-bertin")
    assert "saisir le tribunal au plus tard" not in page("2025-004-bertin")
    assert "Créance prescrite depuis le 1er\u00a0juin\u00a02026\u00a0: plus d’action en justice possible" in page("2021-037-cafe-des-canuts")
    assert "Preuve fragile\u00a0: aucun devis signé ni contrat écrit" in page("2026-033-ferrand")
    dupont = page("2026-014-dupont")
    assert "Taux provisoire\u00a0: une partie des intérêts" in dupont
    assert "Preuve fragile" not in dupont
    # the ladder with each step's state and reason, the journal, the statement partial
    assert '<tr class="state-done"><th scope="row">Mise en demeure</th><td>recommandé AR</td><td><span class="state">faite</span></td><td>17/04/2026</td>' in dupont
    assert "<td>20/03/2026</td><td>journal</td><td>Paiement</td><td>1\u202f000,00\u00a0€ — facture F2026-031 — VIR 20/03</td>" in dupont
    assert '<table class="decompte">' in dupont


def test_a_case_page_links_the_documents_and_the_bundle_found_for_it(demo_repo: Path, tmp_path: Path):
    repo, results, _ = load_and_compute(demo_repo, DATE)
    out = tmp_path / "staging"
    case_dir = out / "cases" / "2026-014-dupont"
    for name in ("01-relance-informelle.html", "01-relance-informelle.pdf", "01-relance-informelle.eml",
                 "06-requete-injonction.pdf", "injonction/dossier-complet.pdf", "injonction/pieces.zip"):
        (case_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (case_dir / name).write_bytes(b"x")
    from types import SimpleNamespace as Doc

    from dossier.records.errors import Issue, Source

    lint = Issue(Source("cases/2026-014-dupont.yaml"), "the letter threatens a seizure (saisie) without a court title", "error", "lint")
    docs = [Doc(case_id="2026-014-dupont", name="01-relance-informelle", state="sent", date=dt.date(2026, 3, 9), issues=()),
            Doc(case_id="2026-014-dupont", name="06-requete-injonction", state="due", date=DATE, issues=(lint,))]
    site.write_site(repo, results, DATE, out, demo_repo, pdf=False, documents=docs)
    page = (case_dir / "index.html").read_text(encoding="utf-8")
    assert '<li class="error">Requête en injonction de payer\u00a0: the letter threatens a seizure (saisie) without a court title</li>' in page
    assert '<li>Requête en injonction de payer <span class="muted">(à envoyer)</span>\u00a0: <a href="06-requete-injonction.pdf">PDF</a></li>' in page
    assert ('<li>Relance informelle <span class="muted">(envoyé le 09/03/2026)</span>\u00a0: <a href="01-relance-informelle.eml">courriel (.eml)</a> · '
            '<a href="01-relance-informelle.html">HTML</a> · <a href="01-relance-informelle.pdf">PDF</a></li>') in page
    assert '<h2>Dossier d’injonction de payer</h2>' in page
    assert '<li>Dossier complet (requête, bordereau et pièces)\u00a0: <a href="injonction/dossier-complet.pdf">PDF</a></li>' in page
    assert '<li>Pièces\u00a0: <a href="injonction/pieces.zip">archive ZIP</a></li>' in page
    home = (out / "index.html").read_text(encoding="utf-8")
    # the agenda row of the due court request links its document
    assert ('<a href="cases/2026-014-dupont/06-requete-injonction.pdf">PDF</a> · '
            '<a href="cases/2026-014-dupont/injonction/dossier-complet.pdf">dossier complet (PDF)</a></td>') in home


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Louise Martin", "GIT_AUTHOR_EMAIL": "louise@example.org",
           "GIT_COMMITTER_NAME": "Louise Martin", "GIT_COMMITTER_EMAIL": "louise@example.org",
           "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+01:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+01:00"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_the_timeline_merges_the_journal_and_the_git_history(demo_repo: Path, tmp_path: Path):
    git(demo_repo, "init", "-q", "-b", "main")
    git(demo_repo, "add", ".")
    git(demo_repo, "commit", "-q", "-m", "Portefeuille initial")
    out = build(demo_repo, tmp_path / "site")
    page = (out / "cases" / "2026-014-dupont" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="from-(\w+)"><td>([\d/]+)</td>', page)
    assert rows[-1] == ("git", "20/11/2026") and ("journal", "09/03/2026") in rows
    assert [d for _, d in rows] == sorted((d for _, d in rows), key=lambda d: d[6:] + d[3:5] + d[:2])
    assert re.search(r"<td>Commit [0-9a-f]{8}</td><td>dossier créé[^<]*\(Louise Martin\)</td>", page), page[page.index("Historique"):]


EVIL = {
    "2026-014-dupont": "<script>alert(1)</script>",
    "2025-004-bertin": '"><img src=x onerror=alert(1)>',
    "2026-033-ferrand": "=HYPERLINK(\"http://evil.example\";\"clic\")",
}


def test_hostile_debtor_names_show_as_text_everywhere(demo_repo: Path, tmp_path: Path):
    for case_id, name in EVIL.items():
        path = demo_repo / "cases" / f"{case_id}.yaml"
        text = path.read_text(encoding="utf-8")
        text, n = re.subn(r"(?m)^  name: .*$", "  name: " + json.dumps(name), text, count=1)
        assert n == 1
        path.write_text(text, encoding="utf-8")
    out = build(demo_repo, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img" not in text and "onerror=alert(1)>" not in text, page
        assert inline_allowed(page, out, parse(page)) == [], page
    for page in (out / "index.html", out / "cases" / "2026-014-dupont" / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in (out / "cases" / "2025-004-bertin" / "index.html").read_text(encoding="utf-8")
    # JSON keeps ids and figures only; the CSV has the names as text, the formula neutralised
    assert "<script>" not in (out / "api" / "cases.json").read_text(encoding="utf-8")
    csv_text = (out / "cases.csv").read_bytes().decode("utf-8-sig")
    assert ";<script>alert(1)</script>;" in csv_text
    assert ';"""><img src=x onerror=alert(1)>";' in csv_text
    assert ";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";" in csv_text


def test_serve_builds_serves_on_localhost_and_rebuilds_on_change(demo_repo: Path):
    from dossier.serve import Server

    lines: list[str] = []
    server = Server(demo_repo, DATE, port=0, echo=lines.append, interval=0.2)
    server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        home = urllib.request.urlopen(server.url + "index.html", timeout=10).read().decode("utf-8")
        assert "Dupont Rénovation SARL" in home
        case = demo_repo / "cases" / "2026-014-dupont.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace("Dupont Rénovation SARL", "Dupont Rénovation et Fils SARL"), encoding="utf-8")
        deadline = time.monotonic() + 90  # a loaded CI machine: left as soon as the build is done
        while server.builds < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        home = urllib.request.urlopen(server.url + "index.html", timeout=10).read().decode("utf-8")
        assert "Dupont Rénovation et Fils SARL" in home
        case.write_text("debtor: [broken\n", encoding="utf-8")  # a failing build keeps the last good site
        deadline = time.monotonic() + 90
        while server.builds < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Build failed: the previous site is still served." in lines
        assert "Dupont Rénovation et Fils SARL" in urllib.request.urlopen(server.url, timeout=10).read().decode("utf-8")
    finally:
        server.stop()
    assert not server.tmp.exists()


def test_dossier_serve_is_a_command_with_port_and_as_of():
    from click.testing import CliRunner

    from dossier.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--as-of", "--repo", "--pdf / --no-pdf"):
        assert option in result.output
    bad = CliRunner().invoke(main, ["serve", "--as-of", "24/11/2026"])
    assert bad.exit_code == 2 and 'expected a date (YYYY-MM-DD), got "24/11/2026"' in bad.output


ENGLISH_MARKERS = (" the ", "missing", "warning", " is ", " not ", " days", "court: ", "events: ", "invoice ", "guardrail ")


def attention(page: str) -> str:
    """The text of a case page's « Points d’attention » section ('' when there is none)."""
    m = re.search(r'<section aria-labelledby="attention">(.*?)</section>', page, re.S)
    return re.sub(r"<[^>]+>", "", re.sub(r"<code>[^<]*</code>", "", m.group(1))) if m else ""


def test_every_finding_on_a_case_page_is_worded_in_french(demo_repo: Path, tmp_path: Path):
    """With the PDFs, so the court bundle's findings (court not named, request drafted on a provisional rate) are there too."""
    out = tmp_path / "site"
    result = build_site(demo_repo, out, DATE, pdf=True)
    assert not result.failed, [str(i) for i in result.issues]
    untranslated = [str(i) for i in result.issues if i.source.path.startswith("cases/") and not i.fr]
    assert untranslated == []
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("cases/*/index.html"))}
    sections = {case_id: attention(page) for case_id, page in pages.items()}
    assert len(sections) == 16 and sum(1 for s in sections.values() if s) >= 12
    english = [(case_id, word) for case_id, text in sections.items() for word in ENGLISH_MARKERS if word in text]
    assert english == []
    assert ("<code>cases/2026-014-dupont.yaml:1:1</code>\u00a0: Tribunal non renseigné (court:)\u00a0: le siège du débiteur "
            "est à Lyon (69003), siège d’un tribunal des activités économiques\u00a0; la requête est adressée au tribunal "
            "des activités économiques de Lyon, à confirmer dans la fiche du dossier.</li>") in pages["2026-014-dupont"]
    assert ("<code>cases/2026-014-dupont.yaml:1:1</code>\u00a0: Requête en projet\u00a0: les intérêts sont calculés avec "
            "un taux provisoire (taux de refinancement de la BCE de 2,40\u00a0% à compter du 1er\u00a0juillet\u00a02026)"
            "\u00a0; la requête") in pages["2026-014-dupont"]
    assert ("La phase amiable durera 127\u00a0jours, de l’échéance du 29\u00a0juillet\u00a02026 à l’étape «\u00a0Requête en "
            "injonction de payer\u00a0» prévue le 3\u00a0décembre\u00a02026, au-delà des 90\u00a0jours du garde-fou "
            "max_amicable_days.") in sections["2026-025-vidal-architectes"]
    # one wording per finding: the flag is the ledger's own French text, said once
    bertin = sections["2025-004-bertin"]
    assert bertin.count("Prescription le 9\u00a0janvier\u00a02027 (dans 46\u00a0jours)") == 1
    assert "dossier check</code>, en anglais" not in pages["2025-004-bertin"]


def test_flags_are_the_french_wording_of_the_ledger_and_court_findings(demo_repo: Path):
    repo, results, _ = load_and_compute(demo_repo, DATE)
    by_id = {r.case.id: r for r in results}
    bertin = by_id["2025-004-bertin"]
    [near] = [i for i in bertin.issues if i.code == "prescription-near"]
    assert casepage.flags(bertin, DATE)[0] == {"kind": "warn", "code": "prescription-near", "text": near.fr}
    ferrand = casepage.flags(by_id["2026-033-ferrand"], DATE)
    assert [f["code"] for f in ferrand] == ["weak-evidence"]
    assert ferrand[0]["text"].startswith("Preuve fragile\u00a0: aucun devis signé ni contrat écrit\u00a0; la créance reste due")
    canuts = casepage.flags(by_id["2021-037-cafe-des-canuts"], DATE)
    assert [f["kind"] for f in canuts][0] == "bad"
    assert canuts[0]["text"].startswith("Créance prescrite depuis le 1er\u00a0juin\u00a02026\u00a0:")
    every = [i for r in results for i in r.issues]
    assert every and [str(i) for i in every if not i.fr] == []


def test_insolvency_the_declared_claim_and_the_declaration_due_at_once(demo_site: Path):
    perrin = (demo_site / "cases" / "2026-023-agencements-perrin" / "index.html").read_text(encoding="utf-8")
    # interest stopped at the opening judgment of 21 October (C. com. L622-28): 5 376 + 169,22 + 80
    assert ("<div>Créance à déclarer<strong>5\u202f625,22\u00a0€</strong><span>intérêts arrêtés au 21\u00a0octobre\u00a02026, "
            "jugement d’ouverture (art. L622-28 C. com.)</span></div>") in perrin
    assert ("<p>Prochaine action\u00a0: <strong>Déclaration de créance</strong> (mandataire judiciaire), à faire dès le "
            "29\u00a0octobre\u00a02026, au plus tard le 29\u00a0décembre\u00a02026 (forclusion).</p>") in perrin
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    overdue = home[home.index('<h3 class="agenda-overdue">'):home.index('<h3 class="agenda-today">')]
    assert "<td>Déclarer la créance au mandataire judiciaire (forclusion le 29/12/2026)</td>" in overdue


def test_a_public_body_s_court_step_is_the_refere_provision_and_other_kinds_steps_are_not_listed(demo_site: Path):
    def page(case_id: str) -> str:
        return (demo_site / "cases" / case_id / "index.html").read_text(encoding="utf-8")

    genis = page("2026-018-saint-genis-laval")
    assert ("<th scope=\"row\">Demande de provision en référé devant le tribunal administratif (art. R541-1 CJA)</th>"
            "<td>tribunal</td><td><span class=\"state\">à venir</span></td><td>27/11/2026</td>") in genis
    assert "injonction de payer" not in genis.split("<h2>Étapes du recouvrement</h2>")[1].split("</table>")[0]
    # the standard ladder's référé step is for public bodies only: not on a professional's page
    assert "référé" not in page("2026-014-dupont")


def test_a_dispute_warns_that_penalties_keep_running(demo_site: Path):
    hotel = (demo_site / "cases" / "2026-032-hotel-des-terreaux" / "index.html").read_text(encoding="utf-8")
    assert ("<li class=\"warn\">Contestation en cours depuis le 9\u00a0octobre\u00a02026\u00a0: les pénalités de retard continuent "
            "de courir. Si la contestation porte sur l’exécution de la prestation et s’avère fondée, le débiteur peut opposer "
            "l’exception d’inexécution (art.\u00a01219 C.\u00a0civ.)\u00a0: envisager de renoncer aux pénalités de la période "
            "contestée (suspends_interest: true sur la contestation).</li>") in hotel
    brotteaux = (demo_site / "cases" / "2026-019-pharmacie-des-brotteaux" / "index.html").read_text(encoding="utf-8")
    assert ("<li class=\"warn\">Contestation du 5\u00a0juin\u00a02026, levée le 25\u00a0juin\u00a02026\u00a0: les pénalités de "
            "retard de cette période sont réclamées.") in brotteaux
    # no interest, no warning: a consumer without formal notice
    moreau = (demo_site / "cases" / "2026-026-moreau" / "index.html").read_text(encoding="utf-8")
    assert "Contestation" not in moreau


def test_no_dispute_warning_when_the_dispute_already_suspends_interest():
    import dataclasses
    from types import SimpleNamespace

    from dossier.records.errors import Source
    from dossier.records.model import Event

    src = Source("cases/x.yaml", 3, 5)
    opened = Event(DATE - dt.timedelta(days=30), "dispute", src)
    case = SimpleNamespace(events=(opened,))
    st = SimpleNamespace(accrued=Decimal("12.00"))
    assert [i.code for i in casepage.dispute_issues(case, st, DATE)] == ["dispute-interest"]
    case = SimpleNamespace(events=(dataclasses.replace(opened, suspends_interest=True),))
    assert casepage.dispute_issues(case, st, DATE) == []


def test_an_agenda_call_row_links_only_its_own_call_sheet(demo_site: Path):
    # Review N4: the public ladder has two calls (02-appel, 05-appel) on one template; the 30/11 row is the first.
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    agenda = home[home.index('<section id="agenda"'):home.index('<section id="dossiers"')]
    row = next(m.group(0) for m in re.finditer(r"<tr>.*?</tr>", agenda, re.S)
               if "2026-038-vallons-du-lyonnais" in m.group(0) and "<td>Appel</td>" in m.group(0))
    assert "<td>30/11/2026</td>" in row
    links = re.findall(r'href="cases/2026-038-vallons-du-lyonnais/([^"]+)"', row)
    assert [link for link in links if link != "index.html"] == ["02-appel.html", "02-appel.txt"]
    assert casepage.case_files(demo_site, "2026-038-vallons-du-lyonnais")[0]["step"] is None  # documents not known: no step
