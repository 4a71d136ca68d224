"""The status site and its exports, written into a staging folder by `build.py`.

Static files only, in French, usable from ``file://`` or any static host: every
page links to ``assets/`` relatively and loads nothing from elsewhere (a
Content-Security-Policy in ``base.html`` says so to the browser). Every value
from a dossier goes through the autoescaping template environment; charts are
SVG drawn here at build time (`charts.py`); sorting and filtering the claims
index is a small script in ``static/site.js`` that the table does not need.

Pages: ``index.html`` (the agenda, the portfolio totals and the claims index:
`home.py`), ``cases/<id>/index.html`` (one per case: `casepage.py`),
``analyses.html`` (charts). Exports: ``api/cases.json``, ``cases.csv``,
``agenda.ics``. This module writes them all, with each case's Git log for the
case pages' timelines.

Documents and the court bundle are written by other modules into
``cases/<id>/`` and ``cases/<id>/injonction/`` before the site: the case page
links to whatever files it finds there.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable

from ..records.files import write_atomic
from ..law import money
from .. import __version__
from . import calendar, casepage, charts, creditors, debtors, exports, home, trends
from ..history import caselog, history, log_cache
from ..documents import render
from ..records.errors import Issue, Source, warning
from ..records.guard import failure_issue
from ..records.labels import step_label
from ..records.model import Repository
from ..records.i18n import _, speaking

STATIC = Path(__file__).parent.parent / "static"
PROJECT_FILE = "dossier.yaml"
ASSETS = ("site.css", "site.js")


def write_site(repo: Repository, results: list, as_of: dt.date, out: Path, root: Path, pdf: bool = True,
               documents: Iterable = (), commit: str | None = None,
               case_issues: dict[str, list[Issue]] | None = None,
               sink: Callable[[str, bytes], None] | None = None, git_history: bool = True,
               keep: Callable[[str], bool] | None = None, files: dict[str, list[dict]] | None = None,
               timelines=None) -> tuple[int, list[Issue]]:
    """Write every page and export of the site into `out`; returns (files written, issues).

    `documents` (documents.Document values, optional) add each document's state and date
    and its lint findings to the case pages; the files themselves are found in `out`.
    `case_issues` (by case id) are more findings to show on a case page, e.g. the court bundle's.
    `sink(rel, data)`, when given, receives each file instead of `out` (`dossier check` renders in memory);
    `git_history` False leaves Git out of the case timelines (check: it reads no history, the slow part).
    A case page that cannot be rendered is an error at its case; the other pages are still rendered.
    `keep(rel)`, when given, says which files to render and write (a shard: its own cases' pages; a merge: the
    portfolio pages), and `files` (`casepage.case_files` by case id) replaces what would be read from `out`
    (a merge: the shards' records); see shards.py. `timelines` (history/log_cache.py `LogCache`), when given,
    keeps each case's Git log so that an unchanged case's is not worked out again.
    """
    issues: list[Issue] = []
    written = 0
    common = {"site_title": repo.project.title, "as_of": as_of, "version": __version__,
              "commit": commit, "revision": commit.removesuffix("+dirty") if commit else None,
              "options": repo.project.site}
    results = sorted(results, key=lambda r: r.case.id)

    def put(rel: str, data: bytes) -> None:
        nonlocal written
        if keep is not None and not keep(rel):
            return
        if sink is not None:
            sink(rel, data)
        else:
            write_atomic(out / rel, data)
        written += 1

    def page(rel: str, template: str, **context) -> None:
        if keep is not None and not keep(rel):
            return
        root_rel = "../" * rel.count("/")
        html = render.render(template, {**common, "root": root_rel, "page": rel, **context}, str(root))
        put(rel, html.encode("utf-8"))

    rows = [home.case_row(r, as_of) for r in results]
    debtor_file = debtors.debtor_files(results)
    for row, r in zip(rows, results):
        row["debtor_url"] = f"{debtors.FOLDER}/{debtor_file[debtors.group_key(r.case)]}.html"
        row["creditor"] = repo.project.creditor_of(r.case).name
    by_case: dict[str, dict] = {}
    for d in documents:
        by_case.setdefault(d.case_id, {})[d.name] = d
    if files is None:
        files = {r.case.id: casepage.case_files(out, r.case.id, by_case.get(r.case.id, {})) for r in results}
    home_agenda, ag = home.agenda_sections(results, as_of, files)
    clients = creditors.creditor_pages(repo.project, results, {row["id"]: row for row in rows}, home.claim_class) \
        if creditors.wanted(repo.project) else []
    page("index.html", "site/index.html", rows=rows, totals=home.portfolio_totals(results), agenda=home_agenda,
         agenda_days=home.AGENDA_DAYS, statuses=home.statuses(rows), clients=clients)
    for c in clients:
        page(f"{creditors.FOLDER}/{c['file']}.html", "site/creditor.html", c=c)
        put(f"{creditors.FOLDER}/{c['file']}.csv", exports.cases_csv(c["rows"]))
        put(f"{creditors.FOLDER}/{c['file']}.json", creditors.creditor_json(c["results"]))
    pages = [r for r in results if keep is None or keep(f"cases/{r.case.id}/index.html")]
    history = _history(root, [r.case.id for r in pages], issues, timelines) if git_history and pages else {}
    for r in pages:
        try:
            page(f"cases/{r.case.id}/index.html", "site/case.html",
                 **casepage.case_context(repo, r, as_of, files[r.case.id], history.get(r.case.id, []),
                                         by_case.get(r.case.id, {}), (case_issues or {}).get(r.case.id, ())),
                 debtor_url=f"{debtors.FOLDER}/{debtor_file[debtors.group_key(r.case)]}.html")
        except Exception as exc:   # noqa: BLE001 — one case's page never stops the others
            issues.append(failure_issue(Source(r.case.path, 1, 1), r.case.id, _("render its page"), exc))
    for d in debtors.debtor_pages(results, {row["id"]: row for row in rows}, home.claim_class):
        page(f"{debtors.FOLDER}/{d['file']}.html", "site/debtor.html", d=d)
    figures = charts.analytics(results, as_of, label=step_label)
    months = trends.trends(results, as_of)
    svg = {**charts.charts(figures), "trend": charts.bar_chart(
        "chart-trend", "Facturé non encaissé en fin de mois", [(m.label, m.outstanding, money.euros(m.outstanding)) for m in months])}
    page("analyses.html", "site/analytics.html", a=figures, svg=svg, window=charts.PAYMENT_WINDOW_DAYS, months=months)
    for name in ASSETS:
        put(f"assets/{name}", (STATIC / name).read_bytes())
    put("assets/recherche.js", debtors.search_index(results, repo.project.creditor_of, debtor_file))
    put("api/cases.json", exports.cases_json(results))
    put("cases.csv", exports.cases_csv(rows))
    put("agenda.ics", calendar.to_ics(results, ag, as_of, home.claim_class, f"{repo.project.title} — agenda",
                                      repo.project.site))
    return written, issues


def _history(root: Path, case_ids: list[str], issues: list[Issue], timelines=None) -> dict[str, list]:
    """Each case's Git log when the claims repository is in Git (else the journal alone); with `timelines`
    (a log_cache.LogCache), through it, and case by case only if that fails."""
    if history.commit_of(Path(root)) is None:
        return {}
    out: dict[str, list] = {}
    if timelines is not None:
        try:
            with speaking("fr"):
                out = log_cache.case_logs(timelines, Path(root), case_ids)
        except Exception:   # noqa: BLE001 — each case's failure is said below, at its case
            out = {}
    for case_id in [c for c in case_ids if c not in out]:
        try:
            with speaking("fr"):   # the site is French whatever the command line speaks
                out[case_id] = list(caselog.case_log(Path(root), case_id))
        except history.HistoryError:
            out[case_id] = []          # a case not committed yet has no history
        except Exception as exc:       # a broken or shallow clone must not stop the site
            issues.append(warning(Source(PROJECT_FILE), _("the Git history of {case_id} is not shown: {exc}", case_id=case_id, exc=exc),
                                  fr=f"L’historique Git du dossier {case_id} n’est pas affiché\u00a0: {exc}"))
            out[case_id] = []
    return out
