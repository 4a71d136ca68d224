"""Git as the record: case logs with plain-French summaries, commit ids, blob ids, PR diffs."""
from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from dossier.records.i18n import set_language
from dossier.history import caselog, history, revdiff
from dossier.history.caselog import LogEntry, case_log
from dossier.history.history import blob_ids, commit_of

from gitrepo import LOUISE, PAUL, GitRepo


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    """These summaries are pinned in French, the command line's default (tests/test_i18n.py pins the English)."""
    monkeypatch.setenv("DOSSIER_LANG", "fr")
    set_language("fr")


NN, NB = "\u202f", "\u00a0"

CASE = """\
# Dossier Dupont — suivi par L. Martin
debtor:
  name: Dupont Rénovation SARL
  kind: professional
  address: ["12 rue des Lilas", "69003 Lyon"]
invoices:
  - {number: FA-2025-301, date: 2025-10-01, due: 2025-10-31, amount: 2350.40}
  - {number: FA-2025-317, date: 2025-10-15, due: 2025-11-14, amount: 3079.60}
events:
  - {date: 2025-11-20, type: sent, step: relance_informelle}
"""
PATH = "cases/2026-014-dupont.yaml"


def tz(hours: int) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """Four commits by two authors: creation, an amount corrected, a payment, a comment and an address."""
    g = GitRepo(tmp_path / "claims")
    g.write(PATH, CASE)
    g.commit("Dupont: ouverture du dossier", LOUISE, "2025-11-21T09:00:00+01:00")
    g.write(PATH, CASE.replace("2350.40", "2530.40"))
    g.commit("Dupont: montant corrigé", PAUL, "2025-11-24T14:30:00+01:00")
    g.write(PATH, CASE.replace("2350.40", "2530.40")
            + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301, reference: VIR 28/11}\n")
    g.commit("Dupont: virement reçu", LOUISE, "2025-11-28T17:05:00+01:00")
    g.write(PATH, CASE.replace("2350.40", "2530.40").replace("# Dossier Dupont", "# Dossier Dupont (urgent)")
            .replace("12 rue des Lilas", "14 rue des Lilas")
            + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301, reference: VIR 28/11}\n")
    g.commit("Dupont: nouvelle adresse", PAUL, "2025-12-02T11:00:00+01:00")
    return g


