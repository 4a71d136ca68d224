"""A build writes an archived document from its archive (documents/sent_files.py, writing.py): the letter's PDF,
the email's .eml and its attached letter, never laid out again; an archived file of an event after the as-of date
is not known yet; a file altered is a warning and the document is rendered again."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from dossier.documents import documents, sent_files, writing
from dossier.law import ledger, rates
from dossier.ladder import scenario
from dossier.records.load import load_repository

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf"
REMINDER = "cases/2026-014-dupont/envoyes/2026-03-09-relance-informelle.eml"


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    root = tmp_path / "claims"
    root.mkdir()
    shutil.copy2(ROOT / "dossier.yaml", root / "dossier.yaml")
    shutil.copytree(ROOT / "cases", root / "cases")
    return root


def dupont_docs(root: Path, as_of: dt.date):
    repo, _ = load_repository(root)
    case = repo.case("2026-014-dupont")
    tables, _ = rates.load_tables(repo.project)
    st = ledger.statement(case, repo.project, as_of, tables)
    ld = scenario.ladder(case, repo.project, as_of, st)
    return documents.documents_for(case, repo.project, st, ld, as_of, root)


def test_a_build_writes_the_archived_files_not_a_new_rendering(claims: Path, tmp_path: Path, monkeypatch):
    docs = dupont_docs(claims, dt.date(2026, 11, 24))
    laid_out = []
    from dossier.documents import pdf as pdfmod

    real = pdfmod.render_many
    monkeypatch.setattr(pdfmod, "render_many", lambda jobs, processes=2: real(laid_out.extend(jobs) or jobs, 1))
    written, issues = writing.write_documents(docs, tmp_path / "site", claims)
    assert [i for i in issues if i.code == "archive"] == []
    out = tmp_path / "site" / "cases" / "2026-014-dupont"
    assert (out / "05-mise-en-demeure.pdf").read_bytes() == (claims / NOTICE).read_bytes()
    assert (out / "01-relance-informelle.eml").read_bytes() == (claims / REMINDER).read_bytes()
    assert (out / "01-relance-informelle.pdf").read_bytes() == sent_files.eml_letter((claims / REMINDER).read_bytes(),
                                                                                     "01-relance-informelle")
    assert {j.name for j in laid_out}.isdisjoint({"2026-014-dupont/05-mise-en-demeure", "2026-014-dupont/01-relance-informelle"})
    assert (out / "05-mise-en-demeure.html").is_file()   # the page of the site is still there


def test_an_event_after_the_as_of_date_has_no_archive_yet(claims: Path):
    docs = dupont_docs(claims, dt.date(2026, 4, 10))
    notice = next(d for d in docs if d.step_id == "mise_en_demeure")
    assert (notice.state, notice.archived) != ("sent", ()) and notice.archived == ()
    assert [d.archived[0].path for d in docs if d.archived] == [REMINDER]


def test_an_altered_archive_is_a_warning_and_the_document_is_rendered_again(claims: Path, tmp_path: Path):
    (claims / NOTICE).write_bytes(b"%PDF-1.7 not what was sent")
    docs = [d for d in dupont_docs(claims, dt.date(2026, 11, 24)) if d.name == "05-mise-en-demeure"]
    _, issues = writing.write_documents(docs, tmp_path / "site", claims)
    assert [(i.severity, i.message) for i in issues if i.code == "archive"] == [
        ("warning", f"case 2026-014-dupont, document 05-mise-en-demeure: {NOTICE}: archived file altered (its SHA-256 "
                    "differs from the one recorded on its event); rendered again instead, which is not what was sent "
                    "(dossier verify)")]
    written = (tmp_path / "site" / "cases" / "2026-014-dupont" / "05-mise-en-demeure.pdf").read_bytes()
    assert written.startswith(b"%PDF-") and written != (claims / NOTICE).read_bytes()
