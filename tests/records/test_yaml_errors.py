"""YAML syntax errors as a user makes them: located where the fix goes, in the run's language, with a hint
(records/yaml_errors.py). Each mapped error is pinned in English and in French, through libyaml (the loader
the tool uses) and through PyYAML's pure-Python parser (whose texts differ), which must say the same."""
from __future__ import annotations

import pytest
import yaml

from dossier.records import yamlsrc
from dossier.records.fields import one_of, shown
from dossier.records.i18n import speaking
from dossier.records.yamlsrc import load_yaml

NB = "\u00a0"
FR = f"erreur de syntaxe YAML{NB}: "


def q(text: str) -> str:
    return f"«{NB}{text}{NB}»"


# (what the user wrote, line, column, English, French)
MAPPED = [
    ("a: [1, 2\nb: 3\n", 2, 2,
     'YAML syntax error: in the list opened with "[" on line 1: expected "," or "]", got ":" (is a "]" missing?)',
     FR + f"dans la liste ouverte par {q('[')} à la ligne 1{NB}: une virgule ou {q(']')} était attendu, "
          f"et non {q(':')} (manque-t-il un {q(']')}{NB}?)"),
    ('a: {x: "1" beta: 3\n', 1, 12,
     'YAML syntax error: in the mapping opened with "{" on line 1: expected "," or "}", got "beta" (is a "}" missing?)',
     FR + f"dans le bloc ouvert par {q('{')} à la ligne 1{NB}: une virgule ou {q('}')} était attendu, "
          f"et non {q('beta')} (manque-t-il une {q('}')}{NB}?)"),
    ("a: b: c\n", 1, 5,
     'YAML syntax error: ":" is not allowed here: a value cannot hold another "key: value" on its line (put the value '
     'between quotes if the ":" belongs to it, or check that this line is not indented too far)',
     FR + f"{q(':')} inattendu ici{NB}: une valeur ne peut pas contenir une autre {q('clé' + NB + ': valeur')} sur sa "
          f"ligne (mettre la valeur entre guillemets si le {q(':')} en fait partie, ou vérifier que cette ligne "
          "n’est pas trop en retrait)"),
    ("a:\n\tb: 1\n", 2, 1,
     "YAML syntax error: a tab character: YAML indents with spaces only (replace the tab with spaces)",
     FR + f"tabulation{NB}: YAML n’accepte que des espaces pour les retraits (remplacer la tabulation par des espaces)"),
    ("a: @x\n", 1, 4,
     'YAML syntax error: a value cannot start with "@" (put the value between quotes)',
     FR + f"une valeur ne peut pas commencer par {q('@')} (mettre la valeur entre guillemets)"),
    ("a: 1\nb\nc: 2\n", 2, 1,   # the key without its ":", not the line after it
     'YAML syntax error: expected ":" after the key on this line (each line of a mapping is written "key: value")',
     FR + f"un {q(':')} était attendu après la clé de cette ligne (chaque ligne d’un bloc s’écrit "
          f"{q('clé' + NB + ': valeur')})"),
    ("a:\n  b: 1\n c: 2\n", 3, 2,
     'YAML syntax error: expected a new "key: value" here, in the mapping that starts on line 1 (check this line\'s '
     "indentation, or put the whole value between quotes if it goes on after a closing quote or bracket)",
     FR + f"une nouvelle {q('clé' + NB + ': valeur')} était attendue ici, dans le bloc commencé à la ligne 1 "
          "(vérifier le retrait de cette ligne, ou mettre toute la valeur entre guillemets si elle continue après "
          "un guillemet ou un crochet fermant)"),
    ("a:\n  - 1\n  b: 2\n", 3, 3,
     'YAML syntax error: expected a "- " item here, in the list that starts on line 2 (check this line\'s indentation)',
     FR + f"un élément {q('-')} était attendu ici, dans la liste commencée à la ligne 2 (vérifier le retrait de "
          "cette ligne)"),
    ('a: 1\nb: "abc\nc: 1\n', 2, 4,   # where the quote opens, not the end of the file
     'YAML syntax error: the text opened with " here is never closed (add the closing ")',
     FR + f"le texte ouvert ici par {q(chr(34))} n’est jamais refermé (ajouter le guillemet fermant {q(chr(34))})"),
    ('a: "C:\\dossiers"\n', 1, 7,
     'YAML syntax error: unknown escape "\\d" between double quotes (write "\\\\" for a backslash, or put the value '
     "between single quotes)",
     FR + f"séquence d’échappement {q(chr(92) + 'd')} inconnue entre guillemets doubles (écrire {q(chr(92) * 2)} pour "
          "une barre oblique inverse, ou mettre la valeur entre guillemets simples)"),
    ("a: ]\n", 1, 4,
     'YAML syntax error: expected a value here, got "]"',
     FR + f"une valeur était attendue ici, et non {q(']')}"),
    ("a: 1\n---\nb: 2\n", 2, 1,
     'YAML syntax error: a second document starts here (after a "---" line): a file holds only one',
     FR + f"un deuxième document commence ici (après une ligne {q('---')}){NB}: un fichier n’en contient qu’un seul"),
]


