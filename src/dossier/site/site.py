"""The status site and its exports, written into a staging folder by `build.py`.

Static files only, in French, usable from ``file://`` or any static host: every
page links to ``assets/`` relatively and loads nothing from elsewhere (a
Content-Security-Policy in ``base.html`` says so to the browser). Every value
from a dossier goes through the autoescaping template environment; charts are
SVG drawn here at build time (`charts.py`); sorting and filtering the claims
index is a small script in ``static/site.js`` that the table does not need.

Pages: ``index.html`` (the agenda, the portfolio totals and the claims index),
``cases/<id>/index.html`` (one per case), ``analyses.html`` (charts).
Exports: ``api/cases.json``, ``cases.csv``, ``agenda.ics``.

Documents and the court bundle are written by other modules into
``cases/<id>/`` and ``cases/<id>/injonction/`` before the site: the case page
links to whatever files it finds there.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from ..records.files import write_atomic
from .. import __version__
from . import charts, exports
from ..history import caselog, history
from ..law import money
from ..documents import render
from ..law.court_readiness import evidence_issues
from ..records.errors import Issue, Source, warning
from ..records.guard import failure_issue
from ..records.labels import (
    CHANNEL_LABELS,
    CONTRACT_LABELS,
    EVENT_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    QUALIFICATION_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    step_label,
)
from ..records.model import Repository

STATIC = Path(__file__).parent.parent / "static"
PROJECT_FILE = "dossier.yaml"
ASSETS = ("site.css", "site.js")
AGENDA_DAYS = 14
# Issue codes that `flags()` puts first on the case page, in their own style.
FLAGGED_CODES = frozenset({"prescribed", "prescription-near", "rate-provisional"})
# The court bundle's findings that repeat a flag (weak evidence, provisional rate).
SAID_BY_FLAGS = frozenset({"weak-evidence", "provisional-rate"})

FORMAT_LABELS = {".html": "HTML", ".pdf": "PDF", ".eml": "courriel (.eml)", ".txt": "texte", ".zip": "archive ZIP", ".json": "JSON"}


def write_site(repo: Repository, results: list, as_of: dt.date, out: Path, root: Path, pdf: bool = True,
               documents: Iterable = (), commit: str | None = None,
               case_issues: dict[str, list[Issue]] | None = None,
               sink: Callable[[str, bytes], None] | None = None, git_history: bool = True) -> tuple[int, list[Issue]]:
    """Write every page and export of the site into `out`; returns (files written, issues).

    `documents` (documents.Document values, optional) add each document's state and date
    and its lint findings to the case pages; the files themselves are found in `out`.
    `case_issues` (by case id) are more findings to show on a case page, e.g. the court bundle's.
    `sink(rel, data)`, when given, receives each file instead of `out` (`dossier check` renders in memory);
    `git_history` False leaves Git out of the case timelines (check: it reads no history, the slow part).
    A case page that cannot be rendered is an error at its case; the other pages are still rendered.
    """
    issues: list[Issue] = []
    written = 0
    common = {"site_title": repo.project.title, "as_of": as_of, "version": __version__,
              "commit": commit}
    results = sorted(results, key=lambda r: r.case.id)

    def put(rel: str, data: bytes) -> None:
        nonlocal written
        if sink is not None:
            sink(rel, data)
        else:
            write_atomic(out / rel, data)
        written += 1

    def page(rel: str, template: str, **context) -> None:
        root_rel = "../" * rel.count("/")
        html = render.render(template, {**common, "root": root_rel, "page": rel, **context}, str(root))
        put(rel, html.encode("utf-8"))

    rows = [case_row(r, as_of) for r in results]
    by_case: dict[str, dict] = {}
    for d in documents:
        by_case.setdefault(d.case_id, {})[d.name] = d
    files = {r.case.id: case_files(out, r.case.id, by_case.get(r.case.id, {})) for r in results}
    home_agenda, ag = _agenda(results, as_of, files)
    page("index.html", "site/index.html", rows=rows, totals=portfolio_totals(results), agenda=home_agenda,
         agenda_days=AGENDA_DAYS, statuses=_statuses(rows))
    history = _history(root, [r.case.id for r in results], issues) if git_history else {}
    for r in results:
        try:
            page(f"cases/{r.case.id}/index.html", "site/case.html",
                 **case_context(repo, r, as_of, files[r.case.id], history.get(r.case.id, []), by_case.get(r.case.id, {}),
                              (case_issues or {}).get(r.case.id, ())))
        except Exception as exc:   # noqa: BLE001 — one case's page never stops the others
            issues.append(failure_issue(Source(r.case.path, 1, 1), r.case.id, "render its page", exc))
    figures = charts.analytics(results, as_of, label=step_label)
    page("analyses.html", "site/analytics.html", a=figures, svg=charts.charts(figures), window=charts.PAYMENT_WINDOW_DAYS)
    for name in ASSETS:
        put(f"assets/{name}", (STATIC / name).read_bytes())
    put("api/cases.json", exports.cases_json(results))
    put("cases.csv", exports.cases_csv(rows))
    from ..ladder import agenda as agenda_mod

    put("agenda.ics", agenda_mod.to_ics(ag, name=f"{repo.project.title} — agenda"))
    return written, issues


# --- the claims index and the totals ------------------------------------------------------


def case_row(r, as_of: dt.date) -> dict:
    """One line of the claims index (and of cases.csv)."""
    actions = list(r.ladder.next_actions)
    due_now = [a for a in actions if a.due <= as_of]
    # as in the agenda: of the steps due now, the most advanced (doing it skips the others)
    first = due_now[-1] if due_now else actions[0] if actions else None
    from ..ladder import agenda

    court_next = None
    if first is None and r.ladder.status == "litigation":   # filed: the next court deadline (agenda.court_items)
        court_next = next(iter(agenda.court_items(r.case, r.statement, as_of, as_of)), None)
    done = [s for s in r.ladder.steps if s.state == "done"]
    current = done[-1] if done else None
    due = r.statement.earliest_unpaid_due
    return {
        "id": r.case.id,
        "debtor": r.case.debtor.name,
        "siren": r.case.debtor.siren,
        "kind": r.case.debtor.kind,
        "kind_label": KIND_LABELS[r.case.debtor.kind],
        "principal": r.statement.principal,
        "interest": r.statement.interest,
        "indemnity": r.statement.indemnity,
        "total": r.statement.total,
        "days_late": max(0, (as_of - due).days) if due else None,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "current_label": step_label(current.step.id) if current else "",
        "current_date": current.date if current else None,
        "next_label": step_label(first.step) if first else agenda.step_label(court_next.step) if court_next else "",
        "next_channel": (CHANNEL_LABELS.get(first.channel, first.channel) if first else
                         agenda.CHANNEL_LABELS[court_next.channel] if court_next else ""),
        "next_due": first.due if first else court_next.due if court_next else None,
        "prescription": r.statement.prescription,
        "warnings": sum(1 for f in flags(r, as_of) if f["code"] != "rate-provisional"),
    }


def claim_class(r) -> str:
    """Where a case's balance belongs in the portfolio totals: closed, prescribed, declared or claimable.

    A time-barred claim can no longer be sued for, and a claim against a debtor in
    insolvency proceedings is only declared (C. com. L622-21: no individual action):
    neither is « réclamable »; each is summed apart.
    """
    if r.ladder.status == "closed":
        return "closed"
    if r.statement.prescribed:
        return "prescribed"
    if any(e.type == "insolvency" and e.date <= r.statement.as_of for e in r.case.events):
        return "declared"
    return "claimable"


def portfolio_totals(results) -> dict:
    """Sums over the claims that can still be claimed (closed, prescribed and declared ones apart), and what was recovered."""
    zero = Decimal("0.00")
    live = [r for r in results if claim_class(r) == "claimable"]
    totals = {k: sum((getattr(r.statement, k) for r in live), zero) for k in ("principal", "interest", "indemnity", "total")}
    totals["cases"] = len(results)
    totals["live"] = sum(1 for r in results if claim_class(r) != "closed" and r.statement.total > 0)
    for name in ("prescribed", "declared"):
        apart = [r for r in results if claim_class(r) == name and r.statement.total > 0]
        totals[name] = sum((r.statement.total for r in apart), zero)
        totals[f"{name}_cases"] = len(apart)
    totals["recovered"] = sum((r.statement.paid for r in results), zero)
    return totals


def _statuses(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(status, label, count) for the statuses present, in the order of STATUS_LABELS."""
    return [(s, label, n) for s, label in STATUS_LABELS.items() if (n := sum(1 for row in rows if row["status"] == s))]


