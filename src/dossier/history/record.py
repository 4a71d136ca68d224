"""`dossier record`: change a case file (events, a receipt, a signature, the qualification), validate,
write atomically, commit.

The text is edited in place by record_text.py (not one other byte of the file
changes), the command line is read as changes by record_changes.py; here the
changes are applied under a repository lock (``.git/dossier-record.lock``,
created exclusively, so that parallel calls queue instead of losing events),
the result validated by the loader, written and committed alone, once, with a
structured message.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..records.files import Changed, remove_stale_temps, write_atomic
from ..records.config import load_project
from ..records.errors import has_errors
from .lock import LOCK_WAIT, Refused, repository_lock
from .record_changes import (EDITS, apply_change, change_from_args, changes_from_parts, describe, event_from_args,
                             future_dates, split_then)
from .record_text import event_line, insert_event
from ..records.i18n import _, speaking

__all__ = ["batch_message", "change_from_args", "changes_from_parts", "commit_message", "record_batch", "event_from_args", "event_line", "find_case",
           "insert_event", "record_changes", "record_event", "split_then"]


# ---------------------------------------------------------------- the command

def find_case(root: Path, case_id: str) -> tuple[str | None, str]:
    """The repository-relative case file of `case_id` or of a unique id prefix; else None and why."""
    from ..records.caseids import resolve_case_id
    from .history import case_paths

    paths = case_paths(Path(root))
    found, why = resolve_case_id(paths, case_id, str(Path(root) / "cases"))
    return (paths[found], found) if found else (None, why)


def commit_message(case_id: str, changes: list[dict], lines: list[str]) -> str:
    """``record(2026-014-dupont): payment 600.00 on 2026-11-28``, then the YAML line written; for several
    changes, each said in the subject (joined by ``; ``) and their lines in the body, in order. In English
    whatever the command line speaks: a repository's history reads in one language."""
    with speaking("en"):
        subject = "; ".join(describe(c) for c in changes)
    return f"record({case_id}): {subject}\n\n" + "".join(line + "\n" for line in lines)


def batch_message(batch: dict[str, list[dict]], lines: list[list[str]], subject: str | None = None) -> str:
    """``record: 3 changes in 2 cases``, then each case's changes said and their YAML lines, case by case."""
    count = sum(len(c) for c in batch.values())
    subject = subject or f"record: {count} change{'s' if count > 1 else ''} in {len(batch)} case{'s' if len(batch) > 1 else ''}"
    body = ""
    for (case_id, changes), case_lines in zip(batch.items(), lines):
        with speaking("en"):   # as commit_message
            said = "; ".join(describe(c) for c in changes)
        body += f"\n{case_id}: " + said + "\n" + "".join(f"  {line}\n" for line in case_lines)
    return subject + "\n" + body


def record_batch(root: Path, batch: dict[str, list[dict]], files: dict[str, bytes] | None = None,
                 subject: str | None = None, commit: bool = True, author: str | None = None,
                 wait: float = LOCK_WAIT, today: dt.date | None = None) -> tuple[bool, list[str]]:
    """Apply changes to several cases (case id → changes) and write `files` (repository-relative path → bytes,
    e.g. archived documents), all validated first, then committed together in one commit whose message
    says each case's changes; (True, [commit line]) or (False, every reason), nothing written.

    The same refusals as `record_changes`, for every case of the batch; an import or a send records its
    whole batch this way, so that one commit is one reviewable unit."""
    from . import history

    root = Path(root)
    if today is not None:
        future = [m for changes in batch.values() for c in changes for m in future_dates(c, today)]
        if future:
            return False, future
    if not batch and not files:
        return False, [_("nothing to record")]
    try:
        repo, prefix = history.open_repo(root)
        with repository_lock(Path(repo.common_dir), wait=wait):
            return _record_locked(root, repo, prefix, batch, commit, author, files, subject)
    except (Refused, history.HistoryError) as exc:
        return False, [str(exc)]
    except Exception as exc:   # a bug or an odd repository: a message, the case files as they were
        return False, [_("record failed unexpectedly ({type}: {one_line}); "
                       "no case file was changed; please report it", type=type(exc).__name__, one_line=_one_line(exc))]


