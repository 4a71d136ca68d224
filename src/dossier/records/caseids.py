"""A case named on the command line: its full id, or a unique prefix of it (``2026-014``)."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from .i18n import _


def resolve_case_id(ids: Iterable[str], wanted: str, where: str) -> tuple[str | None, str]:
    """``(id, "")`` for `wanted` itself or the one id it begins; else ``(None, why)``.

    `where` is the folder named in the message (the repository's ``cases/``). An ambiguous
    prefix lists every candidate; an unknown id suggests up to three close ones."""
    known = sorted(set(ids))
    if wanted in known:
        return wanted, ""
    matches = [c for c in known if c.startswith(wanted)]
    if len(matches) == 1:
        return matches[0], ""
    if matches:
        return None, _('case id "{wanted}" is ambiguous: {matches}', wanted=wanted, matches=", ".join(matches))
    close = [c for c in known if wanted and wanted in c]
    close += [c for c in difflib.get_close_matches(wanted, known, n=3, cutoff=0.85) if c not in close]
    hint = _(" (did you mean {close}?)", close=', '.join(close[:3])) if close else ""
    return None, _('no case "{wanted}" in {where}{hint}', wanted=wanted, where=where, hint=hint)
