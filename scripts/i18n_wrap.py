#!/usr/bin/env python3
"""Wrap the message argument of issue and echo calls in `_()`, in place (a one-off helper for issue 20, kept for
the messages other branches add): ``error(src, f"case {case.id}: bad {shown(v)}")`` becomes
``error(src, _("case {id}: bad {shown}", id=case.id, shown=shown(v)))``, line breaks kept.

    python scripts/i18n_wrap.py src/dossier/records/readers.py …   (then add `from .i18n import _` where needed)
"""
from __future__ import annotations

import ast
import os
import re
import sys

CALLS = {*filter(None, os.environ.get("I18N_CALLS", "").split(",")), "error", "warning", "Issue", "warn", "echo", "UsageError", "BadParameter", "Refusal", "Finding",
         "failure_issue", "HistoryError", "TemplateFailure"}
PIECE = re.compile(r'''(?P<prefix>[rRbBfF]{0,2})(?P<q>"""|\'\'\'|"|')''')


def _name_for(expr: str, used: dict[str, str]) -> str:
    ids = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr.split("(")[0]) or ["value"]
    base = ids[-1].lstrip("_") or "value"
    if base in ("join", "get", "isoformat", "strftime", "format"):
        base = ids[-2].lstrip("_") if len(ids) > 1 else "value"
    base = base.lower()
    name, k = base, 2
    while name in used and used[name] != expr:
        name, k = f"{base}{k}", k + 1
    used[name] = expr
    return name


def _fields(body: str, used: dict[str, str]) -> str:
    """An f-string body with each ``{expr!c:spec}`` made ``{name!c:spec}``."""
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c in "{}" and body[i:i + 2] in ("{{", "}}"):
            out.append(body[i:i + 2]); i += 2; continue
        if c != "{":
            out.append(c); i += 1; continue
        depth, j, quote = 1, i + 1, None
        while depth:
            ch = body[j]
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch in "{[(":
                depth += 1
            elif ch in "}])":
                depth -= 1
            j += 1
        inner = body[i + 1:j - 1]
        m = re.match(r"(?s)(.*?)(![rsa])?(:[^\]\)'\"]*)?$", inner)
        expr, conv, spec = m.group(1), m.group(2) or "", m.group(3) or ""
        if spec and ("(" in spec or "[" in spec):
            expr, spec = inner, ""
        out.append("{" + _name_for(expr.strip(), used) + conv + spec + "}")
        i = j
    return "".join(out)


def wrap_segment(seg: str, node: ast.AST) -> str | None:
    used: dict[str, str] = {}
    pieces, pos, fstr = [], 0, False
    text = seg
    out = []
    i = 0
    while i < len(text):
        m = PIECE.match(text, i)
        if not m or (text[i].isspace() or text[i] in "\\#"):
            if text[i] == "#":
                j = text.index("\n", i)
                out.append(text[i:j]); i = j; continue
            out.append(text[i]); i += 1; continue
        q, prefix = m.group("q"), m.group("prefix")
        end = text.index(q, m.end())
        while text[end - 1] == "\\" and not text[end - 2:end] == "\\\\":
            end = text.index(q, end + 1)
        body = text[m.end():end]
        if "f" in prefix.lower():
            fstr = True
            body = _fields(body, used)
            prefix = prefix.replace("f", "").replace("F", "")
        else:
            body = body.replace("{", "{{").replace("}", "}}") if False else body
        out.append(prefix + q + body + q)
        i = end + len(q)
    args = "".join(f", {k}={v}" for k, v in used.items())
    return "_(" + "".join(out) + args + ")"


def process(path: str) -> int:
    src = open(path, encoding="utf-8").read()
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    extra = []
    if os.environ.get("I18N_LISTS"):   # the messages a function returns in a list: return False, ["…"]
        for node in ast.walk(tree):
            if isinstance(node, ast.Return) and node.value is not None:
                for sub in ast.walk(node.value):
                    if isinstance(sub, ast.List):
                        extra += [e for e in sub.elts if isinstance(e, (ast.Constant, ast.JoinedStr))]
    for node in [*(n for n in ast.walk(tree) if n not in extra), *extra]:
        if not isinstance(node, ast.Call):
            if node in extra:
                node = ast.Call(func=ast.Name(id="echo"), args=[node], keywords=[])
            else:
                continue
        fn = node.func
        name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
        if name not in CALLS:
            continue
        cands = list(node.args) + [k.value for k in node.keywords if k.arg == "message"]
        for arg in cands:
            if isinstance(arg, (ast.JoinedStr, ast.Constant)) and isinstance(getattr(arg, "value", ""), str) or isinstance(arg, ast.JoinedStr):
                plain = arg.value if isinstance(arg, ast.Constant) else "".join(
                    v.value for v in arg.values if isinstance(v, ast.Constant))
                if not re.search(r"[A-Za-z]{2}", plain) or re.search(r"[éèêàùç’«»\u00a0]|\\u00a0", plain) \
                        or re.search(r"[éèêàùç’«»]|\\u00a0", ast.get_source_segment(src, arg) or ""):
                    continue
                if name in ("error", "warning", "Issue") and arg is node.args[0]:
                    continue
                start = offsets[arg.lineno - 1] + len(lines[arg.lineno - 1].encode()[:arg.col_offset].decode())
                end = offsets[arg.end_lineno - 1] + len(lines[arg.end_lineno - 1].encode()[:arg.end_col_offset].decode())
                new = wrap_segment(src[start:end], arg)
                if new:
                    edits.append((start, end, new))
    for start, end, new in sorted(edits, reverse=True):
        src = src[:start] + new + src[end:]
    open(path, "w", encoding="utf-8").write(src)
    return len(edits)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(p, process(p))