def record_event(root: Path, case_id: str, event: dict, commit: bool = True, author: str | None = None,
                 wait: float = LOCK_WAIT, today: dt.date | None = None) -> tuple[bool, list[str]]:
    """Write `event` in the case's journal, at its date, and commit it: `record_changes` with one change."""
    return record_changes(root, case_id, [event], commit=commit, author=author, wait=wait, today=today)


def record_changes(root: Path, case_id: str, changes: list[dict], commit: bool = True, author: str | None = None,
                   wait: float = LOCK_WAIT, today: dt.date | None = None,
                   files: dict[str, bytes] | None = None) -> tuple[bool, list[str]]:
    """Apply `changes` (events, receipt, sign-plan, qualify) to the case file, in order, and commit them
    once; (True, [commit line]) or (False, why).

    Refuses, changing nothing, when a change is dated after `today` (when given), or cannot
    be made; when the case file has uncommitted changes, is a symbolic link, or changed on
    disk meanwhile; when the result does not validate; when HEAD is detached or Git's own
    lock is held; or when another call holds the lock past `wait`. An unexpected failure
    is a message too, never a traceback.

    `files`: new files to write and commit with the change (repository-relative path → bytes), such
    as the archived copies of a document sent; a path that exists with other bytes is refused."""
    from . import history

    root = Path(root)
    if today is not None:
        future = [m for c in changes for m in future_dates(c, today)]
        if future:
            return False, future
    try:
        repo, prefix = history.open_repo(root)
        with repository_lock(Path(repo.common_dir), wait=wait):
            return _record_locked(root, repo, prefix, {case_id: changes}, commit, author, files)
    except (Refused, history.HistoryError) as exc:
        return False, [str(exc)]
    except Exception as exc:   # a bug or an odd repository: a message, the case file as it was
        return False, [_("record failed unexpectedly ({type}: {one_line}); "
                       "the case file was not changed; please report it", type=type(exc).__name__, one_line=_one_line(exc))]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or _("no detail")


def _refuse_symlinks(root: Path, rel: str) -> None:
    """Refuse a case file reached through a symbolic link (the file, its case folder, or ``cases/``).

    Writing through a link would change a file elsewhere, possibly outside the repository."""
    top = root.resolve()
    here = root
    for part in Path(rel).parts:
        here = here / part
        if here.is_symlink():
            target = here.resolve()
            where = _("outside the repository") if not target.is_relative_to(top) else _("elsewhere in the repository")
            raise Refused(_("{relative_to}: is a symbolic link to a file {where}; record "
                          "writes only a real case file inside the repository; nothing was written", relative_to=here.relative_to(root).as_posix(), where=where))
    if not (root / rel).resolve().is_relative_to(top):   # pragma: no cover - ruled out by the loop above
        raise Refused(_("{rel}: lies outside the repository; nothing was written", rel=rel))


def _refuse_commit_state(repo, rel: str) -> None:
    """Refuse to commit on a detached HEAD, or while Git's own locks are held (a Git killed or running)."""
    if repo.head.is_detached:
        raise Refused(_("{rel}: HEAD is detached (no branch checked out), the commit would belong to no branch; "
                      "check out a branch first (git switch <branch>), or record with --no-commit; nothing was written", rel=rel))
    git_dir = Path(repo.git_dir)
    try:
        branch = repo.head.reference.path   # refs/heads/main
    except (TypeError, ValueError):   # pragma: no cover - HEAD is not a symbolic ref
        branch = None
    common = Path(repo.common_dir)
    for lock in [git_dir / "index.lock", git_dir / "HEAD.lock"] + ([common / f"{branch}.lock"] if branch else []):
        if lock.exists():
            raise Refused(_("{lock}: Git's lock file exists: another Git command is running, or one was stopped "
                          "(killed) before it finished; if no Git command is running, remove that file and run "
                          "record again; nothing was written", lock=lock))


