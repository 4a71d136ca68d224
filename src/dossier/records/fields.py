"""Field readers shared by the project and case loaders.

Each reader takes the raw YAML value and its path and returns a clean Python
value, or `BAD` after recording one `Issue` that names the file, the line and
column of the offending value, and the field (``invoices[0].due: expected a
date (YYYY-MM-DD), got "31/03/2026"``). Readers never raise: the loaders call
them on every field so that one run reports every problem at once.

`record` reads a mapping against a spec (field name → reader) and returns a
dict of the fields that read cleanly; unknown fields get a "did you mean" hint.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable, Mapping

from .errors import Issue, Source, error, warning
from .yamlsrc import Path, YamlDoc, dotted
from .i18n import _, pick


class _Bad:
    """The marker a reader returns after recording an issue."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Any = _Bad()

# one-line text (names, numbers, references): no C0 or C1 control, no DEL, no Unicode line or paragraph separator
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# free text over several lines (notes): line feeds only
_CONTROL_MULTILINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2200, 12, 31)   # beyond them a date is a typo (and 0001/9999 overflow)
MAX_AMOUNT = Decimal(1_000_000_000)   # euros; an amount at or above it is a typo (a 40-digit amount broke the build)
MAX_DAYS = 3650                       # ten years: the longest delay a ladder or a guardrail can mean
# what YAML does not accept in a file (YAML 1.1 "printable"): found before parsing, with its line
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Reader:
    """One file being read: its repository-relative path, its YAML, the issues found so far.

    ``root`` and ``folder`` locate pieces: paths in a file are relative to
    ``folder`` (repository-relative) and may not leave ``root``.
    """

    path: str
    doc: YamlDoc
    issues: list[Issue] = field(default_factory=list)
    root: FsPath | None = None
    folder: str = ""
    _resolved: FsPath | None = field(default=None, repr=False)

    def resolved_root(self) -> FsPath:
        """The repository folder with links resolved, computed once per file."""
        if self._resolved is None:
            self._resolved = self.root.resolve() if self.root is not None else FsPath(".").resolve()
        return self._resolved

    def source(self, at: Path) -> Source:
        line, col = self.doc.pos(at)
        return Source(self.path, line, col)

    def key_source(self, at: Path) -> Source:
        """The position of a mapping key itself (for unknown fields)."""
        pos = self.doc.positions.get(tuple(at) + ("__key__",))
        if pos:
            return Source(self.path, *pos)
        return self.source(at)

    def error(self, at: Path, message: str, *, key: bool = False) -> Any:
        """Record an error about the field at ``at``; returns `BAD` so readers can ``return r.error(…)``."""
        where = self.key_source(at) if key else self.source(at)
        self.issues.append(error(where, _prefixed(at, message)))
        return BAD

    def warn(self, at: Path, message: str, fr: str = "") -> None:
        """Record a warning about the field at ``at``; `fr` is its French wording for the site."""
        self.issues.append(warning(self.source(at), _prefixed(at, message), fr=fr))


FieldReader = Callable[[Reader, Any, Path], Any]


def _prefixed(at: Path, message: str) -> str:
    name = dotted(at)
    return _("{field}: {message}", field=name, message=message) if name else message


