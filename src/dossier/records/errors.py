"""Problems as values.

Nothing in dossier raises on bad input: loaders, validators and rules return
`Issue` values that carry their source position, the run collects them all,
and the CLI prints them together as ``path:line:col: message`` (or as GitHub
annotations under CI). A run with any error writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

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
        prefix = "" if self.severity == "error" else "warning: "
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
