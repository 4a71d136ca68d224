"""Writing files so that no reader ever sees half of one.

Every file dossier writes (site pages, documents, bundles, cache entries, a
case file that `record` appends to) goes through `write_atomic`: a temporary
file in the same folder, then a rename over the target, which readers see as
the old file or the new one, whole.
"""
from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path


class Changed(Exception):
    """`write_atomic(expected=…)`: the file no longer holds the bytes it was read with; nothing was written."""


def write_atomic(path: Path, data: bytes, mode: int | None = 0o644, sync: bool = False, *,
                 expected: bytes | None = None, tmp_dir: Path | None = None) -> Path:
    """Write `data` to `path` through a temporary file and a rename; returns `path`.

    `mode`: the new file's permissions (None keeps the existing file's);
    `sync`: flush to disk before the rename (for a user's own records);
    `expected`: the bytes `path` must still hold just before the rename (an editor
    may have saved it since it was read): else raise `Changed`, writing nothing;
    `tmp_dir`: where the temporary file goes (default: beside `path`; it must be on
    the same file system). The temporary file is ``.<name>.<pid>.<random>.tmp``: one
    left by a killed process is recognised, and removed, by `remove_stale_temps`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=tmp_dir or path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if expected is not None and _current(path) != expected:
            raise Changed(f"{path}: changed on disk since it was read")
        os.replace(tmp, path)
        if sync:
            _sync_folder(path.parent)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _current(path: Path) -> bytes | None:
    """The bytes `path` holds now, None when it is gone."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file (a power cut then keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:   # pragma: no cover - a platform without directory descriptors
        return
    try:
        os.fsync(fd)
    except OSError:   # pragma: no cover - a file system that cannot
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path, name: str) -> list[Path]:
    """Remove the temporary files `write_atomic` left for `name` in `folder` when killed (its PID is dead)."""
    removed = []
    for tmp in Path(folder).glob(f".{glob.escape(name)}.*.tmp"):
        pid = tmp.name[len(name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` may still be writing its temporary file (we may: ours are never removed here)."""
    return pid == os.getpid() or pid_alive(pid)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user counts: it cannot be signalled but lives).

    Leftovers named after a process (a build's staging folder, `record`'s lock
    and temporary files) are removed only once their process is gone.
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):   # PermissionError: another user's; anything odder counts as alive too
        return True
    return True