def said(text: str, lang: str) -> list[tuple[int, int, str]]:
    with speaking(lang):
        return [(e.line, e.col, e.message) for e in load_yaml(text).errors]


@pytest.mark.parametrize("text, line, col, english, french", MAPPED, ids=[m[3][19:60] for m in MAPPED])
def test_each_syntax_error_in_both_languages(text: str, line: int, col: int, english: str, french: str) -> None:
    assert said(text, "en") == [(line, col, english)]
    assert said(text, "fr") == [(line, col, french)]


@pytest.mark.parametrize("text, line, col, english, french", MAPPED, ids=[m[3][19:60] for m in MAPPED])
def test_pure_python_pyyaml_says_the_same(monkeypatch: pytest.MonkeyPatch, text: str, line: int, col: int,
                                           english: str, french: str) -> None:
    """PyYAML without libyaml words its errors otherwise (« expected ',' or ']', but got ':' », « found character
    '\\t' that cannot start any token »…): the messages and their places do not change."""
    monkeypatch.setattr(yamlsrc, "_Loader", yaml.SafeLoader)
    assert said(text, "en") == [(line, col, english)]
    assert said(text, "fr") == [(line, col, french)]


def test_the_end_of_the_file_and_a_tab_are_named() -> None:
    assert said("a: [1, 2", "en") == [(2, 1, 'YAML syntax error: in the list opened with "[" on line 1: expected "," '
                                              'or "]", got the end of the file (is a "]" missing?)')]
    assert said("a: [1, 2", "fr")[0][2].endswith(f"et non la fin du fichier (manque-t-il un {q(']')}{NB}?)")
    assert said("a: 1\n\tb: 2\n", "fr") == [(2, 1, FR + f"tabulation{NB}: YAML n’accepte que des espaces pour les "
                                                       "retraits (remplacer la tabulation par des espaces)")]


def test_an_unmapped_error_keeps_pyyaml_text_behind_a_french_lead_in() -> None:
    assert said("a: |x\n  b\n", "en") == [
        (1, 5, "YAML syntax error: did not find expected comment or line break (while scanning a block scalar)")]
    assert said("a: |x\n  b\n", "fr") == [
        (1, 5, FR + "did not find expected comment or line break (while scanning a block scalar)")]


def test_the_loader_own_refusals_in_french() -> None:
    assert said("a: 1\nb: 2\na: 3\n", "fr") == [(3, 1, f"a{NB}: clé en double (déjà écrite à la ligne 1)")]
    assert said("a: &x 1\n", "fr") == [
        (1, 4, f"une valeur écrite en entier était attendue, et non l’ancre YAML {q('&x')} (les ancres et les alias ne "
               f"sont pas acceptés{NB}: écrire la valeur en entier)")]
    assert said("<<: {a: 1}\n", "fr") == [
        (1, 1, f"les clés de fusion YAML ({q('<<')}) ne sont pas acceptées{NB}; écrire les champs en entier")]
    assert said("[a]: 1\n", "fr") == [(1, 1, "une clé simple était attendue")]
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    assert said(deep, "fr")[0][2] == ("au plus 64 niveaux de listes et de blocs imbriqués sont acceptés, ce fichier "
                                      "en compte davantage")


def test_wrong_values_are_quoted_the_french_way_in_french() -> None:
    values = (None, True, 'a"b', 12, [1], {"a": 1})
    with speaking("fr"):
        assert [shown(v) for v in values] == [
            "une valeur vide", "true", f'«{NB}a"b{NB}»', "12", "une liste", "une table de champs"]
        assert one_of(["professional", "consumer", "public"]) == "professional, consumer ou public"
    with speaking("en"):
        assert [shown(v) for v in values] == ["nothing", "true", '"a\\"b"', "12", "a list", "a mapping"]
        assert one_of(["professional", "consumer", "public"]) == "professional, consumer or public"


def test_a_control_character_in_text_in_french() -> None:
    from dossier.records import readers
    with speaking("fr"):
        assert readers.control_problem("Dupont\nRénovation") == "texte sur une seule ligne attendu, reçu un saut de ligne (U+000A)"
        assert readers.control_problem("a\tb") == "texte attendu, reçu le caractère de contrôle U+0009"
