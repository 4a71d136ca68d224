"""`record_batch`: changes to several cases and new files (archived documents) in one commit, or nothing."""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from dossier.history.record import record_batch

from gitrepo import LOUISE, GitRepo

from test_record import PATH, repo  # noqa: F401 (the repository fixture of test_record)
from test_record_changes import MARTIN_PATH, martin, text  # noqa: F401

PAY_DUPONT = {"date": dt.date(2026, 11, 27), "type": "payment", "amount": Decimal("100.00"), "invoice": "F2026-031"}
PAY_MARTIN = {"date": dt.date(2026, 11, 27), "type": "payment", "amount": Decimal("50.00")}
PDF = b"%PDF-1.7 archived bytes\n"
ARCHIVE = "cases/2026-020-martin/envoyes/2026-11-27-relance.pdf"


def test_two_cases_and_a_file_in_one_commit(martin: GitRepo):  # noqa: F811
    commits = martin.git("rev-list", "--count", "HEAD")
    ok, messages = record_batch(martin.path, {"2026-014": [PAY_DUPONT], "2026-020": [PAY_MARTIN]},
                                files={ARCHIVE: PDF}, subject="import payments: releve-2026-11.xml",
                                today=dt.date(2026, 11, 28))
    assert ok, messages
    assert int(martin.git("rev-list", "--count", "HEAD")) == int(commits) + 1
    assert martin.git("show", "--name-only", "--format=", "HEAD").split() == sorted([PATH, MARTIN_PATH, ARCHIVE])
    assert martin.git("status", "--porcelain") == ""
    assert (martin.path / ARCHIVE).read_bytes() == PDF
    assert "{date: 2026-11-27, type: payment, amount: 50.00}" in text(martin)
    body = martin.git("log", "-1", "--format=%B")
    assert body.splitlines()[0] == "import payments: releve-2026-11.xml"
    assert "2026-014-dupont: payment 100.00 on 2026-11-27" in body
    assert "2026-020-martin: payment 50.00 on 2026-11-27" in body
    assert f"file: {ARCHIVE} sha256:{hashlib.sha256(PDF).hexdigest()}" in body


def test_one_refusal_writes_nothing_anywhere(martin: GitRepo):  # noqa: F811
    before = (text(martin, PATH), text(martin), martin.git("log", "--format=%H"))
    bad = {"date": dt.date(2026, 11, 27), "type": "payment", "amount": Decimal("-5")}
    ok, messages = record_batch(martin.path, {"2026-014": [PAY_DUPONT], "2026-020": [bad]}, files={ARCHIVE: PDF})
    assert not ok
    assert messages[0] == "cases/2026-020-martin.yaml: the event was not recorded; the result would not validate:"
    assert (text(martin, PATH), text(martin), martin.git("log", "--format=%H")) == before
    assert not (martin.path / ARCHIVE).exists()


def test_an_archived_file_is_never_rewritten(martin: GitRepo):  # noqa: F811
    martin.write(ARCHIVE, b"the document as sent\n")
    martin.commit("archive", LOUISE, "2026-11-27T10:00:00+01:00")
    ok, messages = record_batch(martin.path, {"2026-020": [PAY_MARTIN]}, files={ARCHIVE: PDF})
    assert (ok, messages) == (False, [f"{ARCHIVE}: already exists with other content; an archived file is never "
                                      f"rewritten; nothing was written"])
    assert (martin.path / ARCHIVE).read_bytes() == b"the document as sent\n"
    same, _ = record_batch(martin.path, {"2026-020": [PAY_MARTIN]}, files={ARCHIVE: b"the document as sent\n"})
    assert same


def test_a_path_leaving_the_repository_is_refused(martin: GitRepo):  # noqa: F811
    ok, messages = record_batch(martin.path, {"2026-020": [PAY_MARTIN]}, files={"../evil.pdf": PDF})
    assert (ok, messages) == (False, ["../evil.pdf: not a path inside the repository; nothing was written"])
    assert not (martin.path.parent / "evil.pdf").exists()
