"""The scenarios of the project file, and the built-in ones (``data/scenarios.yaml``).

`read_scenarios` reads ``{name: {steps: [...]}}``: each step's fields, its
conditions (``when:``), its timing (``after_due:`` or ``after:`` an earlier
step), then the rules across the steps of one scenario. The built-in
scenarios go through the same reader, once per process.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Any

from . import fields as f
from . import readers
from .errors import Issue, Source, error, has_errors
from .fields import BAD, Reader, one_of, record, shown
from .model import CHANNELS, DEBTOR_KINDS, QUALIFICATIONS, Scenario, Step, StepCondition
from .yamlsrc import Path, YamlDoc, load_yaml
from .i18n import _

BUILTIN_SCENARIOS = FsPath(__file__).parent.parent / "data" / "scenarios.yaml"
BUILTIN_SCENARIOS_NAME = "dossier/data/scenarios.yaml"   # how issues in the built-in file are located
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _condition(r: Reader, value: Any, at: Path) -> Any:
    spec = {
        "debtor_kind": readers.choices(DEBTOR_KINDS),
        "min_amount": readers.bound_amount,
        "max_amount": readers.bound_amount,
        "qualification": readers.choices(QUALIFICATIONS),
        "not_qualification": readers.choices(QUALIFICATIONS),
    }
    got = record(r, value, at, spec, what="conditions (debtor_kind, min_amount, max_amount, qualification, not_qualification)")
    if got is BAD:
        return BAD
    lo, hi = got.get("min_amount"), got.get("max_amount")
    if lo is not None and hi is not None and hi < lo:
        return r.error(at + ("max_amount",), _("expected an amount of at least min_amount ({lo}), got {hi}", lo=lo, hi=hi))
    return StepCondition(source=r.source(at), **got)


def _after(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, {"step": readers.text, "days": readers.days(0)}, ("step", "days"), what="{step, days}")


STEP_FIELDS = {
    "id": readers.text,
    "channel": readers.choice(CHANNELS),
    "template": readers.text,
    "after_due": readers.days(0),
    "after": _after,
    "deadline_days": readers.days(1),
    "formal_notice": readers.flag,
    "when": _condition,
}


def _step(r: Reader, value: Any, at: Path) -> Any:
    return record(r, value, at, STEP_FIELDS, ("id", "channel"), what="a step (id, channel, template, after_due…)")


def _steps_rules(r: Reader, name: str, steps: list[Any], at: Path) -> None:
    """Across the steps of one scenario: unique ids, one timing each, `after` naming an earlier step."""
    seen: dict[str, int] = {}
    for i, s in enumerate(steps):
        if s is BAD:
            continue
        here = at + (i,)
        sid = s.get("id")
        if sid is not None:
            if sid in seen:
                r.error(here + ("id",), _('duplicate step "{sid}" (also steps[{sid2}])', sid=sid, sid2=seen[sid]))
            else:
                seen[sid] = i
        raw = _raw(r.doc, here)
        has_due, has_after = "after_due" in raw, "after" in raw
        if has_due and has_after:
            r.error(here + ("after",), _("write either after_due or after, not both"))
        elif not has_due and not has_after:
            r.error(here, _('missing required field "after_due" (or "after")'))
        after = s.get("after")
        if after and "step" in after:
            earlier = [x.get("id") for x in steps[:i] if x is not BAD and x.get("id")]
            if after["step"] not in earlier:
                listed = f" ({one_of(earlier)})" if earlier else _(" (there is none)")
                r.error(here + ("after", "step"), _('expected an earlier step of scenario "{name}"{listed}, got {shown}', name=name, listed=listed, shown=shown(after["step"])))


def _raw(doc: YamlDoc, at: Path) -> dict[str, Any]:
    """The raw mapping written at ``at`` ({} if it is not a mapping)."""
    value = doc.data
    for part in at:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return value if isinstance(value, dict) else {}


def _build_step(r: Reader, s: dict[str, Any], at: Path) -> Step:
    after = s.get("after") or {}
    return Step(
        id=s["id"],
        channel=s["channel"],
        source=r.source(at),
        template=s.get("template"),
        after_due=s.get("after_due"),
        after_step=after.get("step"),
        after_days=after.get("days"),
        deadline_days=s.get("deadline_days"),
        formal_notice=s.get("formal_notice", False),
        when=s.get("when"),
    )


def read_scenarios(r: Reader, value: Any, at: Path) -> dict[str, Scenario] | None:
    """``{name: {steps: [...]}}`` → scenarios; None when any of them has an error."""
    if not isinstance(value, dict):
        r.error(at, _("expected a mapping of scenarios by name, got {shown}", shown=shown(value)))
        return None
    before = len(r.issues)
    out: dict[str, Scenario] = {}
    for name in sorted(value):
        here = at + (name,)
        if not _ID.fullmatch(name):
            r.error(here, _('expected a scenario name made of letters, digits, "_", "-" and ".", got {shown}', shown=shown(name)), key=True)
            continue
        got = record(r, value[name], here, {"steps": f.list_of(_step, what="steps")}, ("steps",), what="a scenario (steps: [...])")
        if got is BAD or "steps" not in got:
            continue
        steps = got["steps"]
        _steps_rules(r, name, steps, here + ("steps",))
        if any(s is BAD for s in steps):
            continue
        built = tuple(_build_step(r, s, here + ("steps", i)) for i, s in enumerate(steps) if "id" in s and "channel" in s)
        out[name] = Scenario(name=name, steps=built, source=r.source(here))
    if has_errors(r.issues[before:]):
        return None
    return out


@lru_cache(maxsize=1)
def _builtin() -> tuple[tuple[tuple[str, Scenario], ...], tuple[Issue, ...]]:
    text = BUILTIN_SCENARIOS.read_text(encoding="utf-8")
    doc = load_yaml(text)
    r = Reader(BUILTIN_SCENARIOS_NAME, doc)
    for e in doc.errors:
        r.issues.append(error(Source(r.path, e.line, e.col), e.message))
    got = read_scenarios(r, doc.data, ()) if not doc.errors else None
    return tuple(sorted((got or {}).items())), tuple(r.issues)


def builtin_scenarios() -> tuple[dict[str, Scenario], list[Issue]]:
    """The scenarios shipped with dossier, read once per process through the same reader as the user's."""
    items, issues = _builtin()
    return dict(items), list(issues)
