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

try:  # the C composer is ten times faster (reference/performance.md)
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

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


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document. Never raises for bad YAML: errors come back as values."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            context = exc.context
            if exc.context_mark is not None and exc.context_mark.line + 1 != line:
                context += f" that starts on line {exc.context_mark.line + 1}"
            problem = f"{context}: {problem}" if "while" not in context else f"{problem} ({context})"
        return YamlDoc(None, {}, (YamlError(line, col, f"YAML syntax error: {problem}"),))
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return YamlDoc(None, {}, (YamlError(1, 1, f"YAML syntax error: {exc}"),))
    finally:
        loader.dispose()
    if node is None:
        return YamlDoc(None, {(): (1, 1)})
    positions: Positions = {}
    errors: list[YamlError] = []
    data = _convert(node, (), positions, errors)
    return YamlDoc(data, positions, tuple(errors))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, path: Path, positions: Positions, errors: list[YamlError]) -> Any:
    positions[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                errors.append(YamlError(line, col, "YAML merge keys (<<) are not supported; write the fields out"))
                continue
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                line, col = _mark(key_node)
                errors.append(YamlError(line, col, "expected a plain key"))
                continue
            key = str(key)
            if key in out:
                line, col = _mark(key_node)
                first = positions[path + (key,)][0]
                errors.append(YamlError(line, col, f"{_dotted(path + (key,))}: duplicate key (first written on line {first})"))
                continue
            out[key] = _convert(value_node, path + (key,), positions, errors)
            # a key's own position is more useful than its value's for "unknown key" messages
            positions[path + (key, "__key__")] = _mark(key_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), positions, errors) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, raw = node.tag, node.value
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
