"""The docs are the contract, inside the repository: docs/format.md's example is a valid repository whose
JSON is the one printed there, nothing points to a file outside the repository, and every link resolves."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from dossier.cli import main

FORMAT = ROOT / "docs" / "format.md"
# The text files a user or a contributor reads: their references must stay inside the repository.
SCANNED = ("README.md", "docs/", "src/", "scripts/", "bench/", ".github/", ".ci/")
TEXT = (".md", ".py", ".html", ".css", ".j2", ".txt", ".yaml", ".yml", ".toml", ".cfg", ".sh", "")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", FORMAT.read_text(encoding="utf-8"), re.S)


def tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--", *SCANNED], cwd=ROOT, capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p and Path(p).suffix in TEXT and (ROOT / p).is_file()]


def test_the_format_example_is_a_valid_repository_with_the_documented_json(tmp_path: Path):
    # docs/format.md alone: its dossier.yaml, its case, the pieces they name; then its JSON at 30 June 2026.
    project, case = blocks("yaml")[:2]
    (tmp_path / "dossier.yaml").write_text(project, encoding="utf-8")
    (tmp_path / "cases" / "pieces").mkdir(parents=True)
    (tmp_path / "cases" / "2026-014-dupont.yaml").write_text(case, encoding="utf-8")
    for piece in ("devis-2026-003.pdf", "F2026-031.pdf"):
        (tmp_path / "cases" / "pieces" / piece).write_bytes(b"%PDF-1.4\n")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--repo", str(tmp_path), "--as-of", "2026-06-30"])
    assert checked.exit_code == 0, checked.output
    shown = runner.invoke(main, ["show", "2026-014-dupont", "--repo", str(tmp_path), "--as-of", "2026-06-30", "--json"])
    assert shown.exit_code == 0, shown.output
    (documented,) = blocks("json")
    assert json.loads(shown.output) == json.loads(documented)
    assert shown.output.strip() == documented.strip()          # byte for byte, as scripts see it
    # 17 d × 4800 × 12.15 % / 365 = 27.16, paid first; 102 d × 3827.16 × 12.15 % / 365 = 129.95
    assert json.loads(documented)["total"] == "3997.11"


def test_the_demo_case_of_the_example_gives_the_same_figures():
    # cases/2026-014-dupont.yaml is the example with more fields (phone, description…): same JSON.
    result = CliRunner().invoke(main, ["show", "2026-014-dupont", "--repo", str(ROOT), "--as-of", "2026-06-30", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(blocks("json")[0])


OUTSIDE = re.compile(r"(?:\.\./)+shared\b|/work/shared\b|(?<![\w/.-])(?:FORMAT\.md|reference/[\w.-]+\.md)")


def outside_references(text: str) -> list[str]:
    """References to files outside the repository: FORMAT.md, reference/*.md, ../shared."""
    return [m.group(0) for m in OUTSIDE.finditer(text)]


def test_the_scan_knows_an_outside_reference_from_a_docs_page():
    assert outside_references("see FORMAT.md and reference/law.md §3, or ../shared/DESIGN.md") == [
        "FORMAT.md", "reference/law.md", "../shared"]
    assert outside_references("see docs/format.md, [law.md](law.md), docs/law.md and format.md") == []


def test_nothing_points_outside_the_repository():
    found = []
    for rel in tracked():
        for n, line in enumerate((ROOT / rel).read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            found += [f"{rel}:{n}: {ref}" for ref in outside_references(line)]
    assert found == []


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_relative_link_of_the_docs_resolves():
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            if not (page.parent / path).exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []
