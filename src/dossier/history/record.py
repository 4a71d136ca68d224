"""`dossier record`: append one event to a case file, validate, write atomically, commit.

The case file is the user's: lawyers format it by hand and comment it. So the
event is appended as text, in the style the file already uses for its
``events:`` list (a flow mapping ``- {date: …, type: …}`` or a block mapping),
and not one other byte of the file changes. The result is validated by the
loader before it is written, then committed alone with a structured message.
A repository lock (``.git/dossier-record.lock``, created exclusively) makes
parallel calls queue instead of losing events.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..records.files import Changed, remove_stale_temps, write_atomic
from ..records.config import load_project
from ..records.errors import has_errors
from ..records.model import EVENT_TYPES, Event
from ..records.yamlsrc import load_yaml
from .lock import LOCK_WAIT, Refused, repository_lock


# The order fields are written in: date, type, then the model's order (docs/format.md's).
FIELD_ORDER = ("date", "type") + tuple(f.name for f in fields(Event) if f.name not in ("date", "type", "source"))
QUOTED = ("tracking", "note")   # free text, quoted as in docs/format.md
POSITIONAL = {"sent": "step", "payment": "amount", "call": "outcome", "promise": "until",
              "insolvency": "procedure", "closed": "reason", "filed": "court"}
DATE_FIELDS = ("date", "received", "until", "published")


# ---------------------------------------------------------------- CLI arguments → event

def event_from_args(event_type: str, positional: str | None, options: dict[str, Any]) -> tuple[dict | None, list[str]]:
    """``record ID TYPE [POSITIONAL] --date … --invoice …`` → an event mapping, or messages.

    Values stay text for the loader to judge, except dates and amounts which
    are parsed here so that the written YAML is canonical (``600.00``)."""
    if event_type not in EVENT_TYPES:
        return None, [f'unknown event type "{event_type}"; expected one of: {", ".join(EVENT_TYPES)}']
    event: dict[str, Any] = {"type": event_type}
    messages = []
    given = {k: v for k, v in options.items() if v is not None and v != () and v is not False}
    if positional is not None:
        field = POSITIONAL.get(event_type)
        if field is None:
            messages.append(f'{event_type}: takes no positional value, got "{positional}"')
        elif field in given:
            messages.append(f"{event_type}: {field} given twice")
        else:
            given[field] = positional
    for name, value in given.items():
        if name not in FIELD_ORDER:
            messages.append(f"--{name}: not a field of an event")
            continue
        if name in DATE_FIELDS:
            if isinstance(value, dt.date):
                event[name] = value
                continue
            try:
                event[name] = dt.date.fromisoformat(str(value))
            except ValueError:
                messages.append(f'--{name}: expected a date (YYYY-MM-DD), got "{value}"')
        elif name == "amount":
            amount = _amount(str(value))
            if amount is None:
                messages.append(f'--amount: expected an amount in euros such as 600.00, got "{value}"')
            else:
                event[name] = amount
        elif name == "instalments":
            plan = _instalments(value)
            if plan is None:
                messages.append(f'--instalments: expected DATE:AMOUNT,… such as 2026-05-01:500.00,2026-06-01:500.00, got "{value}"')
            else:
                event[name] = plan
        elif name == "signed":
            event[name] = bool(value)
        else:
            event[name] = str(value)
    if "date" not in event and not messages:
        messages.append("--date: missing (the CLI gives the as-of date by default)")
    return (None, messages) if messages else (event, [])


def _amount(text: str) -> Decimal | None:
    text = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").removesuffix("€")
    if re.fullmatch(r"\d+([.,]\d{1,2})?", text) is None:
        return None
    try:
        return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern rules it out
        return None


def _instalments(value: Any) -> list[dict] | None:
    out = []
    for part in str(value).split(","):
        day, _, amount = part.strip().partition(":")
        try:
            due = dt.date.fromisoformat(day)
        except ValueError:
            return None
        money = _amount(amount)
        if money is None:
            return None
        out.append({"due": due, "amount": money})
    return out or None


# ---------------------------------------------------------------- YAML text of an event

def yaml_value(name: str, value: Any) -> str:
    """One value as YAML flow text: dates ISO, amounts with two decimals, strings plain when safe."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_mapping(item, order=()) for item in value) + "]"
    text = str(value)
    if name not in QUOTED and _plain_ok(text):
        return text
    return _double_quoted(text)


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), with YAML's extra line breaks escaped."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(c if c.isprintable() or c == " " else
                   f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}" for c in quoted)