def test_case_log_summaries_authors_dates(repo: GitRepo):
    log = case_log(repo.path, "2026-014-dupont")
    shas = repo.git("log", "--format=%H").split()
    assert [(e.author, e.date, e.summaries) for e in log] == [
        ("Paul Girard", dt.datetime(2025, 12, 2, 11, 0, tzinfo=tz(1)), ("adresse du débiteur modifiée",)),
        ("Louise Martin", dt.datetime(2025, 11, 28, 17, 5, tzinfo=tz(1)),
         (f"paiement de 600,00{NB}€ enregistré le 28/11/2025 sur la facture FA-2025-301",)),
        ("Paul Girard", dt.datetime(2025, 11, 24, 14, 30, tzinfo=tz(1)),
         (f"montant de la facture FA-2025-301\u00a0: 2{NN}350,40{NB}€ → 2{NN}530,40{NB}€",)),
        ("Louise Martin", dt.datetime(2025, 11, 21, 9, 0, tzinfo=tz(1)),
         (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",)),
    ]
    assert [e.commit for e in log] == shas
    assert log[0] == LogEntry(shas[0], "Paul Girard", dt.datetime(2025, 12, 2, 11, 0, tzinfo=tz(1)),
                              ("adresse du débiteur modifiée",), "paul@cabinet-girard.fr", "Dupont: nouvelle adresse")


def test_case_log_comment_only_rename_and_other_cases(repo: GitRepo):
    text = (repo.path / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("(urgent)", "(très urgent)"))
    repo.write("cases/2026-015-autre.yaml", CASE.replace("FA-2025-3", "FB-2025-3"))
    repo.commit("commentaire; un autre dossier", LOUISE, "2025-12-03T10:00:00+01:00")
    repo.git("mv", PATH, "cases/2026-014-dupont-renovation.yaml")
    repo.commit("Dupont: renommé", PAUL, "2025-12-04T10:00:00+01:00")
    log = case_log(repo.path, "2026-014-dupont-renovation")
    assert [e.summaries for e in log[:2]] == [
        ("dossier renommé\u00a0: 2026-014-dupont → 2026-014-dupont-renovation",),
        ("mise en forme ou commentaires modifiés, aucune donnée changée",),
    ]
    assert len(log) == 6   # the rename followed back to the creation
    assert log[-1].summaries == (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",)
    assert [e.summaries for e in case_log(repo.path, "2026-015-autre")] == [
        (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",)]


def test_case_log_invalid_version_and_deleted_case(repo: GitRepo):
    text = (repo.path / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("due: 2025-10-31", "due: 31/10/2025"))
    repo.commit("oops", PAUL, "2025-12-05T10:00:00+01:00")
    repo.write(PATH, text)
    repo.commit("fix", PAUL, "2025-12-05T11:00:00+01:00")
    repo.git("rm", "-q", PATH)
    repo.commit("Dupont: dossier retiré", LOUISE, "2025-12-06T10:00:00+01:00")
    log = case_log(repo.path, "2026-014-dupont")
    assert [e.summaries for e in log[:3]] == [
        ("dossier supprimé",),
        ("dossier corrigé\u00a0: il est de nouveau valide",),
        ('version non valide\u00a0: cases/2026-014-dupont.yaml:7:50: invoices[0].due\u00a0: date attendue (AAAA-MM-JJ), reçu «\u00a031/10/2025\u00a0»',),
    ]


def test_folder_case_pieces(tmp_path: Path):
    g = GitRepo(tmp_path / "claims")
    folder = "cases/2026-020-commune"
    g.write(f"{folder}/dossier.yaml", CASE.replace("kind: professional", "kind: public"))
    g.commit("commune: ouverture", LOUISE, "2026-01-05T10:00:00+01:00")
    g.write(f"{folder}/pieces/FA-2025-301.pdf", b"%PDF-1.4 facture\n")
    g.commit("commune: facture scannée", PAUL, "2026-01-06T10:00:00+01:00")
    g.write(f"{folder}/dossier.yaml", CASE.replace("kind: professional", "kind: public").replace(
        "amount: 2350.40}", "amount: 2350.40, piece: pieces/FA-2025-301.pdf}"))
    g.commit("commune: pièce liée", PAUL, "2026-01-07T10:00:00+01:00")
    assert [e.summaries for e in case_log(g.path, "2026-020-commune")] == [
        ("pièce de la facture FA-2025-301 ajoutée\u00a0: cases/2026-020-commune/pieces/FA-2025-301.pdf",),
        ("pièce ajoutée\u00a0: cases/2026-020-commune/pieces/FA-2025-301.pdf",),
        (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",),
    ]


def test_unknown_case_and_not_a_repository(repo: GitRepo, tmp_path: Path):
    set_language("en")
    with pytest.raises(history.HistoryError, match='no case "2026-999" in cases/ nor in its history'):
        case_log(repo.path, "2026-999")
    (tmp_path / "plain").mkdir()
    with pytest.raises(history.HistoryError, match="not inside a Git repository"):
        case_log(tmp_path / "plain", "x")


def test_commit_of_and_blob_ids(repo: GitRepo, tmp_path: Path):
    head = repo.head()
    assert commit_of(repo.path) == head
    (repo.path / "site").mkdir()
    (repo.path / "site" / "index.html").write_text("ignored")
    assert commit_of(repo.path) == head        # site/ is ignored
    (repo.path / "cases" / "new.yaml").write_text("x")
    assert commit_of(repo.path) == head + "+dirty"
    assert commit_of(tmp_path) is None
    ids = blob_ids(repo.path, [PATH, "dossier.yaml", "missing.yaml"])
    assert ids == {
        "cases/2026-014-dupont.yaml": repo.git("hash-object", PATH).strip(),
        "dossier.yaml": repo.git("hash-object", "dossier.yaml").strip(),
    }
    data = (repo.path / PATH).read_bytes()
    assert ids[PATH] == hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _durand(text: str) -> str:
    return text.replace("FA-2025-3", "FB-2025-3").replace("Dupont Rénovation SARL", "Durand Charpente SAS")


@pytest.fixture
def branch(tmp_path: Path) -> GitRepo:
    """main: two cases; branch `paiements`: a payment committed; in the working tree: an amount edited, a case added."""
    g = GitRepo(tmp_path / "branch")
    g.write(PATH, CASE)
    g.write("cases/2026-015-durand.yaml", _durand(CASE))
    g.commit("base", LOUISE, "2025-11-21T09:00:00+01:00")
    g.git("checkout", "-q", "-b", "paiements")
    g.write(PATH, CASE + "  - {date: 2025-11-28, type: payment, amount: 600.00, invoice: FA-2025-301}\n")
    g.commit("paiement Dupont", PAUL, "2025-11-28T09:00:00+01:00")
    g.write("cases/2026-015-durand.yaml", _durand(CASE).replace("3079.60", "3097.60"))
    g.write("cases/2026-016-leroy.yaml", CASE.replace("FA-2025-3", "FC-2025-3").replace("Dupont Rénovation SARL", "Leroy Paysage EURL"))
    return g


E = lambda amount: amount.replace(" ", NN) + NB + "€"   # noqa: E731  "5 430,00" → "5 430,00 €" typeset

DUPONT = f"""\
### 2026-014-dupont — Dupont Rénovation SARL

Changements dans le dossier\u00a0:

- paiement de {E("600,00")} enregistré le 28/11/2025 sur la facture FA-2025-301

Calculé au 30/06/2026\u00a0:

| | avant | après |
|---|---:|---:|
| Principal | {E("5 430,00")} | {E("4 851,91")} |
| Intérêts | {E("423,07")} | {E("359,98")} |
| Total dû | {E("5 933,07")} | {E("5 291,89")} |
| Prescription | 01/10/2030 | 15/10/2030 |
"""


def test_diff_working_tree_against_merge_base(branch: GitRepo):
    # 12.15 % (ECB 2.15 + 10) all along: 2 350,40 × 242 d + 3 079,60 × 228 d = 189,34 + 233,73 = 423,07;
    # the 600,00 € of 28/11 pay 21,91 of interest then 578,09 of principal: 1 772,31 × 214 d = 126,25.
    base = branch.git("rev-parse", "--short=7", "main").strip()
    md = revdiff.diff(branch.path, dt.date(2026, 6, 30))
    assert md == f"""\
## dossier diff\u00a0: {base} → arbre de travail

3 dossiers modifiés, calculs au 30/06/2026.

{DUPONT}
### 2026-015-durand — Durand Charpente SAS

Changements dans le dossier\u00a0:

- montant de la facture FB-2025-317\u00a0: {E("3 079,60")} → {E("3 097,60")}

Calculé au 30/06/2026\u00a0:

| | avant | après |
|---|---:|---:|
| Principal | {E("5 430,00")} | {E("5 448,00")} |
| Intérêts | {E("423,07")} | {E("424,44")} |
| Total dû | {E("5 933,07")} | {E("5 952,44")} |

### 2026-016-leroy — Leroy Paysage EURL

Changements dans le dossier\u00a0:

- dossier créé\u00a0: 2 factures, {E("5 430,00")}, 1 événement au journal

Calculé au 30/06/2026\u00a0:

| | avant | après |
|---|---:|---:|
| Principal | — | {E("5 430,00")} |
| Intérêts | — | {E("423,07")} |
| Indemnités | — | {E("80,00")} |
| Total dû | — | {E("5 933,07")} |
| Statut | — | en cours |
| Prochaine action | — | Mise en demeure (15/12/2025) |
| Prescription | — | 01/10/2030 |

Devient à faire\u00a0: Relance amiable, Appel, Relance ferme, Mise en demeure.
"""
    assert revdiff.diff(branch.path, dt.date(2026, 6, 30)) == md   # deterministic


def test_diff_between_two_revisions_and_no_change(branch: GitRepo):
    main = branch.git("rev-parse", "--short=7", "main").strip()
    head = branch.head()[:7]
    assert revdiff.diff(branch.path, dt.date(2026, 6, 30), "main", "HEAD") == (
        f"## dossier diff\u00a0: main ({main}) → HEAD ({head})\n\n1 dossier modifié, calculs au 30/06/2026.\n\n{DUPONT}")
    assert revdiff.diff(branch.path, dt.date(2026, 6, 30), "HEAD", "HEAD") == (
        f"## dossier diff\u00a0: HEAD ({head}) → HEAD ({head})\n\nAucun dossier modifié.\n")
    with pytest.raises(history.HistoryError, match='révision inconnue «\u00a0nope\u00a0»'):
        revdiff.diff(branch.path, dt.date(2026, 6, 30), "nope")


def test_diff_invalid_case(branch: GitRepo):
    branch.git("checkout", "-q", "--", ".")
    (branch.path / "cases" / "2026-016-leroy.yaml").unlink()
    text = (branch.path / PATH).read_text(encoding="utf-8")
    branch.write(PATH, text.replace("due: 2025-10-31", "due: 31/10/2025"))
    md = revdiff.diff(branch.path, dt.date(2026, 6, 30), "HEAD")
    assert md.splitlines()[2:] == [
        "1 dossier modifié, calculs au 30/06/2026.",
        "",
        "### 2026-014-dupont — Dupont Rénovation SARL",
        "",
        '> ⚠ après\u00a0: non valide (cases/2026-014-dupont.yaml:7:50: invoices[0].due\u00a0: date attendue (AAAA-MM-JJ), reçu «\u00a031/10/2025\u00a0»)',
        "",
        "Calculé au 30/06/2026\u00a0:",
        "",
        "| | avant | après |",
        "|---|---:|---:|",
        f"| Principal | {E('4 851,91')} | — |",
        f"| Intérêts | {E('359,98')} | — |",
        f"| Indemnités | {E('80,00')} | — |",
        f"| Total dû | {E('5 291,89')} | — |",
        "| Statut | en cours | — |",
        "| Prochaine action | Mise en demeure (15/12/2025) | — |",
        "| Prescription | 15/10/2030 | — |",
        "",
        "N’est plus à faire\u00a0: Relance amiable, Appel, Relance ferme, Mise en demeure.",
    ]


def test_diff_project_change_shows_only_cases_whose_figures_change(branch: GitRepo):
    branch.git("checkout", "-q", "--", ".")
    (branch.path / "cases" / "2026-016-leroy.yaml").unlink()
    branch.write("cases/2026-015-durand.yaml", _durand(CASE) + "scenario: standard\n")
    branch.commit("durand: scénario explicite", PAUL, "2025-11-29T09:00:00+01:00")
    project = (branch.path / "dossier.yaml").read_text(encoding="utf-8")
    branch.write("dossier.yaml", project + "scenario: petit_montant\n")
    md = revdiff.diff(branch.path, dt.date(2026, 6, 30), "HEAD")
    assert "### 2026-015-durand" not in md
    # Dupont follows the project's default scenario, which now lacks the step of its journal
    assert md.splitlines()[2:9] == [
        "1 dossier modifié, calculs au 30/06/2026.",
        "",
        "### 2026-014-dupont — Dupont Rénovation SARL",
        "",
        '> ⚠ après\u00a0: non valide (cases/2026-014-dupont.yaml:10:42: events[0].step\u00a0: le scénario «\u00a0petit_montant\u00a0» '
        'n’a pas d’étape «\u00a0relance_informelle\u00a0»\u00a0; vouliez-vous dire «\u00a0relance_amiable\u00a0»\u00a0?)',
        "",
        "Calculé au 30/06/2026\u00a0:",
    ]


def test_log_reads_pieces_kept_outside_cases(tmp_path: Path):
    g = GitRepo(tmp_path / "claims")
    g.write("pieces/FA-2025-301.pdf", b"%PDF-1.4 facture\n")
    g.write(PATH, CASE.replace("amount: 2350.40}", "amount: 2350.40, piece: ../pieces/FA-2025-301.pdf}"))
    g.commit("ouverture", LOUISE, "2026-01-05T10:00:00+01:00")
    g.write(PATH, CASE.replace("amount: 2350.40}", "amount: 2350.40, piece: ../pieces/FA-2025-301.pdf}")
            .replace("Lyon", "Villeurbanne").replace("69003", "69100"))
    g.commit("adresse", PAUL, "2026-01-06T10:00:00+01:00")
    logs = caselog.case_logs(g.path, ["2026-014-dupont"])
    assert [e.summaries for e in logs["2026-014-dupont"]] == [
        ("adresse du débiteur modifiée",),
        (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",),
    ]


def test_init_workflow_posts_the_diff_on_pull_requests(tmp_path: Path):
    import yaml

    from dossier.scaffold import scaffold

    written, problems = scaffold(tmp_path / "new")
    assert problems == []
    workflows = tmp_path / "new" / ".github" / "workflows"
    flow = yaml.safe_load((workflows / "dossier-diff.yml").read_text(encoding="utf-8"))
    build = yaml.safe_load((workflows / "dossier.yml").read_text(encoding="utf-8"))
    assert list(flow[True]) == ["pull_request"]                 # YAML 1.1 reads the key `on` as True
    assert flow["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert flow["env"]["DOSSIER_PACKAGE"] == build["env"]["DOSSIER_PACKAGE"]
    steps = flow["jobs"]["diff"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    run = {s.get("name"): s for s in steps}
    assert run["dossier diff"]["run"].startswith('dossier diff "origin/${GITHUB_BASE_REF}" HEAD > dossier-diff.md\n')
    comment = run["Comment on the pull request"]
    assert comment["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert 'gh pr comment "$PR" --body-file dossier-diff.md' in comment["run"]


def test_cli_log_and_diff(repo: GitRepo, branch: GitRepo):
    from click.testing import CliRunner

    from dossier.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["log", "2026-014", "--repo", str(repo.path)])
    assert result.exit_code == 0, result.stderr
    shas = repo.git("log", "--format=%h", "--abbrev=7").split()
    assert result.stdout.splitlines()[:4] == [
        f"{shas[0]}  2025-12-02 11:00  Paul Girard",
        "    - adresse du débiteur modifiée",
        f"{shas[1]}  2025-11-28 17:05  Louise Martin",
        f"    - paiement de 600,00{NB}€ enregistré le 28/11/2025 sur la facture FA-2025-301",
    ]
    result = runner.invoke(main, ["log", "2027", "--repo", str(repo.path)])
    assert (result.exit_code, result.stderr) == (
        1, f'pas de dossier «{NB}2027{NB}» dans {repo.path / "cases"}{NB}; pas de dossier «{NB}2027{NB}» dans cases/ ni '
           'dans son historique\n')
    result = runner.invoke(main, ["diff", "main", "HEAD", "--as-of", "2026-06-30", "--repo", str(branch.path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == revdiff.diff(branch.path, dt.date(2026, 6, 30), "main", "HEAD")
    result = runner.invoke(main, ["diff", "nope", "--repo", str(branch.path), "--as-of", "2026-06-30"])
    assert (result.exit_code, result.stderr) == (1, f'révision inconnue «{NB}nope{NB}»\n')


def test_claims_repository_in_a_subfolder(tmp_path: Path, monkeypatch):
    """A claims repository kept in a folder of a larger Git repository: paths stay relative to it."""
    from dossier.history.record import record_event

    from gitrepo import isolated_env

    g = GitRepo(tmp_path / "mono")
    (g.path / "dossier.yaml").rename(g.path / "README.yaml")
    g.write("recouvrement/dossier.yaml", (g.path / "README.yaml").read_text(encoding="utf-8"))
    g.write(f"recouvrement/{PATH}", CASE)
    g.commit("ouverture", LOUISE, "2026-01-05T10:00:00+01:00")
    claims = g.path / "recouvrement"
    for k, v in isolated_env(PAUL, "2026-01-06T10:00:00+01:00").items():
        monkeypatch.setenv(k, v)
    event = {"date": dt.date(2026, 1, 6), "type": "payment", "amount": Decimal("100.00")}
    assert record_event(claims, "2026-014", event)[0]
    assert [e.summaries for e in case_log(claims, "2026-014-dupont")] == [
        (f"paiement de 100,00{NB}€ enregistré le 06/01/2026",),
        (f"dossier créé\u00a0: 2 factures, 5{NN}430,00{NB}€, 1 événement au journal",),
    ]
    md = revdiff.diff(claims, dt.date(2026, 6, 30), "HEAD~1", "HEAD")
    assert md.splitlines()[4:9] == ["### 2026-014-dupont — Dupont Rénovation SARL", "", "Changements dans le dossier\u00a0:", "",
                                    f"- paiement de 100,00{NB}€ enregistré le 06/01/2026"]
    assert commit_of(claims) == g.head()


def test_diff_renamed_case_is_one_section(branch: GitRepo):
    branch.git("checkout", "-q", "--", ".")
    (branch.path / "cases" / "2026-016-leroy.yaml").unlink()
    branch.git("mv", "cases/2026-015-durand.yaml", "cases/2026-015-durand-charpente.yaml")
    md = revdiff.diff(branch.path, dt.date(2026, 6, 30), "HEAD")
    assert md.splitlines()[2:12] == [
        "1 dossier modifié, calculs au 30/06/2026.",
        "",
        "### 2026-015-durand-charpente — Durand Charpente SAS",
        "",
        "Changements dans le dossier\u00a0:",
        "",
        "- dossier renommé\u00a0: 2026-015-durand → 2026-015-durand-charpente",
        "",
        "Calculé au 30/06/2026\u00a0:",
        "",
    ]


def test_who_recorded_each_event(repo: GitRepo):
    shas = repo.git("log", "--format=%H").split()   # newest first: address, payment, amount, creation
    text = (repo.path / PATH).read_text(encoding="utf-8")
    repo.write(PATH, text.replace("step: relance_informelle}", "step: relance_informelle, note: par courriel}"))
    repo.commit("précision", PAUL, "2025-12-03T10:00:00+01:00")
    edit = repo.head()
    repo.write(PATH, (repo.path / PATH).read_text(encoding="utf-8") + "  - {date: 2025-12-05, type: dispute}\n")
    h = caselog.case_histories(repo.path, ["2026-014-dupont"])["2026-014-dupont"]
    assert [e.commit for e in h.log] == [edit] + shas
    assert [(e.commit, e.author) if e else None for e in h.recorded_by] == [
        (edit, "Paul Girard"),          # the first reminder, edited by Paul
        (shas[1], "Louise Martin"),     # the payment
        None,                           # the dispute, not committed yet
    ]


def test_diff_ignores_files_that_change_no_figure(branch: GitRepo):
    branch.git("checkout", "-q", "--", ".")
    (branch.path / "cases" / "2026-016-leroy.yaml").unlink()
    branch.write("README.md", "# Recouvrement\n")
    branch.write("cases/pieces/conditions-generales.pdf", b"%PDF-1.4\n")
    assert revdiff.diff(branch.path, dt.date(2026, 6, 30), "HEAD").splitlines()[2] == "Aucun dossier modifié."
