"""Where a build may write: the output folder is checked before anything is touched.

A build replaces its output folder whole (build._publish), so the folder must
be one the tool can prove it wrote: a missing or empty folder, or a previous
dossier site (its ``manifest.json``). Never the claims repository, a folder
that holds it, its ``.git``, ``cases/`` or ``templates/``, nor any other
folder inside the repository than its site folder ``<repo>/site``. Paths are
compared after resolving symlinks, so a link cannot smuggle the repository in.

Also here: the leftovers of killed builds (``.site.staging-<pid>``,
``.site.old-<pid>``) are recognised by name and removed once their process is
gone.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from ..records.errors import Issue, Source, error
from ..history.manifest import MANIFEST
from ..records.files import pid_alive

SITE_DIR = "site"
#: The keys write_manifest always writes: a manifest.json without them is not ours.
MANIFEST_KEYS = frozenset({"as_of", "commit", "files", "inputs", "pdf", "version"})


def refusal(root: Path, out: Path) -> str | None:
    """Why the site must not be written to `out` for the repository `root`, or None when it may."""
    root, out = Path(root).resolve(), Path(out).resolve()
    if out == root:
        return "refusing to write the site over the claims repository itself"
    if root.is_relative_to(out):
        return "refusing to write the site over a folder that holds the claims repository"
    for name, what in ((".git", "Git folder (.git)"), ("cases", "case files (cases/)"),
                       ("templates", "templates (templates/)")):
        if out.is_relative_to((root / name).resolve()) or out.is_relative_to(root / name):
            return f"refusing to write the site into the claims repository's {what}"
    if out.is_relative_to(root) and out != (root / SITE_DIR).resolve():
        return (f"refusing to write the site inside the claims repository: the only folder there a build may "
                f"replace is {root / SITE_DIR}")
    if out.exists() and not out.is_dir():
        return "refusing to write the site over something that is not a folder"
    above = next((p for p in out.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        return f"cannot create the site folder: {above} is not a folder"
    if out.is_dir() and not is_empty(out) and not is_dossier_site(out):
        return (f"refusing to replace a folder that is not empty and holds no site built by dossier "
                f"(no {MANIFEST} written by dossier)")
    return None


def check_out(root: Path, out: Path) -> Issue | None:
    """The refusal as an error named after the folder (``--out /x/claims: refusing …``), or None."""
    why = refusal(root, out)
    if why is None:
        return None
    return error(Source(f"--out {Path(out).resolve()}"), why, "out-refused",
                 fr=f"Dossier de sortie refusé\u00a0: {Path(out).resolve()}")


def is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def is_dossier_site(folder: Path) -> bool:
    """True when `folder` holds a manifest.json as write_manifest writes it: proof that dossier built it."""
    path = Path(folder) / MANIFEST
    if path.is_symlink() or not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return (isinstance(data, dict) and MANIFEST_KEYS <= data.keys() and isinstance(data["files"], dict)
            and isinstance(data["as_of"], str) and isinstance(data["inputs"], dict))


def leftovers(out: Path) -> list[Path]:
    """The staging and old folders of builds into `out` whose process is dead, sorted."""
    out = Path(out)
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(?:staging|old)-([0-9]{{1,9}})")
    if not out.parent.is_dir():
        return []
    found = []
    for entry in sorted(out.parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not pid_alive(int(match.group(1))):
            found.append(entry)
    return found


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what killed builds into `out` left beside it; returns what was removed."""
    gone = leftovers(out)
    for folder in gone:
        shutil.rmtree(folder, ignore_errors=True)
    return gone
