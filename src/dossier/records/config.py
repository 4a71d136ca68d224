"""The project file, ``dossier.yaml``: creditors, the firm, scenarios, guardrails, rate overrides.

`load_project` validates the whole file and returns a `model.Project` only
when it has no error. Scenarios written by the user go through the same
reader as the built-in ones (``data/scenarios.yaml``) and replace a built-in
scenario of the same name.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Any, Iterable

from . import fields as f
from . import readers
from .errors import Issue, Source, error, has_errors, sort_issues, warning
from .fields import BAD, Reader, did_you_mean, one_of, record, shown
from .model import COURT_MIN_AMOUNT
from .model import (
    CHANNELS,
    Case,
    DEBTOR_KINDS,
    QUALIFICATIONS,
    Agency,
    Creditor,
    Guardrails,
    Mediator,
    Project,
    RateOverride,
    Scenario,
    Step,
    StepCondition,
)
from .yamlsrc import Path, YamlDoc, load_yaml

PROJECT_FILE = "dossier.yaml"
BUILTIN_SCENARIOS = FsPath(__file__).parent.parent / "data" / "scenarios.yaml"
BUILTIN_SCENARIOS_NAME = "dossier/data/scenarios.yaml"   # how issues in the built-in file are located
RATE_TABLES = ("ecb_mro", "legal_autres_cas", "legal_particuliers")
HALF_YEAR_TABLES = ("legal_autres_cas", "legal_particuliers")
PROVISIONAL_RATES = ("draft", "stop")   # court papers on a provisional rate: PROJET banner, or interest to the last confirmed day
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_WINDOW = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$")


# --- parties --------------------------------------------------------------

MEDIATOR_FIELDS = {
    "name": readers.text,
    "website": readers.website,
    "address": readers.lines,
}


def _mediator(r: Reader, value: Any, at: Path) -> Any:
    """The creditor's consumer mediator: a name and a website, an address or both (C. consom. R616-1)."""
    got = record(r, value, at, MEDIATOR_FIELDS, ("name",), what="the mediator's fields (name, website, address)")
    if got is BAD:
        return BAD
    if "name" not in got or any(k not in got and (k not in MEDIATOR_FIELDS or value[k] is not None) for k in value):
        return BAD   # a field missing, unknown or wrong: its error is reported above
    if not got.get("website") and not got.get("address"):
        return r.error(at, "expected the mediator's website or address (C. consom. R616-1), got neither")
    return Mediator(source=r.source(at), **got)


CREDITOR_FIELDS = {
    "name": readers.text,
    "siren": readers.siren,
    "address": readers.lines,
    "email": readers.email,
    "phone": readers.text,
    "iban": readers.iban,
    "bic": readers.bic,
    "signatory": readers.text,
    "legal_form": readers.text,
    "capital": readers.text,
    "rcs": readers.text,
    "vat": readers.text,
    "mediator": _mediator,
}

FIRM_FIELDS = {
    "name": readers.text,
    "address": readers.lines,
    "siren": readers.siren,
    "email": readers.email,
    "phone": readers.text,
    "signatory": readers.text,
}


PLACEHOLDER = "À COMPLÉTER"   # what `dossier init` writes in the creditor's fields, refused until filled in


def _placeholders(r: Reader, value: Any, at: Path) -> set[str]:
    """The fields of `value` still holding `PLACEHOLDER` (a line of a list included), each an error at its value."""
    if not isinstance(value, dict):
        return set()
    found = set()
    for key, v in value.items():
        items = [((key, i), line) for i, line in enumerate(v)] if isinstance(v, list) else [((key,), v)]
        for where, item in items:
            if isinstance(item, str) and PLACEHOLDER in item.upper():
                r.error(at + where, f'placeholder "{PLACEHOLDER}" to fill in')
                found.add(key)
    return found


