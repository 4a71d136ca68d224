"""Rate tables: the ECB main refinancing rate and the French legal interest rates.

Law is data: every row lives in a CSV file of ``law/data/`` with its source and
a ``provisional`` flag (values no primary source confirmed yet). A project adds
or replaces rows in ``dossier.yaml`` (``rates:``). The built-in tables are read
once per process.

A half-year after the last known row carries that row forward (`carry`),
flagged provisional: nothing stops for lack of a rate in the future.

The L441-10 and public-procurement rates are not stored separately at run
time: they are derived from the ECB table (the rate in force on 1 January or
1 July), so that a project's ECB override changes them too.
``l441_10_semesters.csv`` ships the derived values for readers; a test checks it
agrees with the derivation.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from ..records.errors import Issue, Source, error, warning
from ..records.model import Project, RateOverride
from .money import date_long, percent
from ..records.i18n import _, decimal, language, pick

DATA = Path(__file__).parent / "data"

ECB_MRO = "ecb_mro"
LEGAL_AUTRES_CAS = "legal_autres_cas"
LEGAL_PARTICULIERS = "legal_particuliers"
TABLES = (ECB_MRO, LEGAL_AUTRES_CAS, LEGAL_PARTICULIERS)
# Older spellings of the table names, accepted in dossier.yaml.
ALIASES = {"legal_professional_creditor": LEGAL_AUTRES_CAS, "legal_particulier": LEGAL_PARTICULIERS}
FILES = {ECB_MRO: "ecb_mro.csv", LEGAL_AUTRES_CAS: "legal_autres_cas.csv", LEGAL_PARTICULIERS: "legal_particuliers.csv"}


@dataclass(frozen=True)
class Rate:
    """One row: `rate` (annual %, Decimal) in force from `start`, with where it comes from."""

    table: str
    start: dt.date
    rate: Decimal
    source: str                  # the URL or text that justifies the value
    provisional: bool = False
    origin: Source | None = None  # where the row was written (a data file line or dossier.yaml)
    carried_from: dt.date | None = None  # a half-year with no known rate: the start of the row carried forward

    @property
    def carried(self) -> bool:
        """True for a row made up by carrying the last known rate forward (always provisional)."""
        return self.carried_from is not None


def carry(row: Rate, start: dt.date) -> Rate:
    """`row`'s value used from `start`, where no rate is known: provisional, saying where it comes from.

    Rates are published late (the ECB decides, the arrêté appears in the last days of
    the previous half-year): rather than stop every computation on 1 January, the
    last known value goes on, flagged, until the user adds the official row.
    """
    source = f"carried forward from {half_label(row.start)}: no rate known for {half_label(start)}"
    return Rate(row.table, start, row.rate, source, True, row.origin, row.start)


def half_start(day: dt.date) -> dt.date:
    """1 January or 1 July: the first day of the half-year containing `day`."""
    return dt.date(day.year, 1 if day.month <= 6 else 7, 1)


def half_end(day: dt.date) -> dt.date:
    """30 June or 31 December: the last day of the half-year containing `day`."""
    return dt.date(day.year, 6, 30) if day.month <= 6 else dt.date(day.year, 12, 31)


def half_label(day: dt.date) -> str:
    """``2026-S2``: the half-year containing `day`, as the data files name it."""
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def half_label_fr(day: dt.date) -> str:
    """``premier semestre 2026`` / ``second semestre 2026``, as the arrêtés name them."""
    return f"{'premier' if day.month <= 6 else 'second'} semestre {day.year}"


@dataclass(frozen=True)
class RateTables:
    """The three tables, each sorted by start date (one row per start)."""

    ecb_mro: tuple[Rate, ...]
    legal_autres_cas: tuple[Rate, ...]
    legal_particuliers: tuple[Rate, ...]
    _ecb_starts: tuple[dt.date, ...] = field(default=(), compare=False, repr=False)
    _legal: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ecb_starts", tuple(r.start for r in self.ecb_mro))
        legal = {(r.table, r.start): r for r in self.legal_autres_cas + self.legal_particuliers}
        object.__setattr__(self, "_legal", legal)

    def ecb_on(self, day: dt.date) -> Rate | None:
        """The ECB rate row in force on `day`; None before the table.

        The table is only known up to its last row: on a later day the last row is
        carried forward (`carry`, provisional), since a rate holds "until the next
        change" and the next change is not known yet.
        """
        if not self.ecb_mro or day < self.ecb_mro[0].start:
            return None
        if day > self.ecb_mro[-1].start:
            return carry(self.ecb_mro[-1], day)
        i = bisect.bisect_right(self._ecb_starts, day) - 1
        return self.ecb_mro[i]

    def ecb_anchor(self, day: dt.date) -> Rate | None:
        """The ECB rate in force on the first day of the half-year containing `day` (L441-10, R2192-31)."""
        return self.ecb_on(half_start(day))

    def legal(self, table: str, day: dt.date) -> Rate | None:
        """The legal interest rate of `table` for the half-year containing `day`; None before the table.

        A half-year with no row of its own (not published yet) carries the last
        earlier half-year's rate forward (`carry`, provisional).
        """
        start = half_start(day)
        row = self._legal.get((table, start))
        if row is not None:
            return row
        rows = self.legal_autres_cas if table == LEGAL_AUTRES_CAS else self.legal_particuliers
        i = bisect.bisect_left([r.start for r in rows], start) - 1
        return carry(rows[i], start) if i >= 0 else None

    def half_year(self, table: str, day: dt.date) -> Rate | None:
        """The row that sets `table`'s rate for the half-year of `day` (the ECB one: its anchor)."""
        return self.ecb_anchor(day) if table == ECB_MRO else self.legal(table, day)


