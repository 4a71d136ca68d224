"""The project file, ``dossier.yaml``: creditors, the firm, scenarios, routing, guardrails, rate overrides.

`load_project` validates the whole file and returns a `model.Project` only
when it has no error. The creditors and the firm are read by `creditors.py`;
scenarios written by the user go through the same reader as the built-in ones
(`scenarios.py`, ``data/scenarios.yaml``) and replace a built-in scenario of
the same name; ``routing:`` is read by `routing.py` once the scenarios are known; the guardrails and the rate overrides are read here.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path as FsPath
from typing import Any

from . import fields as f
from . import readers
from .creditors import FIRM_FIELDS, read_creditor, read_creditors
from .import_options import ImportOptions, read_import
from .errors import Issue, Source, error, has_errors, sort_issues
from .fields import BAD, Reader, did_you_mean, one_of, record, shown
from .model import COURT_MIN_AMOUNT, Agency, Creditor, Guardrails, Project, RateOverride, SiteOptions
from .routing import DEFAULT_ROUTING, ROUTING, build_routing
from .scenarios import builtin_scenarios, read_scenarios
from .yamlsrc import Path, load_yaml
from .i18n import _

PROJECT_FILE = "dossier.yaml"
RATE_TABLES = ("ecb_mro", "legal_autres_cas", "legal_particuliers")
HALF_YEAR_TABLES = ("legal_autres_cas", "legal_particuliers")
PROVISIONAL_RATES = ("draft", "stop")   # court papers on a provisional rate: PROJET banner, or interest to the last confirmed day
PLAN_PENALTIES = ("final_line", "waived")   # penalties during a payment plan: computed on a last line, or waived
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


# --- guardrails and rates -------------------------------------------------

def _window(r: Reader, value: Any, at: Path) -> Any:
    m = _WINDOW.match(value.strip()) if isinstance(value, str) else None
    if m:
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2) and (h2, m2) <= (24, 0):
            return (f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}")
    return r.error(at, _('expected a time window such as "10:00-13:00", got {shown}', shown=shown(value)))


GUARDRAIL_FIELDS = {
    "max_contacts": readers.count(1),
    "min_days_between_written": readers.days(0),
    "call_windows": f.list_of(_window, what="time windows"),
    "max_amicable_days": readers.days(1),
}


def _guardrails(r: Reader, value: Any, at: Path) -> Guardrails | None:
    got = record(r, value, at, GUARDRAIL_FIELDS, what="guardrails (max_contacts, min_days_between_written, call_windows, max_amicable_days)")
    if got is BAD:
        return None
    if "call_windows" in got:
        if any(w is BAD for w in got["call_windows"]):
            return None
        got["call_windows"] = tuple(got["call_windows"])
    return Guardrails(**got)


def _rate_value(r: Reader, value: Any, at: Path) -> Any:
    """A rate in percent, 0 allowed (the ECB rate was 0 % from 2016 to 2022)."""
    d = readers.parse_percent(value)
    if d is None or d < 0 or d >= 100:
        return r.error(at, _("expected a rate in percent such as 2.15, got {shown}", shown=shown(value)))
    return d


RATE_ALIASES = {"legal_professional_creditor": "legal_autres_cas", "legal_particulier": "legal_particuliers"}  # older spellings


def _table(r: Reader, value: Any, at: Path) -> Any:
    """A rate table name; the older spellings are accepted and normalised (law/rates.py reads both)."""
    if isinstance(value, str) and value in RATE_ALIASES:
        return RATE_ALIASES[value]
    return readers.choice(RATE_TABLES)(r, value, at)


RATE_FIELDS = {"table": _table, "from": readers.date, "rate": _rate_value, "source": readers.text}


def _rates(r: Reader, value: Any, at: Path) -> tuple[RateOverride, ...] | None:
    rows = f.list_of(lambda r_, v, a: record(r_, v, a, RATE_FIELDS, tuple(RATE_FIELDS), what="a rate (table, from, rate, source)"), what="rates", allow_empty=True)(r, value, at)
    if rows is BAD:
        return None
    out: list[RateOverride] = []
    seen: dict[tuple[str, dt.date], int] = {}
    ok = True
    for i, row in enumerate(rows):
        if row is BAD or len(row) < 4:
            ok = False
            continue
        here = at + (i,)
        start = row["from"]
        if row["table"] in HALF_YEAR_TABLES and (start.day, start.month) not in ((1, 1), (1, 7)):
            r.error(here + ("from",), _("expected a half-year start (1 January or 1 July) for table {table}, got {start}", table=row['table'], start=start.isoformat()))
            ok = False
            continue
        key = (row["table"], start)
        if key in seen:
            r.error(here + ("from",), _("duplicate rate for table {table} from {start} (also rates[{key}])", table=row['table'], start=start.isoformat(), key=seen[key]))
            ok = False
            continue
        seen[key] = i
        out.append(RateOverride(table=row["table"], start=start, rate=row["rate"], source_text=row["source"], source=r.source(here)))
    return tuple(sorted(out, key=lambda o: (o.table, o.start))) if ok else None


# --- the project ----------------------------------------------------------

SITE_FIELDS = {"title": readers.text, "reminder_days": readers.count(0, 90), "url": readers.website,
               "source_url": readers.website, "commit_url": readers.website}

PROJECT_FIELDS: dict[str, Any] = {
    "site": lambda r, v, at: record(r, v, at, SITE_FIELDS, ("title",), what="site options (title, reminder_days, url, source_url, commit_url)"),
    "creditor": lambda r, v, at: read_creditor(r, v, at, "default") or BAD,
    "creditors": lambda r, v, at: read_creditors(r, v, at) or BAD,
    "agency": readers.flag,
    "firm": lambda r, v, at: record(r, v, at, FIRM_FIELDS, ("name",), what="the firm's fields (name, address, siren…)"),
    "scenario": readers.text,
    "scenarios": lambda r, v, at: read_scenarios(r, v, at) or BAD,
    "guardrails": lambda r, v, at: _guardrails(r, v, at) or BAD,
    "rates": lambda r, v, at: BAD if (got := _rates(r, v, at)) is None else got,
    "provisional_rates": readers.choice(PROVISIONAL_RATES),
    "routing": ROUTING,   # its scenarios are checked once the scenarios are read (routing.build_routing)
    "court_min_amount": readers.amount,
    "plan_penalties": readers.choice(PLAN_PENALTIES),
    "import": read_import,   # `dossier import`: column mappings of CSV exports (records/import_options.py)
}


def read_project(text: str, root: FsPath, path: str = PROJECT_FILE) -> tuple[Project | None, list[Issue]]:
    """Validate the text of a project file; the Project only when there is no error."""
    bad_chars = f.text_oversized(text, path) or f.unprintable(text, path)
    if bad_chars:
        return None, bad_chars
    doc = load_yaml(text)
    r = Reader(path, doc, root=root)
    for e in doc.errors:
        r.issues.append(error(Source(path, e.line, e.col), e.message))
    if doc.data is None and not doc.errors:
        r.error((), _("empty file: expected the project (site, creditor, scenario…)"))
        return None, sort_issues(r.issues)
    if doc.data is None:
        return None, sort_issues(r.issues)
    got = record(r, doc.data, (), PROJECT_FIELDS, what="a mapping of fields (site, creditor, scenario…)")
    if got is BAD:
        return None, sort_issues(r.issues)
    raw = doc.data

    creditors: dict[str, Creditor] = {}
    if "creditor" in raw and "creditors" in raw:
        r.error(("creditors",), _("write either creditor: or creditors:, not both"), key=True)
    elif "creditor" not in raw and "creditors" not in raw:
        r.error((), _('missing required field "creditor" (or "creditors")'))
    elif "creditor" in got:
        creditors = {"default": got["creditor"]}
    elif "creditors" in got:
        creditors = got["creditors"]

    agency_on = got.get("agency", False)
    agency: Agency | None = None
    if agency_on and "firm" not in raw:
        r.error(("agency",), _('missing required field "firm": agency: true needs the recovery firm\'s identity (firm: name, address, siren…)'))
    elif "firm" in raw and raw.get("agency", False) is False:
        r.warn(("firm",), _("ignored: agency is not true"), "Ignoré\u00a0: le mode agence (agency) n’est pas activé.")
    if agency_on and isinstance(got.get("firm"), dict) and "name" in got["firm"]:
        agency = Agency(source=r.source(("firm",)), **got["firm"])

    builtin, builtin_issues = builtin_scenarios()
    r.issues.extend(builtin_issues)
    scenarios = dict(builtin)
    scenarios.update(got.get("scenarios") or {})
    default = got.get("scenario", "standard")
    written = set(raw["scenarios"]) if isinstance(raw.get("scenarios"), dict) else set()
    if default in written and default not in scenarios:
        pass  # defined, with errors of its own reported above
    elif "scenario" in got and default not in scenarios:
        hint = did_you_mean(default, scenarios)
        tail = _('; did you mean "{hint}"?', hint=hint) if hint else _(" (scenarios: {names})", names=one_of(sorted(scenarios)))
        r.error(("scenario",), _('no scenario "{default}"{tail}', default=default, tail=tail))
    elif default not in scenarios and "scenarios" in got:
        r.error(("scenarios",), _('no scenario "{default}", the default: name one with scenario: or define it here', default=default))

    routing = DEFAULT_ROUTING   # not written (or null): the default rules; ``routing: []``: none
    if "routing" in got:
        routing = build_routing(r, got["routing"], ("routing",), scenarios, written)

    title = (got.get("site") or {}).get("title")
    if title is None:
        if "site" in raw:
            title = "Recouvrement"  # site: itself has an error, reported already
        elif len(creditors) == 1:
            title = f"Recouvrement — {next(iter(creditors.values())).name}"
        else:
            title = "Recouvrement"

    if has_errors(r.issues):
        return None, sort_issues(r.issues)
    project = Project(
        title=title,
        creditors=dict(sorted(creditors.items())),
        source=Source(path, 1, 1),
        agency=agency,
        scenario=default,
        scenarios=dict(sorted(scenarios.items())),
        guardrails=got.get("guardrails", Guardrails()),
        rates=got.get("rates", ()),
        root=str(root.resolve()),
        provisional_rates=got.get("provisional_rates", "draft"),
        routing=routing or (),
        court_min_amount=got.get("court_min_amount", COURT_MIN_AMOUNT),
        plan_penalties=got.get("plan_penalties", "final_line"),
        site=SiteOptions(**{k: v for k, v in (got.get("site") or {}).items() if k != "title"}),
        imports=got.get("import", ImportOptions()),
    )
    return project, sort_issues(r.issues)


def load_project(root: FsPath) -> tuple[Project | None, list[Issue]]:
    """Read and validate ``<root>/dossier.yaml``."""
    path = root / PROJECT_FILE
    if not path.is_file():
        return None, [error(Source(PROJECT_FILE), _("no project file here (run `dossier init` to create one)"))]
    try:
        data, issues = f.read_capped(path, PROJECT_FILE)
    except OSError as exc:
        return None, [error(Source(PROJECT_FILE), _("cannot read the project file: {strerror}", strerror=exc.strerror))]
    if data is None:
        return None, issues
    text, issues = f.decode(data, PROJECT_FILE)
    if text is None:
        return None, issues
    return read_project(text, root)
