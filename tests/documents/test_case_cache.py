"""The per-case cache of rendered documents: what goes in its key, its JSON entries, and never a stale or foreign entry."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import AS_OF
from dossier import build
from dossier.documents import writing
from dossier.documents.cache import ContentCache
from dossier.documents.case_cache import CaseCache, decode, encode, named_files
from dossier.documents.document import Document, EmailParts, Facts
from dossier.records.errors import Issue, Source
from dossier.records.i18n import set_language
from dossier.records.model import SentFile

DAY = dt.date.fromisoformat(AS_OF)


def computed(repo: Path, as_of: dt.date = DAY):
    loaded, results, issues = build.load_and_compute(repo, as_of)
    assert loaded is not None, issues
    return loaded, {r.case.id: r for r in results}


def a_document() -> Document:
    return Document(case_id="2026-014-dupont", step_id="mise_en_demeure", kind="email", name="05-mise-en-demeure",
                    date=dt.date(2026, 4, 17), html="<p>Madame,\u00a0</p>", text="Madame,", channel="email",
                    attachments=("cases/pieces/F2026-031.pdf",),
                    issues=(Issue(Source("cases/2026-014-dupont.yaml", 32, 5), "a warning", "warning", "lint", fr="Un avertissement."),),
                    facts=Facts(Decimal("3900.00"), Decimal("3800.00"), Decimal("60.10"), Decimal("40"), dt.date(2026, 5, 2), True),
                    email=EmailParts("Cabinet", "c@x.fr", "Dupont", "d@x.fr", "Mise en demeure", "<p>x</p>", "x"),
                    archived=(SentFile("cases/2026-014-dupont/envoyes/a.pdf", "ab" * 32, Source("cases/2026-014-dupont.yaml", 32, 1)),))


def test_a_document_survives_the_json_round_trip_field_by_field():
    doc = a_document()
    back = decode(json.loads(json.dumps(encode([doc]))))[0]
    assert back == doc
    assert back.issues[0].fr == "Un avertissement." and back.issues[0].code == "lint"   # not compared by ==
    assert back.facts.principal == Decimal("3800.00") and str(back.facts.interest) == "60.10"
    assert back.attachments == ("cases/pieces/F2026-031.pdf",) and isinstance(back.archived[0], SentFile)


def test_a_type_not_on_the_list_is_neither_written_nor_read():
    with pytest.raises(TypeError):
        encode([object()])
    with pytest.raises(KeyError):
        decode({"$type": "Popen", "fields": {"args": "rm -rf /"}})
    with pytest.raises(ValueError):
        decode({"$eval": "1"})


def test_the_files_a_case_names_are_read_back_by_the_entry(demo_repo: Path):
    _loaded, results = computed(demo_repo)
    assert named_files(results["2026-014-dupont"].case) == [
        "cases/2026-014-dupont.yaml",
        "cases/2026-014-dupont/envoyes/2026-03-09-relance-informelle.eml",
        "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf",
        "cases/pieces/F2026-031.pdf", "cases/pieces/ar-2026-014-dupont.pdf", "cases/pieces/devis-2026-003.pdf"]


def rendered(repo: Path, folder: Path, as_of: dt.date = DAY):
    loaded, results = computed(repo, as_of)
    cached = CaseCache(ContentCache(folder), loaded.project, as_of, repo)
    issues, by_case = writing.render_documents(loaded.project, list(results.values()), as_of, repo, cached=cached)
    return cached, issues, by_case


def test_an_unchanged_case_comes_from_the_cache_as_rendered(demo_repo: Path, tmp_path: Path):
    loaded, results = computed(demo_repo)
    fresh_issues, fresh = writing.render_documents(loaded.project, list(results.values()), DAY, demo_repo)
    cold, _i, _d = rendered(demo_repo, tmp_path / "c")
    assert (cold.hits, cold.misses) == (0, 16)
    warm, issues, by_case = rendered(demo_repo, tmp_path / "c")
    assert (warm.hits, warm.misses) == (16, 0)
    assert by_case == fresh and issues == fresh_issues
    assert [(i.code, i.fr) for i in issues] == [(i.code, i.fr) for i in fresh_issues] != []


@pytest.mark.parametrize("change", ["case", "piece", "template", "project", "as-of", "language"])
def test_what_the_key_holds_makes_a_miss(demo_repo: Path, tmp_path: Path, change: str):
    rendered(demo_repo, tmp_path / "c")
    as_of = DAY
    if change == "case":
        case = demo_repo / "cases" / "2026-014-dupont.yaml"
        case.write_text(case.read_text(encoding="utf-8") + "  - {date: 2026-11-20, type: call, outcome: no_answer}\n",
                        encoding="utf-8")
    elif change == "piece":
        (demo_repo / "cases" / "pieces" / "F2026-031.pdf").write_bytes(b"%PDF-1.4 another invoice")
    elif change == "template":
        (demo_repo / "templates").mkdir()
        (demo_repo / "templates" / "unused.md").write_text("nothing\n", encoding="utf-8")
    elif change == "project":
        project = demo_repo / "dossier.yaml"
        project.write_text(project.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    elif change == "as-of":
        as_of = DAY + dt.timedelta(days=1)
    else:
        set_language("fr")
    warm, _issues, _docs = rendered(demo_repo, tmp_path / "c", as_of)
    expected = {"case": (15, 1), "piece": (15, 1)}.get(change, (0, 16))
    assert (warm.hits, warm.misses) == expected


def test_a_damaged_or_foreign_entry_is_never_trusted(demo_repo: Path, tmp_path: Path):
    loaded, results = computed(demo_repo)
    fresh_issues, fresh = writing.render_documents(loaded.project, list(results.values()), DAY, demo_repo)
    cold, _i, _d = rendered(demo_repo, tmp_path / "c")
    dupont = results["2026-014-dupont"]
    key = cold.key(dupont)
    blob = next((tmp_path / "c").rglob(f"{key}.bin"))
    blob.write_bytes(blob.read_bytes().replace(b"Madame", b"Monsieur"))      # altered: its SHA-256 no longer matches
    foreign = results["2026-020-boulangerie-klein"]
    other = ContentCache(tmp_path / "c")                                        # whole, but not documents
    other.put(cold.key(foreign), json.dumps({"$type": "Popen", "fields": {}}).encode("utf-8"))
    warm, issues, by_case = rendered(demo_repo, tmp_path / "c")
    assert (warm.hits, warm.misses) == (14, 2)
    assert by_case == fresh and issues == fresh_issues


def test_a_case_with_an_error_is_not_kept(demo_repo: Path, tmp_path: Path):
    loaded, results = computed(demo_repo)
    cached = CaseCache(ContentCache(tmp_path / "c"), loaded.project, DAY, demo_repo)
    r = results["2026-014-dupont"]
    assert cached.put(r, [a_document()], [Issue(Source(r.case.path, 1, 1), "boom")]) is False
    assert cached.put(r, [a_document()], [Issue(Source(r.case.path, 1, 1), "fine", "warning")]) is True
    assert cached.get(r) == ([a_document()], [Issue(Source(r.case.path, 1, 1), "fine", "warning")])