def _read_csv(name: str, table: str, half_years: bool) -> tuple[list[Rate], list[Issue]]:
    path = DATA / name
    shown = f"dossier/law/data/{name}"
    rows: list[Rate] = []
    issues: list[Issue] = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, rec in enumerate(csv.DictReader(f), start=2):
            where = Source(shown, line, 1)
            try:
                start = dt.date.fromisoformat(rec["start"])
                rate = Decimal(rec["rate"])
            except (ValueError, InvalidOperation, TypeError):
                issues.append(error(where, _("{table}: bad row {rec!r}", table=table, rec=rec), "rate-data"))
                continue
            if half_years and start != half_start(start):
                issues.append(error(where, _("{table}: {start} is not the first day of a half-year", table=table, start=start), "rate-data"))
                continue
            flag = (rec.get("provisional") or "").strip().lower()
            rows.append(Rate(table, start, rate, (rec.get("source") or "").strip(), flag in ("yes", "true", "1"), where))
    return rows, issues


@lru_cache(maxsize=1)
def _builtin() -> tuple[dict[str, tuple[Rate, ...]], tuple[Issue, ...]]:
    tables: dict[str, tuple[Rate, ...]] = {}
    issues: list[Issue] = []
    for table in TABLES:
        rows, found = _read_csv(FILES[table], table, half_years=table != ECB_MRO)
        tables[table] = tuple(sorted(rows, key=lambda r: r.start))
        issues += found
    return tables, tuple(issues)


def builtin_tables() -> RateTables:
    """The tables shipped with dossier, without any project override (read once per process)."""
    return _tables(())[0]


def load_tables(project: Project | None) -> tuple[RateTables, list[Issue]]:
    """The built-in tables with the project's ``rates:`` rows added or replacing same-start rows."""
    overrides = tuple(project.rates) if project is not None else ()
    tables, issues = _tables(overrides)
    return tables, list(issues)


@lru_cache(maxsize=32)
def _tables(overrides: tuple[RateOverride, ...]) -> tuple[RateTables, tuple[Issue, ...]]:
    builtin, found = _builtin()
    merged = {table: {r.start: r for r in rows} for table, rows in builtin.items()}
    issues = list(found)
    for o in overrides:
        table = ALIASES.get(o.table, o.table)
        if table not in TABLES:
            issues.append(error(o.source, _("rates: unknown table {table!r} (expected one of {value})", table=o.table, value=', '.join(TABLES)), "rate-override",
                                fr=f"Taux\u00a0: table «\u00a0{o.table}\u00a0» inconnue (attendu\u00a0: {', '.join(TABLES)})."))
            continue
        if table != ECB_MRO and o.start != half_start(o.start):
            issues.append(error(
                o.source,
                _("rates: {table} is fixed per half-year and must start on 1 January or 1 July, got {start}", table=table, start=o.start.isoformat()),
                "rate-override",
                fr=f"Taux\u00a0: {table} est fixé par semestre et commence le 1er\u00a0janvier ou le 1er\u00a0juillet, "
                   f"non le {date_long(o.start)}.",
            ))
            continue
        merged[table][o.start] = Rate(table, o.start, o.rate, o.source_text, False, o.source)
    tables = RateTables(*(tuple(v for _unused, v in sorted(merged[t].items())) for t in TABLES))
    return tables, tuple(issues)


