"""The files archived when a step was sent (`files:` of its `sent` event, history/archive.py), read back and checked.

A build, the court bundle and `verify` read an archived document from here instead of rendering it again: the
bytes are used only when they match the SHA-256 recorded on the event; a file missing or altered is a problem
named with its path (never a silent re-render).
"""
from __future__ import annotations

import hashlib
from email import message_from_bytes, policy
from pathlib import Path
from typing import Iterable

from ..records.model import SentFile

MISSING = "archived file missing"
ALTERED = "archived file altered (its SHA-256 differs from the one recorded on its event)"


def problem(f: SentFile, repo_root: Path) -> str | None:
    """Why the archived file `f` cannot be trusted (missing, outside the repository, altered), or None."""
    root = Path(repo_root)
    path = root / f.path
    try:
        inside = path.resolve().is_relative_to(root.resolve())
        data = path.read_bytes() if inside and path.is_file() and not path.is_symlink() else None
    except OSError:
        inside, data = True, None
    if not inside:
        return "archived file outside the repository (a symbolic link?)"
    if data is None:
        return MISSING
    return None if hashlib.sha256(data).hexdigest() == f.sha256 else ALTERED


def read(files: Iterable[SentFile], repo_root: Path) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of each trusted archived file by suffix (``.pdf``, ``.eml``, ``.txt``), and one line per file
    that cannot be trusted (``path: why``)."""
    out: dict[str, bytes] = {}
    problems: list[str] = []
    for f in files:
        why = problem(f, repo_root)
        if why:
            problems.append(f"{f.path}: {why}")
        else:
            out[Path(f.path).suffix.lower()] = (Path(repo_root) / f.path).read_bytes()
    return out, problems


def eml_letter(eml: bytes, name: str) -> bytes | None:
    """The letter PDF attached to an archived email (``<name>.pdf``, documents/mail.py), or None."""
    msg = message_from_bytes(eml, policy=policy.default)
    for part in msg.iter_attachments():
        if part.get_filename() == f"{name}.pdf":
            return part.get_content()
    return None


def outputs(docs: Iterable, repo_root: Path, letters: bool = True) -> tuple[dict[tuple[str, str], dict[str, bytes]], list]:
    """The files a build writes for each archived document, taken from its archive instead of rendered:
    (case id, name) → {".pdf": the letter} (an email: {".eml": …, ".pdf": its attached letter}; an SMS:
    {".txt": …}); and a warning for each document whose archive cannot be trusted (it is rendered again)."""
    from ..records.errors import warning
    from ..records.i18n import _

    out: dict[tuple[str, str], dict[str, bytes]] = {}
    issues = []
    for d in docs:
        if not getattr(d, "archived", ()):
            continue
        kept, problems = read(d.archived, repo_root)
        if problems:
            issues += [warning(d.source, _("case {case}, document {name}: {problem}; rendered again instead, "
                                         "which is not what was sent (dossier verify)", case=d.case_id, name=d.name, problem=p), "archive",
                               fr=f"{p.split(': ', 1)[0]}\u00a0: document archivé manquant ou modifié\u00a0; le "
                                  "document est régénéré, ce n’est pas celui qui a été envoyé.") for p in problems]
            continue
        if ".eml" in kept and letters:   # `letters` False (no PDF written): the email is not parsed
            letter = eml_letter(kept[".eml"], d.name)
            if letter is not None:
                kept[".pdf"] = letter
        out[(d.case_id, d.name)] = kept
    return out, issues
