"""What a clerk asks for (issue 15): the firm's written mandate in agency mode, the debtor's Kbis before a commercial
court, the consumer's delivery or completion date that starts the two-year prescription."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from dossier.court import bundle
from dossier.records.errors import Source
from dossier.records.load import load_repository
from dossier.records.model import Agency, Mandate

from test_bundle import AS_OF, ROOT, compute, text

FIRM = Agency(name="Recouvrement Rhône SAS", source=Source("dossier.yaml", 30, 3),
              address=("10 rue de la République", "69001 Lyon"), siren="912345670", signatory="Paul Girard")
MANDATE_DAY = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = tmp_path_factory.mktemp("claims")
    shutil.copy2(ROOT / "dossier.yaml", repo / "dossier.yaml")
    shutil.copytree(ROOT / "cases", repo / "cases")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    return repo, loaded


def build(demo, case_id, project=None, case=None, as_of=AS_OF):
    root, repo = demo
    case_, st, ld, docs = compute(demo, case_id, as_of, case)
    return bundle.build_bundle(case_, project or repo.project, st, ld, as_of, root, docs)


def agency_project(demo, mandate: Mandate | None):
    project = demo[1].project
    creditor = dataclasses.replace(project.creditors["default"], mandate=mandate)
    return dataclasses.replace(project, agency=FIRM, creditors={"default": creditor})


def codes(b):
    return [(i.code, str(i.source)) for i in b.issues if i.code in ("mandate-missing", "mandate-not-attached",
                                                                   "kbis-missing", "delivery-date-missing")]


def test_an_attached_mandate_is_the_first_exhibit_and_the_request_says_so(demo):
    mandate = Mandate(MANDATE_DAY, Source("dossier.yaml", 20, 3), piece="cases/pieces/cgv-2026.pdf")
    b = build(demo, "2026-014-dupont", agency_project(demo, mandate))
    assert (b.exhibits[0].number, b.exhibits[0].title, b.exhibits[0].kind, b.exhibits[0].name) == \
        (1, "Mandat de recouvrement du 5\u00a0janvier\u00a02026", "mandate", "01-mandat")
    assert b.exhibits[1].title.startswith("Devis signé n°\u00a02026-003")
    page = " ".join(text(b.request_pdf))
    assert "mandataire du créancier en vertu d’un mandat écrit du 5 janvier 2026, joint (pièce n° 1) (art. 1407 CPC)" in page
    assert not [c for c in codes(b) if c[0].startswith("mandate")]


def test_a_mandate_without_its_piece_is_named_but_not_said_joined(demo):
    mandate = Mandate(MANDATE_DAY, Source("dossier.yaml", 20, 3))
    b = build(demo, "2026-014-dupont", agency_project(demo, mandate))
    page = " ".join(text(b.request_pdf))
    assert "mandataire du créancier en vertu d’un mandat écrit du 5 janvier 2026 (art. 1407 CPC)" in page
    assert "joint" not in page.split("Qualité")[1].split("Le débiteur")[0]
    assert ("mandate-not-attached", "dossier.yaml:20:3") in codes(b)
    assert b.exhibits[0].kind == "contract"


def test_no_mandate_in_agency_mode_is_a_warning_at_the_creditor(demo):
    project = agency_project(demo, None)
    b = build(demo, "2026-014-dupont", project)
    page = " ".join(text(b.request_pdf))
    assert "mandataire du créancier (art. 1407 CPC)" in page and "mandat écrit" not in page
    [issue] = [i for i in b.issues if i.code == "mandate-missing"]
    assert issue.source == project.creditors["default"].source and str(issue.source).startswith("dossier.yaml:")
    assert issue.fr.startswith("Mandat écrit manquant\u00a0: la société de recouvrement dépose la requête")


def test_the_case_s_own_mandate_wins_over_the_creditor_s(demo):
    own = Mandate(dt.date(2026, 6, 2), Source("cases/2026-014-dupont.yaml", 3, 1), piece="cases/pieces/cgv-2026.pdf")
    case = dataclasses.replace(demo[1].case("2026-014-dupont"), mandate=own)
    b = build(demo, "2026-014-dupont", agency_project(demo, Mandate(MANDATE_DAY, Source("dossier.yaml", 20, 3))), case)
    assert b.exhibits[0].title == "Mandat de recouvrement du 2\u00a0juin\u00a02026"
    assert not [c for c in codes(b) if c[0].startswith("mandate")]


def test_without_agency_no_mandate_is_asked_for(demo):
    b = build(demo, "2026-014-dupont")
    assert not [c for c in codes(b) if c[0].startswith("mandate")]
    assert "Néant : le créancier présente lui-même la requête." in " ".join(text(b.request_pdf))


def test_a_commercial_court_asks_for_the_debtor_s_kbis(demo):
    b = build(demo, "2026-014-dupont")
    assert b.court.kind == "tribunal_des_activites_economiques"
    assert ("kbis-missing", "cases/2026-014-dupont.yaml:4:3") in codes(b)
    case = demo[1].case("2026-014-dupont")
    with_kbis = dataclasses.replace(case, debtor=dataclasses.replace(case.debtor, kbis="cases/pieces/cgv-2026.pdf"))
    b = build(demo, "2026-014-dupont", case=with_kbis)
    assert [(e.number, e.title, e.kind) for e in b.exhibits[:2]] == [
        (1, "Extrait Kbis de Dupont Rénovation SARL", "kbis"), (2, "Devis signé n°\u00a02026-003 du 10\u00a0janvier\u00a02026", "contract")]
    assert not [c for c in codes(b) if c[0] == "kbis-missing"]
    assert "n° 1 Extrait Kbis de Dupont Rénovation SARL 1 n° 2 Devis signé" in " ".join(text(b.bordereau_pdf))


def test_a_consumer_request_states_when_the_prescription_started(demo):
    b = build(demo, "2025-004-bertin")
    assert b.court.kind == "tribunal_judiciaire"
    page = " ".join(text(b.request_pdf))
    assert ("Le débiteur étant un consommateur, la prescription biennale de l’article L218-2 du code de la consommation "
            "court à compter de la livraison des biens ou de l’exécution de la prestation, intervenue le 9 janvier 2025 "
            "(facture n° F2025-009).") in page
    assert not codes(b)                                    # a consumer: no Kbis asked for
    case = demo[1].case("2025-004-bertin")
    undated = dataclasses.replace(case, invoices=tuple(dataclasses.replace(i, delivered=None) for i in case.invoices))
    b = build(demo, "2025-004-bertin", case=undated)
    assert codes(b) == [("delivery-date-missing", "cases/2025-004-bertin.yaml:17:5")]
    assert "prescription biennale" not in " ".join(text(b.request_pdf))


def test_a_professional_request_says_nothing_of_the_consumer_prescription(demo):
    assert "prescription biennale" not in " ".join(text(build(demo, "2026-014-dupont").request_pdf))


def test_the_new_fields_load_from_the_files(tmp_path):
    repo = tmp_path / "claims"
    shutil.copytree(ROOT / "cases", repo / "cases")
    (repo / "cases" / "pieces" / "mandat-atelier-martin.pdf").write_bytes((ROOT / "cases/pieces/cgv-2026.pdf").read_bytes())
    (repo / "cases" / "pieces" / "kbis-dupont.pdf").write_bytes((ROOT / "cases/pieces/cgv-2026.pdf").read_bytes())
    project = (ROOT / "dossier.yaml").read_text(encoding="utf-8").replace(
        "agency: false", "agency: true\nfirm: {name: Recouvrement Rhône SAS, address: [\"10 rue de la République\", \"69001 Lyon\"]}")
    project = project.replace("  signatory: Louise Martin, présidente\n", "  signatory: Louise Martin, présidente\n"
                              "  mandate: {date: 2026-01-05, piece: cases/pieces/mandat-atelier-martin.pdf}\n")
    (repo / "dossier.yaml").write_text(project, encoding="utf-8")
    dupont = repo / "cases" / "2026-014-dupont.yaml"
    dupont.write_text(dupont.read_text(encoding="utf-8").replace(
        "  qualification: negligence\n", "  qualification: negligence\n  kbis: pieces/kbis-dupont.pdf\n")
        + "mandate: {date: 2026-06-02}\n", encoding="utf-8")
    loaded, issues = load_repository(repo)
    assert loaded is not None, [str(i) for i in issues]
    creditor = loaded.project.creditors["default"]
    assert (creditor.mandate.date, creditor.mandate.piece) == (MANDATE_DAY, "cases/pieces/mandat-atelier-martin.pdf")
    case = loaded.case("2026-014-dupont")
    assert case.debtor.kbis == "cases/pieces/kbis-dupont.pdf"
    assert (case.mandate.date, case.mandate.piece, str(case.mandate.source).split(":")[0]) == \
        (dt.date(2026, 6, 2), None, "cases/2026-014-dupont.yaml")
    dupont.write_text(dupont.read_text(encoding="utf-8").replace("mandate: {date: 2026-06-02}", "mandate: {piece: x.pdf}"),
                      encoding="utf-8")
    loaded, issues = load_repository(repo)
    assert loaded is None
    assert [str(i) for i in issues if "mandate" in str(i)] == [
        'cases/2026-014-dupont.yaml:34:10: mandate: missing required field "date"',
        'cases/2026-014-dupont.yaml:34:18: mandate.piece: no such file: cases/x.pdf']
