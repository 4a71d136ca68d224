"""The typography rule (issue 14): superscripts and non-breaking spaces, in every built-in template and in overrides."""
from __future__ import annotations

from pathlib import Path

import pytest

from dossier.documents import lint, lint_typography, phrases
from documents_helpers import FIXTURES, compute, copy_fixture, docs_of

BUILTIN = Path(__file__).resolve().parents[2] / "templates"
DEMO = Path(__file__).resolve().parents[2]


def typography_findings(root: Path, case_id: str) -> list[str]:
    project, r, docs = docs_of(root, case_id)
    return [str(i) for i in lint.lint_documents(docs.values(), r.case, project, r.statement, r.ladder,
                                                rules=[lint_typography.typography])]


def test_the_rule_is_listed():
    assert lint_typography.typography in lint.RULES


def test_the_demo_passes_the_typography_rule():
    project, results = compute(DEMO)
    for r, docs in results:
        assert lint.lint_documents(docs, r.case, project, r.statement, r.ladder, rules=[lint_typography.typography]) == []


@pytest.mark.parametrize("sentence, excerpt, why", [
    ("Une indemnité de 40 € par facture.", "Une indemnité de 40 € par facture.", "a plain space or none between a number and € or %"),
    ("Une indemnité de 40€ par facture.", "Une indemnité de 40€ par facture.", "a plain space or none between a number and € or %"),
    ("Un taux de 12,15 % l’an.", "Un taux de 12,15 % l’an.", "a plain space or none between a number and € or %"),
    ("Dans un délai de 30 jours.", "Dans un délai de 30 jours.", "a plain space between a number and its unit"),
    ("Le taux majoré de 10 points.", "Le taux majoré de 10 points.", "a plain space between a number and its unit"),
    ("Au 1er alinéa de l’article.", "Au 1er alinéa de l’article.", "« 1er » without superscript: write 1<sup>er</sup>"),
    ("Les factures nos F2026-1 et F2026-2.", "Les factures nos F2026-1 et F2026-2.",
     "« nos » before numbers without superscript: write n<sup>os</sup>"),
])
def test_an_override_with_bad_typography_is_flagged(tmp_path, sentence, excerpt, why):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "relance-informelle.md").write_text(body + "\n" + sentence + "\n", encoding="utf-8")
    found = typography_findings(root, "2026-014-dupont")
    assert found == [f"cases/2026-014-dupont.yaml:19:5: warning: case 2026-014-dupont, document 01-relance-informelle: "
                     f"rule typography: {why}: « {excerpt.replace(chr(8217), chr(39))} »"]   # the message normalises apostrophes


@pytest.mark.parametrize("sentence", [
    "Une indemnité de 40\u00a0€ par facture.", "Dans un délai de 30\u00a0jours.", "Au 1<sup>er</sup> alinéa.",
    "Les factures n<sup>os</sup>\u00a0F2026-1 et F2026-2.", "Nos précédents courriers du 3 mars.", "4 quai des Célestins",
    "L’article 1343-1 du Code civil.",
])
def test_good_typography_passes(tmp_path, sentence):
    root = copy_fixture("repo", tmp_path)
    body = (BUILTIN / "relance-informelle.md").read_text(encoding="utf-8")
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "relance-informelle.md").write_text(body + "\n" + sentence + "\n", encoding="utf-8")
    assert typography_findings(root, "2026-014-dupont") == []


def test_computed_dates_and_references_are_set_in_superscript():
    html = "<html><head><title>factures nos\u00a0F1 du 1er\u00a0mars</title></head><body><p>du 1er\u00a0mars 2026, " \
           "factures nos\u00a0F1 et F2 (taux BCE 2,15\u00a0% + 10 points) ; 1er alinéa</p></body></html>"
    out = phrases.typeset(html)
    assert out == ("<html><head><title>factures nos\u00a0F1 du 1er\u00a0mars</title></head><body><p>du 1<sup>er</sup>\u00a0mars "
                   "2026, factures n<sup>os</sup>\u00a0F1 et F2 (taux BCE 2,15\u00a0% + 10\u00a0points) ; 1er alinéa</p></body></html>")


def test_a_letter_of_the_first_of_the_month():
    _, _, docs = docs_of(FIXTURES / "repo", "2026-014-dupont")
    html = docs["01-relance-informelle"].html
    assert "facture n°\u00a0F2026-031 du 1<sup>er</sup>\u00a0février\u00a02026" in html and "1er" not in html.partition("<body")[2]
