"""One rule for a case named on the command line (show, record, log): its id or a unique prefix."""
from __future__ import annotations

from dossier.records.caseids import resolve_case_id

IDS = ["2026-014-dupont", "2026-015-durand", "2026-016-commune", "2025-004-bertin"]


def test_the_full_id_and_a_unique_prefix_resolve():
    assert resolve_case_id(IDS, "2026-014-dupont", "cases") == ("2026-014-dupont", "")
    assert resolve_case_id(IDS, "2026-014", "cases") == ("2026-014-dupont", "")
    assert resolve_case_id(IDS, "2025", "cases") == ("2025-004-bertin", "")


def test_an_id_that_is_also_the_prefix_of_another_is_itself():
    assert resolve_case_id(["2026-014", "2026-014-bis"], "2026-014", "cases") == ("2026-014", "")


def test_an_ambiguous_prefix_lists_every_candidate_in_order():
    assert resolve_case_id(reversed(IDS), "2026-01", "cases") == (
        None, 'case id "2026-01" is ambiguous: 2026-014-dupont, 2026-015-durand, 2026-016-commune')


def test_an_unknown_id_suggests_close_ids_else_nothing():
    assert resolve_case_id(IDS, "2026-015-durant", "/x/cases") == (
        None, 'no case "2026-015-durant" in /x/cases (did you mean 2026-015-durand?)')
    assert resolve_case_id(IDS, "bertin", "cases") == (None, 'no case "bertin" in cases (did you mean 2025-004-bertin?)')
    assert resolve_case_id(IDS, "2099", "cases") == (None, 'no case "2099" in cases')
    assert resolve_case_id([], "2026-014", "cases") == (None, 'no case "2026-014" in cases')
