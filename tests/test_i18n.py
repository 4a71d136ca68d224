"""The command line in French by default and in English on request (records/i18n.py, docs/architecture.md).

The rest of the suite runs in English (conftest.py); these tests pin both languages, and keep the
catalogs whole: every message in the source is wrapped for translation and translated in French.
"""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from click.testing import CliRunner

from dossier.cli import main
from dossier.records import i18n
from dossier.records.i18n import _, language_from, ngettext, set_language

from conftest import AS_OF, ROOT

PACKAGE = ROOT / "src" / "dossier"
FR_PO = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "dossier.po"
HOW_TO_FIX = ("wrap it as _(\"English text with {name} placeholders\", name=value) (ngettext for a count), run "
              "`pybabel extract -F babel.cfg -o src/dossier/locale/dossier.pot src/dossier` and "
              "`pybabel update -i src/dossier/locale/dossier.pot -d src/dossier/locale -D dossier --no-fuzzy-matching`, "
              "then write its French in src/dossier/locale/fr/LC_MESSAGES/dossier.po")


def run(args: list[str], lang: str | None, **env: str | None) -> "object":
    """`dossier ARGS` with DOSSIER_LANG=`lang` (None: unset, the locale variables decide)."""
    return CliRunner().invoke(main, args, env={"DOSSIER_LANG": lang, **env}, catch_exceptions=False)


# --- the language chosen ------------------------------------------------------------------------------------


