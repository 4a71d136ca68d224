"""`dossier import receipts FILE`: a postal provider's tracking export read back onto the `sent` events.

The export is a CSV (``;`` or ``,``), one row per letter and event, with a header; the columns are found
by name, in French or English, whatever their order (docs/sending.md lists the names). A row is matched to
its `sent` event by our reference (``<case>/<step>/<date>``, the manifest's, which providers echo) or
else by the tracking number already recorded. Its status says what it records:

- delivered / distribué / remis / signé → ``received: DATE`` (the date on the acknowledgment of receipt);
- avisé non réclamé / non réclamé / unclaimed → ``unclaimed: DATE``;
- presented / avisé / en cours / deposited → nothing but the ``tracking`` number;
- returned / retour à l'expéditeur / NPAI → nothing recorded: a warning (the address is wrong).

An unclaimed formal notice is a warning with its consequence (docs/sending.md).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from . import postal
from ..records.i18n import _

HEADERS = {
    "reference": ("reference", "ref", "ref client", "reference client", "votre reference", "client reference", "id"),
    "tracking": ("tracking", "tracking number", "numero de suivi", "n de suivi", "suivi", "numero", "numero lrar",
                 "numero recommande", "numero d envoi"),
    "status": ("status", "statut", "etat", "evenement", "event"),
    "date": ("date", "date evenement", "date du statut", "event date", "date de l evenement"),
}
RECEIVED = ("delivered", "distribue", "remis", "signe", "received", "livre", "ar recu", "accuse de reception recu")
UNCLAIMED = ("avise non reclame", "non reclame", "unclaimed", "pli avise et non reclame")
RETURNED = ("returned", "retour", "npai", "destinataire inconnu", "retourne")
PENDING = ("presented", "presente", "avise", "en cours", "deposited", "depose", "pris en charge", "in transit")


@dataclass(frozen=True)
class Row:
    line: int
    reference: str
    tracking: str
    status: str          # received | unclaimed | returned | pending
    date: dt.date | None
    said: str            # the status as the provider wrote it


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def status_of(text: str) -> str | None:
    key = _key(text)
    for name, words in (("unclaimed", UNCLAIMED), ("returned", RETURNED), ("received", RECEIVED), ("pending", PENDING)):
        if any(key == w or key.startswith(w + " ") or f" {w}" in f" {key}" for w in words):
            return name
    return None


def _date(text: str) -> dt.date | None:
    """2026-04-19, 19/04/2026, 19/04/26 or 19.04.2026, with or without a time after it."""
    day = (text or "").strip().replace("T", " ").split(" ")[0]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    return None


def read(data: bytes, name: str = "receipts.csv") -> tuple[list[Row], list[str]]:
    """The rows of an export, and each problem as ``FILE:LINE: message``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    sample = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if sample.count(";") >= sample.count(",") else ",")
    rows = list(reader)
    if not rows:
        return [], [f"{name}:1: empty file"]
    header = [_key(h) for h in rows[0]]
    where = {field: next((n for n, h in enumerate(header) if h in names), None) for field, names in HEADERS.items()}
    missing = [f for f in ("status", "date") if where[f] is None]
    if missing or (where["reference"] is None and where["tracking"] is None):
        return [], [f"{name}:1: expected columns reference or tracking, status and date; found {', '.join(rows[0])}"]
    out: list[Row] = []
    problems: list[str] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(field: str) -> str:
            i = where[field]
            return row[i].strip() if i is not None and i < len(row) else ""

        status = status_of(cell("status"))
        day = _date(cell("date"))
        if status is None:
            problems.append(_('{file}:{line}: unknown status "{status}"; row skipped', file=name, line=n, status=cell("status")))
            continue
        if day is None and status != "pending":
            problems.append(_('{file}:{line}: "{got}" is not a date (2026-04-19 or 19/04/2026); row skipped', file=name, line=n,
                              got=cell("date")))
            continue
        out.append(Row(n, cell("reference"), cell("tracking"), status, day, cell("status")))
    return out, problems


