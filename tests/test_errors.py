"""Issue values: the CLI's English text, and the French wording the site shows."""
from __future__ import annotations

from dossier.errors import Issue, Source, error, sort_issues, warning


def test_fr_is_the_sites_wording_and_leaves_the_cli_text_alone():
    w = warning(Source("cases/a.yaml", 3, 5), "court: missing", "court-missing", fr="Tribunal non renseigné")
    assert (w.severity, w.code, w.fr) == ("warning", "court-missing", "Tribunal non renseigné")
    assert str(w) == "cases/a.yaml:3:5: warning: court: missing"
    assert w.github() == "::warning file=cases/a.yaml,line=3,col=5::court: missing"
    e = error(Source("dossier.yaml"), "bad", fr="mauvais")
    assert (str(e), e.fr) == ("dossier.yaml: bad", "mauvais")
    assert Issue(Source("x"), "m").fr == ""


def test_the_french_wording_does_not_make_two_issues_of_one():
    a = warning(Source("cases/a.yaml", 1, 1), "same", "c", fr="une formulation")
    b = warning(Source("cases/a.yaml", 1, 1), "same", "c", fr="une autre")
    assert a == b
    assert len(sort_issues([a, b])) == 1
