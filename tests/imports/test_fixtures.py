"""The import fixtures are what tests/fixtures/imports/make_fixtures.py makes, with the formats' own writers."""
from __future__ import annotations

import importlib.util
import logging

import facturx

from imports_helpers import FIXTURES


def _script():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_text_fixture_is_what_the_script_makes():
    logging.disable(logging.WARNING)
    made = _script().text_fixtures()
    for name, data in made.items():
        if name.startswith("facturx-"):
            continue
        assert (FIXTURES / name).read_bytes() == data, name
    assert sorted(n for n in made if not n.startswith("facturx-")) == [
        "aged-balance-latin1.csv", "aged-balance-utf8-bom.csv", "bank.csv", "camt053.xml", "camt054.xml",
        "cii-AV2026-0012.xml", "fec.txt", "statement.ofx", "ubl-F2026-0204.xml"]


def test_each_facturx_pdf_carries_the_cii_xml_the_script_makes():
    made = _script().text_fixtures()
    for number in ("F2026-0201", "F2026-0202", "F2026-0203"):
        name, xml = facturx.get_xml_from_pdf((FIXTURES / f"{number}.pdf").read_bytes(), check_xsd=True)
        assert (name, xml) == ("factur-x.xml", made[f"facturx-{number}.xml"])


def test_the_two_csv_dialects_are_latin1_and_utf8_with_bom():
    latin = (FIXTURES / "aged-balance-latin1.csv").read_bytes()
    bom = (FIXTURES / "aged-balance-utf8-bom.csv").read_bytes()
    assert latin.startswith("N° facture;Client".encode("cp1252")) and b"\xc9ch\xe9ance" in latin   # « Échéance » in Latin-1
    assert latin.count(b"\r\n") == 51 and b";180,00;" in latin
    assert bom.startswith(b"\xef\xbb\xbfNum\xc3\xa9ro de facture;") and b";1 250,00;" in bom
