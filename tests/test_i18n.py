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
    assert fr_errors[0].startswith(line + ": invoices[0].due\u00a0: date réelle attendue, reçu «\u00a02026-13-03\u00a0»")


def test_a_yaml_syntax_error_in_the_locale_language(demo_repo: Path) -> None:
    """A tab and an unclosed "[" (the YAML errors a user makes): the same places, each language's words and hint."""
    case = demo_repo / "cases" / "2026-014-dupont.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace('  address: ["12 rue des Lilas", "69003 Lyon"]', '  address: ["12 rue des Lilas", "69003 Lyon"'),
                    encoding="utf-8")
    other = demo_repo / "cases" / "2025-004-bertin.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("  email:", "\temail:", 1), encoding="utf-8")
    fr = run(["check", "--repo", str(demo_repo), "--as-of", AS_OF], None, LANG="fr_FR.UTF-8", LC_ALL=None, LC_MESSAGES=None)
    en = run(["check", "--repo", str(demo_repo), "--as-of", AS_OF], None, LANG="en_US.UTF-8", LC_ALL=None, LC_MESSAGES=None)
    assert fr.exit_code == en.exit_code == 1
    assert [line for line in en.output.splitlines() if "warning" not in line][:2] == [
        "cases/2025-004-bertin.yaml:8:1: YAML syntax error: a tab character: YAML indents with spaces only "
        "(replace the tab with spaces)",
        'cases/2026-014-dupont.yaml:9:3: YAML syntax error: in the list opened with "[" on line 8: expected "," or '
        '"]", got "email" (is a "]" missing?)']
    assert [line for line in fr.output.splitlines() if "avertissement" not in line][:2] == [
        "cases/2025-004-bertin.yaml:8:1: erreur de syntaxe YAML\u00a0: tabulation\u00a0: YAML n’accepte que des espaces "
        "pour les retraits (remplacer la tabulation par des espaces)",
        "cases/2026-014-dupont.yaml:9:3: erreur de syntaxe YAML\u00a0: dans la liste ouverte par «\u00a0[\u00a0» à la "
        "ligne 8\u00a0: une virgule ou «\u00a0]\u00a0» était attendu, et non «\u00a0email\u00a0» (manque-t-il un "
        "«\u00a0]\u00a0»\u00a0?)"]


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
    assert "dépôt Git créé dans fr" in fr.output.splitlines()
    en = run(["init", "en"], "en")
    assert "created en/dossier.yaml" in en.output.splitlines()
    assert "initialised a Git repository in en" in en.output.splitlines()


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