def changes_for(rows: list[Row], sent: dict[tuple[str, str, dt.date], Any],
                name: str = "receipts.csv") -> tuple[dict[str, list[dict]], list[str]]:
    """The `delivery` changes, case by case, from the export's rows and the journal's sent events
    ((case, step, date) → the event: what it records already is not recorded again); and the warnings
    (an unmatched row, a returned letter)."""
    by_tracking = {e.tracking.replace(" ", ""): key for key, e in sent.items() if e.tracking}
    merged: dict[tuple[str, str, dt.date], dict] = {}
    warnings: list[str] = []
    for row in rows:
        key = postal.parse_reference(row.reference) if row.reference else None
        if key is None or key not in sent:
            key = by_tracking.get(row.tracking.replace(" ", "")) if row.tracking else None
        if key is None:
            warnings.append(_('{file}:{line}: no sent letter matches "{reference}"; row skipped', file=name, line=row.line,
                              reference=row.reference or row.tracking))
            continue
        change = merged.setdefault(key, {"type": "delivery", "step": key[1], "sent_on": key[2], "date": key[2]})
        event = sent[key]
        if row.tracking and not event.tracking:
            change["tracking"] = row.tracking
        if row.status == "received" and event.received != row.date:
            change["received"] = row.date
        elif row.status == "unclaimed" and event.unclaimed != row.date:
            change["unclaimed"] = row.date
        elif row.status == "returned":
            warnings.append(_('{file}:{line}: the {step} of case {case} sent on {date} came back "{said}": check the '
                              "debtor's address", file=name, line=row.line, step=key[1], case=key[0], date=key[2].isoformat(),
                              said=row.said))
    batch: dict[str, list[dict]] = {}
    for (case, _step, _date), change in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])):
        if len(change) > 4:
            batch.setdefault(case, []).append(change)
    return batch, warnings


FORMAL_NOTICE_CONSEQUENCE = (
    "the formal notice of {date} sent to case {case} came back unclaimed (avisé, non réclamé) on {unclaimed}: "
    "it was presented but no acknowledgment of receipt proves its receipt. The notice stands (an LRAR is proof, "
    "not a condition of validity), but a judge reads the date of presentation, and a consumer owes interest only "
    "from receipt: send it again by simple letter and by email, and keep the returned envelope as a piece")


def unclaimed_warnings(batch: dict[str, list[dict]], formal_steps: set[tuple[str, str]]) -> list[str]:
    """The consequence of each unclaimed formal notice of a batch, in words."""
    return [FORMAL_NOTICE_CONSEQUENCE.format(date=c["sent_on"].isoformat(), case=case, unclaimed=c["unclaimed"].isoformat())
            for case, changes in batch.items() for c in changes if c.get("unclaimed") and (case, c["step"]) in formal_steps]


@dataclass
class ImportOutcome:
    lines: list[str]          # the commit, as record says it
    warnings: list[str]
    errors: list[str]


def import_file(root: Path, file: Path, today: dt.date | None = None) -> ImportOutcome:
    """Read the export `file`, record what it says on the sent events of the repository at `root`, in one commit."""
    from ..history.record import record_batch
    from ..records.load import load_repository

    name = file.name
    try:
        rows, problems = read(file.read_bytes(), name)
    except OSError as exc:
        return ImportOutcome([], [], [f"{file}: cannot be read ({exc.strerror})"])
    repo, issues = load_repository(Path(root))
    if repo is None:
        return ImportOutcome([], [], [str(i) for i in issues if i.severity == "error"])
    sent = {(c.id, e.step, e.date): e for c in repo.cases for e in c.events_of("sent") if e.step}
    batch, warnings = changes_for(rows, sent, name)
    formal = {(c.id, s.id) for c in repo.cases for s in repo.project.scenario_of(c).steps if s.formal_notice}
    warnings = problems + warnings + unclaimed_warnings(batch, formal)
    if not batch:
        return ImportOutcome(["nothing to record"], warnings, [])
    count = sum(len(c) for c in batch.values())
    ok, lines = record_batch(Path(root), batch, subject=f"import receipts {name}: {count} letter{'s' if count > 1 else ''}",
                             today=today)   # a date after today in the export is a typo: refused
    return ImportOutcome(lines if ok else [], warnings, [] if ok else lines)
