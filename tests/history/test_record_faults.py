"""`dossier record` under faults: stale locks, an editor saving underneath, symlinks, detached HEAD,
Git's own locks, unexpected exceptions, and kill -9 at any moment."""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

import dossier.records.load
import dossier.history.lock
import dossier.history.record
from dossier.records.files import Changed, write_atomic
from dossier.history.lock import LOCK_NAME
from dossier.history.record import record_event

from gitrepo import LOUISE, PAUL, GitRepo, isolated_env

from test_record import FIXTURE, PATH, PAYMENT, repo, state  # noqa: F401 (the same repository fixture and snapshot)

SRC = Path(dossier.history.record.__file__).resolve().parents[2]


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    proc = subprocess.Popen(["sleep", "0"])
    proc.wait()
    return proc.pid


# ---------------------------------------------------------------- the lock

def test_lock_of_a_dead_process_is_taken_over_at_once(repo: GitRepo):
    lock = repo.path / ".git" / LOCK_NAME
    lock.write_text(f"{dead_pid()}\n")
    started = time.monotonic()
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=5)
    assert ok, messages
    assert time.monotonic() - started < 2
    assert not lock.exists() and not lock.with_name(LOCK_NAME + ".takeover").exists()
    assert repo.log()[0] == "Paul Girard|record(2026-014-dupont): payment 600.00 on 2026-11-28"


@pytest.mark.parametrize("content", [b"", b"pas un pid\n", b"\xff\xfe\x00", b"99999999999999\n"])
def test_lock_holding_no_pid_waits_while_fresh_and_is_taken_over_when_old(repo: GitRepo, content: bytes):
    lock = repo.path / ".git" / LOCK_NAME
    lock.write_bytes(content)
    kept = state(repo)
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=0.3)   # perhaps a record writing its PID
    assert (ok, messages) == (False, [f"another `dossier record` (another process) holds the repository's lock "
                                      f"({lock}); nothing was written; try again"])
    assert state(repo) == kept and lock.read_bytes() == content
    old = time.time() - dossier.history.lock.LOCK_GARBAGE - 1
    os.utime(lock, (old, old))
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=0.3)
    assert ok, messages
    assert not lock.exists()


def test_lock_holding_our_own_pid_is_stale(repo: GitRepo):
    """In a container every run may get the same PID: a lock naming ours was left by an earlier run."""
    lock = repo.path / ".git" / LOCK_NAME
    lock.write_text(f"{os.getpid()}\n")
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=0.3)
    assert ok, messages


def test_takeover_guard_left_by_a_killed_caller_is_cleared(repo: GitRepo):
    lock = repo.path / ".git" / LOCK_NAME
    guard = lock.with_name(LOCK_NAME + ".takeover")
    lock.write_text(f"{dead_pid()}\n")
    guard.write_text(f"{dead_pid()}\n")
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, wait=2)
    assert ok, messages
    assert not lock.exists() and not guard.exists()


def test_takeover_keeps_a_live_lock_that_replaced_the_stale_one(tmp_path: Path):
    """The guard re-checks, under itself, that the lock is still the file judged stale."""
    lock = tmp_path / LOCK_NAME
    dead = dead_pid()
    lock.write_text(f"{dead}\n")
    seen = os.stat(lock)
    os.unlink(lock)                      # another caller took over meanwhile…
    lock.write_text(f"{os.getppid()}\n")  # …and holds the lock now (a live PID, perhaps the same inode)
    dossier.history.lock._take_over(lock, seen, dead, 600)
    assert lock.read_text() == f"{os.getppid()}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME]


def _record_two(args) -> list[bool]:
    root, worker = args
    out = []
    for n in range(2):
        event = {"date": dt.date(2026, 11, 28), "type": "payment", "amount": Decimal("1.00"), "reference": f"W{worker}-{n}"}
        out.append(record_event(Path(root), "2026-014", event)[0])
    return out


def test_parallel_takeover_of_a_dead_lock_loses_no_event(repo: GitRepo):
    (repo.path / ".git" / LOCK_NAME).write_text(f"{dead_pid()}\n")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_record_two, [(str(repo.path), w) for w in range(4)])
    assert results == [[True, True]] * 4
    text = (repo.path / PATH).read_text(encoding="utf-8")
    assert all(text.count(f"reference: W{w}-{n}}}") == 1 for w in range(4) for n in range(2))
    assert len(repo.log()) == 1 + 8 and repo.git("status", "--porcelain") == ""
    assert sorted(p.name for p in (repo.path / ".git").iterdir() if p.name.startswith(LOCK_NAME)) == []