def _temp_folder(git_dir: Path, folder: Path) -> Path:
    """Where the case file's temporary file goes: the Git folder, so that a record killed mid-write
    leaves nothing in ``cases/``; beside the file when Git's folder is on another file system."""
    try:
        return git_dir if os.stat(git_dir).st_dev == os.stat(folder).st_dev else folder
    except OSError:   # pragma: no cover - checked again by the write itself
        return folder


@dataclass
class _Prepared:
    """One case file's new text, validated, waiting to be written."""
    rel: str
    path: Path
    old: bytes
    new: bytes
    lines: list[str]
    tmp_dir: Path


def _prepare(root: Path, repo, prefix: str, case_id: str, changes: list[dict], commit: bool) -> tuple[_Prepared | None, str, list[str]]:
    """Apply `changes` to the case's text in memory and validate it: (prepared, case id, []) or (None, _, why)."""
    from ..records.load import load_case_text

    rel, found = find_case(root, case_id)
    if rel is None:
        return None, case_id, [found]
    case_id = found
    _refuse_symlinks(root, rel)
    if commit:
        _refuse_commit_state(repo, rel)
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", prefix + rel)
        if status.strip():
            state = _("is not committed yet; commit it") if status.startswith("??") else \
                _("has uncommitted changes; commit or discard them")
            return None, case_id, [_("{rel}: {state} first (record commits the case file alone)", rel=rel, state=state)]
    path = root / rel
    tmp_dir = _temp_folder(Path(repo.git_dir), path.parent)
    for folder in {path.parent, tmp_dir}:   # a killed record's temporary file
        remove_stale_temps(folder, path.name)
    try:
        old = path.read_bytes()
    except OSError as exc:
        return None, case_id, [_("{rel}: cannot be read ({one_line}); nothing was written", rel=rel, one_line=exc.strerror or _one_line(exc))]
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        return None, case_id, [_("{rel}: expected UTF-8 text", rel=rel)]
    new_text, lines = text, []
    for change in changes:
        new_text, line = apply_change(new_text, change)
        lines.append(line)
    project, project_issues = load_project(root)
    if project is None:
        return None, case_id, [_("the project file does not validate:")] + \
            [str(i) for i in project_issues if i.severity == "error"]
    case, issues = load_case_text(new_text, rel, project, root)
    if case is None or has_errors(issues):
        refused = _("{rel}: the event was not recorded; the result would not validate:", rel=rel) \
            if len(changes) == 1 and changes[0]["type"] not in EDITS else \
            _("{rel}: the change was not recorded; the result would not validate:", rel=rel) if len(changes) == 1 else \
            _("{rel}: the changes were not recorded; the result would not validate:", rel=rel)
        return None, case_id, [refused] + \
            [str(i) for i in issues if i.severity == "error"]
    return _Prepared(rel, path, old, new_text.encode("utf-8"), lines, tmp_dir), case_id, []


def _check_new_file(root: Path, rel: str, data: bytes) -> str | None:
    """Why `rel` may not be written with `data` (outside the repository, through a link, or an existing
    file with other bytes: evidence is never overwritten), or None; the same bytes already there are fine."""
    if Path(rel).is_absolute() or ".." in Path(rel).parts or not rel or rel.startswith(".git/") or rel == ".git":
        return _("{rel}: not a path inside the repository; nothing was written", rel=rel)
    top = root.resolve()
    here = root
    for part in Path(rel).parts[:-1]:
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            return _("{rel}: is a symbolic link or a file, not a folder; nothing was written", rel=here.relative_to(root).as_posix())
    target = root / rel
    if target.is_symlink() or not target.parent.resolve().is_relative_to(top):
        return _("{rel}: is a symbolic link or lies outside the repository; nothing was written", rel=rel)
    if target.exists():
        if not target.is_file():
            return _("{rel}: exists and is not a file; nothing was written", rel=rel)
        if target.read_bytes() != data:
            return _("{rel}: already exists with other content; an archived file is never rewritten; nothing was written", rel=rel)
    return None


