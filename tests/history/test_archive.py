"""The archive of what was sent (history/archive.py): a step's files rendered without writing anything, recorded
with their SHA-256 on the `sent` event and committed in the same commit; the `files:` field read by the loader."""
from __future__ import annotations

import datetime as dt
import email
import hashlib
import shutil
from email import policy
from pathlib import Path

import pytest

from dossier.history.archive import ArchivedFile, record_sent, sent_event, step_files
from dossier.records.load import load_case_text, load_repository

from gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[2]
CASE = "cases/2026-014-dupont.yaml"
NOTICE = "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf"
REMINDER = "cases/2026-014-dupont/envoyes/2026-03-09-relance-informelle.eml"
APRIL_17 = dt.date(2026, 4, 17)
LAST_EVENT = "  - {date: 2026-04-17, type: sent, step: mise_en_demeure"


@pytest.fixture
def dupont(tmp_path: Path) -> GitRepo:
    """The demo's Dupont case before its formal notice was recorded, in a repository of its own."""
    g = GitRepo(tmp_path / "claims", project=(ROOT / "dossier.yaml").read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "cases" / "pieces", g.path / "cases" / "pieces")
    text = (ROOT / CASE).read_text(encoding="utf-8")
    g.write(CASE, text[:text.index(LAST_EVENT)])
    g.commit("Dupont")
    return g


def test_step_files_renders_the_notice_and_writes_nothing(dupont: GitRepo):
    files, issues = step_files(dupont.path, "2026-014", "mise_en_demeure", APRIL_17, tracking="1A 234 567 8901 2")
    assert issues == []
    assert [f.path for f in files] == [NOTICE]
    assert files[0].data.startswith(b"%PDF-") and files[0].sha256 == hashlib.sha256(files[0].data).hexdigest()
    assert not (dupont.path / "cases" / "2026-014-dupont").exists()
    assert dupont.git("status", "--porcelain") == ""
    again, _ = step_files(dupont.path, "2026-014", "mise_en_demeure", APRIL_17, tracking="1A 234 567 8901 2")
    assert again == files   # reproducible: the same bytes on every call


def test_recording_the_notice_commits_its_pdf_and_sha256(dupont: GitRepo):
    files, _ = step_files(dupont.path, "2026-014", "mise_en_demeure", APRIL_17, tracking="1A 234 567 8901 2")
    ok, messages = record_sent(dupont.path, "2026-014", "mise_en_demeure", APRIL_17, tracking="1A 234 567 8901 2")
    assert ok, messages
    sha = files[0].sha256
    assert dupont.git("show", "--name-only", "--format=", "HEAD").split() == [CASE, NOTICE]
    assert dupont.git("status", "--porcelain") == ""
    assert (dupont.path / NOTICE).read_bytes() == files[0].data
    line = (f"  - {{date: 2026-04-17, type: sent, step: mise_en_demeure, tracking: \"1A 234 567 8901 2\", "
            f"files: [{{path: {NOTICE}, sha256: {sha}}}]}}\n")
    assert (dupont.path / CASE).read_text(encoding="utf-8").endswith(line)
    assert f"file: {NOTICE} sha256:{sha}" in dupont.git("log", "-1", "--format=%B")
    repo, issues = load_repository(dupont.path)
    event = repo.case("2026-014-dupont").events[-1]
    assert [(f.path, f.sha256) for f in event.files] == [(NOTICE, sha)]
    assert event.files[0].source.line == 32


def test_an_email_reminder_is_archived_as_its_eml(dupont: GitRepo):
    files, issues = step_files(dupont.path, "2026-014-dupont", "relance_informelle", dt.date(2026, 3, 9))
    assert issues == []
    assert [f.path for f in files] == [REMINDER]
    msg = email.message_from_bytes(files[0].data, policy=policy.default)
    assert msg["Message-ID"] == "<20260309.01-relance-informelle.2026-014-dupont@atelier-martin.fr>"
    assert msg["Date"] == "Mon, 09 Mar 2026 09:00:00 +0100"
    assert msg["To"] == "Dupont Rénovation SARL <compta@dupont-renovation.example>"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["01-relance-informelle.pdf", "F2026-031.pdf"]


def test_a_step_the_scenario_lacks_is_an_error_and_no_file(dupont: GitRepo):
    files, issues = step_files(dupont.path, "2026-014", "relance_inconnue", APRIL_17)
    assert files == []
    assert [i.message for i in issues] == [
        'events[3].step: scenario "standard" has no step "relance_inconnue"; did you mean "relance_informelle"?']
    assert [i.severity for i in issues] == ["error"] and issues[0].source.path == CASE


def test_sent_event_lists_the_files():
    f = ArchivedFile(NOTICE, b"%PDF-1.7", hashlib.sha256(b"%PDF-1.7").hexdigest())
    assert sent_event("mise_en_demeure", APRIL_17, [f], tracking="1A", received=None) == {
        "type": "sent", "date": APRIL_17, "step": "mise_en_demeure", "tracking": "1A",
        "files": [{"path": NOTICE, "sha256": f.sha256}]}
    assert "files" not in sent_event("relance_informelle", APRIL_17, [])


def _load(text: str, root: Path | None = None):
    repo, _ = load_repository(ROOT)
    return load_case_text(text, CASE, repo.project, root or ROOT)


SHA = "0" * 63 + "a"


@pytest.mark.parametrize("files, message", [
    (f"[{{path: ../elsewhere/x.pdf, sha256: {SHA}}}]",
     "expected a path inside the repository, got \"../elsewhere/x.pdf\" (it leaves the repository)"),
    (f"[{{path: /etc/passwd, sha256: {SHA}}}]",
     "expected a relative path with / separators inside the repository, got \"/etc/passwd\""),
    ("[{path: cases/x/envoyes/a.pdf, sha256: abc}]", "expected a SHA-256 (64 hexadecimal digits), got \"abc\""),
    ("[{path: cases/x/envoyes/a.pdf}]", "missing"),
])
def test_a_malformed_archive_entry_is_a_located_error(files: str, message: str):
    text = (ROOT / CASE).read_text(encoding="utf-8").rstrip("\n").rstrip("}") + f", files: {files}}}\n"
    case, issues = _load(text)
    errors = [i for i in issues if i.severity == "error"]
    assert case is None and len(errors) == 1
    assert message in errors[0].message
    assert errors[0].source.path == CASE and errors[0].source.line == 32


def test_files_belong_to_sent_events_only():
    text = (ROOT / CASE).read_text(encoding="utf-8").replace(
        "reference: VIR 20/03}", f"reference: VIR 20/03, files: [{{path: cases/a.pdf, sha256: {SHA}}}]}}")
    case, issues = _load(text)
    assert case is None
    assert any('a "payment" event has no field "files"' in i.message for i in issues)
