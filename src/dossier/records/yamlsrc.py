"""YAML with positions: the one module that talks to PyYAML.

`load_yaml` returns plain Python data plus a map from each value's path
(a tuple of keys and indexes) to its 1-based (line, column), so that every
later message can name the exact place a value was written.

Scalars are converted from their source text, never through float: a YAML
number becomes a `Decimal` exactly as written (``4800.00`` stays
``Decimal('4800.00')``), a YAML date becomes a `datetime.date`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from .i18n import _
from .yaml_errors import describe

try:  # the C composer is ten times faster (docs/performance.md)
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader
_FAST = getattr(yaml, "CSafeLoader", None)   # its composer recurses in C, bounded by libyaml's depth limit

Path = tuple[Any, ...]
Positions = dict[Path, tuple[int, int]]

_TIMESTAMP_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class YamlError:
    """A syntax or structure problem found while reading, with its 1-based position."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class YamlDoc:
    data: Any
    positions: Positions
    errors: tuple[YamlError, ...] = ()

    def pos(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest written ancestor."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


MAX_DEPTH = 64   # lists and mappings inside one another; a case needs 4 (libyaml itself stops at 1000)
_KEY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_OPENS = frozenset((yaml.MappingStartEvent, yaml.SequenceStartEvent))
_CLOSES = frozenset((yaml.MappingEndEvent, yaml.SequenceEndEvent))
_STR = "tag:yaml.org,2002:str"


class _Refused(Exception):
    """Reading stops at the first construct the format refuses: nothing after it is read or expanded."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.error = YamlError(mark.line + 1, mark.column + 1, message)


def _depth_refused(mark: Any) -> _Refused:
    return _Refused(mark, _("expected at most {n} levels of lists and mappings inside one another, got more", n=MAX_DEPTH))


def _refuse_anchor(event: Any) -> None:
    """Anchors and aliases: refused where written, before any expansion ("billion laughs", self-reference)."""
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(event.start_mark, _('expected a value written out, got the YAML alias "*{name}" '
                                           "(anchors and aliases are not supported: write the value in full)",
                                           name=event.anchor))
    if event.anchor is not None:
        raise _Refused(event.start_mark, _('expected a value written out, got the YAML anchor "&{name}" '
                                           "(anchors and aliases are not supported: write the value in full)",
                                           name=event.anchor))


# Every anchor (&a) and alias (*a) matches this (libyaml's anchor names are [0-9A-Za-z_-]+); most files never do.
_MAYBE_ANCHOR = re.compile(r"[&*][0-9A-Za-z_-]")


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document. Never raises for bad YAML: errors come back as values.

    A text that may hold an anchor or an alias is built straight from the
    parser's events (no node graph, no recursion): an anchor, an alias or the
    65th level of nesting stops the reading where it is written, before
    anything is expanded. A text that cannot hold one (nearly every case file)
    goes through libyaml's composer, twice as fast; nesting is then counted
    while converting (libyaml itself stops at 1000 levels).
    """
    return _parse(text, fast=_Loader is _FAST and not _MAYBE_ANCHOR.search(text))


def _parse(text: str, fast: bool) -> YamlDoc:
    loader = _Loader(text)
    try:
        return _from_nodes(loader) if fast else _document(loader)
    except _Refused as exc:
        return YamlDoc(None, {}, (exc.error,))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "exceeded maximum nesting depth" and mark is not None:  # libyaml's own limit (1000)
            if fast:   # the events say where the 65th level opens, unless libyaml's scanner stops first
                return _parse(text, fast=False)
            return YamlDoc(None, {}, (_depth_refused(mark).error,))
        return YamlDoc(None, {}, (YamlError(*describe(exc, text)),))
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return YamlDoc(None, {}, (YamlError(1, 1, _("YAML syntax error: {problem}", problem=str(exc))),))
    finally:
        loader.dispose()


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Open:
    """A list or mapping being filled as events arrive; ``path`` None: read and dropped (under a refused key)."""

    __slots__ = ("path", "value", "mark", "is_map", "want_key", "key")

    def __init__(self, path: Path | None, event: Any) -> None:
        self.path = path
        self.mark = event.start_mark
        self.is_map = isinstance(event, yaml.MappingStartEvent)
        self.value: Any = {} if self.is_map else []
        self.want_key = self.is_map
        self.key: str | None = None   # the key whose value comes next; None: that value is dropped


def _document(loader: Any) -> YamlDoc:
    """The single document of the stream, with its positions and structure errors."""
    loader.get_event()                                   # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return YamlDoc(None, {(): (1, 1)})
    start = loader.get_event()                           # document start
    positions: Positions = {}
    errors: list[YamlError] = []
    stack: list[_Open] = []
    get, resolve = loader.get_event, loader.resolve      # the loop below runs once per event: kept lean
    while True:
        event = get()
        kind = event.__class__
        if kind in _CLOSES:
            done = stack.pop()
            value, event, tag = done.value, done, None
        else:
            if kind is yaml.AliasEvent or event.anchor is not None:
                _refuse_anchor(event)
            if kind in _OPENS:
                if len(stack) >= MAX_DEPTH:
                    raise _depth_refused(event.start_mark)
                path = _child_path(stack[-1]) if stack else ()
                if path is not None:
                    positions[path] = _mark(event)
                stack.append(_Open(path, event))
                continue
            tag = event.tag
            if tag is None or tag == "!":
                # a quoted scalar is text; only plain ones go through the resolver (numbers, dates, booleans)
                tag = resolve(yaml.ScalarNode, event.value, event.implicit) if event.implicit[0] else _STR
            value = event.value if tag == _STR else _scalar(tag, event.value)
            if not stack:
                positions[()] = _mark(event)
        if not stack:
            root = value
            break
        _give(stack[-1], value, event, tag, positions, errors)
    loader.get_event()                                   # document end
    if not loader.check_event(yaml.StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", start.start_mark,
                                          "but found another document", loader.get_event().start_mark)
    return YamlDoc(root, positions, tuple(errors))


def _from_nodes(loader: Any) -> YamlDoc:
    """The single document through libyaml's composer (no anchor in the text), then converted with its positions."""
    node = loader.get_single_node()
    if node is None:
        return YamlDoc(None, {(): (1, 1)})
    positions: Positions = {}
    errors: list[YamlError] = []
    data = _convert(node, (), positions, errors, 1)
    return YamlDoc(data, positions, tuple(errors))


def _node_mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, path: Path, positions: Positions, errors: list[YamlError], depth: int) -> Any:
    """`_document`'s result from a composed node; ``depth`` counts the lists and mappings around ``node``."""
    positions[path] = _node_mark(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node.tag, node.value)
    if depth > MAX_DEPTH:
        raise _depth_refused(node.start_mark)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), positions, errors, depth + 1) for i, item in enumerate(node.value)]
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        line, col = _node_mark(key_node)
        if key_node.tag == "tag:yaml.org,2002:merge":
            errors.append(YamlError(line, col, _("YAML merge keys (<<) are not supported; write the fields out")))
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            _convert(key_node, path + ("__key__",), {}, [], depth + 1)   # only to count its depth
            errors.append(YamlError(line, col, _("expected a plain key")))
            continue
        key = _scalar(key_node.tag, key_node.value)
        if not isinstance(key, (str, int)) or isinstance(key, bool) or _KEY_CONTROL.search(str(key)):
            errors.append(YamlError(line, col, _("expected a plain key")))
            continue
        key = str(key)
        if key in out:
            first = positions[path + (key,)][0]
            errors.append(YamlError(line, col, _duplicate(path + (key,), first)))
            continue
        out[key] = _convert(value_node, path + (key,), positions, errors, depth + 1)
        # a key's own position is more useful than its value's for "unknown key" messages
        positions[path + (key, "__key__")] = (line, col)
    return out


