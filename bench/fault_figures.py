"""The figures of docs/reliability.md: run the whole fault suite's inputs outside pytest and tabulate.

    PYTHONPATH=src .venv/bin/python bench/fault_figures.py [--examples N] [--mutations-only] [--list]

Judges every hand-made fault (tests/faults/catalogue.py) and the derandomized
hypothesis mutations (tests/faults/mutations.py) exactly as tests/faults/ does,
without stopping at the first failure, and prints Markdown: inputs tried,
inputs failing, tracebacks, hangs, unlocated messages and the other broken
rules, then the crash sites (exception type and innermost dossier function)
with how many inputs reach each and one example. --list prints every failing
input too.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "faults"))
sys.path.insert(0, str(ROOT / "src"))

import catalogue  # noqa: E402
import harness  # noqa: E402
import mutations  # noqa: E402

CATEGORIES = ("traceback", "hang", "unlocated", "exit code", "check verdict", "written on failure",
              "repository changed", "object repr")


def measure(examples: int, hand_made: bool = True) -> tuple[list[harness.Outcome], list[harness.Outcome], float]:
    """Judge the hand-made faults, then the mutations; return both outcome lists and the seconds taken."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="dossier-faults-") as scratch:
        made = harness.run_all(catalogue.all_faults(), Path(scratch)) if hand_made else []
        mutated: list[harness.Outcome] = []
        counter = iter(range(10**9))

        def judge(fault: harness.Fault) -> None:
            workdir = Path(scratch) / f"m{next(counter)}"
            workdir.mkdir()
            try:
                mutated.append(harness.judge(fault, workdir))
            finally:
                harness._remove(workdir)

        mutations.explore(judge, examples)
    return made, mutated, time.monotonic() - start


def table(made: list[harness.Outcome], mutated: list[harness.Outcome], seconds: float) -> str:
    rows = ["| | hand-made | mutations | total |", "|---|---:|---:|---:|"]

    def row(label: str, count) -> None:
        a, b = count(made), count(mutated)
        rows.append(f"| {label} | {a} | {b} | {a + b} |")

    row("inputs tried", len)
    row("inputs breaking a rule", lambda os_: sum(not o.ok for o in os_))
    for category in CATEGORIES:
        row(f"inputs with: {category}", lambda os_, c=category: sum(c in o.problems for o in os_))
    lines = rows + ["", f"Measured in {seconds:.0f} s.", "", "Crash sites (exception in the innermost dossier function):", "",
                    "| crash site | inputs | example |", "|---|---:|---|"]
    sites: dict[str, list[str]] = collections.defaultdict(list)
    for outcome in made + mutated:
        for run in outcome.runs:
            if run.crash and outcome.fault_id not in sites[run.crash]:
                sites[run.crash].append(outcome.fault_id)
    for site, ids in sorted(sites.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        example = ids[0].replace("\n", "\\n").replace("|", "\\|")
        lines.append(f"| {site} | {len(ids)} | {example[:90]} |")
    lines += ["", f"{len(sites)} distinct crash sites."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=mutations.EXAMPLES, help="hypothesis mutations to try")
    parser.add_argument("--mutations-only", action="store_true", help="skip the hand-made faults")
    parser.add_argument("--list", action="store_true", help="also print every failing input and why")
    args = parser.parse_args()
    made, mutated, seconds = measure(args.examples, hand_made=not args.mutations_only)
    print(table(made, mutated, seconds))
    if args.list:
        print()
        for outcome in made + mutated:
            if not outcome.ok:
                print(outcome.summary().replace("\n\n", "\n"))


if __name__ == "__main__":
    main()