def test_due_in_both_languages(demo_repo: Path) -> None:
    """`dossier due`: every line in the run's language; French as the documents write amounts and dates."""
    fr = run(["due", "--repo", str(demo_repo), "--as-of", AS_OF], "fr").output.rstrip("\n").splitlines()
    en = run(["due", "--repo", str(demo_repo), "--as-of", AS_OF], "en").output.rstrip("\n").splitlines()
    assert fr[:6] == [
        "Agenda au 24\u00a0novembre\u00a02026\u00a0: 7 en retard, 0 aujourd’hui, 6 dans les 14 prochains jours, "
        "1 délai de procédure plus tard",
        "",
        "EN RETARD",
        "  À envoyer — 3 dossiers, 8\u202f269,20\u00a0€",
        "    15/10/2026 (+40 j)  2026-028-brasserie-du-parc        Brasserie du Parc SARL             "
        "3\u202f254,74\u00a0€  Mise en demeure (recommandé AR)",
        "    12/11/2026 (+12 j)  2026-033-ferrand                  Mme Sylvie Ferrand                 "
        "1\u202f188,00\u00a0€  Mise en demeure (recommandé AR)",
    ]
    assert en[:6] == [
        "Agenda as of 24 November 2026: 7 overdue, 0 today, 6 in the next 14 days, 1 court deadline later",
        "",
        "OVERDUE",
        "  To send — 3 cases, €8,269.20",
        "    2026-10-15 (+40 d)  2026-028-brasserie-du-parc        Brasserie du Parc SARL             "
        "€3,254.74  Formal notice (registered letter with receipt)",
        "    2026-11-12 (+12 d)  2026-033-ferrand                  Mme Sylvie Ferrand                 "
        "€1,188.00  Formal notice (registered letter with receipt)",
    ]
    assert "LATER: COURT DEADLINES BEYOND 14 DAYS" in en and "PLUS TARD\u00a0: DÉLAIS DE PROCÉDURE AU-DELÀ DE 14 JOURS" in fr
    assert ("    2027-01-27          2026-027-garnier                  M. Julien Garnier                  €6,888.19  Have the "
            "order of 27 October 2026 served by a judicial officer by 27 January 2027 (within 3 months, art. 1411 CPC)") in en
    assert ("    27/01/2027          2026-027-garnier                  M. Julien Garnier                  6\u202f888,19\u00a0€  "
            "Faire signifier l’ordonnance du 27\u00a0octobre\u00a02026 par un commissaire de justice au plus tard le "
            "27\u00a0janvier\u00a02027 (délai de 3 mois, art. 1411 CPC)") in fr
    assert "PAYMENT PLAN INSTALMENTS (PAYMENTS EXPECTED)" in en and "ÉCHÉANCES DES ÉCHÉANCIERS (PAIEMENTS ATTENDUS)" in fr
    assert en[-1].endswith("€1,220.00  Instalment 5/6 of the payment plan of 10 July 2026, to come")
    assert fr[-1].endswith("1\u202f220,00\u00a0€  Échéance 5/6 de l’échéancier du 10\u00a0juillet\u00a02026, à venir")
    # the columns line up by characters (a French amount's narrow no-break space is one): every action of the
    # overdue and coming days starts its wording in one column
    actions = [line for line in fr if line.startswith("    ") and "2026-027" not in line and "2026-020" not in line]
    assert len({line.index("€  ") for line in actions}) == 1
    one = run(["due", "--repo", str(demo_repo), "--as-of", AS_OF, "--days", "1"], "fr").output.splitlines()[0]
    assert one == ("Agenda au 24\u00a0novembre\u00a02026\u00a0: 7 en retard, 0 aujourd’hui, 0 d’ici 1 jour, "
                   "1 délai de procédure plus tard")   # one day: singular, not « dans les 1 prochains jours »


def test_show_and_status_tables_in_both_languages(one_case: Path) -> None:
    """`show`'s statement and `status`: French headings and « 4 800,00 » in French, English and dot decimals in
    English, each column padded by characters (the narrow no-break space of a French amount is one)."""
    fr = run(["show", "2026-014", "--repo", str(one_case), "--as-of", AS_OF], "fr").output.splitlines()
    en = run(["show", "2026-014", "--repo", str(one_case), "--as-of", AS_OF], "en").output.splitlines()
    assert fr[0] == "2026-014-dupont — Dupont Rénovation SARL — état\u00a0: en cours"
    assert en[0] == "2026-014-dupont — Dupont Rénovation SARL — status: open"
    assert fr[1] == "scénario\u00a0: standard (scénario par défaut du projet)"
    assert en[1] == "scenario: standard (the project's default)"
    assert fr[5:8] == ["facture       date        échéance         montant   principal  intérêts indemnité retard",
                       "-" * 89,
                       "F2026-031     2026-02-01  2026-03-03      4\u202f800,00    3\u202f827,16    321,07     40,00    266"]
    assert en[5:8] == ["invoice       date        due               amount   principal  interest indemnity   late",
                       "-" * 89,
                       "F2026-031     2026-02-01  2026-03-03       4800.00     3827.16    321.07     40.00    266"]
    assert ("Total dû\u00a0: 4\u202f188,23\u00a0€ (principal 3\u202f827,16\u00a0€ + intérêts 321,07\u00a0€ + "
            "indemnité 40,00\u00a0€)") in fr
    assert "Total due: €4,188.23 (principal €3,827.16 + interest €321.07 + indemnity €40.00)" in en
    assert "Prochaine action\u00a0: 2026-05-04  tribunal  injonction_de_payer (Requête en injonction de payer)" in fr
    assert "Next action: 2026-05-04  court  injonction_de_payer (Application for an order for payment)" in en
    fr = run(["status", "--repo", str(one_case), "--as-of", AS_OF], "fr").output.splitlines()
    en = run(["status", "--repo", str(one_case), "--as-of", AS_OF], "en").output.splitlines()
    assert fr[:2] == ["dossier          état           total  prochaine action     échéance",
                      "2026-014-dupont  en cours  4\u202f188,23 *  injonction_de_payer  2026-05-04"]
    assert en[:2] == ["case             status      total  next action          due",
                      "2026-014-dupont  open    4188.23 *  injonction_de_payer  2026-05-04"]