# ---------------------------------------------------------------- lost update (Fava's rule)

EDITOR = b"# saved by an editor while record was running\n"


def _editor_saves_during_validation(monkeypatch, path: Path) -> None:
    real = dossier.records.load.load_case_text

    def validate_and_save(*args, **kwargs):
        path.write_bytes(path.read_bytes() + EDITOR)
        return real(*args, **kwargs)

    monkeypatch.setattr(dossier.records.load, "load_case_text", validate_and_save)


@pytest.mark.parametrize("commit", [True, False])
def test_editor_save_between_read_and_write_is_not_lost(repo: GitRepo, monkeypatch, commit: bool):
    _editor_saves_during_validation(monkeypatch, repo.path / PATH)
    log = repo.log()
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, commit=commit)
    assert (ok, messages) == (False, [f"{PATH}: the file changed on disk while the event was being recorded "
                                      "(saved by an editor?); nothing was written; run the command again"])
    assert (repo.path / PATH).read_bytes() == FIXTURE.read_bytes() + EDITOR
    assert repo.log() == log
    assert [p.name for p in (repo.path / "cases").iterdir()] == ["2026-014-dupont.yaml"]


def test_write_atomic_expected(tmp_path: Path):
    target = tmp_path / "a.yaml"
    target.write_bytes(b"one\n")
    write_atomic(target, b"two\n", expected=b"one\n")
    assert target.read_bytes() == b"two\n"
    with pytest.raises(Changed):
        write_atomic(target, b"three\n", expected=b"one\n")
    assert target.read_bytes() == b"two\n" and sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_temporary_files_of_killed_writers_are_removed_and_live_ones_kept(repo: GitRepo):
    dead, live = dead_pid(), os.getppid()
    left = [repo.path / ".git" / f".2026-014-dupont.yaml.{dead}.abc123.tmp",
            repo.path / "cases" / f".2026-014-dupont.yaml.{dead}.def456.tmp"]
    busy = repo.path / ".git" / f".2026-014-dupont.yaml.{live}.ghi789.tmp"
    for tmp in left + [busy]:
        tmp.write_bytes(b"half a case")
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, commit=False)
    assert ok, messages
    assert [tmp.exists() for tmp in left + [busy]] == [False, False, True]
    assert [p.name for p in (repo.path / "cases").iterdir()] == ["2026-014-dupont.yaml"]


def test_failed_commit_does_not_undo_an_editor_save(repo: GitRepo):
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\nprintf '# edited\\n' >> {PATH}\necho 'refusé' >&2\nexit 1\n")
    hook.chmod(0o755)
    ok, messages = record_event(repo.path, "2026-014", PAYMENT)
    assert not ok
    assert messages[0].startswith(f"{PATH}: the commit failed, and the file changed on disk meanwhile, so it was "
                                  "left as it is now (check it): ")
    assert (repo.path / PATH).read_bytes().endswith(b"# edited\n")


# ---------------------------------------------------------------- symlinks

def _outside(tmp_path: Path) -> Path:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "2026-020-x.yaml").write_bytes(FIXTURE.read_bytes())
    return other


@pytest.mark.parametrize("commit", [True, False])
def test_symlinked_case_file_outside_the_repository_is_refused(repo: GitRepo, tmp_path: Path, commit: bool):
    other = _outside(tmp_path)
    (repo.path / "cases" / "2026-020-x.yaml").symlink_to(other / "2026-020-x.yaml")
    ok, messages = record_event(repo.path, "2026-020", PAYMENT, commit=commit)
    assert (ok, messages) == (False, ["cases/2026-020-x.yaml: is a symbolic link to a file outside the repository; "
                                      "record writes only a real case file inside the repository; nothing was written"])
    assert (other / "2026-020-x.yaml").read_bytes() == FIXTURE.read_bytes()
    assert (repo.path / "cases" / "2026-020-x.yaml").is_symlink()


def test_symlinked_case_file_inside_the_repository_is_refused(repo: GitRepo):
    repo.write("archive/old.yaml", FIXTURE.read_bytes())
    (repo.path / "cases" / "2026-021-y.yaml").symlink_to(repo.path / "archive" / "old.yaml")
    ok, messages = record_event(repo.path, "2026-021", PAYMENT, commit=False)
    assert messages == ["cases/2026-021-y.yaml: is a symbolic link to a file elsewhere in the repository; "
                        "record writes only a real case file inside the repository; nothing was written"]
    assert not ok and (repo.path / "archive" / "old.yaml").read_bytes() == FIXTURE.read_bytes()


