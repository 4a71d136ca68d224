"""Where the tool's own files are, installed or in a checkout.

The built-in templates live in the project's top-level ``templates/`` (the
folder a claims repository's overrides mirror, name for name); a wheel ships
them as ``dossier/templates``. The repository that holds the tool's own
``templates/`` (this project, with its demo portfolio) has no overrides: its
``templates/`` *are* the built-in ones.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _builtin_templates() -> Path:
    installed = PACKAGE_DIR / "templates"          # a wheel: package-dir mapping copies them in
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent.parent / "templates"  # a checkout (pip install -e, PYTHONPATH=src)


BUILTIN_TEMPLATES = _builtin_templates()
STATIC = PACKAGE_DIR / "static"


def is_builtin(folder: str | Path) -> bool:
    """True when `folder` is the tool's own templates folder (never an override)."""
    try:
        return Path(folder).resolve() == BUILTIN_TEMPLATES.resolve()
    except OSError:
        return False


def override_templates(repo_root: str | Path) -> Path | None:
    """The claims repository's ``templates/`` overrides, or None when it holds the built-in ones."""
    folder = Path(repo_root) / "templates"
    return None if is_builtin(folder) else folder


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The SHA-256 of the tool's own files (code, rate tables, scenarios, catalogs, built-in templates), once per process.

    Part of every cache key (the per-case documents, the index of `status` and `due`): a tool changed
    in any file, even at the same version, is a new key. In a checkout the built-in templates live
    outside the package (``templates/`` at the top), so they are hashed too.
    """
    from .. import __version__

    h = hashlib.sha256(__version__.encode("utf-8"))
    for folder, label in ((PACKAGE_DIR, "package"), (BUILTIN_TEMPLATES, "templates")):
        if label == "templates" and PACKAGE_DIR in BUILTIN_TEMPLATES.parents:
            continue   # a wheel: already hashed with the package
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(b"\0" + label.encode("ascii") + b"/" + path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
