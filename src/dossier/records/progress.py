"""A progress line for long builds, on a terminal only.

`dossier build` tells how many cases it has rendered on one line of standard
error, rewritten in place (a carriage return), when standard error is a
terminal and the ``CI`` variable is not set; anywhere else (a pipe, a log
file, CI, the tests) it prints nothing, so logs and annotations stay clean.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Mapping, TextIO

from .i18n import _


def wanted(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to show progress: `stream` (standard error) is a terminal and ``CI`` is not set (or empty)."""
    stream = sys.stderr if stream is None else stream
    env = os.environ if environ is None else environ
    try:
        return bool(stream.isatty()) and not env.get("CI")
    except (AttributeError, ValueError):   # no isatty, or a closed stream
        return False


def line(what: str, total: int, stream: TextIO | None = None,
         environ: Mapping[str, str] | None = None) -> Callable[[int], None] | None:
    """A callback `tell(done)` that shows ``what: done/total (pct %)`` in place; None when `wanted` says no.

    The line is rewritten only when the percentage changes (a few hundred writes at most), and ends
    with a newline once `done` reaches `total`."""
    if total <= 0 or not wanted(stream, environ):
        return None
    out = sys.stderr if stream is None else stream
    shown = -1

    def tell(done: int) -> None:
        nonlocal shown
        pct = 100 * done // total
        if pct == shown:
            return
        shown = pct
        out.write("\r" + _("{what}: {done}/{total} ({pct}%)", what=what, done=done, total=total, pct=pct)
                  + ("\n" if done >= total else ""))
        out.flush()

    return tell
