"""SIREN, SIRET, VAT, IBAN and BIC checked by python-stdnum at `check`, each a located error (records/identifiers.py)."""
from __future__ import annotations

from pathlib import Path

from dossier.records import identifiers
from dossier.records.i18n import speaking
from dossier.records.load import load_repository

PROJECT = """creditor:
  name: Atelier Martin SAS
  siren: "901 234 567"
  siret: "90123456700013"
  vat: FR15901234567
  address: ["4 quai des Célestins", "69002 Lyon"]
  iban: FR76 3000 4000 0312 3456 7890 143
  bic: BNPAFRPPXXX
"""

CASE = """debtor:
  name: Dupont Rénovation SARL
  kind: professional
  siren: "{siren}"
  siret: "{siret}"
  vat: {vat}
  iban: {iban}
invoices:
  - {{number: F1, date: 2026-02-01, due: 2026-03-03, amount: 100.00}}
"""


def repo(tmp_path: Path, project: str = PROJECT, **case: str) -> list[str]:
    fields = {"siren": "812345676", "siret": "81234567600017", "vat": "FR19812345676",
              "iban": "FR76 3000 4000 0312 3456 7890 143", **case}
    (tmp_path / "cases").mkdir()
    (tmp_path / "dossier.yaml").write_text(project, encoding="utf-8")
    (tmp_path / "cases" / "2026-001-dupont.yaml").write_text(CASE.format(**fields), encoding="utf-8")
    _, issues = load_repository(tmp_path)
    return [str(i) for i in issues if i.severity == "error"]


def test_valid_identifiers_pass(tmp_path):
    assert repo(tmp_path) == []


def test_a_wrong_check_digit_is_a_located_error_for_each_identifier(tmp_path):
    assert repo(tmp_path, siren="812345678", siret="81234567600010", vat="FR18812345676",
                iban="FR76 3000 4000 0312 3456 7890 144") == [
        'cases/2026-001-dupont.yaml:4:10: debtor.siren: expected a SIREN with a valid check digit, got "812345678"',
        'cases/2026-001-dupont.yaml:5:10: debtor.siret: expected a SIRET with a valid check digit, got "81234567600010"',
        'cases/2026-001-dupont.yaml:6:8: debtor.vat: expected a VAT number with valid check digits, got "FR18812345676"',
        'cases/2026-001-dupont.yaml:7:9: debtor.iban: expected an IBAN with valid check digits, got "FR76 3000 4000 0312 3456 7890 144"',
    ]


def test_a_siret_or_vat_number_of_another_company_is_an_error(tmp_path):
    assert repo(tmp_path, siret="90123456700013", vat="FR15901234567") == [
        'cases/2026-001-dupont.yaml:5:10: debtor.siret: expected a SIRET carrying the SIREN 812345676 written beside it, '
        'got "90123456700013" (SIREN 901234567)',
        'cases/2026-001-dupont.yaml:6:8: debtor.vat: expected a VAT number carrying the SIREN 812345676 written beside it, '
        'got "FR15901234567" (SIREN 901234567)',
    ]


def test_the_creditors_identifiers_are_checked_too(tmp_path):
    project = PROJECT.replace("FR15901234567", "FR16901234567").replace('"901 234 567"', '"901 234 568"')
    assert repo(tmp_path, project) == [
        'dossier.yaml:3:10: creditor.siren: expected a SIREN with a valid check digit, got "901 234 568"',
        'dossier.yaml:5:8: creditor.vat: expected a VAT number with valid check digits, got "FR16901234567"',
    ]


def test_problem_names_the_form_or_the_check_digit():
    assert identifiers.problem("siren", "732 829 320") is None       # a real one (SNCF Réseau's style of number)
    assert identifiers.problem("siren", "732829321") == "expected a SIREN with a valid check digit"
    assert identifiers.problem("siret", "1234") == 'expected a SIRET of 14 digits such as "901 234 567 00013"'
    assert identifiers.problem("vat", "XX15901234567") == "expected a VAT number starting with the code of an EU country (FR…)"
    assert identifiers.problem("bic", "BNPAZZPPXXX") == 'expected a BIC of 8 or 11 characters such as "BNPAFRPPXXX"'
    assert identifiers.siren_of("vat", "FR 15 901 234 567") == "901234567"
    assert identifiers.siren_of("vat", "DE136695976") is None


def test_problem_and_consistency_in_french() -> None:
    with speaking("fr"):
        assert identifiers.problem("siren", "732829321") == "SIREN avec une clé de contrôle valide attendu"
        assert identifiers.problem("siret", "1234") == "SIRET de 14 chiffres attendu, tel que «\u00a0901 234 567 00013\u00a0»"
        assert identifiers.problem("vat", "XX15901234567") == (
            "numéro de TVA commençant par le code d’un pays de l’Union européenne (FR…) attendu")
        assert identifiers.consistency("901234567", {"siret": "81234567600010"}) == [
            ("siret", "SIRET portant le SIREN 901234567 écrit à côté attendu, reçu «\u00a081234567600010\u00a0» "
                      "(SIREN 812345676)")]


def test_a_siren_or_siret_is_printed_in_groups_that_never_break():
    nb = "\u00a0"
    assert identifiers.display("siren", "732829320") == f"732{nb}829{nb}320"
    assert identifiers.display("siren", "732 829 320") == f"732{nb}829{nb}320"
    assert identifiers.display("siret", "90123456700013") == f"901{nb}234{nb}567{nb}00013"
    assert identifiers.display("siren", "732829321") == "732829321"   # not a SIREN: as written, never reshaped
    assert identifiers.display("vat", "FR15901234567") == "FR15901234567"