def test_symlinked_cases_folder_and_case_folder_are_refused(repo: GitRepo, tmp_path: Path):
    other = _outside(tmp_path)
    folder = tmp_path / "folder-case"
    folder.mkdir()
    (folder / "dossier.yaml").write_bytes(FIXTURE.read_bytes())
    (repo.path / "cases" / "2026-022-z").symlink_to(folder, target_is_directory=True)
    ok, messages = record_event(repo.path, "2026-022", PAYMENT, commit=False)
    assert (ok, messages[0].split(";")[0]) == (False, "cases/2026-022-z: is a symbolic link to a file outside the repository")
    (repo.path / "cases" / "2026-022-z").unlink()
    repo.git("rm", "-q", "-r", "cases")
    (repo.path / "cases").symlink_to(other, target_is_directory=True)
    ok, messages = record_event(repo.path, "2026-020", PAYMENT, commit=False)
    assert (ok, messages[0].split(";")[0]) == (False, "cases: is a symbolic link to a file outside the repository")
    assert (other / "2026-020-x.yaml").read_bytes() == FIXTURE.read_bytes()
    assert (folder / "dossier.yaml").read_bytes() == FIXTURE.read_bytes()


# ---------------------------------------------------------------- HEAD, Git's locks, no repository

def test_detached_head_is_refused_unless_no_commit(repo: GitRepo):
    repo.git("checkout", "-q", "--detach")
    kept = state(repo)
    assert record_event(repo.path, "2026-014", PAYMENT) == (False, [
        f"{PATH}: HEAD is detached (no branch checked out), the commit would belong to no branch; check out a "
        "branch first (git switch <branch>), or record with --no-commit; nothing was written"])
    assert state(repo) == kept
    ok, messages = record_event(repo.path, "2026-014", PAYMENT, commit=False)
    assert ok and messages == [f"{PATH}: - {{date: 2026-11-28, type: payment, amount: 600.00, invoice: F2026-031}}"]


def test_git_index_lock_is_reported_and_left_alone(repo: GitRepo):
    index_lock = repo.path / ".git" / "index.lock"
    index_lock.write_bytes(b"")
    kept = state(repo)
    assert record_event(repo.path, "2026-014", PAYMENT) == (False, [
        f"{index_lock}: Git's lock file exists: another Git command is running, or one was stopped (killed) before it "
        "finished; if no Git command is running, remove that file and run record again; nothing was written"])
    assert state(repo) == kept and index_lock.exists()
    index_lock.unlink()
    (repo.path / ".git" / "refs" / "heads" / "main.lock").write_bytes(b"")
    ok, messages = record_event(repo.path, "2026-014", PAYMENT)
    assert not ok and messages[0].startswith(f"{repo.path / '.git' / 'refs' / 'heads' / 'main.lock'}: Git's lock file exists")


def test_unborn_branch_and_no_repository(tmp_path: Path, monkeypatch):
    for k, v in isolated_env(PAUL).items():
        monkeypatch.setenv(k, v)
    g = GitRepo(tmp_path / "new")
    g.write(PATH, FIXTURE.read_bytes())
    assert record_event(g.path, "2026-014", PAYMENT) == (
        False, [f"{PATH}: is not committed yet; commit it first (record commits the case file alone)"])
    g.git("add", "-A")
    assert record_event(g.path, "2026-014", PAYMENT) == (
        False, [f"{PATH}: has uncommitted changes; commit or discard them first (record commits the case file alone)"])
    assert (g.path / PATH).read_bytes() == FIXTURE.read_bytes()
    plain = tmp_path / "plain"
    (plain / "cases").mkdir(parents=True)
    (plain / PATH).write_bytes(FIXTURE.read_bytes())
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert record_event(plain, "2026-014", PAYMENT) == (False, [f"{plain}: not inside a Git repository (run `git init`)"])


# ---------------------------------------------------------------- unexpected exceptions

def test_unexpected_exception_is_a_message_and_changes_nothing(repo: GitRepo, monkeypatch):
    from click.testing import CliRunner

    from dossier.cli import main

    def boom(*args, **kwargs):
        raise RuntimeError("boom\nat line 2")

    monkeypatch.setattr(dossier.history.record, "commit_message", boom)
    kept = state(repo)
    result = CliRunner().invoke(main, ["record", "2026-014", "payment", "600.00", "--invoice", "F2026-031",
                                       "--date", "2026-11-28", "--repo", str(repo.path)])
    assert result.exit_code == 1
    assert result.stderr == ("record failed unexpectedly (RuntimeError: boom at line 2); the case file was not "
                             "changed; please report it\n")
    assert "Traceback" not in result.output
    assert state(repo) == kept