# --- the agenda ----------------------------------------------------------------------------


def _agenda(results, as_of: dt.date, documents: dict):
    """The home page's agenda (`agenda.agenda`): overdue, today, next days; in each, send / call / file."""
    from ..ladder import agenda as agenda_mod

    ag = agenda_mod.agenda([(r.case, r.ladder, r.statement) for r in results], as_of, AGENDA_DAYS)
    titles = (("overdue", "En retard"), ("today", "Aujourd’hui"), ("upcoming", f"Dans les {AGENDA_DAYS} prochains jours"))
    if ag.later:   # court deadlines past the horizon: listed, they are fatal
        titles += (("later", f"Plus tard\u00a0: délais de procédure au-delà de {AGENDA_DAYS} jours"),)
    sections = []
    for key, title in titles:
        items = ag.bucket(key)
        groups = [
            {"kind": kind, "label": label, "total": total, "actions": [_agenda_item(i, documents, as_of) for i in chosen]}
            for kind, label, chosen, total in agenda_mod.groups(items)
        ]
        sections.append({"key": key, "title": title, "groups": groups, "count": len(items)})
    return sections, ag


def _agenda_item(i, documents: dict, as_of: dt.date) -> dict:
    from ..ladder import agenda as agenda_mod

    files = documents.get(i.case_id, [])
    shown = [d for d in files if d["folder"] == "" and i.template and d["stem"].endswith(i.template)]
    # Review N4: a scenario may use one template for two steps (two calls): a row links only its own step's document.
    shown = [d for d in shown if d.get("step") == i.step] or [d for d in shown if d.get("step") is None]
    links = [link for d in shown for link in d["links"]]
    if i.channel == "court":  # the court request goes with its bundle
        links += [(f"dossier complet ({fmt})", href) for d in files if d["folder"] == "injonction" and d["stem"] == "dossier-complet"
                  for fmt, href in d["links"]]
    return {
        "case_id": i.case_id,
        "debtor": i.debtor,
        "step": i.label,
        "alert": i.alert,
        "earlier": i.earlier,
        "channel": CHANNEL_LABELS.get(i.channel) or agenda_mod.CHANNEL_LABELS.get(i.channel, i.channel),
        "due": i.due,
        "late_days": max(0, (as_of - i.due).days),
        "amount": i.amount,
        "phone": i.phone if i.kind == "call" else None,
        "prescription": i.prescription,
        "links": links,
    }