def _creditor(r: Reader, value: Any, at: Path, creditor_id: str) -> Creditor | None:
    holes = _placeholders(r, value, at)
    if holes:   # the other fields are still read, for their own errors
        rest = {k: v for k, v in value.items() if k not in holes}
        record(r, rest, at, CREDITOR_FIELDS, (), what="the creditor's fields (name, siren, address…)")
        return None
    got = record(r, value, at, CREDITOR_FIELDS, ("name",), what="the creditor's fields (name, siren, address…)")
    if got is BAD or "name" not in got:
        return None
    return Creditor(id=creditor_id, source=r.source(at), **got)


def _creditors(r: Reader, value: Any, at: Path) -> dict[str, Creditor] | None:
    if not isinstance(value, dict):
        r.error(at, f"expected a mapping of creditors by id, got {shown(value)}")
        return None
    if not value:
        r.error(at, "expected at least one creditor, got an empty mapping")
        return None
    out: dict[str, Creditor] = {}
    for key in sorted(value):
        if not _ID.fullmatch(key):
            r.error(at + (key,), f'expected an id made of letters, digits, "_", "-" and ".", got {shown(key)}', key=True)
            continue
        c = _creditor(r, value[key], at + (key,), key)
        if c is not None:
            out[key] = c
    return out


def mediator_issues(project: Project, cases: Iterable[Case]) -> list[Issue]:
    """A warning at each creditor with cases against consumers and no ``mediator:``: its letters to them only say
    that the mediator's details are given on request, where C. consom. R616-1 wants its name and contact."""
    with_consumers = {c.creditor for c in cases if c.debtor.kind == "consumer"}
    out = []
    for cid in sorted(with_consumers):
        creditor = project.creditors.get(cid)
        if creditor is None or creditor.mediator is not None:
            continue
        who, who_fr = (f"creditor {cid}", f"Le créancier {cid}") if cid != "default" else ("the creditor", "Le créancier")
        out.append(warning(
            creditor.source,
            f"{who} has consumer cases but no mediator: (C. consom. R616-1 requires its name and contact details "
            "in letters to consumers)",
            "consumer-mediator-missing",
            f"{who_fr} a des dossiers contre des particuliers mais aucun médiateur de la consommation (mediator:)\u00a0: "
            "l’article R616-1 du Code de la consommation impose d’indiquer son nom et ses coordonnées "
            "dans les lettres aux consommateurs."))
    return out


# --- scenarios ------------------------------------------------------------

def _condition(r: Reader, value: Any, at: Path) -> Any:
    spec = {
        "debtor_kind": readers.choices(DEBTOR_KINDS),
        "min_amount": readers.bound_amount,
        "max_amount": readers.bound_amount,
        "qualification": readers.choices(QUALIFICATIONS),
        "not_qualification": readers.choices(QUALIFICATIONS),
    }
    got = record(r, value, at, spec, what="conditions (debtor_kind, min_amount, max_amount, qualification, not_qualification)")
    if got is BAD:
        return BAD
    lo, hi = got.get("min_amount"), got.get("max_amount")
    if lo is not None and hi is not None and hi < lo:
        return r.error(at + ("max_amount",), f"expected an amount of at least min_amount ({lo}), got {hi}")
    return StepCondition(source=r.source(at), **got)


def _after(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {"step": readers.text, "days": readers.days(0)}, ("step", "days"), what="{step, days}")


STEP_FIELDS = {
    "id": readers.text,
    "channel": readers.choice(CHANNELS),
    "template": readers.text,
    "after_due": readers.days(0),
    "after": _after,
    "deadline_days": readers.days(1),
    "formal_notice": readers.flag,
    "when": _condition,
}


def _step(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, STEP_FIELDS, ("id", "channel"), what="a step (id, channel, template, after_due…)")


