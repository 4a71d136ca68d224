"""`dossier archive ID|--all`: steps sent before the archive, rendered from the commit that recorded them;
`dossier record … sent` archiving in the same commit; `dossier verify` naming an archived file altered or removed."""
from __future__ import annotations

import datetime as dt
import hashlib
import io

import pypdf
from click.testing import CliRunner

from dossier.cli import main
from dossier.history.archive_past import archive_past, record_archive
from dossier.records.load import load_repository

from gitrepo import GitRepo
from test_archive import CASE, NOTICE, REMINDER, ROOT, dupont, without_files  # noqa: F401 (the repository fixture)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def cli(g: GitRepo, *args: str):
    return CliRunner().invoke(main, [*args, "--repo", str(g.path)])


def recorded_then_moved(g: GitRepo) -> str:
    """The notice recorded without archive (as before the archive existed), then the firm moves: the commit id."""
    g.write(CASE, without_files((ROOT / CASE).read_text(encoding="utf-8")))   # the demo's journal, no files:
    recorded = g.commit("record(2026-014-dupont): sent mise_en_demeure on 2026-04-17")
    project = (g.path / "dossier.yaml").read_text(encoding="utf-8")
    g.write("dossier.yaml", project.replace("4 quai des Célestins", "18 rue de la République"))
    g.commit("the firm moves")
    return recorded


def test_archive_renders_from_the_recording_commit_and_commits_once(dupont: GitRepo):  # noqa: F811
    first = dupont.head()   # the case with its reminder, before the notice was recorded
    recorded = recorded_then_moved(dupont)
    commits = int(dupont.git("rev-list", "--count", "HEAD"))
    result = cli(dupont, "archive", "2026-014")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{CASE}: the relance_informelle sent on 2026-03-09: {REMINDER} (rendered from {first[:7]})",
        f"{CASE}: the mise_en_demeure sent on 2026-04-17: {NOTICE} (rendered from {recorded[:7]})",
        f"{dupont.head()[:7]} archive: 2 documents sent, in 1 case, rendered from the commits that recorded them"]
    assert int(dupont.git("rev-list", "--count", "HEAD")) == commits + 1
    assert dupont.git("show", "--name-only", "--format=", "HEAD").split() == [CASE, REMINDER, NOTICE]
    notice = (dupont.path / NOTICE).read_bytes()
    assert "4 quai des Célestins" in pdf_text(notice) and "18 rue de la République" not in pdf_text(notice)
    sha = hashlib.sha256(notice).hexdigest()
    assert f"received: 2026-04-19, piece: pieces/ar-2026-014-dupont.pdf, files: [{{path: {NOTICE}, sha256: {sha}}}]}}" in \
        (dupont.path / CASE).read_text(encoding="utf-8")
    assert f"file: {NOTICE} sha256:{sha}" in dupont.git("log", "-1", "--format=%B")
    again = cli(dupont, "archive", "--all")
    assert (again.exit_code, again.stdout) == (0, "nothing to archive: every step sent has its files\n")
    assert cli(dupont, "verify").exit_code == 0


def test_a_step_not_reproduced_is_named_and_from_renders_it(dupont: GitRepo):  # noqa: F811
    dupont.write(CASE, without_files((ROOT / CASE).read_text(encoding="utf-8")))
    dupont.write("templates/mise-en-demeure.md", "{{ une_variable_inconnue.attribut }}\n")
    recorded = dupont.commit("the notice recorded, with a template the tool cannot render")
    (dupont.path / "templates" / "mise-en-demeure.md").unlink()
    fixed = dupont.commit("the template removed")
    out = archive_past(dupont.path, ["2026-014"])
    assert [m.split(": ")[1] for m in out.messages] == ["the relance_informelle sent on 2026-03-09"]
    assert len(out.failed) == 1 and out.failed[0].startswith(
        f"{CASE}: the mise_en_demeure sent on 2026-04-17: not reproduced from {recorded[:7]}: ")
    assert "une_variable_inconnue" in out.failed[0]
    out = archive_past(dupont.path, ["2026-014"], source="HEAD")
    assert out.failed == [] and [m.rsplit(" ", 1)[1] for m in out.messages] == [f"{fixed[:7]})"] * 2
    ok, messages = record_archive(dupont.path, out, source="HEAD")
    assert ok, messages
    assert messages == [f"{dupont.head()[:7]} archive: 2 documents sent, in 1 case, rendered from HEAD"]
    assert [len(e.files) for e in load_repository(dupont.path)[0].case("2026-014-dupont").events_of("sent")] == [1, 1]


def test_record_sent_archives_in_the_same_commit_or_not_with_no_archive(dupont: GitRepo):  # noqa: F811
    result = cli(dupont, "record", "2026-014", "sent", "mise_en_demeure", "--date", "2026-04-17",
                 "--tracking", "1A 234 567 8901 2")
    assert result.exit_code == 0, result.output
    assert dupont.git("show", "--name-only", "--format=", "HEAD").split() == [CASE, NOTICE]
    repo, _ = load_repository(dupont.path)
    event = repo.case("2026-014-dupont").events[-1]
    assert event.files[0].sha256 == hashlib.sha256((dupont.path / NOTICE).read_bytes()).hexdigest()
    result = cli(dupont, "record", "2026-014", "sent", "relance_ferme", "--date", "2026-04-20", "--no-archive")
    assert result.exit_code == 0, result.output
    assert dupont.git("show", "--name-only", "--format=", "HEAD").split() == [CASE]
    assert (dupont.path / CASE).read_text(encoding="utf-8").endswith(
        "  - {date: 2026-04-20, type: sent, step: relance_ferme}\n")


def test_verify_names_a_tampered_and_a_removed_archive(dupont: GitRepo):  # noqa: F811
    assert cli(dupont, "record", "2026-014", "sent", "mise_en_demeure", "--date", "2026-04-17").exit_code == 0
    ok = cli(dupont, "verify")
    assert (ok.exit_code, ok.stdout) == (0, f"{dupont.path}: every archived document is as it was sent.\n")
    data = (dupont.path / NOTICE).read_bytes()
    (dupont.path / NOTICE).write_bytes(data[:-200] + data[-200:].replace(b"0", b"1", 1))   # one digit changed
    (dupont.path / "cases/2026-014-dupont/envoyes/2026-04-18-note.txt").write_text("ajout", encoding="utf-8")
    result = cli(dupont, "verify")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{NOTICE}: archived file altered (its SHA-256 differs from the one recorded on its event) "
        f"({CASE}:32: the mise_en_demeure sent on 2026-04-17)",
        "cases/2026-014-dupont/envoyes/2026-04-18-note.txt: in an archive folder, listed on no sent event"]
    (dupont.path / NOTICE).unlink()
    result = cli(dupont, "verify")
    assert result.stderr.splitlines()[0] == (
        f"{NOTICE}: archived file missing ({CASE}:32: the mise_en_demeure sent on 2026-04-17)")
