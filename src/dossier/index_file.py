"""The index's files (index.py): written atomically with a header (format, version, key, checksum), read back only
when sound, and the agenda lines kept in them as plain lists."""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import fields
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from .ladder.agenda import AgendaItem, CaseLines

FORMAT, VERSION = "dossier-index", 1


def read_index(path: Path, key: str) -> dict[str, Any] | None:
    """The index's body when it is sound and made for `key`; else None (never trusted, rewritten)."""
    try:
        with open(path, "rb") as fh:
            header = json.loads(fh.readline())
            if header.get("format") != FORMAT or header.get("version") != VERSION or header.get("key") != key:
                return None
            body = fh.read()
        if hashlib.sha256(body).hexdigest() != header.get("sha256"):
            return None
        with _no_gc():
            got = json.loads(body)
        return got if isinstance(got.get("cases"), dict) else None
    except (OSError, ValueError, AttributeError):
        return None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Python's cycle collector off while the index's many small objects are made (none of them is a cycle)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_index(path: Path, key: str, body: dict[str, Any]) -> bool:
    """Write an index file atomically (a temporary file, then a rename); False when it cannot be written."""
    from .records.files import write_atomic

    folder = path.parent
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"format": FORMAT, "version": VERSION, "key": key, "sha256": hashlib.sha256(data).hexdigest()}
    try:
        for part in (folder.parent, folder):   # never through a link: the index is written in the repository only
            if os.path.islink(part):
                return False
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, b"# dossier's index of status and due (docs/performance.md): never committed\n*\n")
        write_atomic(path, json.dumps(header).encode("utf-8") + b"\n" + data)
    except OSError:
        return False
    return True


# An agenda line is kept as the list of its fields' values, in `AgendaItem`'s order (`ITEM_FIELDS`, in the
# index: another layout is another index); dates in ISO form and amounts as decimal strings, by field.
ITEM_FIELDS = [fld.name for fld in fields(AgendaItem)]
DATES, AMOUNTS = ("due", "prescription"), ("amount",)


def item_json(item: AgendaItem) -> list[Any]:
    out = []
    for name in ITEM_FIELDS:
        value = getattr(item, name)
        if name in DATES or name in AMOUNTS:
            value = None if value is None else value.isoformat() if name in DATES else str(value)
        elif value is not None and not isinstance(value, (str, int)):
            raise TypeError(f"agenda line {name}: a {type(value).__name__}")   # never stored as something else
        out.append(value)
    return out


_DECODE = [(lambda v: dt.date.fromisoformat(v) if v is not None else None) if name in DATES
           else (lambda v: Decimal(v) if v is not None else None) if name in AMOUNTS else None for name in ITEM_FIELDS]


def _item_from(values: list[Any]) -> AgendaItem:
    if len(values) != len(ITEM_FIELDS):
        raise ValueError("an agenda line of another layout")
    return AgendaItem(*[v if decode is None else decode(v) for decode, v in zip(_DECODE, values)])


def decoded_lines(stored: list[dict[str, Any]]) -> list[CaseLines]:
    with _no_gc():
        return [CaseLines(tuple((int(order), _item_from(i)) for order, i in data["actions"]),
                          tuple(_item_from(i) for i in data["watched"])) for data in stored]
