"""Run `dossier check` and `dossier build` on one malformed repository and judge the outcome.

Shared by the pytest fault suite (tests/faults/) and bench/fault_figures.py, so
the figures in docs/reliability.md are measured by the same code the tests
assert with. A fault is a function that spoils a small valid repository (the
demo's dossier.yaml and two demo cases); each run is judged on the contract of
issue 11: no traceback, no hang, an exit code from an expected set, every
printed issue located at a repository path (and a line when that file has
lines), no object repr, `check` gives `build`'s verdict, a failed build writes
nothing, and the repository's files are left as they were.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-24"
TIME_LIMIT = 30          # seconds per invocation; beyond it the run counts as a hang
MEMORY_LIMIT = 2 << 30   # bytes of address space for isolated (subprocess) runs

#: The demo cases a base repository holds, and the pieces they reference.
BASE_CASES = ("2026-014-dupont", "2026-022-cave-roux")
BASE_PIECES = (
    "devis-2026-003.pdf", "F2026-031.pdf", "ar-2026-014-dupont.pdf",
    "F2026-145.pdf", "ar-2026-022-cave-roux.pdf", "cgv-2026.pdf", "echeancier-2026-022-cave-roux.pdf",
)
DUPONT = "cases/2026-014-dupont.yaml"
ROUX = "cases/2026-022-cave-roux.yaml"

#: stderr lines that are not issues (the CLI's own summaries).
SUMMARY = re.compile(r"^(Build failed: nothing was written\.|\d+ cases? checked: .*|Built \d+ cases? .*)$")
LOCATION = re.compile(r"^(?P<line>\d+)(?::(?P<col>\d+))?: ")
#: Paths a message may name although the repository lacks them (a missing project file or folder).
ALWAYS_KNOWN = ("dossier.yaml", "cases", "templates")
OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-f]+>")


@dataclass(frozen=True)
class Fault:
    """One malformed input: `spoil` edits a copy of the base repository in place.

    `accept` is the set of exit codes both commands may give (1: the input is an
    error; 0 as well where the input may legitimately be accepted).
    `isolate` runs the commands in a subprocess (YAML bombs: memory, C loops).
    """

    kind: str
    name: str
    spoil: Callable[[Path], None]
    accept: frozenset[int] = frozenset({1})
    isolate: bool = False

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass
class Run:
    """What one command did."""

    command: str
    exit_code: int | None = None
    crash: str | None = None          # "IndexError in dossier.documents.dates_phrase"
    trace: str = ""
    hang: bool = False
    stderr: str = ""


@dataclass
class Outcome:
    """The verdict on one fault: its runs and every broken rule, by category."""

    fault_id: str
    runs: list[Run] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    def add(self, category: str, detail: str) -> None:
        self.problems.setdefault(category, []).append(detail)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"{self.fault_id}:"]
        for category, details in self.problems.items():
            lines += [f"  {category}: {d}" for d in details]
        return "\n".join(lines)


# --- repositories -----------------------------------------------------------------

def make_base(repo: Path) -> Path:
    """A minimal valid claims repository: the demo's dossier.yaml, two cases and their pieces."""
    (repo / "cases" / "pieces").mkdir(parents=True)
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    for case in BASE_CASES:
        shutil.copy2(ROOT / "cases" / f"{case}.yaml", repo / "cases" / f"{case}.yaml")
    for piece in BASE_PIECES:
        shutil.copy2(ROOT / "cases" / "pieces" / piece, repo / "cases" / "pieces" / piece)
    return repo


