"""PyYAML's syntax errors as messages a user can act on, in the run's language.

PyYAML (and libyaml under it, whose texts differ) reports a syntax error as a
``problem`` and a ``context``, each from a small fixed set of English texts
(yaml/scanner.py, parser.py, composer.py and libyaml's scanner.c, parser.c).
`describe` maps the ones a user really makes (an unclosed ``[`` or quote, a
tab, a ``:`` inside a value, a line with no ``:``, a line indented wrongly, a
second document) to a catalog message with a hint, located where the fix
goes; any other keeps PyYAML's own English text behind « erreur de syntaxe
YAML » in a French run.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .i18n import _, pick

Located = tuple[int, int, str]


def _at(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _char(text: str, mark: Any, word: bool = False) -> str:
    """The character at `mark` in `text` ("" past the end); `word`: the word that starts there, if one does."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    if word and mark.column < len(line):
        found = _WORD.match(line, mark.column)
        if found:
            return found.group()[:30]
    return line[mark.column] if mark.column < len(line) else ""


_WORD = re.compile(r"[^\s,:\[\]{}#'\"]+")


def _shown(char: str) -> str:
    """A character as a message quotes it: "x" in English, « x » in French; the end of the file, a tab, a space named."""
    named = {"": _("the end of the file"), "\t": _("a tab"), " ": _("a space")}
    return named[char] if char in named else pick(f'"{char}"', f"\u00ab\u00a0{char}\u00a0\u00bb")


def _tab(problem: Any, context: Any, text: str) -> Located | None:
    return (*_at(problem), _("YAML syntax error: a tab character: YAML indents with spaces only "
                             "(replace the tab with spaces)"))


def _unclosed_flow(in_list: bool) -> Callable[[Any, Any, str], Located | None]:
    def describe(problem: Any, context: Any, text: str) -> Located | None:
        if context is None:
            return None
        found, line = _shown(_char(text, problem, word=True)), context.line + 1
        if in_list:
            return (*_at(problem), _('YAML syntax error: in the list opened with "[" on line {line}: expected "," or '
                                     '"]", got {found} (is a "]" missing?)', line=line, found=found))
        return (*_at(problem), _('YAML syntax error: in the mapping opened with "{{" on line {line}: expected "," or '
                                 '"}}", got {found} (is a "}}" missing?)', line=line, found=found))
    return describe


def _no_token(problem: Any, context: Any, text: str) -> Located | None:
    char = _char(text, problem)
    if char == "\t":
        return _tab(problem, context, text)
    if not char:
        return None
    return (*_at(problem), _('YAML syntax error: a value cannot start with "{char}" (put the value between quotes)',
                             char=char))


def _colon_in_value(problem: Any, context: Any, text: str) -> Located | None:
    return (*_at(problem), _('YAML syntax error: ":" is not allowed here: a value cannot hold another "key: value" '
                             'on its line (put the value between quotes if the ":" belongs to it, or check that this '
                             "line is not indented too far)"))


def _no_colon(problem: Any, context: Any, text: str) -> Located | None:
    where = context or problem   # the key without its ":", not the line after it
    return (*_at(where), _('YAML syntax error: expected ":" after the key on this line (each line of a mapping '
                           'is written "key: value")'))


def _block_end(problem: Any, context: Any, text: str, in_list: bool) -> Located | None:
    if context is None:
        return None
    if in_list:
        message = _('YAML syntax error: expected a "- " item here, in the list that starts on line {line} '
                    "(check this line's indentation)", line=context.line + 1)
    else:
        message = _('YAML syntax error: expected a new "key: value" here, in the mapping that starts on line {line} '
                    "(check this line's indentation, or put the whole value between quotes if it goes on after a "
                    "closing quote or bracket)",
                    line=context.line + 1)
    return (*_at(problem), message)


def _in_map(problem: Any, context: Any, text: str) -> Located | None:
    return _block_end(problem, context, text, in_list=False)


def _in_list(problem: Any, context: Any, text: str) -> Located | None:
    return _block_end(problem, context, text, in_list=True)


def _unclosed_quote(problem: Any, context: Any, text: str) -> Located | None:
    if context is None:
        return None
    quote = _char(text, context)
    if quote not in ("'", '"'):
        return None
    return (*_at(context), _("YAML syntax error: the text opened with {quote} here is never closed "
                             "(add the closing {quote})", quote=quote))


def _bad_escape(problem: Any, context: Any, text: str) -> Located | None:
    """Located at the backslash: libyaml marks it, PyYAML the character after it."""
    lines = text.split("\n")
    line = lines[problem.line] if problem.line < len(lines) else ""
    after = problem.column + 1 if line[problem.column:problem.column + 1] == "\\" else problem.column
    char = line[after:after + 1]
    return (problem.line + 1, after, _('YAML syntax error: unknown escape "\\{char}" between double quotes (write "\\\\" '
                                      "for a backslash, or put the value between single quotes)", char=char))


def _no_value(problem: Any, context: Any, text: str) -> Located | None:
    return (*_at(problem), _("YAML syntax error: expected a value here, got {found}",
                             found=_shown(_char(text, problem, word=True))))


def _second_document(problem: Any, context: Any, text: str) -> Located | None:
    return (*_at(problem), _('YAML syntax error: a second document starts here (after a "---" line): '
                             "a file holds only one"))


# (the start of a `problem` text, the `context` text or None for any) → how to say it; libyaml's and PyYAML's
_MAPPED: tuple[tuple[str, str | None, Callable[[Any, Any, str], Located | None]], ...] = (
    ("did not find expected ',' or ']'", None, _unclosed_flow(in_list=True)),
    ("expected ',' or ']'", None, _unclosed_flow(in_list=True)),
    ("did not find expected ',' or '}'", None, _unclosed_flow(in_list=False)),
    ("expected ',' or '}'", None, _unclosed_flow(in_list=False)),
    ("mapping values are not allowed", None, _colon_in_value),
    ("found character that cannot start any token", None, _no_token),
    ("found character '", "while scanning for the next token", _no_token),
    ("found a tab character", None, _tab),
    ("could not find expected ':'", None, _no_colon),
    ("did not find expected key", None, _in_map),
    ("did not find expected '-' indicator", None, _in_list),
    ("expected <block end>", "while parsing a block mapping", _in_map),
    ("expected <block end>", "while parsing a block collection", _in_list),
    ("found unexpected end of stream", "while scanning a quoted scalar", _unclosed_quote),
    ("found unknown escape character", None, _bad_escape),
    ("did not find expected node content", None, _no_value),
    ("expected the node content", None, _no_value),
    ("but found another document", None, _second_document),
)


def describe(exc: Any, text: str) -> Located:
    """A PyYAML `MarkedYAMLError` on `text` as (line, column, message), both 1-based, in the run's language."""
    problem_text, context_text = exc.problem or "", exc.context or ""
    for start, context, say in _MAPPED:
        if problem_text.startswith(start) and (context is None or context == context_text) and exc.problem_mark:
            said = say(exc.problem_mark, exc.context_mark, text)
            if said is not None:
                return said
    return _unmapped(exc)


def _unmapped(exc: Any) -> Located:
    """PyYAML's own English text, behind the run's « YAML syntax error »."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if exc.context:
        context = exc.context
        if exc.context_mark is not None and exc.context_mark.line + 1 != line:
            context += _(" that starts on line {line}", line=exc.context_mark.line + 1)
        problem = f"{context}: {problem}" if "while" not in context else f"{problem} ({context})"
    return line, col, _("YAML syntax error: {problem}", problem=problem)
