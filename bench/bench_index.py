"""Benchmark of the index of `status` and `due` (src/dossier/index.py) and of `show`, each run a fresh process.

    .venv/bin/python bench/bench_index.py --claims 10000 [--commits 1]
    .venv/bin/python bench/bench_index.py --repo /tmp/p10k      # an existing portfolio (copied first)

On a portfolio made by `portfolio.py` (or a copy of `--repo`), prints the wall
time, CPU time and peak memory of: `status` and `due` with `--no-index`, then
with the index cold (none yet), warm (nothing changed), and after one claim
was changed; `show ID` (it reads no index). Every indexed run's output is
compared with the `--no-index` output of the same state, byte for byte: a
difference is printed. Nothing here is a test: figures go to docs/performance.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import portfolio  # noqa: E402

AS_OF = "2026-11-24"


def run(label: str, args: list[str], cwd: Path) -> bytes:
    """`dossier ARGS` in a new process; prints wall, CPU and peak memory; returns its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "dossier.cli", *args, "--as-of", AS_OF], cwd=cwd, env=env,
                                 stdout=out, stderr=err)
        _, code, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read().decode("utf-8", "replace")
    status = "" if os.waitstatus_to_exitcode(code) == 0 else f"  (exit: {errors.strip().splitlines()[-1:]})"
    print(f"  {label:<36} {wall:7.2f} s wall {usage.ru_utime + usage.ru_stime:7.2f} s CPU "
          f"{usage.ru_maxrss / 1024:6.0f} MB peak{status}", flush=True)
    return output


def edit_one(repo: Path) -> None:
    """One claim changed: a call added to its journal."""
    case = sorted((repo / "cases").glob("*.yaml"))[0]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.rstrip("\n") + "\n  - {date: 2026-11-20, type: call, outcome: promise}\n", encoding="utf-8")


def bench(repo: Path) -> None:
    index = repo / ".dossier-cache" / "index"
    shutil.rmtree(index, ignore_errors=True)
    claims = len(list((repo / "cases").glob("*.yaml"))) + len(list((repo / "cases").glob("*/dossier.yaml")))
    print(f"{claims} claims in {repo}, as of {AS_OF}")
    for command in (["status"], ["due"]):
        name = " ".join(command)
        expected = run(f"{name} --no-index", [*command, "--no-index"], repo)
        for state in ("index cold", "index warm"):
            if state == "index cold":
                shutil.rmtree(index, ignore_errors=True)
            got = run(f"{name}, {state}", command, repo)
            if got != expected:
                print(f"  ! {name}, {state}: output differs from --no-index")
    edit_one(repo)
    for command in (["status"], ["due"]):
        name = " ".join(command)
        got = run(f"{name}, one claim changed", command, repo)
        if got != run(f"{name} --no-index, one claim changed", [*command, "--no-index"], repo):
            print(f"  ! {name}, one claim changed: output differs from --no-index")
    cases = sorted((repo / "cases").glob("*.yaml"))
    run("show ID", ["show", cases[len(cases) // 2].stem], repo)
    print(f"  index: {sum(p.stat().st_size for p in index.iterdir()) / 1e6:.1f} MB in {index}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=1)
    parser.add_argument("--repo", type=Path, default=None, help="Copy this portfolio instead of making one.")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dossier-bench-index-"))
    try:
        if args.repo is not None:
            repo = tmp / "claims"
            shutil.copytree(args.repo, repo, symlinks=True, ignore=shutil.ignore_patterns(".dossier-cache"))
        else:
            repo = portfolio.write(tmp / "claims", args.claims, args.commits, seed=18, git=args.commits > 0)
        bench(repo)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