NAMES = {
    ECB_MRO: "ECB main refinancing rate",
    LEGAL_AUTRES_CAS: "legal interest rate (autres cas)",
    LEGAL_PARTICULIERS: "legal interest rate (particuliers)",
}
NAMES_FR = {
    ECB_MRO: "taux de refinancement de la BCE",
    LEGAL_AUTRES_CAS: "taux de l’intérêt légal applicable aux autres cas",
    LEGAL_PARTICULIERS: "taux de l’intérêt légal applicable aux particuliers",
}


def missing_rate_message(table: str, day: dt.date) -> str:
    """The text of the error for a half-year with no known rate: what is missing and how to add it."""
    start = half_start(day)
    what = pick(NAMES[table], NAMES_FR[table])
    when = _("on {start} (needed for {half})", start=start.isoformat(), half=half_label(day)) if table == ECB_MRO else _("for {half}", half=half_label(day))
    return _("no {what} known {when}; add it to dossier.yaml: ", what=what, when=when) + (
        "`rates: [{table: %s, from: %s, rate: %s, source: \"%s\"}]`" % (table, start.isoformat(), _("<percent>"), _("<where it was published>"))
    )


def missing_rate_fr(table: str, day: dt.date) -> str:
    """The same error in French, for the status site."""
    start = half_start(day)
    what = NAMES_FR[table]
    when = (f"au {date_long(start)} (nécessaire pour le {half_label_fr(day)})" if table == ECB_MRO
            else f"pour le {half_label_fr(day)}")
    return f"Taux inconnu\u00a0: {what} {when}\u00a0; l’ajouter dans dossier.yaml (rates:)."


WARN_DAYS = 30   # how long before a half-year begins `check` asks for its rate
# The tables the computation reads (legal_particuliers applies to a creditor who is a person: never ours).
COMPUTED = (ECB_MRO, LEGAL_AUTRES_CAS)


def row_to_add(table: str, start: dt.date) -> str:
    """The dossier.yaml line that confirms `table` from `start`, as the messages print it."""
    return (f"rates: [{{table: {table}, from: {start.isoformat()}, rate: <percent>, "
            f"source: \"<where it was published>\"}}]")


def unconfirmed_issues(project: Project, as_of: dt.date) -> list[Issue]:
    """One warning per table whose rate is not confirmed for the current half-year, or for the next one
    from `WARN_DAYS` days before it begins: the rate the computation will carry forward, and the row to add.

    Warned once for the project (on dossier.yaml), not once per case. A current half-year whose
    built-in row is provisional is left to the statements' own warnings (they name it when used).
    """
    tables, _unused = load_tables(project)
    current, following = half_start(as_of), half_end(as_of) + dt.timedelta(days=1)
    halves = [current] + ([following] if (following - as_of).days <= WARN_DAYS else [])
    out = []
    for table in COMPUTED:
        for half in halves:
            row = tables.half_year(table, half)
            if row is None or not (row.carried or (row.provisional and half == following)):
                continue
            out.append(_unconfirmed(project.source, table, row, as_of))
            break
    return out


def _unconfirmed(source: Source, table: str, row: Rate, as_of: dt.date) -> Issue:
    """The warning for one table: `row` is the carried-forward or provisional row of the first unconfirmed half-year."""
    start = half_end(row.carried_from) + dt.timedelta(days=1) if row.carried else row.start
    started = start <= as_of
    if row.carried:
        what = (_("the last known rate ({rate} % from {start}) is carried forward and flagged provisional", rate=row.rate, start=row.carried_from.isoformat()) if started
                else _("the last known rate ({rate} % from {start}) will be carried forward and flagged provisional", rate=row.rate, start=row.carried_from.isoformat()))
        what_fr = (f"le dernier taux connu ({percent(row.rate)} au {date_long(row.carried_from)}) "
                   f"{'est' if started else 'sera'} reporté et signalé comme provisoire")
    else:
        what = _("the provisional value {rate} % is used and flagged provisional", rate=row.rate) if started else _("the provisional value {rate} % will be used and flagged provisional", rate=row.rate)
        what_fr = f"la valeur provisoire de {percent(row.rate)} {'est' if started else 'sera'} utilisée et signalée comme telle"
    return warning(
        source,
        _("no confirmed {table} for {half_label} (from {start}); {what}; "
        "{add} dossier.yaml when published: {row_to_add}", table=pick(NAMES[table], NAMES_FR[table]), half_label=half_label(start), start=start.isoformat(), what=what, add=_('add it to') if row.carried else _('confirm it in'), row_to_add=row_to_add(table, start)),
        "rate-unconfirmed",
        fr=f"Taux non confirmé\u00a0: {NAMES_FR[table]} du {half_label_fr(start)} (à compter du {date_long(start)})\u00a0; "
           f"{what_fr}\u00a0; l’ajouter dans dossier.yaml dès sa publication (rates:).",
    )