# --- a case page ---------------------------------------------------------------------------


def flags(r, as_of: dt.date) -> list[dict]:
    """What staff must notice first on a case: prescription, weak evidence, provisional rates.

    Each is the French wording (`Issue.fr`) of the finding the ledger or the court checks
    emit, so the case page and the CLI say the same thing, once.
    """
    found = [i for i in r.issues if i.code in FLAGGED_CODES] + evidence_issues(r.case) + dispute_issues(r.case, r.statement, as_of)
    order = {"prescribed": 0, "prescription-near": 0, "weak-evidence": 1, "dispute-interest": 1, "rate-provisional": 2}
    out, seen = [], set()
    for i in sorted(found, key=lambda i: (order.get(i.code, 3), i.fr or i.message)):
        text = i.fr or i.message
        if text not in seen:
            seen.add(text)
            out.append({"kind": "bad" if i.code == "prescribed" else "warn", "code": i.code, "text": text})
    return out


def dispute_issues(case, statement, as_of: dt.date) -> list[Issue]:
    """Penalties keep running through a dispute (docs/format.md); when the dispute was well founded the debtor
    may oppose the exception d’inexécution (C. civ. 1219) to the penalties of that period: say so to the staff.
    """
    if getattr(statement, "accrued", Decimal(0)) <= 0:
        return []
    periods: list[list] = []     # [dispute event, resolved event or None]
    for e in case.events:
        if e.date > as_of:
            continue
        if e.type == "dispute" and not (periods and periods[-1][1] is None):
            periods.append([e, None])   # (a dispute that suspends interest is still a period: it is not warned about)
        elif e.type == "dispute_resolved" and periods and periods[-1][1] is None:
            periods[-1][1] = e
    out = []
    for start, end in periods:
        if start.suspends_interest:
            continue   # no interest for that period already (interest.suspensions)
        since = money.date_long(start.date)
        if end is None:
            out.append(warning(start.source, f"penalties keep running through the dispute open since {start.date.isoformat()}; "
                               "if it is well founded the debtor may refuse them for that period (C. civ. 1219)", "dispute-interest",
                               fr=f"Contestation en cours depuis le {since}\u00a0: les pénalités de retard continuent de courir. "
                                  "Si la contestation porte sur l’exécution de la prestation et s’avère fondée, le débiteur peut "
                                  "opposer l’exception d’inexécution (art.\u00a01219 C.\u00a0civ.)\u00a0: envisager de renoncer aux "
                                  "pénalités de la période contestée (suspends_interest: true sur la contestation)."))
        else:
            out.append(warning(start.source, f"penalties are claimed for the dispute of {start.date.isoformat()} to {end.date.isoformat()}; "
                               "if it was well founded the debtor may refuse them for that period (C. civ. 1219)", "dispute-interest",
                               fr=f"Contestation du {since}, levée le {money.date_long(end.date)}\u00a0: les pénalités de retard de "
                                  "cette période sont réclamées. Si la contestation était fondée (prestation reprise par le "
                                  "créancier), le débiteur peut les discuter (exception d’inexécution, art.\u00a01219 C.\u00a0civ.)\u00a0: "
                                  "envisager d’y renoncer pour cette période (suspends_interest: true sur la contestation)."))
    return out


