"""The repository lock of `dossier record`: one writer at a time per Git repository, a lock file holding the writer's PID, taken over when its holder is dead or the lock is stale or empty; `Refused`, what record raises when it changes nothing.

Below record.py."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from ..records.files import pid_alive
from ..records.i18n import _

LOCK_NAME = "dossier-record.lock"
LOCK_WAIT = 20.0          # seconds a caller waits for another `record` before refusing
LOCK_STALE = 10 * 60      # seconds after which even a lock of a live PID is taken over (a PID reused)
LOCK_GARBAGE = 3.0        # seconds after which a lock holding no PID (killed while writing it) is taken over


class Refused(Exception):
    """The call changes nothing; the message says why."""


# ---------------------------------------------------------------- the lock

def _holder(lock: Path) -> tuple[int | None, os.stat_result] | None:
    """The PID written in `lock` (None when unreadable or not a PID) and its stat; None when it is gone."""
    try:
        with open(lock, "rb") as fh:
            info = os.fstat(fh.fileno())
            data = fh.read(64)
    except FileNotFoundError:
        return None
    except OSError:   # unreadable: judged by its age alone
        try:
            return None, os.stat(lock)
        except OSError:
            return None
    text = data.decode("ascii", "replace").strip()
    return (int(text) if text.isdigit() and 0 < int(text) < 2 ** 31 else None), info


def _pid_alive(pid: int) -> bool:
    """Whether process `pid` holds a lock: not us (no lock is held yet: the PID of a killed earlier run, reused)."""
    return pid != os.getpid() and pid_alive(pid)


def _stale(pid: int | None, info: os.stat_result, stale: float) -> bool:
    """A lock nobody holds any more: its PID is dead, or it holds no PID past a short grace, or it is very old."""
    age = time.time() - info.st_mtime
    if pid is None:
        return age > LOCK_GARBAGE
    return not _pid_alive(pid) or age > stale


def _take_over(lock: Path, seen: os.stat_result, pid: int | None, stale: float) -> None:
    """Remove the stale lock `seen`, under a takeover guard so that two callers never remove a live lock.

    Only the holder of ``<lock>.takeover`` (created exclusively) removes a stale lock, and only after
    checking, guard held, that the lock is still the very file judged stale (same inode, same PID)."""
    guard = lock.with_name(LOCK_NAME + ".takeover")
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:   # another caller is taking over; a guard left by a killed one is cleared
        found = _holder(guard)
        if found is not None and _stale(found[0], found[1], LOCK_GARBAGE):
            with suppress(FileNotFoundError):
                os.unlink(guard)
        time.sleep(0.01)   # let it finish rather than spin
        return
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        now = _holder(lock)
        if now is not None and now[0] == pid and \
                (now[1].st_ino, now[1].st_dev) == (seen.st_ino, seen.st_dev) and _stale(now[0], now[1], stale):
            with suppress(FileNotFoundError):
                os.unlink(lock)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(guard)


@contextmanager
def repository_lock(git_dir: Path, wait: float = LOCK_WAIT, stale: float = LOCK_STALE) -> Iterator[None]:
    """Hold ``<git dir>/dossier-record.lock`` (it holds our PID); wait up to `wait` seconds for another holder.

    A lock whose PID is dead (a killed `record`) is taken over at once; one that holds no PID
    after `LOCK_GARBAGE` seconds, or is older than `stale` seconds, too."""
    lock = Path(git_dir) / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            found = _holder(lock)
            if found is None:   # just released
                continue
            pid, info = found
            if _stale(pid, info, stale):
                _take_over(lock, info, pid, stale)
                continue
            if time.monotonic() >= deadline:
                who = _("process {pid}", pid=pid) if pid is not None else _("another process")
                raise Refused(_("another `dossier record` ({who}) holds the repository's lock ({lock}); "
                                "nothing was written; try again", who=who, lock=lock))
            time.sleep(0.05)
            continue
        break
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        mine = os.fstat(fd)
    except BaseException:
        os.close(fd)
        os.unlink(lock)
        raise
    os.close(fd)
    try:
        yield
    finally:
        with suppress(FileNotFoundError):   # only our own lock: not one a takeover put there since
            info = os.stat(lock)
            if (info.st_ino, info.st_dev) == (mine.st_ino, mine.st_dev):
                os.unlink(lock)
