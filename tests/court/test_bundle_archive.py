"""The court bundle takes the documents sent from their archive (history/archive.py): a letter's archived PDF, an
email as the message sent with its headers; changing a rate, the firm's address or a template afterwards changes
neither; a step without a trusted archive is a warning naming it."""
from __future__ import annotations

import dataclasses
import re
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.court import bundle, pdfmerge
from dossier.documents import documents
from dossier.law import ledger, rates
from dossier.ladder import scenario
from dossier.records.errors import Source
from dossier.records.load import load_repository
from dossier.records.model import RateOverride

from test_bundle import AS_OF, ROOT, text, unarchived

NOTICE = "cases/2026-014-dupont/envoyes/2026-04-17-mise-en-demeure.pdf"
REMINDER = "cases/2026-014-dupont/envoyes/2026-03-09-relance-informelle.eml"


def copy_demo(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy2(ROOT / "dossier.yaml", folder / "dossier.yaml")
    shutil.copytree(ROOT / "cases", folder / "cases")
    return folder


def make(root: Path, project=None, case=None):
    repo, issues = load_repository(root)
    assert repo is not None, [str(i) for i in issues]
    project = project or repo.project
    case = case or repo.case("2026-014-dupont")
    tables, _ = rates.load_tables(project)
    st = ledger.statement(case, project, AS_OF, tables)
    ld = scenario.ladder(case, project, AS_OF, st)
    docs = documents.documents_for(case, project, st, ld, AS_OF, root)
    return bundle.build_bundle(case, project, st, ld, AS_OF, root, docs), docs, st


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    root = copy_demo(tmp_path_factory.mktemp("a") / "claims")
    return root, make(root)


def test_the_letter_exhibit_is_its_archived_pdf(before):
    root, (b, _, _) = before
    notice = b.exhibits[3]
    archived = (root / NOTICE).read_bytes()
    assert notice.origin == NOTICE
    assert notice.pdf == pdfmerge.stamp(archived, "Pièce n°\u00a04")   # the archived bytes, stamped and nothing else
    unstamped = [" ".join(re.sub(r"Pièce n° 4( \(\d/\d\))?", "", page).split()) for page in text(notice.pdf)]
    assert unstamped == text(archived) and len(unstamped) == 2


def test_an_email_exhibit_is_the_message_as_sent(before):
    root, (b, _, _) = before
    reminder = b.exhibits[2]
    assert reminder.origin == REMINDER
    page = " ".join(text(reminder.pdf))
    for expected in (
        "Courriel envoyé le 9 mars 2026",
        "De : Atelier Martin SAS <compta@atelier-martin.fr>",
        "À : Dupont Rénovation SARL <compta@dupont-renovation.example>",
        "Date : Mon, 09 Mar 2026 09:00:00 +0100",
        "Message-ID : <20260309.01-relance-informelle.2026-014-dupont@atelier-martin.fr>",
        "2 pièces jointes : 01-relance-informelle.pdf (application/pdf,", "F2026-031.pdf (application/pdf,",
        "Objet : Rappel d’échéance — facture n° F2026-031",
        "Texte du message tel qu’il a été envoyé : Madame, Sauf erreur ou omission de notre part, nous n’avons pas "
        "encore reçu le règlement de notre facture n° F2026-031 du 1er février 2026, d’un montant de 4 800,00 €, "
        "échue le 3 mars 2026.",
    ):
        assert expected in page, expected


def test_a_rate_the_firms_address_and_a_template_changed_afterwards_leave_the_exhibits_as_sent(before, tmp_path):
    root, (b, docs, st) = before
    archive = {p: (root / p).read_bytes() for p in (NOTICE, REMINDER)}
    changed = copy_demo(tmp_path / "claims")
    project = (changed / "dossier.yaml").read_text(encoding="utf-8")
    (changed / "dossier.yaml").write_text(project.replace("4 quai des Célestins", "18 rue de la République"), encoding="utf-8")
    layout = (ROOT / "templates" / "letter.html").read_text(encoding="utf-8")
    (changed / "templates").mkdir()
    (changed / "templates" / "letter.html").write_text(layout.replace("</body>", "<p>Modèle modifié</p></body>"),
                                                       encoding="utf-8")
    repo, _ = load_repository(changed)
    row = RateOverride("ecb_mro", dt.date(2026, 1, 1), Decimal("3.15"), "BCE, taux corrigé",
                       Source("dossier.yaml", 40, 5))
    after, docs2, st2 = make(changed, project=dataclasses.replace(repo.project, rates=(row,)))
    # the changes took effect: the total moves, a document rendered today has the new address and template
    assert st2.total != st.total
    notice_now = next(d for d in docs2 if d.name == "05-mise-en-demeure")
    assert "18 rue de la République" in notice_now.html and "Modèle modifié" in notice_now.html
    # what was sent did not move: the archived files, and the exhibits made of them, byte for byte
    assert {p: (changed / p).read_bytes() for p in archive} == archive
    assert [(e.origin, e.pdf) for e in after.exhibits[2:4]] == [(e.origin, e.pdf) for e in b.exhibits[2:4]]


def test_a_step_sent_without_archive_is_a_warning_naming_it(before):
    root, _ = before
    repo, _ = load_repository(root)
    b, _, _ = make(root, case=unarchived(repo.case("2026-014-dupont")))
    assert [e.origin for e in b.exhibits[2:4]] == ["document:01-relance-informelle", "document:05-mise-en-demeure"]
    warned = [(i.source.line, i.message, i.fr) for i in b.issues if i.code == "exhibit-not-archived"]
    assert warned == [
        (29, "events: the relance_informelle sent on 2026-03-09 was not archived when sent: its exhibit is the document "
             "regenerated by dossier, not a copy of what left; run `dossier archive 2026-014-dupont`",
         "Relance du 9\u00a0mars\u00a02026\u00a0: aucune copie archivée de l’envoi\u00a0; la pièce produite est le document "
         "régénéré, non l’original envoyé (dossier archive 2026-014-dupont)."),
        (32, "events: the mise_en_demeure sent on 2026-04-17 was not archived when sent: its exhibit is the document "
             "regenerated by dossier, not a copy of what left; run `dossier archive 2026-014-dupont`",
         "Mise en demeure du 17\u00a0avril\u00a02026\u00a0: aucune copie archivée de l’envoi\u00a0; la pièce produite est "
         "le document régénéré, non l’original envoyé (dossier archive 2026-014-dupont)."),
    ]


def test_an_altered_archive_is_not_used_and_is_named(tmp_path):
    root = copy_demo(tmp_path / "claims")
    (root / NOTICE).write_bytes((root / NOTICE).read_bytes().replace(b"%%EOF", b"%%EOF\n% altered"))
    b, _, _ = make(root)
    assert b.exhibits[3].origin == "document:05-mise-en-demeure"
    assert [i.message for i in b.issues if i.code == "exhibit-archive-untrusted"] == [
        f"events: the mise_en_demeure sent on 2026-04-17: {NOTICE}: archived file altered (its SHA-256 differs from "
        "the one recorded on its event): its exhibit is the document regenerated by dossier, not what was sent; "
        "restore the archived file (dossier verify)"]