def _record_locked(root: Path, repo, prefix: str, batch: dict[str, list[dict]], commit: bool,
                   author: str | None, files: dict[str, bytes] | None = None,
                   subject: str | None = None) -> tuple[bool, list[str]]:
    prepared: list[_Prepared] = []
    why: list[str] = []
    ids: list[str] = []
    for case_id, changes in batch.items():
        one, found, reasons = _prepare(root, repo, prefix, case_id, changes, commit)
        why += reasons
        if one is not None:
            prepared.append(one)
            ids.append(found)
    files = dict(files or {})
    for rel in sorted(files):
        reason = _check_new_file(root, rel, files[rel])
        if reason:
            why.append(reason)
    if why:
        return False, why
    if subject is None and len(prepared) == 1:
        message = commit_message(ids[0], list(batch.values())[0], prepared[0].lines)
    else:
        message = batch_message(dict(zip(ids, batch.values())), [p.lines for p in prepared], subject)
    message += "".join(f"\nfile: {rel} sha256:{hashlib.sha256(files[rel]).hexdigest()}" for rel in sorted(files))
    written: list[_Prepared] = []
    created: list[Path] = []
    try:
        for one in prepared:   # Fava's rule: the file must still be the one read, else an editor's save would be lost
            write_atomic(one.path, one.new, mode=None, sync=True, expected=one.old, tmp_dir=one.tmp_dir)
            written.append(one)
        for rel in sorted(files):
            target = root / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, files[rel], sync=True)
                created.append(target)
    except Changed:
        _undo(written, created)
        rels = ", ".join(p.rel for p in prepared)
        return False, [_("{rel}: the file changed on disk while the event was being recorded (saved by an "
                       "editor?); nothing was written; run the command again", rel=rels)]
    except OSError as exc:
        _undo(written, created)
        return False, [_("{file}: cannot be written ({one_line}); nothing was written", file=exc.filename or _('a file'), one_line=exc.strerror or _one_line(exc))]
    if not commit:
        return True, [f"{p.rel}: {line}" for p in prepared for line in p.lines] + [_("{rel}: written", rel=rel) for rel in sorted(files)]
    args = ["-q", "-m", message] + ([f"--author={author}"] if author else [])
    paths = [prefix + p.rel for p in prepared] + [prefix + rel for rel in sorted(files)]
    try:
        if files:
            repo.git.add("--", *[prefix + rel for rel in sorted(files)])
        repo.git.commit(*args, "--", *paths)
    except Exception as exc:   # a hook refused, git's own lock…: put the files back as they were
        detail = " ".join((getattr(exc, "stderr", "") or str(exc)).split()).removeprefix("stderr: ").strip("' ")
        if files:
            try:
                repo.git.reset("-q", "--", *[prefix + rel for rel in sorted(files)])
            except Exception:   # noqa: BLE001 - the undo below still removes them
                pass
        if not _undo(written, created):
            return False, [_("{rel}: the commit failed, and the file changed on disk meanwhile, so it was left "
                           "as it is now (check it): {detail}", rel=', '.join(p.rel for p in prepared), detail=detail)]
        return False, [_("{rel}: the commit failed, the file is unchanged: {detail}", rel=', '.join(p.rel for p in prepared) or _('the files'), detail=detail)]
    try:
        sha = repo.git.rev_parse("HEAD").strip()[:7]
    except Exception:   # pragma: no cover - committed, but Git cannot say the id
        sha = "(committed)"
    return True, [f"{sha} {message.splitlines()[0]}"]


def _undo(written: list[_Prepared], created: list[Path]) -> bool:
    """Put back the case files written and remove the files created; False when one changed meanwhile."""
    ok = True
    for path in created:
        path.unlink(missing_ok=True)
    for one in written:
        try:
            write_atomic(one.path, one.old, mode=None, sync=True, expected=one.new, tmp_dir=one.tmp_dir)
        except Changed:
            ok = False
    return ok
