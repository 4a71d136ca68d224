"""Hypothesis-generated mutations of the base repository: one value of a case or of dossier.yaml replaced.

A mutation picks a file (a demo case or dossier.yaml), one to three paths in
its data and a hostile value for each, and writes the data back as YAML. The exploration is
derandomized (the same examples on every run) and does not shrink: it only
feeds examples to a callback, so pytest and bench/fault_figures.py judge the
very same inputs.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from catalogue import EITHER, dump, leaves, load
from harness import DUPONT, ROOT, ROUX, Fault

EXAMPLES = 500

HOSTILE: list[Any] = [
    None, True, False, "", " ", 0, -1, 10**40, -(10**18), 1e308, 0.001, float("nan"),
    [], {}, [None], {"a": {"b": []}}, ["x", 1, None],
    "x\ny", "x\rx", "\x00", "\u2028", "\t", "é" * 300, "%s%n{0}", "{{ 7*7 }}", "{% include 'x' %}",
    "[x](javascript:alert(1))", "![](http://tracker/px.png)", "<b>x</b>", "::error file=x::boom",
    "../../../../etc/passwd", "/etc/passwd", "pieces/", "2026-02-30", "2026-13-01", "31/12/2026",
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1900, 1, 1), dt.date(2200, 12, 31), dt.date(2026, 11, 25),
    "12%", "-12%", "1e9%", "legal", "professional", "consumer", "public", "mise_en_demeure", "payment", "plan",
    "F2026-031", "F2026-145", "compta@dupont-rénovation.fr", "a@b@c",
]
FILES = (DUPONT, ROUX, "dossier.yaml")
_PATHS = {rel: [p for p, _ in leaves(yaml.safe_load((ROOT / rel).read_text(encoding="utf-8")))] for rel in FILES}


def mutations() -> st.SearchStrategy[tuple[str, list[tuple[tuple, Any]]]]:
    """A file and one to three (path, hostile value) replacements in it."""
    return st.sampled_from(FILES).flatmap(
        lambda rel: st.tuples(st.just(rel), st.lists(
            st.tuples(st.sampled_from(_PATHS[rel]), st.sampled_from(HOSTILE)), min_size=1, max_size=3)))


def as_fault(rel: str, changes: list[tuple[tuple, Any]]) -> Fault:
    """The mutation as a Fault: any verdict is allowed, but it must be located, consistent and without traceback.

    A later path that an earlier replacement made unreachable is left out.
    """
    def spoil(repo: Path) -> None:
        data = load(repo, rel)
        for path, value in changes:
            node = data
            try:
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = value
            except (KeyError, IndexError, TypeError):
                continue
        dump(repo, rel, data)
    label = "; ".join(f"{'.'.join(str(p) for p in path)} = {value!r:.50}" for path, value in changes)
    return Fault("mutation", f"{rel} {label}", spoil, EITHER)


def explore(callback: Callable[[Fault], None], examples: int = EXAMPLES) -> None:
    """Feed `examples` derandomized mutations to `callback` (which must not raise to see them all)."""
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(mutations())
    def run(mutation: tuple[str, list[tuple[tuple, Any]]]) -> None:
        callback(as_fault(*mutation))

    run()