def shown(value: Any) -> str:
    """How a wrong value is quoted in a message: text in double quotes (« » in French), numbers bare, kinds named."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value if len(value) <= 60 else value[:59] + "…", ensure_ascii=False)
        return pick(text, "\u00ab\u00a0" + text[1:-1].replace('\\"', '"') + "\u00a0\u00bb")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def one_of(options: Iterable[str]) -> str:
    """``a, b or c`` (« a, b ou c » in French): allowed values as messages list them."""
    items = list(options)
    if len(items) <= 1:
        return items[0] if items else _("nothing")
    return ", ".join(items[:-1]) + pick(" or ", " ou ") + items[-1]


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return match[0] if match else None


# --- structure ------------------------------------------------------------

def record(
    r: Reader,
    value: Any,
    at: Path,
    spec: Mapping[str, FieldReader],
    required: Iterable[str] = (),
    *,
    what: str = "a mapping of fields",
    unknown: Callable[[str], str | None] | None = None,
) -> Any:
    """Read a mapping: unknown fields, missing required fields, then each field with its reader.

    Returns the dict of fields that read cleanly (absent: not written, null on an
    optional field, or wrong), or `BAD` when the value is not a mapping. ``unknown``
    may give a better message for a field that is not in ``spec``.
    """
    if not isinstance(value, dict):
        return r.error(at, _("expected {what}, got {shown}", what=what, shown=shown(value)))
    out: dict[str, Any] = {}
    req = tuple(required)
    for key in value:
        if key in spec:
            continue
        special = unknown(key) if unknown else None
        if special:
            r.error(at + (key,), special, key=True)
            continue
        hint = did_you_mean(key, spec)
        if hint:
            r.error(at + (key,), _('unknown field; did you mean "{hint}"?', hint=hint), key=True)
        else:
            r.error(at + (key,), _("unknown field (expected {one_of})", one_of=one_of(sorted(spec))), key=True)
    for name in req:
        if name not in value:
            r.error(at, _('missing required field "{name}"', name=name))
    for name, read in spec.items():
        if name not in value:
            continue
        raw = value[name]
        if raw is None and name not in req:
            continue
        got = read(r, raw, at + (name,))
        if got is not BAD:
            out[name] = got
    return out


def list_of(read: FieldReader, *, what: str, allow_empty: bool = False) -> FieldReader:
    """A list whose items are read by ``read``; bad items stay in place as `BAD` so indexes keep their meaning."""

    def read_list(r: Reader, value: Any, at: Path) -> Any:
        if not isinstance(value, list):
            return r.error(at, _("expected a list of {what}, got {shown}", what=what, shown=shown(value)))
        if not value and not allow_empty:
            return r.error(at, _("expected at least one of {what}, got an empty list", what=what))
        return [read(r, v, at + (i,)) for i, v in enumerate(value)]

    read_list.item, read_list.allow_empty = read, allow_empty   # type: ignore[attr-defined]   # for records/schema.py
    return read_list


def decode(data: bytes, path: str) -> tuple[str | None, list[Issue]]:
    """Bytes of a YAML file → text. UTF-8 only (a BOM is tolerated); else an issue at the first bad byte."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [error(Source(path, line, col), _("expected UTF-8 text, got the byte 0x{start:02x} (save the file as UTF-8)", start=data[exc.start]))]


MAX_FILE_BYTES = 1_000_000   # a case is a few kilobytes; the largest demo file is under 10 kB


def oversized(size: int, path: str) -> list[Issue]:
    """A YAML file over the cap: refused whole, before it is parsed (a 10 MB file took 100 s and 1 GB)."""
    if size <= MAX_FILE_BYTES:
        return []
    return [error(Source(path, 1, 1), _("expected a file of at most 1 MB ({max_file_bytes:,} bytes), got {size:,} bytes (not read)", max_file_bytes=MAX_FILE_BYTES, size=size))]


def text_oversized(text: str, path: str) -> list[Issue]:
    """`oversized` for text already in memory (``record``, files read from history): its UTF-8 size."""
    if len(text) * 4 <= MAX_FILE_BYTES:
        return []
    return oversized(len(text.encode("utf-8", "surrogatepass")), path)


def read_capped(path: FsPath, rel: str) -> tuple[bytes | None, list[Issue]]:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`; a larger file or a pipe is not read.

    Raises OSError like ``read_bytes`` for the caller's own message.
    """
    if not path.is_file():
        return None, [error(Source(rel), _("expected a regular file, got something else (a folder, a pipe or a device: not read)"))]
    too_big = oversized(path.stat().st_size, rel)
    if too_big:
        return None, too_big
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return (None, oversized(len(data), rel)) if len(data) > MAX_FILE_BYTES else (data, [])


def unprintable(text: str, path: str) -> list[Issue]:
    """A character YAML refuses (NUL, other control characters): an issue at its line and column, before parsing."""
    m = _UNPRINTABLE.search(text)
    if not m:
        return []
    before = text[: m.start()]
    line = before.count("\n") + 1
    col = m.start() - (before.rfind("\n") + 1) + 1
    return [error(Source(path, line, col), _("expected text, got the control character U+{ord:04X} (is this a binary file?)", ord=ord(m.group())))]
