"""What one `dossier record` call changes: the command line read as changes, each applied to the case text.

A change is a mapping with a ``type``: an event type of the journal (``payment``,
``sent``…: the event is written at its place in date order), or one of the
words that change what is already written:

- ``receipt`` sets ``received:`` on the last ``sent`` event of a step;
- ``sign-plan`` marks the last plan signed, dated the day of its signature;
- ``qualify`` sets the debtor's ``qualification``;
- ``delivery`` sets ``tracking``, ``received`` or ``unclaimed`` on the ``sent`` event of a step on a date
  (a provider's tracking export, `dossier import receipts`: sending/receipts.py).
- ``invoice`` adds an invoice (``{"type": "invoice", "invoice": {number, date, due, amount, …}}``) at the end of
  ``invoices:`` (`dossier import invoices`).

Several changes (``record ID payment 600 then sent mise_en_demeure``) are applied
one after the other to the text and committed once. Pure: text in, text out.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from ..records.model import EVENT_TYPES, QUALIFICATIONS, Debtor
from ..records.yamlsrc import load_yaml
from .lock import Refused
from .record_text import (FIELD_ORDER, INVOICE_ORDER, append_invoice, flow_mapping, is_mapping, compose, entry, event_line, insert_event, journal, move_item,
                          node_date, scalar, set_field, yaml_value)
from ..records.i18n import _

POSITIONAL = {"sent": "step", "payment": "amount", "call": "outcome", "promise": "until",
              "insolvency": "procedure", "closed": "reason", "filed": "court"}
DATE_FIELDS = ("date", "received", "until", "published")
PAST_FIELDS = ("date", "received", "published", "unclaimed")   # what has happened: never after today (`until` is a term)
EDITS = ("receipt", "sign-plan", "qualify")          # changes to what is written, not new events
ARCHIVE = "archive"   # `dossier archive`: the files of a step sent earlier listed on its event (not a `record` word)
THEN = "then"                                        # the word that separates the changes of one call
DEBTOR_ORDER = tuple(f.name for f in fields(Debtor))


# ---------------------------------------------------------------- CLI arguments → a change

def split_then(args: list[str], takes_value: Iterable[str]) -> list[list[str]]:
    """``payment 600 --invoice F1 then sent relance`` → one list of arguments per change.

    The word `then` alone separates changes, except as the value of an option (``--note then``)."""
    takes_value = set(takes_value)
    out: list[list[str]] = [[]]
    skip = False
    for arg in args:
        if skip:
            out[-1].append(arg)
            skip = False
        elif arg == THEN:
            out.append([])
        else:
            out[-1].append(arg)
            skip = arg in takes_value
    return out


def change_from_args(word: str, positional: str | None, options: dict[str, Any],
                     default_date: dt.date | None = None) -> tuple[dict | None, list[str]]:
    """``record ID WORD [POSITIONAL] [options]`` → a change, or messages. `default_date` (the as-of date)
    stands for a ``--date`` not given, where one is needed."""
    given = {k: v for k, v in options.items() if v is not None and v != () and v is not False}
    if word not in EDITS:
        if "date" not in given and default_date is not None:
            given["date"] = default_date
        return event_from_args(word, positional, given)
    allowed = {"receipt": ("date",), "sign-plan": ("date",), "qualify": ()}[word]
    extra = [f"--{k}" for k in given if k not in allowed]
    if extra:
        takes = _("takes only {options}", options=', '.join('--' + a for a in allowed)) if allowed else _("takes no option")
        return None, [_("{word}: {takes}, got {value}", word=word, takes=takes, value=', '.join(extra))]
    if word == "qualify":
        if positional not in QUALIFICATIONS:
            got = _('got "{positional}"', positional=positional) if positional else _("got none")
            return None, [_("qualify: expected a qualification, one of: {value}; {got}", value=', '.join(QUALIFICATIONS), got=got)]
        return {"type": word, "qualification": positional}, []
    if word == "receipt" and not positional:
        return None, [_("receipt: expected the step whose letter was received, such as mise_en_demeure")]
    if word == "sign-plan" and positional is not None:
        return None, [_('sign-plan: takes no positional value, got "{positional}"', positional=positional)]
    day = given.get("date", default_date)
    try:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    except ValueError:
        return None, [_('--date: expected a date (YYYY-MM-DD), got "{day}"', day=day)]
    return ({"type": word, "step": positional, "date": day} if word == "receipt" else {"type": word, "date": day}), []


def changes_from_parts(parts: list[tuple[str, str | None, dict[str, Any]]],
                       default_date: dt.date) -> tuple[list[dict], list[str]]:
    """The changes of one call, one per (word, positional, options) part, and every problem found in them."""
    changes, problems = [], []
    for word, positional, options in parts:
        try:
            change, more = change_from_args(word, positional, options, default_date)
        except Exception as exc:   # record_changes reports its own failures; this guards the parsing
            change, more = None, [f"record: unexpected failure reading the arguments ({type(exc).__name__}: {exc})"]
        changes.append(change)
        problems += more
    return changes, problems


def event_from_args(event_type: str, positional: str | None, options: dict[str, Any]) -> tuple[dict | None, list[str]]:
    """``record ID TYPE [POSITIONAL] --date … --invoice …`` → an event mapping, or messages.

    Values stay text for the loader to judge, except dates and amounts which
    are parsed here so that the written YAML is canonical (``600.00``)."""
    if event_type not in EVENT_TYPES:
        return None, [_('unknown event type "{event_type}"; expected one of: {value} '
                      "(or a change to what is written: receipt STEP, sign-plan, qualify QUALIFICATION)", event_type=event_type, value=", ".join(EVENT_TYPES))]
    event: dict[str, Any] = {"type": event_type}
    messages = []
    given = {k: v for k, v in options.items() if v is not None and v != () and v is not False}
    if positional is not None:
        field = POSITIONAL.get(event_type)
        if field is None:
            messages.append(_('{event_type}: takes no positional value, got "{positional}"', event_type=event_type, positional=positional))
        elif field in given:
            messages.append(_("{event_type}: {field} given twice", event_type=event_type, field=field))
        else:
            given[field] = positional
    for name, value in given.items():
        if name not in FIELD_ORDER:
            messages.append(_("--{name}: not a field of an event", name=name))
            continue
        if name in DATE_FIELDS:
            if isinstance(value, dt.date):
                event[name] = value
                continue
            try:
                event[name] = dt.date.fromisoformat(str(value))
            except ValueError:
                messages.append(_('--{name}: expected a date (YYYY-MM-DD), got "{value}"', name=name, value=value))
        elif name == "amount":
            amount = _amount(str(value))
            if amount is None:
                messages.append(_('--amount: expected an amount in euros such as 600.00, got "{value}"', value=value))
            else:
                event[name] = amount
        elif name == "instalments":
            plan = _instalments(value)
            if plan is None:
                messages.append(_('--instalments: expected DATE:AMOUNT,… such as 2026-05-01:500.00,2026-06-01:500.00, got "{value}"', value=value))
            else:
                event[name] = plan
        elif name == "signed":
            event[name] = bool(value)
        else:
            event[name] = str(value)
    if event_type == "call" and "until" in given and event.get("outcome") != "promise":
        messages.append(_("call: --until is the date a promise runs to; give it with the outcome promise"))
    if "date" not in event and not messages:
        messages.append(_("--date: missing (the CLI gives the as-of date by default)"))
    return (None, messages) if messages else (event, [])


def _amount(text: str) -> Decimal | None:
    text = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").removesuffix("€")
    if re.fullmatch(r"\d+([.,]\d{1,2})?", text) is None:
        return None
    try:
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        return None


def _instalments(value: Any) -> list[dict] | None:
    out = []
    for part in str(value).split(","):
        day, _unused, amount = part.strip().partition(":")
        try:
            due = dt.date.fromisoformat(day)
        except ValueError:
            return None
        money = _amount(amount)
        if money is None:
            return None
        out.append({"due": due, "amount": money})
    return out or None


def future_dates(change: dict, today: dt.date) -> list[str]:
    """A change dated after today (a typo in the year?) is refused: the journal records what has happened."""
    out = []
    for name in PAST_FIELDS:
        day = change.get(name)
        if isinstance(day, dt.date) and day > today:
            which = _("that date") if name == "date" else f"{name} {day.isoformat()}"
            out.append(_("{describe}: {which} is after today ({today}); the journal records what "
                       "has happened (a typo in the date?); nothing was written", describe=describe(change), which=which, today=today.isoformat()))
    return out


# ---------------------------------------------------------------- a change applied to the text

def describe(change: dict) -> str:
    """``payment 600.00 on 2026-11-28``, ``receipt mise_en_demeure on 2026-04-19``, ``qualify oubli``."""
    what = change["type"]
    if what == "invoice":
        return f"invoice {change['invoice']['number']} added"
    if what == "qualify":
        return f"qualify {change['qualification']}"
    if what == "delivery":
        said = ", ".join(f"{k} {yaml_value(k, change[k])}" for k in ("tracking", "received", "unclaimed") if change.get(k))
        return f"delivery of {change['step']} sent on {change['sent_on'].isoformat()}: {said}"
    if what in ("receipt", ARCHIVE):
        what += f" {change['step']}"
    elif what == "sent" and "step" in change:
        what += f" {change['step']}"
    elif what in POSITIONAL and POSITIONAL[what] in change:
        what += f" {yaml_value(POSITIONAL[what], change[POSITIONAL[what]])}"
    date = change["date"].isoformat() if isinstance(change.get("date"), dt.date) else change.get("date")
    return _("{what} on {date}", what=what, date=date)


def apply_change(text: str, change: dict) -> tuple[str, str]:
    """(the new text, the line that says what was written: an event line, or ``debtor.qualification: …``).

    Raises `Refused`, with the reason, when the change cannot be made."""
    kind = change["type"]
    if kind == "receipt":
        return _receipt(text, change["step"], change["date"])
    if kind == "delivery":
        return _delivery(text, change)
    if kind == "sign-plan":
        return _sign_plan(text, change["date"])
    if kind == "qualify":
        return _qualify(text, change["qualification"])
    if kind == ARCHIVE:
        return _archive(text, change["step"], change["date"], change["files"])
    if kind == "invoice":
        return append_invoice(text, change["invoice"]), "invoices: " + flow_mapping(change["invoice"], INVOICE_ORDER)
    return insert_event(text, change), event_line(change)


def _events_data(text: str) -> list:
    events = load_yaml(text).data.get("events")
    return events if isinstance(events, list) else []


def _receipt(text: str, step: str, day: dt.date) -> tuple[str, str]:
    items = journal(compose(text))
    index = next((n for n in reversed(range(len(items)))
                  if scalar(items[n], "type") == "sent" and scalar(items[n], "step") == step), None)
    if index is None:
        raise Refused(_('no "sent" event for the step {step} in the journal: record the letter first '
                      "(record ID sent {step} --date …); nothing was written", step=step))
    item = items[index]
    sent = node_date(item)
    if sent is not None and day < sent:
        raise Refused(_("receipt {day}: before the {step} sent on {sent}; nothing was written", day=day.isoformat(), step=step, sent=sent.isoformat()))
    had = scalar(item, "received")
    if had not in (None, "", "~", "null"):
        again = _("is already recorded") if had == day.isoformat() else _("is already recorded, not {day}", day=day.isoformat())
        raise Refused(_("the {step} sent on {scalar} has received: {had}, which {again}; "
                      "correct the file by hand if it is wrong; nothing was written", step=step, scalar=scalar(item, 'date'), had=had, again=again))
    new = set_field(text, item, "received", day.isoformat(), FIELD_ORDER)
    return new, event_line(_events_data(new)[index])


def _archive(text: str, step: str, day: dt.date, files: list[dict]) -> tuple[str, str]:
    """``files: [{path, sha256}]`` set on the `sent` event of `step` on `day`, which must list none yet."""
    items = journal(compose(text))
    index = next((n for n in reversed(range(len(items))) if scalar(items[n], "type") == "sent"
                  and scalar(items[n], "step") == step and node_date(items[n]) == day), None)
    if index is None:
        raise Refused(f"no \"sent\" event of {step} on {day.isoformat()} in the journal; nothing was written")
    if entry(items[index], "files") is not None:
        raise Refused(f"the {step} sent on {day.isoformat()} already lists its archived files; an archive is never "
                      f"rewritten; nothing was written")
    new = set_field(text, items[index], "files", yaml_value("files", files), FIELD_ORDER)
    return new, event_line(_events_data(new)[index])
def _delivery(text: str, change: dict) -> tuple[str, str]:
    """Set what a provider reports on the `sent` event of ``step`` dated ``sent_on``: its ``tracking`` when it has
    none, its ``received`` or ``unclaimed`` date; the same value again changes nothing, another one is refused."""
    step, sent_on = change["step"], change["sent_on"]
    items = journal(compose(text))
    index = next((n for n in reversed(range(len(items))) if scalar(items[n], "type") == "sent"
                  and scalar(items[n], "step") == step and node_date(items[n]) == sent_on), None)
    if index is None:
        raise Refused(f"no {step} sent on {sent_on.isoformat()} in the journal; nothing was written")
    for name in ("tracking", "received", "unclaimed"):
        value = change.get(name)
        if value is None:
            continue
        shown = value.isoformat() if isinstance(value, dt.date) else str(value)
        if isinstance(value, dt.date) and value < sent_on:
            raise Refused(f"{name} {shown}: before the {step} sent on {sent_on.isoformat()}; nothing was written")
        had = scalar(journal(compose(text))[index], name)
        if had not in (None, "", "~", "null"):
            if had != shown:
                raise Refused(f"the {step} sent on {sent_on.isoformat()} has {name}: {had}, not {shown}; "
                              "correct the file by hand if it is wrong; nothing was written")
            continue
        text = set_field(text, journal(compose(text))[index], name, yaml_value(name, value), FIELD_ORDER)
    return text, event_line(_events_data(text)[index])


def _sign_plan(text: str, day: dt.date) -> tuple[str, str]:
    items = journal(compose(text))
    index = next((n for n in reversed(range(len(items))) if scalar(items[n], "type") == "plan"), None)
    if index is None:
        raise Refused(_("no plan in the journal to sign: record it first (record ID plan --instalments DUE:AMOUNT,…); "
                      "nothing was written"))
    item = items[index]
    drafted = node_date(item)
    if scalar(item, "signed") in ("true", "True", "TRUE", "yes", "on"):
        raise Refused(_("the plan of {scalar} is already signed; nothing was written", scalar=scalar(item, 'date')))
    if drafted is not None and day < drafted:
        raise Refused(_("sign-plan {day}: before the plan drafted on {drafted}; "
                      "nothing was written", day=day.isoformat(), drafted=drafted.isoformat()))
    # A signed plan is dated by its signature: the ladder's pause, the prescription's renewal and the
    # signed plan's document all read the plan's `date`.
    new = set_field(text, item, "signed", "true", FIELD_ORDER)
    if drafted != day:
        new = set_field(new, journal(compose(new))[index], "date", day.isoformat(), FIELD_ORDER)
        new = move_item(new, index)
    events = _events_data(new)
    moved = next(n for n in reversed(range(len(events)))
                 if isinstance(events[n], dict) and events[n].get("type") == "plan")
    return new, event_line(events[moved])


def _qualify(text: str, qualification: str) -> tuple[str, str]:
    root = compose(text)
    found = entry(root, "debtor")
    if found is None or not is_mapping(found[1]):
        raise Refused(_("the case file has no debtor: mapping to qualify; nothing was written"))
    had = scalar(found[1], "qualification")
    if had == qualification:
        raise Refused(_("the debtor's qualification is already {qualification}; nothing was written", qualification=qualification))
    new = set_field(text, found[1], "qualification", qualification, DEBTOR_ORDER)
    return new, f"debtor.qualification: {qualification}" + (_(" (was {had})", had=had) if had else "")
