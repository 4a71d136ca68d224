"""Checks on the journal against the real date: an event dated after today is most likely a typo (2027 for 2026).

`today` is the real date the command line read once (never the as-of date, never the clock here):
`dossier check` warns at the event's line. An error at `record` is history/record.py's.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from .errors import Issue, warning
from .labels import EVENT_LABELS
from .model import Case
from .i18n import _


def after_today(cases: Iterable[Case], today: dt.date) -> list[Issue]:
    """A warning at each event whose date, or `received` date, is after `today`."""
    out = []
    for case in cases:
        for e in case.events:
            for name, day in (("date", e.date), ("received", e.received)):
                if day is None or day <= today:
                    continue
                what = _("the {type} event", type=e.type) if name == "date" else _("the receipt of the {type} event of {date}", type=e.type, date=e.date.isoformat())
                out.append(warning(e.source, _("events: {what} is dated {day}, after today ({today}): a typo?", what=what, day=day.isoformat(), today=today.isoformat()), "future-date",
                                   fr=f"{EVENT_LABELS.get(e.type, e.type)} daté{'' if name == 'date' else ' (réception)'} du {day.strftime('%d/%m/%Y')}, "
                                      f"après la date du jour ({today.strftime('%d/%m/%Y')})\u00a0: erreur de saisie\u00a0?"))
    return out