# --- `dossier rates`: the tables in force, readable -------------------------------------------------


def _shift(half: dt.date, n: int) -> dt.date:
    """The first day of the half-year `n` half-years after (or before) the one starting on `half`."""
    index = half.year * 2 + (half.month > 6) + n
    return dt.date(index // 2, 7 if index % 2 else 1, 1)


def _status(row: Rate) -> str:
    if row.carried:
        return _("CARRIED FORWARD from {half}", half=half_label(row.carried_from))
    return _("PROVISIONAL") if row.provisional else _("confirmed")


def _source(row: Rate) -> str:
    """The source column: a carried-forward row has none of its own (its status names the row it repeats)."""
    return "-" if row.carried else row.source


def _where(row: Rate) -> str:
    """Where the row was written: ``built-in`` or ``dossier.yaml:12`` (``-`` for a carried-forward row)."""
    if row.carried:
        return "-"
    if row.origin is None or row.origin.path.startswith("dossier/law/data/"):
        return _("built-in")
    return f"{row.origin.path}:{row.origin.line}" if row.origin.line else row.origin.path


def _pct(rate: Decimal) -> str:
    """A rate in a column: « 3,15\u00a0% » in French, « 3.15 % » in English."""
    return f"{decimal(rate)}\u00a0%" if language() == "fr" else f"{rate} %"


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Left-aligned columns two spaces apart (the last one is free text), padded by characters (an accent or a
    no-break space is one)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def tables_text(tables: RateTables, as_of: dt.date, before: int = 3, after: int = 1) -> str:
    """`dossier rates`: each table around `as_of` (the `before` half-years before the current one, the `after`
    next), with its value, start, status (confirmed, provisional, carried forward) and source; then the rows to add."""
    halves = [_shift(half_start(as_of), n) for n in range(-before, after + 1)]
    first, last = halves[0], half_end(halves[-1])
    out = [_("Rates as of {date}: {first} to {last} (annual %)", date=as_of.isoformat(), first=half_label(first), last=half_label(last)), ""]

    out.append(_("ECB main refinancing rate (ecb_mro), each change from its date:"))
    ecb = [r for r in tables.ecb_mro if first < r.start <= last]
    start_row = tables.ecb_on(first)
    if start_row is not None and not start_row.carried:
        ecb.insert(0, start_row)
    rows = [(_("from"), _("rate"), _("status"), _("set in"), _("source"))]
    rows += [(r.start.isoformat(), _pct(r.rate), _status(r), _where(r), r.source) for r in ecb]
    out += _columns(rows)
    if tables.ecb_mro and tables.ecb_mro[-1].start < last:
        tail = tables.ecb_mro[-1]
        out.append(_("  after {start}: no change known; {rate} % is carried forward, provisional", start=tail.start.isoformat(), rate=tail.rate))

    out += ["", _("L441-10 C. com. rate (ECB rate on 1 January or 1 July + 10 points), by half-year:")]
    rows = [(_("half-year"), _("from"), _("ECB"), _("rate"), _("status"), _("source of the ECB rate"))]
    for half in halves:
        r = tables.ecb_anchor(half)
        if r is None:
            rows.append((half_label(half), half.isoformat(), "-", "-", _("UNKNOWN"), ""))
            continue
        rows.append((half_label(half), half.isoformat(), _pct(r.rate), _pct(r.rate + 10), _status(r), _source(r)))
    out += _columns(rows)

    for table in (LEGAL_AUTRES_CAS, LEGAL_PARTICULIERS):
        kind = _("other cases") if table == LEGAL_AUTRES_CAS else _("consumers")
        out += ["", _("Legal interest rate, {kind} ({table}), by half-year:", kind=kind, table=table)]
        rows = [(_("half-year"), _("from"), _("rate"), _("status"), _("set in"), _("source"))]
        for half in halves:
            r = tables.legal(table, half)
            if r is None:
                rows.append((half_label(half), half.isoformat(), "-", _("UNKNOWN"), "", ""))
                continue
            rows.append((half_label(half), half.isoformat(), _pct(r.rate), _status(r), _where(r), _source(r)))
        out += _columns(rows)

    todo = sorted({(TABLES.index(table), r.start) for half in halves for table in TABLES
                   if (r := tables.half_year(table, half)) is not None and r.provisional})
    if todo:
        out += ["", _("Not confirmed: once the official value is published, add under `rates:` in dossier.yaml:")]
        out += ["  - {table: %s, from: %s, rate: %s, source: \"%s\"}" % (TABLES[i], start.isoformat(), _("<percent>"), _("<where it was published>"))
                for i, start in todo]
    return "\n".join(out) + "\n"
