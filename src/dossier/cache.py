"""A small explicit content-hash cache (after Pelican's): re-render only what changed.

An entry is a blob of bytes and a little JSON, stored under the SHA-256 of
everything that decides them (the caller's `key_parts`). An entry may also
name the files it read, with their SHA-256: it is used only while those files
are unchanged. Nothing here knows what is cached; `pdf.py` keeps the PDFs of
letters in it, since WeasyPrint is 97 % of a build (reference/performance.md).

Entries are written through a temporary file and a rename, so parallel
workers and interrupted builds never leave half an entry. The cache is opt-in
(`dossier build --cache DIR`): a build without it writes nothing outside its
output folder.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from .files import write_atomic


def digest(parts: Iterable[Any]) -> str:
    """The SHA-256 of the JSON of `parts`: the key of an entry."""
    text = json.dumps(list(parts), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class ContentCache:
    """Blobs by content key, in a folder: ``<key[:2]>/<key>.bin`` and ``<key>.json``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _paths(self, key: str) -> tuple[Path, Path]:
        base = self.folder / key[:2] / key
        return base.with_suffix(".bin"), base.with_suffix(".json")

    def get(self, key: str) -> tuple[bytes, dict] | None:
        """The blob and its metadata, or None when absent, damaged, or a file it read has changed."""
        blob_path, meta_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            blob = blob_path.read_bytes()
        except (OSError, ValueError):
            self.misses += 1
            return None
        if hashlib.sha256(blob).hexdigest() != meta.get("sha256") or any(
            file_sha256(Path(path)) != sha for path, sha in meta.get("reads", {}).items()
        ):
            self.misses += 1
            return None
        self.hits += 1
        return blob, meta

    def put(self, key: str, blob: bytes, meta: dict | None = None, reads: Iterable[Path] = ()) -> None:
        """Store `blob` with `meta` and the SHA-256 of each file it was made from."""
        blob_path, meta_path = self._paths(key)
        record = dict(meta or {})
        record["sha256"] = hashlib.sha256(blob).hexdigest()
        record["reads"] = {str(p): file_sha256(Path(p)) for p in sorted(set(map(str, reads)))}
        write_atomic(blob_path, blob)
        write_atomic(meta_path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