# ---------------------------------------------------------------- kill -9

GIT_LOCKS = (".git/index.lock", ".git/HEAD.lock", ".git/refs/heads/main.lock")
KILL_ROUNDS = 20
KILL_BUDGET = 15.0   # seconds for all the rounds: the test stops early rather than run long


def _payment(reference: str) -> dict:
    event, problems = dossier.history.record.event_from_args("payment", "1.00", {"date": "2026-11-28", "reference": reference})
    assert problems == []
    return event


def _recover(repo: GitRepo, messages: list[str]) -> None:
    """What a user does after the clear refusal that follows a kill: remove Git's stale lock, discard the half-done call."""
    lock_message = any(m.startswith(str(repo.path / ".git")) and "Git's lock file exists" in m for m in messages)
    dirty_message = messages == [f"{PATH}: has uncommitted changes; commit or discard them first "
                                 "(record commits the case file alone)"]
    assert lock_message or dirty_message, messages
    for rel in GIT_LOCKS:
        (repo.path / rel).unlink(missing_ok=True)
    repo.git("reset", "-q")
    repo.git("checkout", "-q", "--", PATH)


def test_kill_9_at_any_moment_never_corrupts_the_case_or_the_repository(repo: GitRepo):
    env = isolated_env(PAUL, "2026-11-28T18:00:00+01:00") | {"PYTHONPATH": str(SRC)}

    def start(reference: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "dossier.cli", "record", "2026-014", "payment", "1.00", "--date", "2026-11-28",
               "--reference", reference, "--repo", str(repo.path)]
        return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)   # its own process group: git is killed with it

    started = time.monotonic()
    assert start("R0").wait() == 0   # one whole run, to spread the kills over its duration
    duration = time.monotonic() - started
    rng = random.Random(11)
    seen: dict[str, int] = {}
    deadline = time.monotonic() + KILL_BUDGET
    for n in range(KILL_ROUNDS):
        if time.monotonic() > deadline:
            break
        case = repo.path / PATH
        before, head = case.read_bytes(), repo.head()
        after = dossier.history.record.insert_event(before.decode("utf-8"), _payment(f"K{n}")).encode("utf-8")
        proc = start(f"K{n}")
        time.sleep(0 if n == 0 else rng.uniform(0, duration * 1.2))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:   # already done
            pass
        proc.wait()

        now = case.read_bytes()
        assert now in (before, after), f"round {n}: the case file is neither the before- nor the after-state"
        assert [p.name for p in case.parent.iterdir()] == [case.name], f"round {n}: a temporary file was left"
        fsck = subprocess.run(["git", "fsck", "--no-progress"], cwd=repo.path, env=env, capture_output=True, text=True)
        assert fsck.returncode == 0, (n, fsck.stdout, fsck.stderr)
        repo.git("status", "--porcelain")
        if repo.head() != head:   # committed: exactly once, exactly the after-state
            assert repo.git("rev-parse", "HEAD^").strip() == head
            assert repo.git("show", f"HEAD:{PATH}").encode("utf-8") == after == now
        kind = "committed" if repo.head() != head else "written" if now == after else "untouched"

        clock = time.monotonic()
        ok, messages = record_event(repo.path, "2026-014", _payment(f"N{n}"), wait=5)
        assert time.monotonic() - clock < 3, f"round {n}: the next record waited for a dead lock"
        if not ok:
            _recover(repo, messages)
            kind += ", then refused clearly"
            ok, messages = record_event(repo.path, "2026-014", _payment(f"N{n}"), wait=5)
        assert ok, (n, messages)
        seen[kind] = seen.get(kind, 0) + 1
        assert not (repo.path / ".git" / LOCK_NAME).exists()
        assert list((repo.path / ".git").glob(".2026-014-dupont.yaml.*.tmp")) == [], f"round {n}: a killed write's temporary file was kept"

    assert sum(seen.values()) >= 5 and "untouched" in seen, seen
    text = (repo.path / PATH).read_text(encoding="utf-8")
    assert all(text.count(f"reference: {ref}}}") <= 1 for ref in ["R0"] + [f"K{n}" for n in range(KILL_ROUNDS)])
    assert repo.git("status", "--porcelain") == ""
    from dossier.records.load import load_repository
    loaded, issues = load_repository(repo.path)
    assert loaded is not None and not [i for i in issues if i.severity == "error"], [str(i) for i in issues]