def snapshot(repo: Path) -> dict[str, object]:
    """Every entry below `repo` (files by bytes, symlinks by target, folders by name), without following links."""
    entries: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(repo, followlinks=False):
        base = Path(dirpath)
        for name in dirnames + filenames:
            p = base / name
            rel = p.relative_to(repo).as_posix()
            if p.is_symlink():
                entries[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                entries[rel] = ("dir",)
            else:
                entries[rel] = p.read_bytes()
    return entries


# --- running ------------------------------------------------------------------------

class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in the tool swallows it."""


def _on_alarm(signum, frame):  # noqa: ARG001
    raise Hang()


def crash_site(exc: BaseException, tb) -> str:
    """`Type in module.function` for the innermost frame inside the dossier package."""
    frames = traceback.extract_tb(tb)
    inside = [f for f in frames if f"{os.sep}dossier{os.sep}" in f.filename]
    frame = (inside or frames or [None])[-1]
    if frame is None:
        return type(exc).__name__
    module = Path(frame.filename).stem
    package = "dossier." if inside else ""
    return f"{type(exc).__name__} in {package}{module}.{frame.name}"


def invoke(args: list[str]) -> Run:
    """One CLI command in-process under the time limit."""
    from click.testing import CliRunner

    from dossier.cli import main

    run = Run(command=args[0])
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    except Hang:
        run.hang = True
        return run
    except RecursionError as exc:   # escaped the runner (raised while it restored its streams)
        run.crash = crash_site(exc, exc.__traceback__)
        return run
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    run.exit_code = result.exit_code
    run.stderr = result.stderr
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        tb = result.exc_info[2] if result.exc_info else exc.__traceback__
        run.crash = crash_site(exc, tb)
        run.trace = "".join(traceback.format_exception(type(exc), exc, tb))[-3000:]
    return run


def invoke_all(commands: list[list[str]]) -> list[Run]:
    """Run the commands in order in this process; stop after a hang (the next would hang the same way)."""
    runs = []
    for args in commands:
        runs.append(invoke(args))
        if runs[-1].hang:
            break
    return runs


def invoke_isolated(commands: list[list[str]]) -> list[Run]:
    """The same commands in one child Python (memory-capped, killed if it outlives the time limits)."""
    code = (
        "import json,sys; sys.path.insert(0, sys.argv[1]); import harness, dataclasses; "
        "print(json.dumps([dataclasses.asdict(r) for r in harness.invoke_all(json.loads(sys.argv[2]))]))"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    first = commands[0][0]
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, str(Path(__file__).parent), json.dumps(commands)],
            capture_output=True, text=True, timeout=TIME_LIMIT * len(commands) + 15, preexec_fn=limit, env=env,
        )
    except subprocess.TimeoutExpired:
        return [Run(command=first, hang=True)]
    lines = proc.stdout.strip().splitlines()
    try:
        return [Run(**fields) for fields in json.loads(lines[-1])]
    except (IndexError, ValueError, TypeError):
        tail = (proc.stderr or "").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        if "MemoryError" in tail[0]:
            return [Run(command=first, crash="MemoryError (over the 2 GiB cap)", trace=proc.stderr[-3000:])]
        return [Run(command=first, crash=f"child died: {tail[0][:120]}", trace=proc.stderr[-3000:])]


# --- judging ------------------------------------------------------------------------

# A problem with a file's name, not its content: no line of the file is at fault.
NAME_PROBLEM = "(the file or folder name)"


def unlocated(stderr: str, before: dict[str, object]) -> list[str]:
    """Printed lines that are neither a summary nor an issue located at a repository path.

    An error at a file with lines (any non-empty file) needs ``path:line[:col]: ``
    with a line >= 1; a folder, an empty or a missing file (dossier.yaml,
    cases/), or a file whose name is at fault, may be named alone. A warning needs its path only. A carriage
    return inside a line (raw data reaching the terminal) counts as unlocated.
    """
    bad = []
    known = dict.fromkeys(ALWAYS_KNOWN, b"")
    # Paths as printed: a line break in a file name is shown as \n, so that one issue stays one line.
    known.update({p.replace("\r", "\\r").replace("\n", "\\n"): c for p, c in before.items()})
    paths = sorted(known, key=len, reverse=True)
    for text in stderr.split("\n"):
        if not text.strip() or SUMMARY.match(text):
            continue
        path = next((p for p in paths if text.startswith(p + ":")), None)
        if path is None or "\r" in text:
            bad.append(text)
            continue
        rest = text[len(path) + 1:]
        content = known[path]
        has_lines = isinstance(content, bytes) and len(content) > 0
        match = LOCATION.match(rest)
        if match and int(match["line"]) >= 1:
            continue
        if rest.startswith(" ") and (not has_lines or rest.startswith(" warning: ") or NAME_PROBLEM in rest):
            continue
        bad.append(text)
    return bad


def judge(fault: Fault, workdir: Path) -> Outcome:
    """Spoil a fresh base repository below `workdir`, run check and build, and list every broken rule."""
    repo = make_base(workdir / "claims")
    fault.spoil(repo)
    before = snapshot(repo)
    out_parent = workdir / "out"
    out_parent.mkdir()
    out = out_parent / "site"
    common = ["--repo", str(repo), "--as-of", AS_OF, "--format", "text"]
    commands = [["check", *common], ["build", *common[:4], "--no-pdf", "--out", str(out), *common[4:]]]
    runs = (invoke_isolated if fault.isolate else invoke_all)(commands)
    outcome = Outcome(fault.id, runs)
    check = runs[0]
    if check.hang:
        # The build loads the same files: it would hang the same way; spare the suite 30 s.
        outcome.add("hang", "check: no answer within %d s (build not tried)" % TIME_LIMIT)
        _judge_repository(outcome, repo, before)
        return outcome
    if len(runs) < 2:   # the child process died before the build
        outcome.add("traceback", f"check: {check.crash}")
        _judge_repository(outcome, repo, before)
        return outcome
    build = runs[1]
    for run in (check, build):
        if run.hang:
            outcome.add("hang", f"{run.command}: no answer within {TIME_LIMIT} s")
            continue
        if run.crash:
            outcome.add("traceback", f"{run.command}: {run.crash}")
        elif run.exit_code not in fault.accept:
            outcome.add("exit code", f"{run.command}: exit {run.exit_code}, expected one of {sorted(fault.accept)}")
        for text in unlocated(run.stderr, before):
            outcome.add("unlocated", f"{run.command}: {text[:160]!r}")
        for match in OBJECT_REPR.findall(run.stderr):
            outcome.add("object repr", f"{run.command}: {match}")
    if not (check.crash or build.crash or build.hang) and check.exit_code != build.exit_code:
        outcome.add("check verdict", f"check exit {check.exit_code}, build exit {build.exit_code}")
    if build.exit_code != 0 or build.crash or build.hang:
        leftovers = sorted(p.name for p in out_parent.iterdir())
        if leftovers:
            outcome.add("written on failure", f"build failed but left {leftovers} in the output folder's parent")
    _judge_repository(outcome, repo, before)
    return outcome


def _judge_repository(outcome: Outcome, repo: Path, before: dict[str, object]) -> None:
    after = snapshot(repo)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        outcome.add("repository changed", ", ".join(changed[:5]))


def run_all(faults: Iterable[Fault], scratch: Path) -> list[Outcome]:
    """Judge every fault, each in its own folder below `scratch` (removed after)."""
    outcomes = []
    for n, fault in enumerate(faults):
        workdir = scratch / f"f{n}"
        workdir.mkdir()
        try:
            outcomes.append(judge(fault, workdir))
        finally:
            _remove(workdir)
    return outcomes


def _remove(folder: Path) -> None:
    """Remove a scratch folder we made, without following symlinks planted by a fault."""
    shutil.rmtree(folder, ignore_errors=True)