def case_context(repo: Repository, r, as_of: dt.date, files: list[dict], history: list, docs: dict | None = None,
                 extra: Iterable[Issue] = ()) -> dict:
    case = r.case
    steps = [
        {
            "label": step_label(s.step.id),
            "channel": CHANNEL_LABELS.get(s.step.channel, s.step.channel),
            "state": s.state,
            "state_label": STATE_LABELS.get(s.state, s.state),
            "date": s.date,
            "reason": s.reason,
            "limit": getattr(s, "limit", None),
        }
        for s in r.ladder.steps
        if not _other_kinds_step(s, case.debtor.kind)
    ]
    bundle = [d for d in files if d["folder"] == "injonction"]
    return {
        "case": case,
        "creditor": repo.project.creditor_of(case),
        "statement": r.statement,
        "status": r.ladder.status,
        "status_label": STATUS_LABELS.get(r.ladder.status, r.ladder.status),
        "kind_label": KIND_LABELS[case.debtor.kind],
        "qualification_label": QUALIFICATION_LABELS.get(case.debtor.qualification or "", ""),
        "contract_label": CONTRACT_LABELS.get(case.contract.kind, case.contract.kind) if case.contract else "",
        "flags": flags(r, as_of),
        "warnings": sorted({*(i for i in r.issues if i.code not in FLAGGED_CODES),
                            *(i for i in extra if i.code not in SAID_BY_FLAGS)},
                           key=lambda i: (i.severity, i.message, str(i.source))),
        "steps": steps,
        "next_actions": [
            {"label": step_label(a.step), "channel": CHANNEL_LABELS.get(a.channel, a.channel), "due": a.due,
             "limit": getattr(a, "limit", None)} for a in r.ladder.next_actions
        ],
        "insolvency": _insolvency(r),
        "court_deadlines": _court_deadlines(r, as_of),
        "timeline": timeline(case, history),
        "documents": [d for d in files if d["folder"] == ""],
        "lint": [
            {"document": document_label(name), "severity": i.severity, "message": i.fr or i.message}
            for name, d in sorted((docs or {}).items()) for i in sorted(d.issues, key=lambda i: (i.severity, i.message))
        ],
        "bundle": bundle,
    }


