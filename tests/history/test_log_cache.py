"""The per-case cache of timelines (history/log_cache.py): kept by the commits that touch a case, never trusted blindly."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dossier.documents.cache import ContentCache
from dossier.history import caselog, log_cache
from dossier.history.caselog import LogEntry
from dossier.history.log_cache import LogCache

from gitrepo import CASE, LOUISE, PAUL, GitRepo

DUPONT, MOREAU = "2026-014-dupont", "2026-015-moreau"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """Two cases: Dupont created then corrected, Moreau created once."""
    g = GitRepo(tmp_path / "claims")
    g.write(f"cases/{DUPONT}.yaml", CASE)
    g.write(f"cases/{MOREAU}.yaml", CASE.replace("Dupont Rénovation", "Moreau Frères").replace("FA-2025-301", "FA-2025-302"))
    g.commit("ouverture", LOUISE, "2025-11-21T09:00:00+01:00")
    g.write(f"cases/{DUPONT}.yaml", CASE.replace("2350.40", "2530.40"))
    g.commit("Dupont: montant corrigé", PAUL, "2025-11-24T14:30:00+01:00")
    return g


def fresh(tmp_path: Path) -> LogCache:
    return LogCache(ContentCache(tmp_path / "cache"))


def no_working_out(monkeypatch) -> None:
    """From here on, a log worked out from the history fails the test: it must come from the cache."""
    def refuse(*args, **kwargs):
        raise AssertionError("worked out again")
    monkeypatch.setattr(caselog, "case_logs", refuse)


def test_a_log_is_kept_and_read_back_equal(repo: GitRepo, tmp_path: Path, monkeypatch):
    expected = caselog.case_logs(repo.path, [DUPONT, MOREAU])
    shas = repo.git("log", "--format=%H").split()
    assert [e.commit for e in expected[DUPONT]] == shas and [e.commit for e in expected[MOREAU]] == shas[1:]
    assert expected[DUPONT][0].date == dt.datetime(2025, 11, 24, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    cache = fresh(tmp_path)
    assert log_cache.case_logs(cache, repo.path, [DUPONT, MOREAU]) == expected
    assert (cache.hits, cache.misses) == (0, 2)
    no_working_out(monkeypatch)
    again = fresh(tmp_path)
    assert log_cache.case_logs(again, repo.path, [MOREAU, DUPONT]) == expected
    assert (again.hits, again.misses) == (2, 0)


def test_a_new_commit_is_a_miss_for_the_case_it_touches_only(repo: GitRepo, tmp_path: Path):
    log_cache.case_logs(fresh(tmp_path), repo.path, [DUPONT, MOREAU])
    repo.write(f"cases/{MOREAU}.yaml", (repo.path / f"cases/{MOREAU}.yaml").read_text(encoding="utf-8")
               + "  - {date: 2025-11-28, type: call, outcome: promise}\n")
    repo.commit("Moreau: appel", PAUL, "2025-11-28T10:00:00+01:00")
    repo.write("README.md", "# Recouvrement\n")
    repo.commit("lisez-moi", PAUL, "2025-11-29T10:00:00+01:00")     # touches no case: no new key
    cache = fresh(tmp_path)
    logs = log_cache.case_logs(cache, repo.path, [DUPONT, MOREAU])
    assert (cache.hits, cache.misses) == (1, 1)
    assert logs == caselog.case_logs(repo.path, [DUPONT, MOREAU])
    assert logs[MOREAU][0].subject == "Moreau: appel" and len(logs[MOREAU]) == 2


def test_a_case_not_in_the_history_has_an_empty_log_and_nothing_kept(repo: GitRepo, tmp_path: Path):
    repo.write("cases/2026-016-leroy.yaml", CASE)
    cache = fresh(tmp_path)
    assert log_cache.case_logs(cache, repo.path, ["2026-016-leroy"]) == {"2026-016-leroy": []}
    assert (cache.hits, cache.misses) == (0, 0) and not (tmp_path / "cache").exists()


def test_a_damaged_or_foreign_entry_is_a_miss_and_the_log_worked_out_again(repo: GitRepo, tmp_path: Path):
    expected = log_cache.case_logs(fresh(tmp_path), repo.path, [DUPONT])
    for blob in (tmp_path / "cache").rglob("*.bin"):            # damaged: the blob no longer has its SHA-256
        blob.write_bytes(blob.read_bytes().replace(b"Paul", b"Jean"))
    cache = fresh(tmp_path)
    assert log_cache.case_logs(cache, repo.path, [DUPONT]) == expected and (cache.hits, cache.misses) == (0, 1)
    for meta in (tmp_path / "cache").rglob("*.json"):            # foreign: sound as a blob, not a log
        key = meta.stem
        ContentCache(tmp_path / "cache").put(key, json.dumps({"schema": log_cache.SCHEMA, "log": [{"commit": 1}]}).encode())
    cache = fresh(tmp_path)
    assert log_cache.case_logs(cache, repo.path, [DUPONT]) == expected and (cache.hits, cache.misses) == (0, 1)
    cache = fresh(tmp_path)                                      # the miss wrote the entry back
    assert log_cache.case_logs(cache, repo.path, [DUPONT]) == expected and (cache.hits, cache.misses) == (1, 0)


ENTRY = LogEntry("abc", "Louise Martin", dt.datetime(2025, 11, 21, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
                 ("dossier créé\u00a0: 1 facture",), "louise@atelier-martin.fr", "ouverture")


def test_decode_takes_back_exactly_what_encode_wrote():
    assert log_cache.decode(log_cache.encode([ENTRY])) == [ENTRY]
    assert log_cache.decode(log_cache.encode([])) == []
    good = json.loads(log_cache.encode([ENTRY]))
    row = good["log"][0]
    for bad in ({**good, "schema": "case-log/0"}, {**good, "extra": 1}, {"schema": log_cache.SCHEMA, "log": {}},
                {**good, "log": [{**row, "date": "2025-11-21T09:00:00"}]},      # no UTC offset
                {**good, "log": [{**row, "summaries": ["ok", 3]}]},
                {**good, "log": [{**row, "summaries": "not a list"}]},
                {**good, "log": [{**row, "author": None}]},
                {**good, "log": [{k: v for k, v in row.items() if k != "email"}]},
                {**good, "log": [{**row, "date": "hier"}]}):
        assert log_cache.decode(json.dumps(bad).encode()) is None
    assert log_cache.decode(b"\xff") is None and log_cache.decode(b"[1]") is None


def test_the_key_holds_the_commits_the_names_and_the_language(tmp_path: Path):
    cache = fresh(tmp_path)
    base = cache.key(tmp_path, "", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml"])
    assert base == cache.key(tmp_path, "", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml"])
    others = [cache.key(tmp_path, "", f"cases/{DUPONT}.yaml", ["c", "a", "b"], [f"cases/{DUPONT}.yaml"]),
              cache.key(tmp_path, "", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml", "cases/old.yaml"]),
              cache.key(tmp_path, "sub/", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml"]),
              cache.key(tmp_path / "elsewhere", "", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml"])]
    from dossier.records.i18n import speaking
    with speaking("fr"):
        others.append(cache.key(tmp_path, "", f"cases/{DUPONT}.yaml", ["a", "b"], [f"cases/{DUPONT}.yaml"]))
    assert len({base, *others}) == 6
