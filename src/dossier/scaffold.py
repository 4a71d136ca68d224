"""`dossier init`: a new claims repository from the files in ``data/init/``."""
from __future__ import annotations

from pathlib import Path

INIT = Path(__file__).parent / "data" / "init"


def scaffold(directory: Path) -> tuple[list[str], list[str]]:
    """Copy the starter files into `directory`; refuse to overwrite anything already there."""
    sources = sorted(p for p in INIT.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [(src, Path(directory) / _target_name(src.relative_to(INIT))) for src in sources]
    clashes = [str(t) for _, t in targets if t.exists()]
    if clashes:
        return [], [f"{c}: already exists; dossier init changes nothing in an existing repository" for c in clashes]
    written = []
    for src, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        written.append(str(target))
    return written, []


def _target_name(rel: Path) -> Path:
    """Dotfiles are stored without their dot in the package (``gitignore`` → ``.gitignore``, ``github/`` → ``.github/``)."""
    parts = list(rel.parts)
    if parts[0] in ("gitignore", "github"):
        parts[0] = "." + parts[0]
    return Path(*parts)
