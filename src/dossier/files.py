"""Writing files so that no reader ever sees half of one.

Every file dossier writes (site pages, documents, bundles, cache entries, a
case file that `record` appends to) goes through `write_atomic`: a temporary
file in the same folder, then a rename over the target, which readers see as
the old file or the new one, whole.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int | None = 0o644, sync: bool = False) -> Path:
    """Write `data` to `path` through a temporary file and a rename; returns `path`.

    `mode`: the new file's permissions (None keeps the existing file's);
    `sync`: flush to disk before the rename (for a user's own records).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