def _other_kinds_step(s, kind: str) -> bool:
    """A step for another kind of debtor (the standard ladder's court step for a public body, say): not shown."""
    when = s.step.when
    return s.state == "skipped" and when is not None and bool(when.debtor_kind) and kind not in when.debtor_kind


def _insolvency(r) -> dict | None:
    """Insolvency proceedings: the claim is declared, interest stopped at the opening judgment (C. com. L622-28)."""
    stop = getattr(r.statement, "interest_until", None)
    if stop is None:
        return None
    declared = any(s.step.channel == "declaration" and s.state == "done" for s in r.ladder.steps)
    return {"label": "Créance déclarée" if declared else "Créance à déclarer", "stop": stop}


def _court_deadlines(r, as_of: dt.date) -> list[dict]:
    """A filed case's deadlines, as in the agenda (`agenda.court_items`): what to do, by when, who acts."""
    if r.ladder.status != "litigation":
        return []
    from ..ladder import agenda

    return [{"label": i.label, "due": i.due, "channel": CHANNEL_LABELS.get(i.channel, i.channel), "alert": i.alert}
            for i in agenda.court_items(r.case, r.statement, as_of, as_of)]


def timeline(case, history: list) -> list[dict]:
    """The journal's events and the Git commits that touched the case file, oldest first."""
    items = [{"date": e.date, "order": 0, "source": "journal", "label": EVENT_LABELS.get(e.type, e.type), "detail": event_detail(e)} for e in case.events]
    for entry in history:
        when = entry.date.date() if isinstance(entry.date, dt.datetime) else entry.date
        summary = "\u00a0; ".join(entry.summaries) if entry.summaries else "modification du dossier"
        items.append({"date": when, "order": 1, "source": "git", "label": f"Commit {entry.commit[:8]}", "detail": f"{summary} ({entry.author})"})
    return sorted(items, key=lambda x: (x["date"], x["order"]))


def _history(root: Path, case_ids: list[str], issues: list[Issue]) -> dict[str, list]:
    """Each case's Git log when the claims repository is in Git (else the journal alone)."""
    if history.commit_of(Path(root)) is None:
        return {}
    out = {}
    for case_id in case_ids:
        try:
            out[case_id] = list(caselog.case_log(Path(root), case_id))
        except history.HistoryError:
            out[case_id] = []          # a case not committed yet has no history
        except Exception as exc:       # a broken or shallow clone must not stop the site
            issues.append(warning(Source(PROJECT_FILE), f"the Git history of {case_id} is not shown: {exc}",
                                  fr=f"L’historique Git du dossier {case_id} n’est pas affiché\u00a0: {exc}"))
            out[case_id] = []
    return out