def _plain_ok(text: str) -> bool:
    """A plain scalar only when it reads back as the same string inside a flow mapping."""
    if not text or text != text.strip() or any(c in text for c in ",[]{}#&*!|>'\"%@`\n\t"):
        return False
    if ": " in text or text.endswith(":") or text.startswith(("-", "?", ":")):
        return False
    doc = load_yaml("{k: " + text + "}")
    return not doc.errors and isinstance(doc.data, dict) and doc.data.get("k") == text


def flow_mapping(event: dict, order: tuple[str, ...] = FIELD_ORDER) -> str:
    """``{date: 2026-11-28, type: payment, amount: 600.00}``: event fields in docs/format.md's order."""
    keys = [k for k in order if k in event] + [k for k in event if k not in order]
    return "{" + ", ".join(f"{k}: {yaml_value(k, event[k])}" for k in keys) + "}"


def event_line(event: dict) -> str:
    """The event as written in a case file's journal, without indentation: ``- {date: …, type: …}``."""
    return "- " + flow_mapping(event)


# ---------------------------------------------------------------- appending to the text

def append_event(text: str, event: dict) -> str:
    """The case text with `event` appended to its ``events:`` list, every other byte unchanged.

    Raises `Refused` when the file's layout gives no safe place to write
    (not a block mapping, ``events:`` not a list)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise Refused(f"the case file is not valid YAML: {exc}")
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise Refused("the case file is not a block mapping of fields; add the event by hand")
    found = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "events"]
    if not found:   # no journal yet: it starts at the end of the file
        body = text if not text or text.endswith("\n") else text + newline
        return f"{body}events:{newline}{' ' * _dash_col(root)}{event_line(event)}{newline}"
    key, value = found[0]
    if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null":
        # `events:` with nothing (or ~, null) after it: the list starts on the next line
        key_line_end = _line_end(text, key.end_mark.index)
        head = text[:key_line_end]
        if value.end_mark.index > value.start_mark.index and value.start_mark.line == key.start_mark.line:
            head = text[:value.start_mark.index].rstrip(" ") + text[value.end_mark.index:key_line_end]
        if not head.endswith("\n"):
            head += newline
        item = " " * (key.start_mark.column + _dash_col(root)) + event_line(event) + newline
        return head + item + text[key_line_end:]
    if not isinstance(value, yaml.SequenceNode):
        raise Refused("events: is not a list; add the event by hand")
    if value.flow_style:
        if not value.value:   # events: [] : the list is written in block style, one event a line
            line_end = _line_end(text, max(value.end_mark.index - 1, key.end_mark.index))
            head = text[:value.start_mark.index].rstrip(" ") + text[value.end_mark.index:line_end]
            if not head.endswith("\n"):
                head += newline
            item = " " * (key.start_mark.column + _dash_col(root)) + event_line(event) + newline
            return head + item + text[line_end:]
        end = value.value[-1].end_mark.index
        return text[:end] + ", " + flow_mapping(event) + text[end:]
    last = value.value[-1]
    dash_col = value.start_mark.column
    line_end = _line_end(text, _leaf_end(last))
    if isinstance(last, yaml.MappingNode) and not last.flow_style:
        item = _block_item(event, dash_col, last.start_mark.column, newline)
    else:   # the same gap after the dash as the last item
        gap = max(1, last.start_mark.column - dash_col - 1) if last.start_mark.line == value.value[-1].start_mark.line else 1
        item = " " * dash_col + "-" + " " * gap + flow_mapping(event) + newline
    if line_end == len(text) and not text.endswith("\n"):
        return text + newline + item.removesuffix(newline)
    return text[:line_end] + item + text[line_end:]


def _leaf_end(node: yaml.Node) -> int:
    """Where the last value written inside `node` ends (block collections end after trailing comments)."""
    while not node.flow_style if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else False:
        if not node.value:
            break
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    return end.index - 1 if end.column == 0 and end.index > 0 else end.index   # a block scalar ends on the next line


def _block_item(event: dict, dash_col: int, key_col: int, newline: str) -> str:
    keys = [k for k in FIELD_ORDER if k in event]
    lines = []
    for n, k in enumerate(keys):
        lead = " " * dash_col + "-" + " " * (key_col - dash_col - 1) if n == 0 else " " * key_col
        lines.append(f"{lead}{k}: {yaml_value(k, event[k])}")
    return newline.join(lines) + newline


def _line_end(text: str, index: int) -> int:
    """The index just after the end of the line holding `index` (after its newline)."""
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _dash_col(root: yaml.MappingNode) -> int:
    """Where the file puts the dash of a list under a top-level key: like its other lists, else 2."""
    for _, v in root.value:
        if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
            return v.start_mark.column
    for _, v in root.value:
        if isinstance(v, yaml.MappingNode) and not v.flow_style and v.value:
            return v.value[0][0].start_mark.column
    return 2


# ---------------------------------------------------------------- the command

def find_case(root: Path, case_id: str) -> tuple[str | None, str]:
    """The repository-relative case file of `case_id` or of a unique id prefix; else None and why."""
    from ..records.caseids import resolve_case_id
    from .history import case_paths

    paths = case_paths(Path(root))
    found, why = resolve_case_id(paths, case_id, str(Path(root) / "cases"))
    return (paths[found], found) if found else (None, why)


def commit_message(case_id: str, event: dict) -> str:
    """``record(2026-014-dupont): payment 600.00 on 2026-11-28``, then the YAML line."""
    what = event["type"]
    if event["type"] == "sent" and "step" in event:
        what += f" {event['step']}"
    elif event["type"] == "payment" and "amount" in event:
        what += f" {yaml_value('amount', event['amount'])}"
    elif event["type"] in POSITIONAL and POSITIONAL[event["type"]] in event:
        what += f" {yaml_value(POSITIONAL[event['type']], event[POSITIONAL[event['type']]])}"
    date = event["date"].isoformat() if isinstance(event.get("date"), dt.date) else event.get("date")
    return f"record({case_id}): {what} on {date}\n\n{event_line(event)}\n"


def record_event(root: Path, case_id: str, event: dict, commit: bool = True, author: str | None = None,
                 wait: float = LOCK_WAIT) -> tuple[bool, list[str]]:
    """Append `event` to the case's journal and commit it; (True, [commit line]) or (False, why).

    Refuses, changing nothing, when the case file has uncommitted changes, is a symbolic
    link, or changed on disk while the event was being added; when the result does not
    validate; when HEAD is detached or Git's own lock is held; or when another call
    holds the lock past `wait`. An unexpected failure is a message too, never a traceback."""
    from . import history

    root = Path(root)
    try:
        repo, prefix = history.open_repo(root)
        with repository_lock(Path(repo.common_dir), wait=wait):
            return _record_locked(root, repo, prefix, case_id, event, commit, author)
    except (Refused, history.HistoryError) as exc:
        return False, [str(exc)]
    except Exception as exc:   # a bug or an odd repository: a message, the case file as it was
        return False, [f"record failed unexpectedly ({type(exc).__name__}: {_one_line(exc)}); "
                       f"the case file was not changed; please report it"]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or "no detail"


def _refuse_symlinks(root: Path, rel: str) -> None:
    """Refuse a case file reached through a symbolic link (the file, its case folder, or ``cases/``).

    Writing through a link would change a file elsewhere, possibly outside the repository."""
    top = root.resolve()
    here = root
    for part in Path(rel).parts:
        here = here / part
        if here.is_symlink():
            target = here.resolve()
            where = "outside the repository" if not target.is_relative_to(top) else "elsewhere in the repository"
            raise Refused(f"{here.relative_to(root).as_posix()}: is a symbolic link to a file {where}; record "
                          f"writes only a real case file inside the repository; nothing was written")
    if not (root / rel).resolve().is_relative_to(top):   # pragma: no cover - ruled out by the loop above
        raise Refused(f"{rel}: lies outside the repository; nothing was written")


def _refuse_commit_state(repo, rel: str) -> None:
    """Refuse to commit on a detached HEAD, or while Git's own locks are held (a Git killed or running)."""
    if repo.head.is_detached:
        raise Refused(f"{rel}: HEAD is detached (no branch checked out), the commit would belong to no branch; "
                      f"check out a branch first (git switch <branch>), or record with --no-commit; nothing was written")
    git_dir = Path(repo.git_dir)
    try:
        branch = repo.head.reference.path   # refs/heads/main
    except (TypeError, ValueError):   # pragma: no cover - HEAD is not a symbolic ref
        branch = None
    common = Path(repo.common_dir)
    for lock in [git_dir / "index.lock", git_dir / "HEAD.lock"] + ([common / f"{branch}.lock"] if branch else []):
        if lock.exists():
            raise Refused(f"{lock}: Git's lock file exists: another Git command is running, or one was stopped "
                          f"(killed) before it finished; if no Git command is running, remove that file and run "
                          f"record again; nothing was written")