def _steps_rules(r: Reader, name: str, steps: list[Any], at: Path) -> None:
    """Across the steps of one scenario: unique ids, one timing each, `after` naming an earlier step."""
    seen: dict[str, int] = {}
    for i, s in enumerate(steps):
        if s is BAD:
            continue
        here = at + (i,)
        sid = s.get("id")
        if sid is not None:
            if sid in seen:
                r.error(here + ("id",), f'duplicate step "{sid}" (also steps[{seen[sid]}])')
            else:
                seen[sid] = i
        raw = _raw(r.doc, here)
        has_due, has_after = "after_due" in raw, "after" in raw
        if has_due and has_after:
            r.error(here + ("after",), "write either after_due or after, not both")
        elif not has_due and not has_after:
            r.error(here, 'missing required field "after_due" (or "after")')
        after = s.get("after")
        if after and "step" in after:
            earlier = [x.get("id") for x in steps[:i] if x is not BAD and x.get("id")]
            if after["step"] not in earlier:
                listed = f" ({one_of(earlier)})" if earlier else " (there is none)"
                r.error(here + ("after", "step"), f'expected an earlier step of scenario "{name}"{listed}, got {shown(after["step"])}')


def _raw(doc: YamlDoc, at: Path) -> dict[str, Any]:
    """The raw mapping written at ``at`` ({} if it is not a mapping)."""
    value = doc.data
    for part in at:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return value if isinstance(value, dict) else {}


def _build_step(r: Reader, s: dict[str, Any], at: Path) -> Step:
    after = s.get("after") or {}
    return Step(
        id=s["id"],
        channel=s["channel"],
        source=r.source(at),
        template=s.get("template"),
        after_due=s.get("after_due"),
        after_step=after.get("step"),
        after_days=after.get("days"),
        deadline_days=s.get("deadline_days"),
        formal_notice=s.get("formal_notice", False),
        when=s.get("when"),
    )


def read_scenarios(r: Reader, value: Any, at: Path) -> dict[str, Scenario] | None:
    """``{name: {steps: [...]}}`` → scenarios; None when any of them has an error."""
    if not isinstance(value, dict):
        r.error(at, f"expected a mapping of scenarios by name, got {shown(value)}")
        return None
    before = len(r.issues)
    out: dict[str, Scenario] = {}
    for name in sorted(value):
        here = at + (name,)
        if not _ID.fullmatch(name):
            r.error(here, f'expected a scenario name made of letters, digits, "_", "-" and ".", got {shown(name)}', key=True)
            continue
        got = record(r, value[name], here, {"steps": f.list_of(_step, what="steps")}, ("steps",), what="a scenario (steps: [...])")
        if got is BAD or "steps" not in got:
            continue
        steps = got["steps"]
        _steps_rules(r, name, steps, here + ("steps",))
        if any(s is BAD for s in steps):
            continue
        built = tuple(_build_step(r, s, here + ("steps", i)) for i, s in enumerate(steps) if "id" in s and "channel" in s)
        out[name] = Scenario(name=name, steps=built, source=r.source(here))
    if has_errors(r.issues[before:]):
        return None
    return out


@lru_cache(maxsize=1)
def _builtin() -> tuple[tuple[tuple[str, Scenario], ...], tuple[Issue, ...]]:
    text = BUILTIN_SCENARIOS.read_text(encoding="utf-8")
    doc = load_yaml(text)
    r = Reader(BUILTIN_SCENARIOS_NAME, doc)
    for e in doc.errors:
        r.issues.append(error(Source(r.path, e.line, e.col), e.message))
    got = read_scenarios(r, doc.data, ()) if not doc.errors else None
    return tuple(sorted((got or {}).items())), tuple(r.issues)


def builtin_scenarios() -> tuple[dict[str, Scenario], list[Issue]]:
    """The scenarios shipped with dossier, read once per process through the same reader as the user's."""
    items, issues = _builtin()
    return dict(items), list(issues)


# --- guardrails and rates -------------------------------------------------

