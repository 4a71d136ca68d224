"""What the journal tells a letter: the last call and its outcome, the promises (kept or broken), a refusal, disputes.

A letter or a request cites what happened before its own date, never after
(only events dated on or before `day` are read). The values are plain data:
the templates (partials/journal.md) and the request's narrative
(court/request_text.py) word them. An event's free `note:` is carried as
typed; a template that quotes it escapes it like any other value.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from ..records.model import Case, Event

# A quotation inside a note (« on paiera quand on pourra »): what a letter quotes of a refusal.
_QUOTE = re.compile(r"«\s*([^»]+?)\s*»")


@dataclass(frozen=True)
class Promise:
    """A promise to pay: made on `date` (at a call or in writing), to pay `amount` (None: the sum due) by `until`."""

    date: dt.date
    until: dt.date | None
    amount: Decimal | None
    invoice: str | None
    by_phone: bool
    note: str | None
    broken: bool          # its date has passed and the payments since do not cover its amount (or the sum due)
    paid: Decimal         # the payments received since the promise, up to the journal's day
    event: Event


@dataclass(frozen=True)
class Refusal:
    date: dt.date
    note: str | None
    quote: str | None     # the words quoted in the note, « … », if any
    event: Event


@dataclass(frozen=True)
class Dispute:
    date: dt.date
    invoice: str | None
    note: str | None
    resolved: dt.date | None
    resolved_note: str | None
    event: Event


@dataclass(frozen=True)
class Journal:
    day: dt.date
    last_call: Event | None
    promises: tuple[Promise, ...]
    refusal: Refusal | None
    disputes: tuple[Dispute, ...]

    @property
    def broken_promise(self) -> Promise | None:
        """The last promise not kept (the one a letter recalls)."""
        broken = [p for p in self.promises if p.broken]
        return broken[-1] if broken else None

    @property
    def settled_dispute(self) -> Dispute | None:
        settled = [d for d in self.disputes if d.resolved]
        return settled[-1] if settled else None

    @property
    def open_dispute(self) -> Dispute | None:
        open_ = [d for d in self.disputes if not d.resolved]
        return open_[-1] if open_ else None

    def __bool__(self) -> bool:
        return bool(self.last_call or self.promises or self.refusal or self.disputes)


def read(case: Case, day: dt.date) -> Journal:
    """The journal of `case` as it stood on `day` (events dated after it are not known yet)."""
    events = [e for e in case.events if e.date <= day]
    calls = [e for e in events if e.type == "call"]
    refusals = [e for e in calls if e.outcome == "refusal"]
    refusal = None
    if refusals:
        last = refusals[-1]
        m = _QUOTE.search(last.note or "")
        refusal = Refusal(last.date, last.note, m.group(1) if m else None, last)
    return Journal(day, calls[-1] if calls else None, _promises(events, day), refusal, _disputes(events))


def _promises(events: list[Event], day: dt.date) -> tuple[Promise, ...]:
    """Each promise once: a `promise` event and the call of the same day with the outcome `promise` are one promise."""
    calls = {e.date: e for e in events if e.type == "call" and e.outcome == "promise"}
    out: list[Promise] = []
    used: set[dt.date] = set()
    for e in events:
        if e.type == "promise":
            call = calls.get(e.date)
            used.add(e.date)
            out.append(_promise(e, call, events, day))
    for d, call in calls.items():
        if d not in used:
            out.append(_promise(call, call, events, day))
    return tuple(sorted(out, key=lambda p: p.date))


def _promise(e: Event, call: Event | None, events: list[Event], day: dt.date) -> Promise:
    until = e.until
    paid = sum((p.amount or Decimal("0") for p in events if p.type == "payment" and e.date <= p.date), Decimal("0"))
    if until is None or until >= day:
        broken = False
    else:   # a promise of the sum due (no amount) is broken while a letter still claims a balance
        broken = e.amount is None or paid < e.amount
    note = (call.note if call is not None else None) or e.note
    return Promise(e.date, until, e.amount, e.invoice, call is not None, note, broken, paid, e)


def _disputes(events: list[Event]) -> tuple[Dispute, ...]:
    out: list[Dispute] = []
    pending: list[Event] = []
    resolved: dict[int, Event] = {}
    for e in events:
        if e.type == "dispute":
            pending.append(e)
        elif e.type == "dispute_resolved" and pending:
            match = next((d for d in pending if e.invoice is None or d.invoice in (None, e.invoice)), pending[0])
            pending.remove(match)
            resolved[id(match)] = e
    for e in events:
        if e.type == "dispute":
            r = resolved.get(id(e))
            out.append(Dispute(e.date, e.invoice, e.note, r.date if r else None, r.note if r else None, e))
    return tuple(out)


def engaged(contact: str | None) -> str:
    """ "vous vous étiez engagée" to Mme …, "… engagé" to M. …, "… engagés" to a company without a named contact."""
    text = (contact or "").strip().lower()
    if re.match(r"(mme|madame)\b", text):
        return "vous vous étiez engagée"
    if re.match(r"(m\.|monsieur|mr)(\s|$)", text):
        return "vous vous étiez engagé"
    return "vous vous étiez engagés"
