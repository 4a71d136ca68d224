"""The YAML text of a case file, edited in place for `dossier record`: pure functions, text in, text out.

The case file is the user's: lawyers format it by hand and comment it. So an
event is written as text, in the style the file already uses for its
``events:`` list (a flow mapping ``- {date: …, type: …}`` or a block mapping),
at its place in date order; a field is set by replacing or adding its text
alone. Positions come from PyYAML's composed node tree; not one other byte of
the file changes. Below record_changes.py and record.py.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from decimal import Decimal
from typing import Any

import yaml

from ..records.model import Event
from ..records.yamlsrc import load_yaml
from .lock import Refused
from ..records.i18n import _

# The order fields are written in: date, type, then the model's order (docs/format.md's).
# A credit note reads as docs/format.md writes it: {date, type: credit_note, number, invoice, amount}.
FIELD_ORDER = ("date", "type", "number") + tuple(f.name for f in fields(Event) if f.name not in ("date", "type", "number", "source"))
QUOTED = ("tracking", "note", "transaction")   # free text (and bank ids, digits kept as text), quoted as in docs/format.md


# ---------------------------------------------------------------- YAML text of a value, of an event

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
    if isinstance(value, dict):   # an invoice's chorus: {deposited, number}
        return flow_mapping(value, order=())
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


# ---------------------------------------------------------------- the node tree

def compose(text: str) -> yaml.MappingNode:
    """The file's top-level block mapping, as nodes with positions; `Refused` when there is none."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise Refused(_("the case file is not valid YAML: {exc}", exc=exc))
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise Refused(_("the case file is not a block mapping of fields; add the event by hand"))
    return root


