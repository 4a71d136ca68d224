"""Where the tool's own files are, installed or in a checkout.

The built-in templates live in the project's top-level ``templates/`` (the
folder a claims repository's overrides mirror, name for name); a wheel ships
them as ``dossier/templates``. The repository that holds the tool's own
``templates/`` (this project, with its demo portfolio) has no overrides: its
``templates/`` *are* the built-in ones.
"""
from __future__ import annotations

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
