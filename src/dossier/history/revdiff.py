"""`dossier diff`: the cases changed between two revisions, as Markdown for a pull request.

Each case touched between two revisions (or a revision and the working tree)
is compared record by record (`semantic`) and by its computed figures on one
as-of date (the docs/format.md JSON of `ladder.result`), each side read from
its own revision with its own project file (`snapshots`). A change to a shared
file (the project file, a shared piece) may move every case: each is computed,
and only those whose records or figures moved are reported.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import history, semantic
from .history import git_errors
from .snapshots import Snapshots
from ..records.config import PROJECT_FILE
from ..records.errors import Issue
from ..records.i18n import N_, _, day, money, ngettext
from ..records.labels import STATUS_LABELS
from ..records.labels_en import say, step as step_label
from ..records.load import CASES_DIR
from ..records.model import Case, Repository

WORKTREE = None  # the revision name of the working tree


# ---------------------------------------------------------------- the cases changed

def _shared(rel: str, ids: set[str]) -> bool:
    """A change that may move every case: the project file, or a file of cases/ that is no case's
    (shared pieces). Other files (a README, CI, code) change nothing dossier computes."""
    return rel == PROJECT_FILE or (rel.startswith(CASES_DIR + "/") and _case_of(rel, ids) is None)


def _case_of(rel: str | None, ids: set[str]) -> str | None:
    """The case id a changed path belongs to (a case file, or any file of a folder case)."""
    if rel is None:
        return None
    parts = rel.split("/")
    if parts[0] != CASES_DIR or len(parts) < 2:
        return None
    if len(parts) == 2:
        return parts[1][:-5] if parts[1].endswith(".yaml") and parts[1][:-5] in ids else None
    return parts[1] if parts[1] in ids else None


@git_errors
def diff(root: Path, as_of: dt.date, rev_a: str | None = None, rev_b: str | None = None) -> str:
    """Markdown for a pull request: each case changed between `rev_a` (default: the merge base with the
    default branch) and `rev_b` (default: the working tree), its record changes and its figures on `as_of`."""
    repo, prefix = history.open_repo(root)
    root = Path(root)
    a = history.resolve(repo, rev_a).hexsha if rev_a else history.default_base(repo)
    b = history.resolve(repo, rev_b).hexsha if rev_b else WORKTREE
    label_a = _label(rev_a, a) if a else _("no commit")
    label_b = _label(rev_b, b) if b else _("working tree")
    pairs = history.changed(repo, prefix, a, b)
    diffs = []
    with Snapshots(repo, prefix, root) as snaps:
        ids_a = history.case_paths(snaps.folder(a)) if a else {}
        ids_b = history.case_paths(snaps.folder(b))
        renamed = {}
        for pa, pb in pairs:
            ca, cb = _case_of(pa, set(ids_a)), _case_of(pb, set(ids_b))
            if ca and cb and ca != cb and ids_a.get(ca) == pa and ids_b.get(cb) == pb:
                renamed[cb] = ca
        direct = {c for pa, pb in pairs for c in (_case_of(pa, set(ids_a)), _case_of(pb, set(ids_b))) if c}
        shared = any(_shared(p, set(ids_a) | set(ids_b)) for pair in pairs for p in pair if p)
        touched = direct | (set(ids_a) | set(ids_b) if shared else set())
        gone_to = {old: new for new, old in renamed.items()}
        for case_id in sorted(touched):
            if case_id in gone_to and case_id not in ids_b:
                continue   # reported under its new name
            old_id = renamed.get(case_id, case_id)
            pa, pb = ids_a.get(old_id), ids_b.get(case_id)
            if not pa and not pb:
                continue
            before, issues_a = snaps.case(a, pa) if a else (None, [])
            after, issues_b = snaps.case(b, pb)
            problems = []
            if pa and before is None:
                problems.append(_("before: {problem}", problem=_first_error(issues_a)))
            if pb and after is None:
                problems.append(_("after: {problem}", problem=_first_error(issues_b)))
            ja = _figures(snaps, a, before, as_of)
            jb = _figures(snaps, b, after, as_of)
            summaries = [] if problems else semantic.case_changes(before, after)
            if case_id not in direct and old_id not in direct and not summaries and not problems and ja == jb:
                continue   # a shared change (the project file…) that changes nothing here
            debtor = (after or before).debtor.name if (after or before) else ""
            diffs.append(CaseDiff(case_id, debtor, tuple(summaries), ja, jb, tuple(problems)))
    return diff_markdown(diffs, label_a, label_b, as_of)


def _figures(snaps: Snapshots, rev: str | None, case: Case | None, as_of: dt.date) -> dict | None:
    """The docs/format.md JSON of a case computed on `as_of` with the project of its own revision."""
    from ..ladder.result import case_json, compute_case

    if case is None:
        return None
    project, _issues = snaps.project(rev)
    return case_json(compute_case(Repository(project, (case,)), case, as_of))


def _first_error(issues: list[Issue]) -> str:
    first = next((i for i in issues if i.severity == "error"), None)
    return _("invalid ({issue})", issue=first) if first else _("invalid")


def _label(given: str | None, sha: str) -> str:
    short = sha[:7]
    return f"{given} ({short})" if given and not sha.startswith(given) else short


# ---------------------------------------------------------------- pull-request Markdown

@dataclass(frozen=True)
class CaseDiff:
    """One changed case: its record changes and its computed figures (docs/format.md JSON) before and after."""

    case_id: str
    debtor: str
    summaries: tuple[str, ...]
    before: dict | None          # build.case_json of the old version, None when absent or invalid
    after: dict | None
    problems: tuple[str, ...] = ()   # why a side could not be computed (validation errors)


AMOUNT_ROWS = (("principal", N_("Principal")), ("interest", N_("Interest")), ("indemnity", N_("Indemnities")),
               ("total", N_("Total due")))


def _next_action(j: dict | None) -> str:
    if not j:
        return "—"
    a = j.get("next_action")   # ladder/next_action.py: the one `due`, `status` and the site name
    if not a:
        return _("none")
    return f"{step_label(a['step'])} ({day(dt.date.fromisoformat(a['due']))})"


def _due_now(j: dict | None, as_of: dt.date) -> list[str]:
    if not j:
        return []
    return [a["step"] for a in j.get("next_actions") or [] if dt.date.fromisoformat(a["due"]) <= as_of]


def computed_rows(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """The figures that differ, as (label, before, after); the total always."""
    def amount(j: dict | None, key: str) -> str:
        return money(Decimal(j[key])) if j else "—"

    rows = []
    for key, label in AMOUNT_ROWS:
        a, b = amount(before, key), amount(after, key)
        if a != b or key == "total":
            rows.append((_(label), a, b))
    status = [say(STATUS_LABELS, j["status"]) if j else "—" for j in (before, after)]
    if status[0] != status[1]:
        rows.append((_("Status"), status[0], status[1]))
    nxt = (_next_action(before), _next_action(after))
    if nxt[0] != nxt[1]:
        rows.append((_("Next action"), nxt[0], nxt[1]))
    pres = [day(dt.date.fromisoformat(j["prescription"])) if j and j.get("prescription") else "—"
            for j in (before, after)]
    if pres[0] != pres[1]:
        rows.append((_("Limitation date"), pres[0], pres[1]))
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def case_markdown(d: CaseDiff, as_of: dt.date) -> str:
    lines = [f"### {d.case_id} — {_cell(d.debtor)}", ""]
    if d.summaries:
        lines += [_("Changes in the case:"), ""] + [f"- {_cell(s)}" for s in d.summaries] + [""]
    elif not d.problems:
        lines += [_("No change in the case's data (layout, comments or pieces)."), ""]
    for p in d.problems:
        lines += [f"> ⚠ {_cell(p)}", ""]
    if d.before is None and d.after is None:
        return "\n".join(lines)
    before, after = _("before"), _("after")
    lines += [_("Computed as of {date}:", date=day(as_of)), "", f"| | {before} | {after} |", "|---|---:|---:|"]
    lines += [f"| {label} | {_cell(a)} | {_cell(b)} |" for label, a, b in computed_rows(d.before, d.after)]
    lines.append("")
    was, now = _due_now(d.before, as_of), _due_now(d.after, as_of)
    became = [s for s in now if s not in was]
    ceased = [s for s in was if s not in now]
    if became:
        lines += [_("Now due: {steps}.", steps=", ".join(step_label(s) for s in became)), ""]
    if ceased:
        lines += [_("No longer due: {steps}.", steps=", ".join(step_label(s) for s in ceased)), ""]
    return "\n".join(lines)


def diff_markdown(diffs: list[CaseDiff], label_a: str, label_b: str, as_of: dt.date) -> str:
    """The whole pull-request comment: a heading, then one section per changed case, sorted by id."""
    head = [_("## dossier diff: {before} → {after}", before=label_a, after=label_b), ""]
    if not diffs:
        return "\n".join(head + [_("No case changed."), ""])
    head += [ngettext("{n} case changed, computed as of {date}.", "{n} cases changed, computed as of {date}.", len(diffs),
                      date=day(as_of)), ""]
    body = [case_markdown(d, as_of) for d in sorted(diffs, key=lambda d: d.case_id)]
    return "\n".join(head) + "\n" + "\n".join(body)