def test_rates_in_both_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fr = run(["rates", "--as-of", AS_OF], "fr").output.splitlines()
    en = run(["rates", "--as-of", AS_OF], "en").output.splitlines()
    assert "  2025-04-23  2,40\u00a0%  confirmé    intégré      https://" in "\n".join(fr)
    assert "  2025-04-23  2.40 %  confirmed    built-in  https://" in "\n".join(en)
    assert "Taux de l’intérêt légal, particuliers (legal_particuliers), par semestre\u00a0:" in fr
    assert "Legal interest rate, consumers (legal_particuliers), by half-year:" in en


@pytest.fixture
def history(tmp_path: Path):
    """A claims repository with three commits on one case: created, an amount corrected, a formal notice sent."""
    from gitrepo import LOUISE, PAUL, GitRepo

    g = GitRepo(tmp_path / "git")
    case = ("debtor: {name: Dupont Rénovation SARL, kind: professional, address: [\"12 rue des Lilas\", \"69003 Lyon\"]}\n"
            "invoices:\n  - {number: FA-1, date: 2025-10-01, due: 2025-10-31, amount: 2350.40}\nevents:\n"
            "  - {date: 2025-11-20, type: sent, step: relance_informelle}\n")
    g.write("cases/2026-014-dupont.yaml", case)
    g.commit("ouverture", LOUISE, "2025-11-21T09:00:00+01:00")
    g.write("cases/2026-014-dupont.yaml", case.replace("2350.40", "2530.40"))
    g.commit("montant", PAUL, "2025-11-24T14:30:00+01:00")
    g.write("cases/2026-014-dupont.yaml", case.replace("2350.40", "2530.40")
            + "  - {date: 2025-12-01, type: sent, step: mise_en_demeure, received: 2025-12-03}\n"
            + "  - {date: 2025-12-05, type: payment, amount: 600.00, invoice: FA-1}\n")
    g.commit("mise en demeure", LOUISE, "2025-12-05T10:00:00+01:00")
    return g


def test_log_in_both_languages(history) -> None:
    fr = run(["log", "2026-014", "--repo", str(history.path)], "fr").output.splitlines()
    en = run(["log", "2026-014", "--repo", str(history.path)], "en").output.splitlines()
    assert [line for line in fr if line.startswith("    ")] == [
        "    - mise en demeure envoyée le 01/12/2025, reçue le 03/12/2025",
        "    - paiement de 600,00\u00a0€ enregistré le 05/12/2025 sur la facture FA-1",
        "    - montant de la facture FA-1\u00a0: 2\u202f350,40\u00a0€ → 2\u202f530,40\u00a0€",
        "    - dossier créé\u00a0: 1 facture, 2\u202f350,40\u00a0€, 1 événement au journal",
    ]
    assert [line for line in en if line.startswith("    ")] == [
        "    - formal notice sent on 2025-12-01, received on 2025-12-03",
        "    - payment of €600.00 recorded on 2025-12-05 on invoice FA-1",
        "    - amount of invoice FA-1: €2,350.40 → €2,530.40",
        "    - case created: 1 invoice, €2,350.40, 1 event in the journal",
    ]
    assert run(["log", "2027", "--repo", str(history.path)], "en").output.endswith(
        'no case "2027" in cases/ nor in its history\n')


def test_diff_in_both_languages(history) -> None:
    fr = run(["diff", "HEAD~1", "HEAD", "--repo", str(history.path), "--as-of", "2026-06-30"], "fr").output
    en = run(["diff", "HEAD~1", "HEAD", "--repo", str(history.path), "--as-of", "2026-06-30"], "en").output
    head = history.git("rev-parse", "--short=7", "HEAD~1").strip(), history.head()[:7]
    assert fr.splitlines()[:12] == [
        f"## dossier diff\u00a0: HEAD~1 ({head[0]}) → HEAD ({head[1]})", "",
        "1 dossier modifié, calculs au 30/06/2026.", "",
        "### 2026-014-dupont — Dupont Rénovation SARL", "",
        "Changements dans le dossier\u00a0:", "",
        "- mise en demeure envoyée le 01/12/2025, reçue le 03/12/2025",
        "- paiement de 600,00\u00a0€ enregistré le 05/12/2025 sur la facture FA-1", "",
        "Calculé au 30/06/2026\u00a0:",
    ]
    assert en.splitlines()[:12] == [
        f"## dossier diff: HEAD~1 ({head[0]}) → HEAD ({head[1]})", "",
        "1 case changed, computed as of 2026-06-30.", "",
        "### 2026-014-dupont — Dupont Rénovation SARL", "",
        "Changes in the case:", "",
        "- formal notice sent on 2025-12-01, received on 2025-12-03",
        "- payment of €600.00 recorded on 2025-12-05 on invoice FA-1", "",
        "Computed as of 2026-06-30:",
    ]
    assert "| | avant | après |" in fr and "| Total dû | " in fr and "| Intérêts | " in fr
    assert "| | before | after |" in en and "| Total due | " in en and "| Interest | " in en
    none = run(["diff", "HEAD", "HEAD", "--repo", str(history.path), "--as-of", "2026-06-30"], "en").output
    assert none.splitlines()[2] == "No case changed."


