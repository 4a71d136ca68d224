"""The fault suite of issue 11: malformed repositories never crash, hang, mislocate or write.

Each hand-made fault (catalogue.py) and each derandomized hypothesis mutation
(mutations.py) spoils a small copy of the demo (dossier.yaml and two cases),
then `dossier check` and `dossier build --no-pdf` run in-process under a 30 s
alarm (YAML bombs in a memory-capped child). harness.judge lists every broken
rule; a test fails with that list. bench/fault_figures.py measures the same
inputs for docs/reliability.md.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalogue  # noqa: E402
import harness  # noqa: E402
import mutations  # noqa: E402

FAULTS = catalogue.all_faults()


def _id(fault: harness.Fault) -> str:
    return fault.id.encode("unicode_escape").decode("ascii")


def test_the_suite_has_at_least_200_hand_made_faults():
    assert len(FAULTS) >= 200
    assert {f.kind for f in FAULTS} >= {"plan", "sent", "email", "control char", "far date", "after_due", "amount",
                                        "template", "yaml", "wrong type", "events", "invoices", "piece", "file name"}


def test_the_base_repository_checks_and_builds(tmp_path):
    """Without a fault, both commands succeed: every failure below is the fault's doing."""
    outcome = harness.judge(harness.Fault("base", "untouched", lambda repo: None, catalogue.VALID), tmp_path)
    assert outcome.ok, outcome.summary()
    assert [r.exit_code for r in outcome.runs] == [0, 0]
    assert (tmp_path / "out" / "site" / "index.html").is_file()


@pytest.mark.parametrize("fault", FAULTS, ids=_id)
def test_fault(fault, tmp_path):
    outcome = harness.judge(fault, tmp_path)
    traces = "\n".join(r.trace for r in outcome.runs if r.trace)
    assert outcome.ok, outcome.summary() + ("\n" + traces if traces else "")


def test_hypothesis_mutations_of_the_demo(tmp_path):
    """A few hundred derandomized one-value mutations; all are judged, then every failing one is listed."""
    failures: list[str] = []
    tried = []

    def judge(fault: harness.Fault) -> None:
        workdir = tmp_path / f"m{len(tried)}"
        workdir.mkdir()
        tried.append(fault.id)
        try:
            outcome = harness.judge(fault, workdir)
        finally:
            harness._remove(workdir)
        if not outcome.ok:
            failures.append(outcome.summary())

    mutations.explore(judge)
    assert len(tried) >= 200
    assert not failures, f"{len(failures)} of {len(tried)} mutations break a rule:\n" + "\n".join(failures)


def _github_lines(repo: Path, fmt: str) -> list[str]:
    run = harness.invoke(["check", "--repo", str(repo), "--as-of", harness.AS_OF, "--format", fmt])
    assert run.crash is None and not run.hang
    assert run.exit_code == 1
    return [line for line in run.stderr.split("\n") if line and not harness.SUMMARY.match(line)]


def test_github_format_one_annotation_per_issue_for_a_file_name_with_a_newline(tmp_path):
    """The same errors under a name with a space (text: one line each) and with a newline (github)."""
    counts = {}
    for label, name in (("space", "2026-099 a"), ("newline", "2026-099\na")):
        repo = harness.make_base(tmp_path / label)
        case = catalogue.load(repo, harness.DUPONT)
        case["invoices"][0]["amount"] = "beaucoup"
        catalogue.dump(repo, harness.DUPONT, case)
        (repo / harness.DUPONT).rename(repo / "cases" / f"{name}.yaml")
        if label == "space":
            counts["text"] = len(_github_lines(repo, "text"))
        else:
            lines = _github_lines(repo, "github")
            assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
            assert "\n" not in "".join(lines)
            counts["github"] = len(lines)
    assert counts["github"] == counts["text"] >= 2


def test_unlocated_lines_are_told_apart():
    """The judge's own rule: path:line: for errors at files with lines; a path alone for folders and warnings."""
    before = {"dossier.yaml": b"site: x\n", "cases": ("dir",), "cases/a.yaml": b"debtor: 1\n", "cases/e.yaml": b""}
    stderr = "\n".join([
        "cases/a.yaml:3:5: expected a date, got 1",
        "cases/a.yaml: warning: provisional rate",
        "cases/e.yaml: the file is empty",
        "cases: no case",
        "Build failed: nothing was written.",
        "cases/a.yaml: expected a mapping",        # an error without its line
        "cases/a.yaml:0: line zero",
        "Traceback (most recent call last):",
        "cases/a.yaml:2: Dupont\rSARL",
        "elsewhere.yaml:1: not a repository path",
    ])
    assert harness.unlocated(stderr, before) == [
        "cases/a.yaml: expected a mapping", "cases/a.yaml:0: line zero", "Traceback (most recent call last):",
        "cases/a.yaml:2: Dupont\rSARL", "elsewhere.yaml:1: not a repository path",
    ]


def test_a_crash_is_named_by_its_innermost_dossier_function():
    def inner():
        return [][0]
    try:
        inner()
    except IndexError as exc:
        assert harness.crash_site(exc, exc.__traceback__) == "IndexError in test_faults.inner"
