"""The package's layout: one folder per stage, imports going one way, no cycle (docs/architecture.md).

Every import of a dossier module is read from the source with `ast`, those
inside functions included (a lazy import still ties two modules together).
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dossier"

# Lowest first: a module may import from its own stage or from a stage before it, never after.
STAGES = ("records", "law", "ladder", "documents", "court", "history", "imports", "sending", "site", "build", "cli")
# The top-level modules and the stage each belongs to: the pipeline, then the commands that run it.
TOP = {"__init__": "records", "build": "build", "index": "build", "index_file": "build", "shards": "build", "merge": "build", "cli": "cli", "cli_common": "cli", "cli_git": "cli", "cli_send": "cli", "serve": "cli",
       "verify": "cli", "scaffold": "cli", "cli_import": "cli"}
# A module a reader holds in mind: ~400 lines (docs/architecture.md).
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(module imported, line) for every import of a dossier module in `path`, at any depth."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:   # `from . import ledger` imports the module dossier.ledger
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in known else target, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return sorted({(t, line) for t, line in found if t in known and t != name})


def stage(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1:
        return TOP["__init__"]
    if len(parts) == 2 and parts[1] in TOP:
        return TOP[parts[1]]
    return parts[1]


def graph() -> dict[str, list[tuple[str, int]]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def test_every_module_has_a_stage() -> None:
    unknown = [name for name in modules() if stage(name) not in STAGES]
    assert not unknown, f"modules outside the stage folders {STAGES}: {unknown} (add them to TOP or to a folder)"


def test_imports_go_down_the_stages() -> None:
    rank = {s: i for i, s in enumerate(STAGES)}
    upward = [f"{name} (stage {stage(name)}) imports {target} (stage {stage(target)}) at line {line}"
              for name, targets in graph().items() for target, line in targets
              if target != "dossier" and rank[stage(target)] > rank[stage(name)]]
    assert not upward, "imports going up the stages " + " ← ".join(STAGES) + ":\n" + "\n".join(upward)


def test_no_import_cycle() -> None:
    edges = {name: sorted({t for t, _ in targets if t != "dossier"}) for name, targets in graph().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_the_checker_sees_a_function_level_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from ..build import build_site\n", encoding="utf-8")
    assert imports("dossier.site.x", source, {"dossier.build", "dossier.site.x"}) == [("dossier.build", 2)]


def test_no_module_is_over_400_lines() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them along a seam): {long}"


def test_test_files_have_unique_names() -> None:
    """pytest imports test modules by their basename: two test_x.py in two folders would clash at collection."""
    names = [p.name for p in (PACKAGE.parent.parent / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
