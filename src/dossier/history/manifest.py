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
import re
from pathlib import Path

from .. import __version__
from ..records.reasons import describe_exception
from ..records.package import is_builtin
from ..records.i18n import _

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
        if base.is_dir() and not is_builtin(base):   # the tool's own templates (this project's demo) are not inputs
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
    """The manifest of a built site, or None and why not (the first problem; `load_manifest` gives them all)."""
    data, problems = load_manifest(site_dir)
    return data, (problems[0] if problems else None)


def load_manifest(site_dir: Path) -> tuple[dict | None, list[str]]:
    """The manifest of a built site, or None and every problem with it, one line each naming the file and field.

    A manifest is input like any other (anyone can edit a published site):
    a wrong type is a message, never a traceback.
    """
    path = Path(site_dir) / MANIFEST
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, [_("{path}: no manifest (was the site built by dossier?)", path=path)]
    except UnicodeDecodeError:
        return None, [_("{path}: unreadable manifest: not UTF-8 text", path=path)]
    except OSError as exc:
        return None, [_("{path}: unreadable manifest: {describe_exception}", path=path, describe_exception=exc.strerror or describe_exception(exc))]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [_("{path}: unreadable manifest: not JSON (line {lineno}, column {colno}: {msg})", path=path, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)]
    except RecursionError:
        return None, [_("{path}: unreadable manifest: nested too deeply", path=path)]
    if not isinstance(data, dict):
        return None, [_("{path}: expected a JSON object with commit, as_of and files, got {shown}", path=path, shown=_shown(data))]
    problems = [f"{path}: {p}" for p in check_manifest(data)]
    return (None, problems) if problems else (data, [])


_COMMIT_RE = re.compile(r"[0-9a-f]{40}(\+dirty)?")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_manifest(data: dict) -> list[str]:
    """Every field of a manifest that is missing or of the wrong kind, as ``field: expected X, got Y``."""
    problems = []
    for key in ("commit", "as_of", "files"):
        if key not in data:
            problems.append(_("{key}: missing", key=key))
    commit = data.get("commit")
    if commit is not None and not (isinstance(commit, str) and _COMMIT_RE.fullmatch(commit)):
        problems.append(_("commit: expected a commit id (40 hex digits) or null, got {shown}", shown=_shown(commit)))
    if "as_of" in data and _date(data["as_of"]) is None:
        problems.append(_("as_of: expected a date (YYYY-MM-DD), got {shown}", shown=_shown(data['as_of'])))
    if "version" in data and not isinstance(data["version"], str):
        problems.append(_("version: expected a version string, got {shown}", shown=_shown(data['version'])))
    if "pdf" in data and not isinstance(data["pdf"], bool):
        problems.append(_("pdf: expected true or false, got {shown}", shown=_shown(data['pdf'])))
    files = data.get("files", {})
    if not isinstance(files, dict):
        problems.append(_("files: expected a mapping of paths to SHA-256, got {shown}", shown=_shown(files)))
    else:
        for rel, sha in files.items():
            if not site_relative(rel):
                problems.append(_("files: {shown}: expected a path inside the site folder", shown=_shown(rel)))
            elif not (isinstance(sha, str) and _SHA256_RE.fullmatch(sha)):
                problems.append(_("files: {shown}: expected a SHA-256 (64 hex digits), got {shown2}", shown=_shown(rel), shown2=_shown(sha)))
    return problems


def site_relative(rel: str) -> bool:
    """Whether `rel` names a file inside a site: relative, POSIX, no ``..``, no empty part, no control character."""
    if not rel or rel.startswith("/") or "\\" in rel or any(ord(c) < 32 or c == "\x7f" for c in rel):
        return False
    parts = rel.split("/")
    return all(part not in ("", ".", "..") for part in parts) and ":" not in parts[0]


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _shown(value: object, limit: int = 60) -> str:
    """A manifest value as JSON writes it (42, "abc", null, [1, 2]), cut to `limit` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # pragma: no cover - json.loads gives only JSON values
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
