"""The index of `status` and `due` (index.py): a run with it prints, byte for byte, what a run without it prints."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, ROOT
from dossier import index
from dossier.cli import main

DAY = dt.date.fromisoformat(AS_OF)
COMMANDS = (("status",), ("status", "--json"), ("due",), ("due", "--days", "60"), ("due", "--json", "--days", "400"))


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--repo", str(repo), "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def same_with_and_without(repo: Path, commands=COMMANDS) -> list[tuple[int, str, str]]:
    """Every command with the index (as it stands) and with --no-index: the same exit code, output and errors."""
    outputs = []
    for args in commands:
        with_index, without = run(repo, *args), run(repo, *args, "--no-index")
        assert with_index == without, args
        outputs.append(with_index)
    return outputs


def computed(repo: Path) -> int:
    """How many cases a run through the index computed (the others came from it)."""
    found, issues = index.portfolio(repo, DAY)
    assert found is not None, issues
    return found.computed


def test_status_and_due_print_the_same_with_the_index_cold_and_warm(demo_repo: Path):
    cold = same_with_and_without(demo_repo)
    assert all(code == 0 for code, _out, _err in cold)
    assert (demo_repo / ".dossier-cache" / "index" / "status.json").is_file()
    assert (demo_repo / ".dossier-cache" / "index" / "cases.json").is_file()
    assert computed(demo_repo) == 0   # every case from the index
    assert same_with_and_without(demo_repo) == cold
    assert cold[0][1].splitlines()[0].split() == ["case", "status", "total", "next", "action", "due"]
    assert len(json.loads(cold[1][1])) == 16


def test_the_index_holds_what_the_first_run_computed(demo_repo: Path):
    assert computed(demo_repo) == 16
    assert computed(demo_repo) == 0
    body = index.read_index(demo_repo / index.INDEX_DIR / index.INDEX_FILE, index.global_key(demo_repo, DAY))
    entry = body["cases"]["cases/2025-004-bertin.yaml"]
    assert entry["pieces"] == ["cases/pieces/F2025-009.pdf", "cases/pieces/ar-2025-004-bertin.pdf",
                               "cases/pieces/devis-2024-187.pdf"]
    assert entry["row"][0] == "2025-004-bertin"


def test_one_changed_case_is_computed_again_alone(demo_repo: Path):
    same_with_and_without(demo_repo)
    case = demo_repo / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("4800.00", "4900.00", 1), encoding="utf-8")
    assert computed(demo_repo) == 1
    outputs = same_with_and_without(demo_repo)
    row = next(line for line in outputs[0][1].splitlines() if line.startswith("2026-014-dupont "))
    assert "4900.00" in case.read_text(encoding="utf-8") and row.split()[2] != "0.00"
    assert computed(demo_repo) == 0


def test_a_new_as_of_date_a_changed_project_or_language_computes_every_case(demo_repo: Path):
    assert computed(demo_repo) == 16
    found, _issues = index.portfolio(demo_repo, DAY + dt.timedelta(days=1))
    assert found is not None and found.computed == 16
    project = demo_repo / "dossier.yaml"
    project.write_text(project.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert computed(demo_repo) == 16
    french = [CliRunner().invoke(main, ["--lang", "fr", *args, "--repo", str(demo_repo), "--as-of", AS_OF, *extra])
              for args in (("status",), ("due",)) for extra in ((), ("--no-index",))]
    assert french[0].stdout == french[1].stdout and french[2].stdout == french[3].stdout
    assert french[0].stdout.splitlines()[0].split()[0] == "dossier"   # the French header: the key has the language


def test_an_error_is_reported_exactly_as_without_the_index(demo_repo: Path):
    same_with_and_without(demo_repo)
    case = demo_repo / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("4800.00", "-4800.00", 1), encoding="utf-8")
    outputs = same_with_and_without(demo_repo)
    assert all(code == 1 for code, _out, _err in outputs)
    assert "cases/2026-014-dupont.yaml:" in outputs[0][2]


def test_an_invoice_number_in_two_case_files_is_an_error_with_the_index_too(demo_repo: Path):
    same_with_and_without(demo_repo)
    shutil.copy(demo_repo / "cases" / "2026-014-dupont.yaml", demo_repo / "cases" / "2026-099-copie.yaml")
    outputs = same_with_and_without(demo_repo)
    assert outputs[0][0] == 1 and "is also used in cases/2026-" in outputs[0][2]


def test_a_piece_removed_since_the_last_run_is_an_error_with_the_index_too(demo_repo: Path):
    same_with_and_without(demo_repo)
    (demo_repo / "cases" / "pieces" / "F2025-009.pdf").unlink()
    outputs = same_with_and_without(demo_repo)
    assert outputs[0][0] == 1 and "no such file: cases/pieces/F2025-009.pdf" in outputs[0][2]


def test_a_broken_template_is_an_error_with_the_index_too(demo_repo: Path):
    same_with_and_without(demo_repo)
    (demo_repo / "templates").mkdir()
    (demo_repo / "templates" / "relance_informelle.md").write_text("{% if %}\n", encoding="utf-8")
    outputs = same_with_and_without(demo_repo)
    assert outputs[0][0] == 1 and "templates/relance_informelle.md" in outputs[0][2]


def test_a_corrupt_or_foreign_index_is_ignored_and_rewritten(demo_repo: Path):
    expected = same_with_and_without(demo_repo)
    status = demo_repo / index.INDEX_DIR / index.INDEX_FILE
    good = status.read_bytes()
    header, _newline, body = good.partition(b"\n")
    foreign = json.dumps({**json.loads(header), "key": "0" * 64}).encode("utf-8") + b"\n" + body
    tampered = header + b"\n" + body.replace(b'"prescribed"', b'"paid"', 1)   # its checksum no longer matches
    wrong_shape = index.write_index(status, index.global_key(demo_repo, DAY), {"project_pieces": [], "cases": {"x": 1}})
    assert wrong_shape
    shapeless = status.read_bytes()
    for bad in (b"", b"garbage\n{", good[: len(good) // 2], foreign, tampered, shapeless, b"[1, 2]\n[]"):
        status.write_bytes(bad)
        assert same_with_and_without(demo_repo) == expected
        assert computed(demo_repo) == 0   # rewritten by the run above
        assert status.read_bytes() == good


def test_an_index_that_cannot_be_written_changes_nothing(demo_repo: Path):
    expected = same_with_and_without(demo_repo)
    shutil.rmtree(demo_repo / ".dossier-cache")
    (demo_repo / ".dossier-cache").write_text("not a folder", encoding="utf-8")   # as a read-only repository would
    assert same_with_and_without(demo_repo) == expected
    assert computed(demo_repo) == 16   # nothing kept: every run computes every case
    assert (demo_repo / ".dossier-cache").read_text(encoding="utf-8") == "not a folder"


def test_the_index_is_never_written_through_a_link(demo_repo: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (demo_repo / ".dossier-cache").symlink_to(elsewhere)
    same_with_and_without(demo_repo)
    assert list(elsewhere.iterdir()) == []


def test_the_index_leaves_a_git_work_tree_clean(demo_repo: Path):
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=demo_repo, capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "claims")
    same_with_and_without(demo_repo, (("status",),))
    assert (demo_repo / ".dossier-cache" / "index" / "status.json").is_file()
    assert git("status", "--porcelain", "--untracked-files=all") == ""


def test_every_field_that_names_a_piece_is_one_the_index_checks():
    """A piece that disappears invalidates an entry: the index finds pieces by field name (`PIECE_FIELDS`)."""
    named = set()
    for source in (ROOT / "src" / "dossier" / "records").glob("*.py"):
        named |= set(re.findall(r'"(\w+)": readers\.pieces?\b', source.read_text(encoding="utf-8")))
    assert named == set(index.PIECE_FIELDS)


def test_agenda_lines_survive_the_index_unchanged(demo_repo: Path):
    from dossier.build import load_and_compute
    from dossier.ladder.agenda import case_lines

    repo, results, _issues = load_and_compute(demo_repo, DAY)
    assert repo is not None
    assert computed(demo_repo) == 16
    found, _issues = index.portfolio(demo_repo, DAY)
    assert found is not None and found.computed == 0
    expected = [case_lines(r.case, r.ladder, r.statement, DAY) for r in results]
    assert found.lines == expected
    assert sum(len(lines.actions) + len(lines.watched) for lines in expected) > 10