def _child_path(parent: _Open) -> Path | None:
    """Where the next value inside ``parent`` goes; None when it is dropped."""
    if parent.path is None:
        return None
    if not parent.is_map:
        return parent.path + (len(parent.value),)
    if parent.want_key or parent.key is None:
        return None
    return parent.path + (parent.key,)


def _give(parent: _Open, value: Any, event: Any, tag: str | None, positions: Positions, errors: list[YamlError]) -> None:
    """Hand a finished value to the collection that holds it: a scalar with its tag, or a closed `_Open` (tag None)."""
    if not parent.is_map:
        if parent.path is not None and tag is not None:
            positions[parent.path + (len(parent.value),)] = _mark(event)
        parent.value.append(value)
        return
    if not parent.want_key:
        parent.want_key = True
        if parent.key is not None:
            if tag is not None:
                positions[parent.path + (parent.key,)] = _mark(event)
            parent.value[parent.key] = value
        return
    parent.want_key = False
    parent.key = None
    if parent.path is None:
        return   # inside a refused key or under one: read and dropped, as the composer's way never looks there
    line, col = (event.mark.line + 1, event.mark.column + 1) if isinstance(event, _Open) else _mark(event)
    if tag == "tag:yaml.org,2002:merge":
        errors.append(YamlError(line, col, _("YAML merge keys (<<) are not supported; write the fields out")))
        return
    if tag is None or not isinstance(value, (str, int)) or isinstance(value, bool) or _KEY_CONTROL.search(str(value)):
        errors.append(YamlError(line, col, _("expected a plain key")))
        return
    key = str(value)
    if key in parent.value:
        first = positions[parent.path + (key,)][0]
        errors.append(YamlError(line, col, _duplicate(parent.path + (key,), first)))
        return
    parent.key = key
    # a key's own position is more useful than its value's for "unknown key" messages
    positions[parent.path + (key, "__key__")] = (line, col)


def _duplicate(path: Path, first: int) -> str:
    return _("{field}: duplicate key (first written on line {line})", field=_dotted(path), line=first)


def _scalar(tag: str, raw: str) -> Any:
    """A scalar's value from its resolved tag and source text (never through float)."""
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return raw.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(raw.replace("_", ""), 0)
        except ValueError:
            return raw
    if tag == "tag:yaml.org,2002:float":
        try:
            value = Decimal(raw.replace("_", ""))
        except InvalidOperation:
            return raw
        return value if value.is_finite() else raw
    if tag == "tag:yaml.org,2002:timestamp":
        if _TIMESTAMP_DATE.match(raw):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                return raw
        return raw  # a datetime: kept as text, validators say "expected a date"
    return raw


def _dotted(path: Path) -> str:
    """``('invoices', 0, 'due')`` → ``invoices[0].due``: the field names used in messages."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


dotted = _dotted