def test_an_english_build_writes_the_same_site_as_a_french_one(demo_repo: Path, tmp_path: Path) -> None:
    """The documents, the bundles and the site are French whatever the command line speaks (the case pages'
    history from Git included)."""
    from gitrepo import GitRepo

    from conftest import tree

    GitRepo(demo_repo, project=(demo_repo / "dossier.yaml").read_text(encoding="utf-8")).commit("démo")
    fr = run(["build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out", str(tmp_path / "fr")], "fr")
    en = run(["--lang", "en", "build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--out",
              str(tmp_path / "en")], "fr")
    assert fr.exit_code == en.exit_code == 0, en.output
    assert en.output.splitlines()[-1].startswith("Built 16 cases as of 2026-11-24 into ")
    assert tree(tmp_path / "en") == tree(tmp_path / "fr")
    assert "créé\u00a0: 1 facture" in (tmp_path / "en" / "cases" / "2026-014-dupont" / "index.html").read_text(encoding="utf-8")


def test_money_and_dates_of_the_messages_are_the_documents_in_french() -> None:
    """records/i18n.py formats as law/money.py in French (one look for the documents and the messages)."""
    import datetime as dt
    from decimal import Decimal

    from dossier.law.money import date_long, euros, percent

    set_language("fr")
    for x in ("0", "0.5", "1234.5", "-12.345", "1234567.891"):
        assert i18n.money(Decimal(x)) == euros(Decimal(x))
    for r in ("12.15", "8", "2.4375"):
        assert i18n.percent(Decimal(r)) == percent(Decimal(r))
    for d in (dt.date(2026, 12, 1), dt.date(2026, 8, 22)):
        assert i18n.long_day(d) == date_long(d)
    assert (i18n.day(dt.date(2026, 3, 4)), i18n.amount(Decimal("4800"))) == ("04/03/2026", "4\u202f800,00")
    set_language("en")
    assert (i18n.money(Decimal("-1234.5")), i18n.percent(Decimal("8")), i18n.long_day(dt.date(2026, 12, 1)),
            i18n.day(dt.date(2026, 3, 4)), i18n.amount(Decimal("4800"))) == (
        "-€1,234.50", "8.00%", "1 December 2026", "2026-03-04", "4800.00")


def test_french_runs_print_no_english_sentence(demo_repo: Path) -> None:
    """`check`, `due`, `status` and `show` read in French from end to end (YAML snippets such as
    ``{table: ecb_mro, from: …}`` and addresses left aside: they are to be copied as they are)."""
    english = re.compile(r"\b(the|and|is|of|with|no|from|to|by|on|in)\b")
    found = []
    for args in (["check"], ["due"], ["status"], ["show", "2026-014"], ["show", "2026-027"], ["show", "2026-020"]):
        out = run([*args, "--repo", str(demo_repo), "--as-of", AS_OF], "fr").output
        for line in out.splitlines():
            text = re.sub(r"\{[^}]*\}|https?://\S+|\S+@\S+", "", line)
            if english.search(text):
                found.append(f"{' '.join(args)}: {line}")
    assert not found, "\n".join(found)


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
                "ClickException": 0, "Refusal": 1, "failure_issue": 2, "HistoryError": 0, "Finding": 2,
                "problems.add": 1}
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
            if name == "add" and getattr(node.func, "value", None) is not None \
                    and getattr(node.func.value, "id", "") == "problems":
                name = "problems.add"   # an import's problems (imports/model.py Problems): where, then the message
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