def entry(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key` in `mapping`, or None."""
    return next(((k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def scalar(mapping: yaml.Node, key: str) -> str | None:
    """The text of a scalar field of `mapping` (None when absent, not a scalar, or `mapping` is no mapping)."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    found = entry(mapping, key)
    return found[1].value if found and isinstance(found[1], yaml.ScalarNode) else None


def node_date(node: yaml.Node, key: str = "date") -> dt.date | None:
    try:
        return dt.date.fromisoformat(scalar(node, key) or "")
    except ValueError:
        return None


def journal(root: yaml.MappingNode) -> list[yaml.Node]:
    """The items of the ``events:`` list (empty when there is none)."""
    found = entry(root, "events")
    return list(found[1].value) if found and isinstance(found[1], yaml.SequenceNode) else []


# ---------------------------------------------------------------- an event at its place in date order

def insert_event(text: str, event: dict) -> str:
    """The case text with `event` in its ``events:`` list, in date order (after the events of its date),
    every other byte unchanged.

    Raises `Refused` when the file's layout gives no safe place to write
    (not a block mapping, ``events:`` not a list)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = compose(text)
    found = entry(root, "events")
    if not found:   # no journal yet: it starts at the end of the file
        body = text if not text or text.endswith("\n") else text + newline
        return f"{body}events:{newline}{' ' * _dash_col(root)}{event_line(event)}{newline}"
    key, value = found
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
        raise Refused(_("events: is not a list; add the event by hand"))
    items = value.value
    day = event.get("date")
    later = next((n for n, item in enumerate(items) if isinstance(day, dt.date) and (node_date(item) or day) > day), None)
    if value.flow_style:
        if not items:   # events: [] : the list is written in block style, one event a line
            line_end = _line_end(text, max(value.end_mark.index - 1, key.end_mark.index))
            head = text[:value.start_mark.index].rstrip(" ") + text[value.end_mark.index:line_end]
            if not head.endswith("\n"):
                head += newline
            item = " " * (key.start_mark.column + _dash_col(root)) + event_line(event) + newline
            return head + item + text[line_end:]
        if later is not None:
            at = items[later].start_mark.index
            return text[:at] + flow_mapping(event) + ", " + text[at:]
        end = items[-1].end_mark.index
        return text[:end] + ", " + flow_mapping(event) + text[end:]
    model = items[later - 1] if later else items[0] if later == 0 else items[-1]
    dash_col = value.start_mark.column
    if isinstance(model, yaml.MappingNode) and not model.flow_style:
        item = _block_item(event, dash_col, model.start_mark.column, newline)
    else:   # the same gap after the dash as its neighbour
        gap = max(1, model.start_mark.column - dash_col - 1)
        item = " " * dash_col + "-" + " " * gap + flow_mapping(event) + newline
    if later is not None:
        at = _item_start(text, items[0]) if later == 0 else _line_end(text, _leaf_end(items[later - 1]))
        return text[:at] + item + text[at:]
    line_end = _line_end(text, _leaf_end(items[-1]))
    if line_end == len(text) and not text.endswith("\n"):
        return text + newline + item.removesuffix(newline)
    return text[:line_end] + item + text[line_end:]


def move_item(text: str, index: int) -> str:
    """The case text with the block item ``events[index]`` (its lines, comments on them included) moved to its
    place in date order, after the events of its date; `Refused` for a journal written as a flow list."""
    root = compose(text)
    items = journal(root)
    item, day = items[index], node_date(items[index])
    others = items[:index] + items[index + 1:]
    later = next((n for n, other in enumerate(others) if day is not None and (node_date(other) or day) > day), len(others))
    if later == index:
        return text
    if entry(root, "events")[1].flow_style:   # type: ignore[index]
        raise Refused(_("the journal is a flow list [...]; move the event to its date by hand"))
    start, end = _item_start(text, item), _line_end(text, _leaf_end(item))
    lines = text[start:end]
    rest = text[:start] + text[end:]
    rest_items = journal(compose(rest))
    at = _item_start(rest, rest_items[0]) if later == 0 else _line_end(rest, _leaf_end(rest_items[later - 1]))
    if not lines.endswith("\n"):   # pragma: no cover - an item followed by a later one ends with its line
        lines += "\r\n" if "\r\n" in text else "\n"
    return rest[:at] + lines + rest[at:]


# ---------------------------------------------------------------- an invoice added (dossier import)

INVOICE_ORDER = ("number", "date", "due", "amount", "piece", "delivered", "description", "chorus")


def append_invoice(text: str, invoice: dict) -> str:
    """The case text with `invoice` added at the end of its ``invoices:`` list, written like the invoice
    above it (a block mapping, or a flow mapping on one line), every other byte unchanged; `Refused` when
    ``invoices:`` is not a block list with an item."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = compose(text)
    found = entry(root, "invoices")
    if not found or not isinstance(found[1], yaml.SequenceNode) or found[1].flow_style or not found[1].value:
        raise Refused("invoices: is not a list written one invoice a line; add the invoice by hand")
    items = found[1].value
    model, dash_col = items[-1], found[1].start_mark.column
    if isinstance(model, yaml.MappingNode) and not model.flow_style:
        item = _block_item(invoice, dash_col, model.start_mark.column, newline, INVOICE_ORDER)
    else:
        gap = max(1, model.start_mark.column - dash_col - 1)
        item = " " * dash_col + "-" + " " * gap + flow_mapping(invoice, INVOICE_ORDER) + newline
    line_end = _line_end(text, _leaf_end(model))
    if line_end == len(text) and not text.endswith("\n"):
        return text + newline + item.removesuffix(newline)
    return text[:line_end] + item + text[line_end:]


# ---------------------------------------------------------------- a field set in place

def set_field(text: str, mapping: yaml.MappingNode, key: str, value: str, order: tuple[str, ...]) -> str:
    """The text with ``key: value`` in `mapping` (a node of `text`): its value replaced when the key is
    there, else the key added after the fields that come before it in `order` (else after the last one)."""
    found = entry(mapping, key)
    if found is not None:
        k, v = found
        if not isinstance(v, yaml.ScalarNode):
            raise Refused(_("{key}: is not a single value; change it by hand", key=key))
        if v.end_mark.index > v.start_mark.index:
            return text[:v.start_mark.index] + value + text[v.end_mark.index:]
        colon = text.index(":", k.end_mark.index)   # `key:` with nothing after it
        return text[:colon + 1] + " " + value + text[colon + 1:]
    if not mapping.value:
        raise Refused(_("{key}: the mapping to change is empty; change it by hand", key=key))
    rank = {name: n for n, name in enumerate(order)}
    before = [(k, v) for k, v in mapping.value if rank.get(k.value, len(order)) < rank.get(key, len(order))]
    anchor_key, anchor = before[-1] if before else mapping.value[-1]
    if mapping.flow_style:
        at = anchor.end_mark.index
        return text[:at] + f", {key}: {value}" + text[at:]
    newline = "\r\n" if "\r\n" in text else "\n"
    at = _line_end(text, _leaf_end(anchor))
    line = " " * anchor_key.start_mark.column + f"{key}: {value}" + newline
    if at == len(text) and not text.endswith("\n"):
        return text + newline + line.removesuffix(newline)
    return text[:at] + line + text[at:]


# ---------------------------------------------------------------- positions

def _item_start(text: str, node: yaml.Node) -> int:
    """Where the line holding the dash of a block list item begins."""
    i = node.start_mark.index - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    dash = i if i >= 0 and text[i] == "-" else node.start_mark.index
    return text.rfind("\n", 0, dash) + 1


def _leaf_end(node: yaml.Node) -> int:
    """Where the last value written inside `node` ends (block collections end after trailing comments)."""
    while not node.flow_style if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else False:
        if not node.value:
            break
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    return end.index - 1 if end.column == 0 and end.index > 0 else end.index   # a block scalar ends on the next line


def _block_item(event: dict, dash_col: int, key_col: int, newline: str, order: tuple[str, ...] = FIELD_ORDER) -> str:
    keys = [k for k in order if k in event] + [k for k in event if k not in order]
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
    for _unused, v in root.value:
        if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value:
            return v.start_mark.column
    for _unused, v in root.value:
        if isinstance(v, yaml.MappingNode) and not v.flow_style and v.value:
            return v.value[0][0].start_mark.column
    return 2


def is_mapping(node: object) -> bool:
    """Whether a composed YAML node is a mapping (PyYAML stays behind this module and yamlsrc.py)."""
    return isinstance(node, yaml.MappingNode)
