"""The history read once (history/versions.py): one `git log` for every case, versions loaded once, exact verdicts."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.records.i18n import set_language
from dossier.history import caselog, history, versions

from gitrepo import CASE, LOUISE, PAUL, GitRepo


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    """These summaries are pinned in French, the command line's default (tests/test_i18n.py pins the English)."""
    monkeypatch.setenv("DOSSIER_LANG", "fr")
    set_language("fr")




def portfolio(tmp_path: Path, cases: int, commits: int) -> GitRepo:
    g = GitRepo(tmp_path / "claims")
    for k in range(commits):
        for i in range(cases):
            text = CASE.replace("FA-2025-301", f"FA-{i:03d}") + "".join(
                f"  - {{date: 2025-11-{21 + j:02d}, type: call, outcome: promise}}\n" for j in range(k))
            g.write(f"cases/2026-{i:03d}-x.yaml", text)
        g.commit(f"suivi {k}", LOUISE if k % 2 else PAUL, f"2025-12-{k + 1:02d}T10:00:00+01:00")
    return g


def test_one_git_log_for_every_case(tmp_path: Path, monkeypatch):
    g = portfolio(tmp_path, cases=4, commits=3)
    calls = []
    real = history.log_all
    monkeypatch.setattr(history, "log_all", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setattr(history, "touching", lambda *a: (_ for _ in ()).throw(AssertionError("git log per case")))
    logs = caselog.case_logs(g.path, [f"2026-{i:03d}-x" for i in range(4)])
    assert len(calls) == 1
    assert {case_id: [e.summaries for e in log] for case_id, log in logs.items()}["2026-002-x"] == [
        ("appel téléphonique du 22/11/2025\u00a0: promesse de paiement",),
        ("appel téléphonique du 21/11/2025\u00a0: promesse de paiement",),
        ("dossier créé\u00a0: 1 facture, 2\u202f350,40\u00a0€, 1 événement au journal",),
    ]
    # the site asks case by case: the same walk answers (no second `git log` at the same HEAD)
    for i in range(4):
        assert len(caselog.case_log(g.path, f"2026-{i:03d}-x")) == 3
    assert len(calls) == 1
    text = (g.path / "cases/2026-000-x.yaml").read_text(encoding="utf-8")
    g.write("cases/2026-000-x.yaml", text.replace("12 rue", "14 rue"))
    g.commit("adresse", LOUISE, "2025-12-09T10:00:00+01:00")
    assert caselog.case_log(g.path, "2026-000-x")[0].summaries == ("adresse du débiteur modifiée",)
    assert len(calls) == 2   # a new HEAD: read again


def test_new_file_like_another_is_created_not_renamed(tmp_path: Path):
    """`git log --follow` takes a new file copied from another for a rename; the walk does not."""
    g = GitRepo(tmp_path / "claims")
    g.write("cases/2026-001-a.yaml", CASE)
    g.commit("a", LOUISE, "2025-12-01T10:00:00+01:00")
    g.write("cases/2026-002-b.yaml", CASE)
    g.commit("b", PAUL, "2025-12-02T10:00:00+01:00")
    assert [e.summaries for e in caselog.case_log(g.path, "2026-002-b")] == [
        ("dossier créé\u00a0: 1 facture, 2\u202f350,40\u00a0€, 1 événement au journal",)]


def test_piece_missing_in_its_commit_is_invalid_even_if_present_now(tmp_path: Path):
    """A version is checked against its own commit's tree, not the working tree's."""
    g = GitRepo(tmp_path / "claims")
    linked = CASE.replace("amount: 2350.40}", "amount: 2350.40, piece: pieces/FA.pdf}")
    g.write("cases/2026-001-a.yaml", linked)
    g.commit("lié trop tôt", LOUISE, "2025-12-01T10:00:00+01:00")
    g.write("cases/pieces/FA.pdf", b"%PDF-1.4\n")
    g.commit("pièce", PAUL, "2025-12-02T10:00:00+01:00")
    log = caselog.case_log(g.path, "2026-001-a")
    assert [e.summaries for e in log] == [(
        "version non valide\u00a0: cases/2026-001-a.yaml:6:86: invoices[0].piece\u00a0: fichier introuvable\u00a0: cases/pieces/FA.pdf",)]


def test_touching_follows_renames(tmp_path: Path):
    g = GitRepo(tmp_path / "claims")
    g.write("cases/2026-001-a.yaml", CASE)
    g.commit("a", LOUISE, "2025-12-01T10:00:00+01:00")
    g.git("mv", "cases/2026-001-a.yaml", "cases/2026-001-b.yaml")
    g.commit("renommé", PAUL, "2025-12-02T10:00:00+01:00")
    repo, prefix = history.open_repo(g.path)
    walk = versions.walk(repo, prefix, g.path)
    commits, seen = walk.touching("cases/2026-001-b.yaml")
    assert len(commits) == 2 and seen == ["cases/2026-001-b.yaml", "cases/2026-001-a.yaml"]
    old_commits, old_seen = history.touching(repo, prefix, "cases/2026-001-b.yaml")   # `git log --follow`
    assert (commits, seen) == ([c[0] for c in old_commits], old_seen)