def event_detail(e) -> str:
    parts = []
    if e.step:
        parts.append(step_label(e.step))
    if e.amount is not None:
        parts.append(money.euros(e.amount))
    if e.invoice:
        parts.append(f"facture {e.invoice}")
    if e.reference:
        parts.append(e.reference)
    if e.tracking:
        parts.append(f"suivi {e.tracking}")
    if e.received:
        parts.append(f"reçu le {money.date_short(e.received)}")
    if e.outcome:
        parts.append(OUTCOME_LABELS.get(e.outcome, e.outcome))
    if e.until:
        parts.append(f"jusqu’au {money.date_short(e.until)}")
    if e.instalments:
        parts.append(f"{len(e.instalments)} échéances" + (", signé" if e.signed else ", non signé"))
    if e.procedure:
        parts.append(e.procedure)
    if e.published:
        parts.append(f"publiée au BODACC le {money.date_short(e.published)}")
    if e.reason:
        parts.append(e.reason)
    if e.court:
        parts.append(e.court)
    if e.note:
        parts.append(f"«\u00a0{e.note}\u00a0»")
    return " — ".join(parts)


DOCUMENT_STATES = {"sent": "envoyé le {date}", "due": "à envoyer", "upcoming": "aperçu, prévu le {date}"}


def case_files(out: Path, case_id: str, docs: dict | None = None) -> list[dict]:
    """The documents already written for a case (and its court bundle), grouped by name.

    Each is {folder, stem, label, state, links: [(format label, href relative to the case page)]};
    `state` says when a document was sent, when `docs` (documents.Document by name) knows it.
    """
    base = out / "cases" / case_id
    found: dict[tuple[str, str], list[Path]] = {}
    for folder in ("", "injonction"):
        where = base / folder if folder else base
        if not where.is_dir():
            continue
        for p in sorted(where.iterdir()):
            if p.is_file() and not p.name.startswith(".") and p.name != "index.html":
                found.setdefault((folder, p.stem), []).append(p)
    out_docs = []
    for (folder, stem), paths in sorted(found.items()):
        links = [(FORMAT_LABELS.get(p.suffix, p.suffix.lstrip(".")), (f"{folder}/" if folder else "") + p.name) for p in paths]
        known = (docs or {}).get(stem) if folder == "" else None
        state = ""
        if known is not None:
            state = DOCUMENT_STATES.get(known.state, "").format(date=money.date_short(known.date))
        out_docs.append({"folder": folder, "stem": stem, "label": document_label(stem), "state": state, "links": links,
                         "step": getattr(known, "step_id", None)})
    return out_docs


DOCUMENT_LABELS = {
    "relance-informelle": "Relance informelle",
    "relance-amiable": "Relance amiable",
    "relance-ferme": "Relance ferme",
    "mise-en-demeure": "Mise en demeure",
    "appel": "Fiche d’appel",
    "sms": "SMS",
    "echeancier": "Échéancier de paiement",
    "declaration-creance": "Déclaration de créance",
    "requete-injonction": "Requête en injonction de payer",
    "requete": "Requête en injonction de payer",
    "bordereau": "Bordereau des pièces",
    "dossier-complet": "Dossier complet (requête, bordereau et pièces)",
    "pieces": "Pièces",
    "manifest": "Empreintes des fichiers",
    "petites-creances": "Procédure simplifiée de recouvrement des petites créances",
}


def document_label(stem: str) -> str:
    """``03-relance-ferme`` → ``Relance ferme``; ``02-relance-amiable-2`` → ``Relance amiable (2)``."""
    words = stem.split("-")
    number = ""
    if len(words) > 1 and words[0].isdigit():
        words = words[1:]
    if len(words) > 1 and words[-1].isdigit():
        number = f" ({words[-1]})"
        words = words[:-1]
    key = "-".join(words)
    text = DOCUMENT_LABELS.get(key) or " ".join(words) or stem
    return text[:1].upper() + text[1:] + number
