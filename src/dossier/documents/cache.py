"""A small explicit content-hash cache (after Pelican's): re-render only what changed.

An entry is a blob of bytes and a little JSON, stored under the SHA-256 of
everything that decides them (the caller's `key_parts`). An entry may also
name the files it read, with their SHA-256: it is used only while those files
are unchanged. Nothing here knows what is cached; `pdf.py` keeps the PDFs of
letters in it, since WeasyPrint is 97 % of a build (docs/performance.md).

Entries are written through a temporary file and a rename, so parallel
workers and interrupted builds never leave half an entry. The cache is opt-in
(`dossier build --cache DIR`): a build without it writes nothing outside its
output folder.

A cache is a convenience, never a source of truth nor a reason to stop: an
entry whose blob does not match its recorded SHA-256, or whose metadata is not
what `put` writes, is a miss; a folder that cannot be written (a file, no
permission, a full disk) sets `problem` and the build goes on without it.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable

from ..records.files import write_atomic
from ..records.reasons import describe_exception


def digest(parts: Iterable[Any]) -> str:
    """The SHA-256 of the JSON of `parts`: the key of an entry."""
    text = json.dumps(list(parts), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file, None for anything else (missing, a folder, a device such as /dev/zero)."""
    try:
        if not Path(path).is_file():
            return None
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


def usable(folder: Path) -> str | None:
    """None when `folder` is, or can be made, a writable folder; else why not (one short line)."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "not a folder"
    except OSError as exc:
        return exc.strerror or describe_exception(exc)
    if not os.access(folder, os.W_OK | os.X_OK):
        return "not writable"
    return None


class ContentCache:
    """Blobs by content key, in a folder: ``<key[:2]>/<key>.bin`` and ``<key>.json``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0
        self.problem: str | None = None   # why entries cannot be written; set by the first failed `put`

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".bin"), base.with_suffix(".json")

    def get(self, key: str) -> tuple[bytes, dict] | None:
        """The blob and its metadata, or None when absent, damaged, or a file it read has changed."""
        blob_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            blob = blob_path.read_bytes()
        except (OSError, ValueError, RecursionError):
            meta = None
        if not self._sound(meta, blob if meta is not None else b""):
            self.misses += 1
            return None
        self.hits += 1
        return blob, meta

    @staticmethod
    def _sound(meta: Any, blob: bytes) -> bool:
        """Whether an entry is whole (its blob has its recorded hash) and every file it read is unchanged."""
        if not isinstance(meta, dict) or hashlib.sha256(blob).hexdigest() != meta.get("sha256"):
            return False
        reads = meta.get("reads", {})
        return isinstance(reads, dict) and all(file_sha256(Path(path)) == sha for path, sha in reads.items())

    def put(self, key: str, blob: bytes, meta: dict | None = None, reads: Iterable[Path] = ()) -> bool:
        """Store `blob` with `meta` and the SHA-256 of each file it was made from; False (and `problem`) if it cannot."""
        if self.problem is not None:
            return False
        blob_path, meta_path = self._paths(key)
        record = dict(meta or {})
        record["sha256"] = hashlib.sha256(blob).hexdigest()
        record["reads"] = {str(p): file_sha256(Path(p)) for p in sorted(set(map(str, reads)))}
        try:
            write_atomic(blob_path, blob)
            write_atomic(meta_path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except OSError as exc:
            self.problem = exc.strerror or describe_exception(exc)
            return False
        return True