def _temp_folder(git_dir: Path, folder: Path) -> Path:
    """Where the case file's temporary file goes: the Git folder, so that a record killed mid-write
    leaves nothing in ``cases/``; beside the file when Git's folder is on another file system."""
    try:
        return git_dir if os.stat(git_dir).st_dev == os.stat(folder).st_dev else folder
    except OSError:   # pragma: no cover - checked again by the write itself
        return folder


def _record_locked(root: Path, repo, prefix: str, case_id: str, event: dict, commit: bool,
                   author: str | None) -> tuple[bool, list[str]]:
    from ..records.load import load_case_text

    rel, found = find_case(root, case_id)
    if rel is None:
        return False, [found]
    case_id = found
    _refuse_symlinks(root, rel)
    if commit:
        _refuse_commit_state(repo, rel)
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", prefix + rel)
        if status.strip():
            state = "is not committed yet; commit it" if status.startswith("??") else \
                "has uncommitted changes; commit or discard them"
            return False, [f"{rel}: {state} first (record commits the case file alone)"]
    path = root / rel
    tmp_dir = _temp_folder(Path(repo.git_dir), path.parent)
    for folder in {path.parent, tmp_dir}:   # a killed record's temporary file
        remove_stale_temps(folder, path.name)
    try:
        old = path.read_bytes()
    except OSError as exc:
        return False, [f"{rel}: cannot be read ({exc.strerror or _one_line(exc)}); nothing was written"]
    try:
        text = old.decode("utf-8")
    except UnicodeDecodeError:
        return False, [f"{rel}: expected UTF-8 text"]
    new_text = append_event(text, event)
    project, project_issues = load_project(root)
    if project is None:
        return False, ["the project file does not validate:"] + [str(i) for i in project_issues if i.severity == "error"]
    case, issues = load_case_text(new_text, rel, project, root)
    if case is None or has_errors(issues):
        return False, [f"{rel}: the event was not recorded; the result would not validate:"] + \
            [str(i) for i in issues if i.severity == "error"]
    new = new_text.encode("utf-8")
    message = commit_message(case_id, event)
    try:   # Fava's rule: the file must still be the one read, else an editor's save would be lost
        write_atomic(path, new, mode=None, sync=True, expected=old, tmp_dir=tmp_dir)
    except Changed:
        return False, [f"{rel}: the file changed on disk while the event was being recorded (saved by an "
                       f"editor?); nothing was written; run the command again"]
    if not commit:
        return True, [f"{rel}: {event_line(event)}"]
    args = ["-q", "-m", message] + ([f"--author={author}"] if author else [])
    try:
        repo.git.commit(*args, "--", prefix + rel)
    except Exception as exc:   # a hook refused, git's own lock…: put the file back as it was
        detail = " ".join((getattr(exc, "stderr", "") or str(exc)).split()).removeprefix("stderr: ").strip("' ")
        try:
            write_atomic(path, old, mode=None, sync=True, expected=new, tmp_dir=tmp_dir)
        except Changed:
            return False, [f"{rel}: the commit failed, and the file changed on disk meanwhile, so it was left "
                           f"as it is now (check it): {detail}"]
        return False, [f"{rel}: the commit failed, the file is unchanged: {detail}"]
    try:
        sha = repo.git.rev_parse("HEAD").strip()[:7]
    except Exception:   # pragma: no cover - committed, but Git cannot say the id
        sha = "(committed)"
    return True, [f"{sha} {message.splitlines()[0]}"]
