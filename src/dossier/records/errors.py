"""Problems as values.

Nothing in dossier raises on bad input: loaders, validators and rules return
`Issue` values that carry their source position, the run collects them all,
and the CLI prints them together as ``path:line:col: message`` (or as GitHub
annotations under CI). A run with any error writes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterable, Literal

from .i18n import _, ngettext

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Source:
    """Where a record or value was written: repository-relative path, 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        path = one_line(self.path)
        if self.line and self.col:
            return f"{path}:{self.line}:{self.col}"
        if self.line:
            return f"{path}:{self.line}"
        return path


@dataclass(frozen=True, order=True)
class Issue:
    """One error or warning, printed as ``path:line:col: message``.

    `message` is the English the CLI prints; `fr` is the same finding worded in
    French for the status site, which the staff read (empty when not written).
    """

    source: Source
    message: str
    severity: Severity = "error"
    code: str = field(default="", compare=False)
    fr: str = field(default="", compare=False)

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else _("warning: ")
        return f"{self.source}: {prefix}{one_line(self.message)}"

    def github(self) -> str:
        """The same issue as a GitHub Actions workflow command (an annotation), always one line.

        Escaped as the runner unescapes them: the message's `%`, CR and LF; each property's
        `%`, CR, LF, `:` and `,` — so a file name cannot end the command or start another.
        """
        kind = "error" if self.severity == "error" else "warning"
        parts = [f"file={escape_property(self.source.path)}"]
        if self.source.line:
            parts.append(f"line={self.source.line}")
        if self.source.col:
            parts.append(f"col={self.source.col}")
        return f"::{kind} {','.join(parts)}::{escape_data(self.message)}"


def escape_data(text: str) -> str:
    """A workflow command's message (GitHub's escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (GitHub's escapeProperty)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """`text` with CR and LF shown as ``\\r`` and ``\\n``: one issue is one line of output, whatever the data
    (a line of its own starting with ``::`` would be a workflow command under GitHub Actions)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def error(source: Source, message: str, code: str = "", fr: str = "") -> Issue:
    return Issue(source, message, "error", code, fr)


def warning(source: Source, message: str, code: str = "", fr: str = "") -> Issue:
    return Issue(source, message, "warning", code, fr)


def errors_only(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.severity == "error"]


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """A total order: by file, line, column, then message; duplicates removed."""
    return sorted(set(issues), key=lambda i: (i.source.path, i.source.line, i.source.col, i.message, i.severity))


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 document``, ``2 documents``: a number and its noun, in the right number (``0 documents``)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


# The subject a warning names at its start: "case <id>: …" or "case <id>, document <name>: …" (in French
# « dossier <id>, document <name> : … »).
_SUBJECT = re.compile(r"(?:case|dossier) (?P<case>[^\s,:]+)(?:, document (?P<doc>[^\s,:]+))?\u00a0?: ")
MAX_NAMED = 4   # a grouped line names at most this many subjects, else the first MAX_NAMED - 1 and how many more


def _case_of_path(path: str) -> str:
    """The case id a source path names (``cases/<id>.yaml``, ``cases/<id>/dossier.yaml``), else ""."""
    p = PurePosixPath(path)
    if len(p.parts) < 2 or p.parts[0] != "cases":
        return ""
    if len(p.parts) == 3 and p.name == "dossier.yaml":
        return p.parts[1]
    return p.stem if len(p.parts) == 2 and p.suffix in (".yaml", ".yml") else ""


def _subject(issue: Issue) -> tuple[str, str, str] | None:
    """(kind, name, the message without its subject): ``("document", "<case>/<doc>", rest)`` or
    ``("case", "<case>", rest)``; None when the warning names no case (it is then never grouped)."""
    m = _SUBJECT.match(issue.message)
    if m:
        if m["doc"]:
            return "document", f"{m['case']}/{m['doc']}", issue.message[m.end():]
        return "case", m["case"], issue.message[m.end():]
    case = _case_of_path(issue.source.path)
    return ("case", case, issue.message) if case else None


def group_warnings(issues: Iterable[Issue]) -> list[Issue]:
    """`issues` in their order, with the warnings that say the same thing of several cases or documents
    made one: same `code`, same message once the case or document it names is left out, 2 or more.

    The grouped warning stands at its first member's place and keeps its location; its message counts
    and names the members: ``3 documents (a/05-mise-en-demeure, b/declaration-creance, c/05-mise-en-demeure):
    computed with a provisional rate …`` (beyond MAX_NAMED, the first ones and ``and N more``). Errors,
    warnings without a code and warnings naming no case are never grouped."""
    issues = list(issues)
    groups: dict[tuple[str, str, str], list[tuple[Issue, str]]] = {}
    keys: list[tuple[str, str, str] | None] = []
    for issue in issues:
        subject = _subject(issue) if issue.severity == "warning" and issue.code else None
        key = (issue.code, subject[0], subject[2]) if subject else None
        keys.append(key)
        if key:
            members = groups.setdefault(key, [])
            if subject[1] not in [name for _, name in members]:
                members.append((issue, subject[1]))
    out: list[Issue] = []
    done: set[tuple[str, str, str]] = set()
    for issue, key in zip(issues, keys):
        if key is None or len(groups[key]) < 2:
            out.append(issue)
        elif key not in done:
            done.add(key)
            out.append(_grouped(key, groups[key]))
    return out


def _grouped(key: tuple[str, str, str], members: list[tuple[Issue, str]]) -> Issue:
    code, kind, rest = key
    names = [name for _, name in members]
    n = len(names)
    shown = names if n <= MAX_NAMED else names[:MAX_NAMED - 1]
    more_en = _(" and {n} more", n=n - len(shown)) if len(shown) < n else ""
    more_fr = f" et {n - len(shown)} autres" if len(shown) < n else ""
    listed = ", ".join(shown)
    first = members[0][0]
    message = (ngettext("{n} document ({listed}{more}): {rest}", "{n} documents ({listed}{more}): {rest}", n, listed=listed,
                        more=more_en, rest=rest) if kind == "document" else
               ngettext("{n} case ({listed}{more}): {rest}", "{n} cases ({listed}{more}): {rest}", n, listed=listed,
                        more=more_en, rest=rest))
    frs = {issue.fr for issue, _ in members}
    fr = ""
    if len(frs) == 1 and first.fr:
        noun = count(n, "document") if kind == "document" else count(n, "dossier")
        fr = f"{noun} ({listed}{more_fr})\u00a0: {first.fr}"
    return Issue(first.source, message, "warning", code, fr)
