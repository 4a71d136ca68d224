"""Why something failed, in words fit for a message: no object repr, no memory address, one short line.

Libraries word their exceptions for programmers: pikepdf names the stream it
read as ``stream <_io.BytesIO object at 0x7f…>``, Python's own errors quote
``<function f at 0x…>``. A message of dossier is read by a lawyer and
published on the status site, and two runs must print the same text: the
reason is cut to its first line, reprs are removed, and the length is bounded.
"""
from __future__ import annotations

import re

# A repr with an address: <_io.BytesIO object at 0x7f…>, <function f at 0x…>.
_REPR = re.compile(r"<[^<>\n]*\bat 0x[0-9a-fA-F]+>")
# pikepdf/qpdf's prefix naming the input: "stream <…>: why" or "stream <…> (object 3 0, offset 9): why".
_STREAM_PREFIX = re.compile(r"^\s*(?:stream\s+)?<[^<>\n]*\bat 0x[0-9a-fA-F]+>\s*(?:\(([^()\n]*)\))?\s*:?\s*")
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")


def scrub(text: str, limit: int = 120) -> str:
    """`text` on one line, without reprs or memory addresses, at most `limit` characters."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    match = _STREAM_PREFIX.match(first)
    if match:
        rest = first[match.end():]
        first = f"{match.group(1)}: {rest}" if match.group(1) and rest else (match.group(1) or rest)
    first = _ADDRESS.sub("…", _REPR.sub("an object", first)).strip()
    if len(first) > limit:
        first = first[: limit - 1].rstrip() + "…"
    return first


def describe_exception(exc: BaseException, limit: int = 120) -> str:
    """The reason an exception gives, scrubbed (`scrub`); its class name when it gives none."""
    return scrub(str(exc), limit) or type(exc).__name__
