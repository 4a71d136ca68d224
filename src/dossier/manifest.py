"""``site/manifest.json``: what a site was built from, so that anyone can rebuild and compare.

The manifest names the commit and the as-of date of the build, the tool
version, the SHA-256 of every output file and the Git blob id of every input
(the project file, the case files and their pieces, the template overrides).
`verify.verify_site` rebuilds from it. Written last, into the staging folder,
so that it is published with the files it describes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from . import __version__

MANIFEST = "manifest.json"
INPUT_DIRS = ("cases", "templates")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def output_files(out_dir: Path) -> dict[str, str]:
    """Every file of a built site but the manifest, by POSIX path, with its SHA-256; sorted."""
    out_dir = Path(out_dir)
    return {
        p.relative_to(out_dir).as_posix(): sha256(p)
        for p in sorted(out_dir.rglob("*"))
        if p.is_file() and p.relative_to(out_dir).as_posix() != MANIFEST
    }


def input_paths(root: Path) -> list[str]:
    """The repository files a build reads: ``dossier.yaml``, everything under ``cases/`` and ``templates/``."""
    root = Path(root)
    paths = ["dossier.yaml"] if (root / "dossier.yaml").is_file() else []
    for folder in INPUT_DIRS:
        base = root / folder
        if base.is_dir():
            paths += [
                p.relative_to(root).as_posix()
                for p in base.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
            ]
    return sorted(paths)


_UNSET = object()


def manifest(out_dir: Path, root: Path, as_of: dt.date, pdf: bool | None = None, commit=_UNSET) -> dict:
    """`commit`: what the build read before it wrote anything (its own staging folder would look dirty)."""
    from .history import blob_ids, commit_of

    files = output_files(out_dir)
    return {
        "commit": commit_of(Path(root)) if commit is _UNSET else commit,
        "as_of": as_of.isoformat(),
        "version": __version__,
        "pdf": any(p.endswith(".pdf") for p in files) if pdf is None else pdf,
        "files": files,
        "inputs": blob_ids(Path(root), input_paths(root)),
    }


def write_manifest(out_dir: Path, root: Path, as_of: dt.date, pdf: bool | None = None, commit=_UNSET) -> Path:
    """Write ``<out_dir>/manifest.json`` (sorted keys, UTF-8, one trailing newline); returns its path."""
    data = manifest(out_dir, root, as_of, pdf, commit)
    target = Path(out_dir) / MANIFEST
    target.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def read_manifest(site_dir: Path) -> tuple[dict | None, str | None]:
    """The manifest of a built site, or None and why not."""
    path = Path(site_dir) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"{path}: no manifest (was the site built by dossier?)"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path}: unreadable manifest: {exc}"
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict) or not isinstance(data.get("as_of"), str):
        return None, f'{path}: expected "commit", "as_of" and "files" in the manifest'
    return data, None