def test_french_by_default_english_on_request() -> None:
    assert language_from(None, {}) == "fr"
    assert language_from(None, {"LANG": "C.UTF-8"}) == "fr"
    assert language_from(None, {"LANG": "fr_FR.UTF-8"}) == "fr"
    assert language_from(None, {"LANG": "en_US.UTF-8"}) == "en"
    assert language_from(None, {"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_FR.UTF-8"}) == "fr"
    assert language_from(None, {"LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}) == "en"
    assert language_from(None, {"LC_ALL": "en_GB.UTF-8", "DOSSIER_LANG": "fr"}) == "fr"
    assert language_from("en", {"DOSSIER_LANG": "fr"}) == "en"


def test_plurals_in_both_languages() -> None:
    set_language("fr")
    assert [ngettext("{n} case checked", "{n} cases checked", n) for n in (0, 1, 2)] == [
        "0 dossier vérifié", "1 dossier vérifié", "2 dossiers vérifiés"]
    set_language("en")
    assert [ngettext("{n} case checked", "{n} cases checked", n) for n in (0, 1, 2)] == [
        "0 cases checked", "1 case checked", "2 cases checked"]


def test_placeholders_are_filled_after_translation() -> None:
    set_language("fr")
    assert _("{file}: not committed yet, no history", file="cases/a.yaml") == \
        "cases/a.yaml\u00a0: pas encore commité, pas d’historique"
    set_language("en")
    assert _("{file}: not committed yet, no history", file="cases/a.yaml") == "cases/a.yaml: not committed yet, no history"


# --- each command family in both languages ------------------------------------------------------------------


@pytest.fixture
def one_case(demo_repo: Path) -> Path:
    """The demo's project with one case left."""
    for path in sorted((demo_repo / "cases").iterdir()):
        if path.suffix == ".yaml" and path.name != "2026-014-dupont.yaml":
            path.unlink()
        elif (path / "dossier.yaml").is_file():
            shutil.rmtree(path)
    return demo_repo


def test_check_speaks_the_locale_language(demo_repo: Path) -> None:
    """LANG=fr_FR.UTF-8 and LANG=en_US.UTF-8 print the same errors, each in its language."""
    case = demo_repo / "cases" / "2026-014-dupont.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("due: 2026-03-03", "due: 2026-13-03", 1), encoding="utf-8")
    fr = run(["check", "--repo", str(demo_repo), "--as-of", AS_OF], None, LANG="fr_FR.UTF-8", LC_ALL=None)
    en = run(["check", "--repo", str(demo_repo), "--as-of", AS_OF], None, LANG="en_US.UTF-8", LC_ALL=None)
    assert fr.exit_code == en.exit_code == 1
    fr_errors = [line for line in fr.output.splitlines() if "avertissement" not in line]
    en_errors = [line for line in en.output.splitlines() if "warning" not in line]
    assert len(fr_errors) == len(en_errors) == 1
    line = en_errors[0].split(": ")[0]
    assert en_errors[0].startswith(line + ": invoices[0].due: expected a real date, got \"2026-13-03\"")
    assert fr_errors[0].startswith(line + ": invoices[0].due\u00a0: date réelle attendue, reçu \"2026-13-03\"")


def test_check_counts_in_french_and_english(demo_repo: Path) -> None:
    fr = run(["check", "--repo", str(demo_repo), "--as-of", AS_OF], "fr")
    en = run(["--lang", "en", "check", "--repo", str(demo_repo), "--as-of", AS_OF], "fr")
    assert fr.exit_code == en.exit_code == 0
    assert fr.output.splitlines()[-1] == "16 dossiers vérifiés\u00a0: aucune erreur, 24 avertissements."
    assert en.output.splitlines()[-1] == "16 cases checked: no errors, 24 warnings."
    assert "dossier.yaml:1:1: avertissement\u00a0: un relevé utilise un taux provisoire" in fr.output
    assert "avertissement\u00a0: 4 documents (2026-038-vallons-du-lyonnais/01-relance-informelle, " in fr.output
    assert "warning: 4 documents (2026-038-vallons-du-lyonnais/01-relance-informelle, " in en.output


def test_build_plural_in_both_languages(one_case: Path, tmp_path: Path) -> None:
    fr = run(["build", "--repo", str(one_case), "--as-of", AS_OF, "--no-pdf", "--out", str(tmp_path / "fr")], "fr")
    en = run(["build", "--repo", str(one_case), "--as-of", AS_OF, "--no-pdf", "--out", str(tmp_path / "en")], "en")
    assert fr.exit_code == en.exit_code == 0, fr.output
    last_fr, last_en = fr.output.splitlines()[-1], en.output.splitlines()[-1]
    assert re.fullmatch(rf"1 dossier construit au 2026-11-24 dans {re.escape(str(tmp_path / 'fr'))} \(\d+ fichiers\)\.", last_fr)
    assert re.fullmatch(rf"Built 1 case as of 2026-11-24 into {re.escape(str(tmp_path / 'en'))} \(\d+ files\)\.", last_en)


def test_status_and_show_in_both_languages(one_case: Path) -> None:
    fr = run(["status", "--repo", str(one_case), "--as-of", AS_OF], "fr")
    en = run(["status", "--repo", str(one_case), "--as-of", AS_OF], "en")
    assert fr.output.split()[:6] == ["dossier", "état", "total", "prochaine", "action", "échéance"]
    assert en.output.split()[:6] == ["case", "status", "total", "next", "action", "due"]
    fr = run(["show", "2026-014", "--repo", str(one_case), "--as-of", AS_OF], "fr")
    en = run(["show", "2026-014", "--repo", str(one_case), "--as-of", AS_OF], "en")
    assert fr.output.startswith("2026-014-dupont — Dupont Rénovation SARL — état\u00a0: ")
    assert en.output.startswith("2026-014-dupont — Dupont Rénovation SARL — status: ")
    assert "\nscénario\u00a0: " in fr.output and "\nscenario: " in en.output


def test_project_not_found_and_usage_errors_in_both_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["status"], "fr").output == ("dossier.yaml\u00a0: pas de fichier de projet ici ni dans un dossier parent "
                                            "(lancer `dossier init` pour en créer un)\n")
    assert run(["status"], "en").output == ("dossier.yaml: no project file here or in any parent folder "
                                            "(run `dossier init` to create one)\n")
    fr = run(["record", "x", "note", "then"], "fr")
    assert "un événement est attendu après `then`" in fr.output
    assert "expected an event after `then`" in run(["record", "x", "note", "then"], "en").output
    fr = run(["check", "--repo", ".", "--as-of", "2026-13-01"], "fr")
    assert "date attendue (AAAA-MM-JJ), reçu «\u00a02026-13-01\u00a0»" in fr.output


def test_rates_and_init_in_both_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fr = run(["rates", "--as-of", AS_OF], "fr")
    assert "Pas de dossier.yaml dans .\u00a0: les tables intégrées seulement." in fr.output
    assert "No dossier.yaml in .: the built-in tables only." in run(["rates", "--as-of", AS_OF], "en").output
    fr = run(["init", "fr"], "fr")
    assert "créé fr/dossier.yaml" in fr.output.splitlines()
    assert fr.output.splitlines()[-1].startswith("Ensuite\u00a0: remplir chaque «\u00a0À COMPLÉTER\u00a0» de fr/dossier.yaml")
    en = run(["init", "en"], "en")
    assert "created en/dossier.yaml" in en.output.splitlines()


def test_help_in_both_languages() -> None:
    fr = run(["--help"], "fr").output
    en = run(["--help"], "en").output
    assert "dossier\u00a0: le recouvrement amiable des factures impayées en droit français." in fr
    assert "Valider le fichier de projet et chaque dossier" in fr
    assert "Validate the project file and every case" in en
    assert "--lang [fr|en]" in fr and "La langue des messages" in fr
    assert fr.startswith("Usage\u00a0: ") and "\nCommandes\u00a0:\n" in fr and "Afficher ce message et quitter." in fr
    assert en.startswith("Usage: ") and "\nCommands:\n" in en and "Show this message and exit." in en
    missing = run(["show"], "fr").output
    assert "Erreur\u00a0: Argument manquant 'CASE_ID'." in missing
    fr = run(["--lang", "fr", "build", "--help"], "en").output
    assert "Ne pas produire les PDF (HTML," in fr
    assert "Skip PDF rendering" in run(["build", "--help"], "en").output


# --- the catalogs are whole ---------------------------------------------------------------------------------


def source_messages() -> dict[str, tuple[str, int]]:
    """msgid → (file, line) of every message Babel extracts from the package (babel.cfg)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, tuple[str, int]] = {}
    for path, line, msgid, _comments, _context in extract_from_dir(str(PACKAGE), method_map, options_map):
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        found.setdefault(key, (f"src/dossier/{path}", line))
    return found


def test_every_message_has_its_french() -> None:
    with FR_PO.open("rb") as f:
        catalog = read_po(f, locale="fr")
    french = {(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog if m.id}
    missing = [f"{file}:{line}: {msgid!r} has no French translation: {HOW_TO_FIX}"
               for msgid, (file, line) in source_messages().items()
               if msgid not in french or french[msgid].fuzzy or not all(
                   french[msgid].string if isinstance(french[msgid].string, tuple) else (french[msgid].string,))]
    assert not missing, "\n".join(missing)


def test_french_catalog_is_clean() -> None:
    """No fuzzy or empty entry, the same placeholders as the English, the careful register's typography."""
    with FR_PO.open("rb") as f:
        catalog = read_po(f, locale="fr")
    bad = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            bad.append(f"{ids[0]!r}: fuzzy or empty")
            continue
        for en, fr in zip(ids, strings):
            if sorted(re.findall(r"\{(\w*)", en)) != sorted(re.findall(r"\{(\w*)", fr)):
                bad.append(f"{en!r}: placeholders differ in {fr!r}")
            if re.search(r" [:;?!»]|« |'|(?<=[\w}]) %", fr):
                bad.append(f"{fr!r}: a plain space before : ; ? ! % » or after «, or a straight apostrophe "
                           "(write U+00A0 and ’)")
    assert not bad, "\n".join(bad)
    stale = sorted(set(m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id) - set(source_messages()))
    assert not stale, f"entries no longer in the source (run pybabel update): {stale}"


# Calls that take a message a user reads, and the position (or keyword) of that message.
MESSAGE_ARGS = {"error": 1, "warning": 1, "Issue": 1, "warn": 1, "echo": 0, "UsageError": 0, "BadParameter": 0,
                "ClickException": 0, "Refusal": 1, "failure_issue": 2, "HistoryError": 0, "Finding": 2}
WRAPPERS = {"_", "ngettext", "N_"}
FRENCH = re.compile(r"[éèêàùçôîÉÀ’«»\u00a0]")


def unwrapped(node: ast.AST) -> list[ast.AST]:
    """The text literals in `node` that are not inside a _() or ngettext() call."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in WRAPPERS:
        return []
    if isinstance(node, ast.Subscript) or isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return []   # d["message"], text.split(": "): not the words printed
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node] if re.search(r"[A-Za-z]{2}", node.value) and not FRENCH.search(node.value) else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return [node] if re.search(r"[A-Za-z]{2}", text) and not FRENCH.search(text) else []
    return [n for child in ast.iter_child_nodes(node) for n in unwrapped(child)]


def test_every_message_is_wrapped_for_translation() -> None:
    """An AST scan of the calls that print or report (issues, click.echo, usage errors, refusals, lint findings)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in MESSAGE_ARGS:
                continue
            position = MESSAGE_ARGS[name]
            args = node.args[position:position + 1] + [k.value for k in node.keywords if k.arg in ("message", "help")]
            for arg in args:
                for literal in unwrapped(arg):
                    found.append(f"{rel}:{literal.lineno}: {ast.get_source_segment(path.read_text(encoding='utf-8'), literal)}"
                                 f" is not wrapped for translation: {HOW_TO_FIX}")
    assert not found, "\n".join(found)


def test_click_help_texts_are_marked() -> None:
    """Every option's help= is N_("…") (translated when printed), every command's help its docstring."""
    found = []
    for path in sorted(PACKAGE.glob("cli*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.keyword) and node.arg == "help" and not (
                    isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "N_"):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.value.lineno}: help= is not N_(…): {HOW_TO_FIX}")
    assert not found, "\n".join(found)


def test_catalog_is_read_once() -> None:
    set_language("fr")
    assert i18n.catalog("fr") is i18n.catalog("fr")
    assert _("Warnings:") == "Avertissements\u00a0:"


def test_the_catalogs_ship_in_the_wheel() -> None:
    """pyproject.toml's package data takes the catalogs read at run time (no .mo is built)."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["dossier"]
    for lang in ("fr", "en"):
        rel = f"locale/{lang}/LC_MESSAGES/dossier.po"
        assert (PACKAGE / rel).is_file() and any(fnmatch.fnmatch(rel, p) for p in patterns)


def test_a_decimal_in_a_french_message_has_a_decimal_comma() -> None:
    """« 2,40 % » and « 12 267,09 » in French (thousands with U+202F, as the documents), « 2.40 % » in English."""
    from decimal import Decimal

    from dossier.records import i18n

    before = i18n.language()
    try:
        i18n.set_language("fr")
        assert i18n._("the provisional value {rate} % is used and flagged provisional", rate=Decimal("2.40")) == \
            "la valeur provisoire de 2,40\u00a0% est utilisée et signalée comme telle"
        assert i18n._("{n}", n=Decimal("12267.09")) == "12\u202f267,09"
        i18n.set_language("en")
        assert i18n._("the provisional value {rate} % is used and flagged provisional", rate=Decimal("2.40")) == \
            "the provisional value 2.40 % is used and flagged provisional"
    finally:
        i18n.set_language(before)


def test_a_placeholder_with_its_own_format_keeps_it_in_french() -> None:
    """``{amount:.2f}`` is formatted as written (a Decimal made a string would break it)."""
    from decimal import Decimal

    from dossier.records import i18n

    before = i18n.language()
    try:
        i18n.set_language("fr")
        assert i18n._("{a:.2f} and {b}", a=Decimal("600"), b=Decimal("1.5")) == "600.00 and 1,5"
    finally:
        i18n.set_language(before)