def _window(r: Reader, value: Any, at: Path) -> Any:
    m = _WINDOW.match(value.strip()) if isinstance(value, str) else None
    if m:
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60 and (h1, m1) < (h2, m2) and (h2, m2) <= (24, 0):
            return (f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}")
    return r.error(at, f'expected a time window such as "10:00-13:00", got {shown(value)}')


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
        return r.error(at, f"expected a rate in percent such as 2.15, got {shown(value)}")
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
            r.error(here + ("from",), f"expected a half-year start (1 January or 1 July) for table {row['table']}, got {start.isoformat()}")
            ok = False
            continue
        key = (row["table"], start)
        if key in seen:
            r.error(here + ("from",), f"duplicate rate for table {row['table']} from {start.isoformat()} (also rates[{seen[key]}])")
            ok = False
            continue
        seen[key] = i
        out.append(RateOverride(table=row["table"], start=start, rate=row["rate"], source_text=row["source"], source=r.source(here)))
    return tuple(sorted(out, key=lambda o: (o.table, o.start))) if ok else None


# --- the project ----------------------------------------------------------

PROJECT_FIELDS: dict[str, Any] = {
    "site": lambda r, v, at: record(r, v, at, {"title": readers.text}, ("title",), what="site options (title)"),
    "creditor": lambda r, v, at: _creditor(r, v, at, "default") or BAD,
    "creditors": lambda r, v, at: _creditors(r, v, at) or BAD,
    "agency": readers.flag,
    "firm": lambda r, v, at: record(r, v, at, FIRM_FIELDS, ("name",), what="the firm's fields (name, address, siren…)"),
    "scenario": readers.text,
    "scenarios": lambda r, v, at: read_scenarios(r, v, at) or BAD,
    "guardrails": lambda r, v, at: _guardrails(r, v, at) or BAD,
    "rates": lambda r, v, at: BAD if (got := _rates(r, v, at)) is None else got,
    "provisional_rates": readers.choice(PROVISIONAL_RATES),
    "court_min_amount": readers.amount,
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
        r.error((), "empty file: expected the project (site, creditor, scenario…)")
        return None, sort_issues(r.issues)
    if doc.data is None:
        return None, sort_issues(r.issues)
    got = record(r, doc.data, (), PROJECT_FIELDS, what="a mapping of fields (site, creditor, scenario…)")
    if got is BAD:
        return None, sort_issues(r.issues)
    raw = doc.data

    creditors: dict[str, Creditor] = {}
    if "creditor" in raw and "creditors" in raw:
        r.error(("creditors",), "write either creditor: or creditors:, not both", key=True)
    elif "creditor" not in raw and "creditors" not in raw:
        r.error((), 'missing required field "creditor" (or "creditors")')
    elif "creditor" in got:
        creditors = {"default": got["creditor"]}
    elif "creditors" in got:
        creditors = got["creditors"]

    agency_on = got.get("agency", False)
    agency: Agency | None = None
    if agency_on and "firm" not in raw:
        r.error(("agency",), 'missing required field "firm": agency: true needs the recovery firm\'s identity (firm: name, address, siren…)')
    elif "firm" in raw and raw.get("agency", False) is False:
        r.warn(("firm",), "ignored: agency is not true", "Ignoré\u00a0: le mode agence (agency) n’est pas activé.")
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
        tail = f'; did you mean "{hint}"?' if hint else f" (scenarios: {one_of(sorted(scenarios))})"
        r.error(("scenario",), f'no scenario "{default}"{tail}')
    elif default not in scenarios and "scenarios" in got:
        r.error(("scenarios",), f'no scenario "{default}", the default: name one with scenario: or define it here')

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
        court_min_amount=got.get("court_min_amount", COURT_MIN_AMOUNT),
    )
    return project, sort_issues(r.issues)


def load_project(root: FsPath) -> tuple[Project | None, list[Issue]]:
    """Read and validate ``<root>/dossier.yaml``."""
    path = root / PROJECT_FILE
    if not path.is_file():
        return None, [error(Source(PROJECT_FILE), "no project file here (run `dossier init` to create one)")]
    try:
        data, issues = f.read_capped(path, PROJECT_FILE)
    except OSError as exc:
        return None, [error(Source(PROJECT_FILE), f"cannot read the project file: {exc.strerror}")]
    if data is None:
        return None, issues
    text, issues = f.decode(data, PROJECT_FILE)
    if text is None:
        return None, issues
    return read_project(text, root)
