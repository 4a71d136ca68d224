"""No traceback, ever, and `check` gives `build`'s verdict (issue 11).

Each test writes a small variation of the demo repository that used to crash
the build, then runs `check` and `build --no-pdf` through the CLI: both must
exit 1 with the same error located at the right file and line, print no
traceback and write nothing. Cases that the tool can now compute correctly
build instead, and the test says what they contain.
"""
from __future__ import annotations

import datetime as dt
import decimal
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.records.errors import Source
from dossier.records.guard import failure_issue

AS_OF = "2026-11-24"
DUPONT = "cases/2026-014-dupont.yaml"
KLEIN = "cases/2026-020-boulangerie-klein.yaml"


def _edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    # the journal as recorded before the archive (docs/archive.md): what is edited is rendered again, not archived
    text = re.sub(r", files: \[\{[^]]*\}\]", "", path.read_text(encoding="utf-8"))
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run(repo: Path, *args: str):
    result = CliRunner().invoke(main, [*args, "--repo", str(repo), "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " not in line and line.startswith(("cases/", "dossier.yaml", "templates/"))]


def _fails_alike(repo: Path) -> list[str]:
    """check and build both exit 1 with the same errors, and build writes nothing; returns the errors."""
    checked = _run(repo, "check")
    built = _run(repo, "build", "--no-pdf", "--out", str(repo / "site"))
    assert checked.exit_code == 1 and built.exit_code == 1
    assert "Build failed: nothing was written." in built.output
    assert not (repo / "site").exists()
    assert _errors(checked.output) == _errors(built.output) != []
    return _errors(checked.output)


def test_broken_plan_without_any_payment_builds(demo_repo: Path) -> None:
    """A signed plan whose first instalment is missed with no payment since (dates_phrase([]) crashed every build)."""
    path = demo_repo / KLEIN
    path.write_text("\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if "type: payment" not in l) + "\n",
                    encoding="utf-8")
    assert _run(demo_repo, "check").exit_code == 0
    built = _run(demo_repo, "build", "--no-pdf", "--out", str(demo_repo / "site"))
    assert built.exit_code == 0
    text = (demo_repo / "site/cases/2026-020-boulangerie-klein/05-mise-en-demeure.txt").read_text(encoding="utf-8")
    assert "de l’échéancier que vous avez signé le 10\u00a0juillet\u00a02026" in text
    assert "Votre règlement du" not in text and "Vos règlements des" not in text


def test_sent_before_any_invoice_is_an_error_at_the_event(demo_repo: Path) -> None:
    """_invoice_ref([]) crashed: a reminder dated before the first invoice is a typo, said at its line."""
    _edit(demo_repo, DUPONT, "  - {date: 2026-03-09, type: sent, step: relance_informelle}",
          "  - {date: 2026-01-15, type: sent, step: relance_informelle}\n  - {date: 2026-03-09, type: sent, step: relance_informelle}")
    assert _fails_alike(demo_repo) == [
        "cases/2026-014-dupont.yaml:29:5: case 2026-014-dupont: step relance_informelle dated 2026-01-15 claims no invoice: "
        "none was issued by then (the first invoice is dated 2026-02-01); check the event's date"]


def test_accented_email_domain_is_idna_encoded(demo_repo: Path) -> None:
    _edit(demo_repo, DUPONT, "compta@dupont-renovation.example", "compta@dupont-rénovation.fr")
    assert _run(demo_repo, "check").exit_code == 0
    assert _run(demo_repo, "build", "--no-pdf", "--out", str(demo_repo / "site")).exit_code == 0
    eml = (demo_repo / "site/cases/2026-014-dupont/01-relance-informelle.eml").read_bytes()
    assert b" SARL <compta@xn--dupont-rnovation-iqb.fr>\r\n" in eml


def test_accented_local_part_is_an_error_at_the_email_event(demo_repo: Path) -> None:
    _edit(demo_repo, DUPONT, "compta@dupont-renovation.example", "comptabilité@dupont.fr")
    assert _fails_alike(demo_repo) == [
        'cases/2026-014-dupont.yaml:9:10: debtor.email: expected an ASCII local part (before the @) in an email address, '
        'got "comptabilité@dupont.fr"']


@pytest.mark.parametrize("rel, old, new", [
    (DUPONT, "name: Dupont Rénovation SARL", 'name: "Dupont\\nRénovation SARL"'),
    ("dossier.yaml", "name: Atelier Martin SAS", 'name: "Atelier\\r\\nBcc: x@example.org"'),
    ("dossier.yaml", "title: Recouvrement — Atelier Martin", 'title: "Recouvrement\\nAtelier Martin"'),
])
def test_line_breaks_in_names_never_break_a_header(demo_repo: Path, rel: str, old: str, new: str) -> None:
    """Refused at load (field validation) or kept on one line in every header: never a traceback, never a forged header."""
    _edit(demo_repo, rel, old, new)
    checked = _run(demo_repo, "check")
    built = _run(demo_repo, "build", "--no-pdf", "--out", str(demo_repo / "site"))
    assert checked.exit_code == built.exit_code
    if built.exit_code:
        assert _errors(checked.output) == _errors(built.output) != []
        assert all(e.startswith(rel + ":") for e in _errors(built.output))
        return
    for eml in (demo_repo / "site/cases").rglob("*.eml"):
        headers = eml.read_bytes().split(b"\r\n\r\n", 1)[0]
        assert b"\nBcc:" not in headers and b"\r\nR\xc3\xa9novation" not in headers


def test_scenario_day_count_beyond_ten_years_is_an_error_at_its_step(demo_repo: Path) -> None:
    """after_due: 10^9 overflowed every date of the ladder."""
    with (demo_repo / "dossier.yaml").open("a", encoding="utf-8") as f:
        f.write("scenarios:\n  lent:\n    steps:\n"
                "      - {id: relance_informelle, after_due: 1000000000, channel: email, template: relance-informelle}\n"
                "      - {id: mise_en_demeure, after_due: 45, channel: lrar, template: mise-en-demeure, formal_notice: true}\n")
    _edit(demo_repo, DUPONT, "debtor:", "scenario: lent\ndebtor:")
    _edit(demo_repo, DUPONT, "  - {date: 2026-03-09, type: sent, step: relance_informelle}\n", "")
    line = (demo_repo / "dossier.yaml").read_text(encoding="utf-8").splitlines().index("  lent:") + 3
    assert _fails_alike(demo_repo) == [
        f"dossier.yaml:{line}:45: scenarios.lent.steps[0].after_due: expected a number of days of at most 3650 (ten years), "
        "got 1000000000"]


@pytest.mark.parametrize("old, new", [
    ("amount: 4800.00", "amount: 1234567890123456789012345678901234567890.00"),
    ("due: 2026-03-03", "due: 9999-12-30"),
])
def test_values_beyond_computation_are_errors_at_the_case(demo_repo: Path, old: str, new: str) -> None:
    """A 40-digit amount (Decimal quantize) or a date near 9999 (date overflow): the case's error, the other cases still checked."""
    _edit(demo_repo, DUPONT, old, new)
    errors = _fails_alike(demo_repo)
    assert len(errors) == 1 and errors[0].startswith("cases/2026-014-dupont.yaml:"), errors
    assert "beyond" in errors[0] or "expected" in errors[0]
    assert "object at 0x" not in errors[0] and "<class" not in errors[0]


def test_every_failing_case_is_reported_together(demo_repo: Path) -> None:
    _edit(demo_repo, DUPONT, "due: 2026-03-03", "due: 9999-12-30")
    _edit(demo_repo, KLEIN, "due: 2026-06-11", "due: 9999-12-30")
    errors = _fails_alike(demo_repo)
    assert [e.split(":")[0] for e in errors] == [KLEIN, DUPONT] or [e.split(":")[0] for e in errors] == [DUPONT, KLEIN]


def test_a_template_override_that_fails_fails_check_as_build(demo_repo: Path) -> None:
    """check renders every document: an override using an undefined variable is caught before build."""
    (demo_repo / "templates").mkdir(exist_ok=True)
    (demo_repo / "templates/relance-ferme.md").write_text("Bonjour {{ no_such_variable }}\n", encoding="utf-8")
    errors = _fails_alike(demo_repo)
    assert errors and all("no_such_variable" in e for e in errors)


def test_a_scenario_step_without_template_fails_check_as_build(demo_repo: Path) -> None:
    with (demo_repo / "dossier.yaml").open("a", encoding="utf-8") as f:
        f.write("scenarios:\n  court:\n    steps:\n"
                "      - {id: relance_informelle, after_due: 5, channel: email, template: relance-informelle}\n"
                "      - {id: rappel, after_due: 20, channel: letter, template: rappel-inexistant}\n")
    _edit(demo_repo, DUPONT, "debtor:", "scenario: court\ndebtor:")
    path = demo_repo / DUPONT
    path.write_text("\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if "mise_en_demeure" not in l) + "\n",
                    encoding="utf-8")
    errors = _fails_alike(demo_repo)
    assert any("cases/2026-014-dupont.yaml" in e and "'rappel-inexistant.md' not found" in e for e in errors), errors


def test_check_on_the_demo_reports_build_warnings(demo_repo: Path) -> None:
    """The document warnings of build (provisional rate on a letter to send) are check's too."""
    checked = _run(demo_repo, "check")
    assert checked.exit_code == 0
    # Grouped with the other documents at the same rate (issue 20); --verbose prints it alone.
    assert "2026-028-brasserie-du-parc/05-mise-en-demeure): computed with a provisional rate" in checked.output
    verbose = _run(demo_repo, "check", "--verbose")
    assert ("cases/2026-028-brasserie-du-parc.yaml: warning: case 2026-028-brasserie-du-parc, document 05-mise-en-demeure: "
            "computed with a provisional rate") in verbose.output
    assert not (demo_repo / "site").exists()


def test_failure_issue_names_the_exception_never_an_object() -> None:
    source = Source("cases/a.yaml", 1, 1)
    issue = failure_issue(source, "a", "render 05-mise-en-demeure", IndexError("list index out of range"))
    assert str(issue) == ("cases/a.yaml:1:1: case a: could not render 05-mise-en-demeure: IndexError: list index out of range "
                          "(a bug in dossier: please report it)")
    decimal_issue = failure_issue(source, "a", "compute", decimal.InvalidOperation([decimal.InvalidOperation]))
    assert "<class" not in decimal_issue.message and "InvalidOperation" in decimal_issue.message
    multi = failure_issue(source, "a", "compute", ValueError(f"x\ny at {object()!r}"))
    assert "\n" not in multi.message and "0x" not in multi.message
    assert failure_issue(source, "a", "compute", OverflowError("date value out of range")).code == "out-of-range"


def test_keyboard_interrupt_is_not_swallowed(demo_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier import build
    from dossier.ladder import result

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(result, "compute_case", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.check_repository(demo_repo, dt.date(2026, 11, 24))


@pytest.mark.parametrize("name, body, expected", [
    ("relance-ferme.md", "Bonjour,\n\n{{ 1 / 0 }}\n", "templates/relance-ferme.md:3: template error: division by zero"),
    ("relance-ferme.md", '{% include "relance-ferme.md" %}\n',
     "templates/relance-ferme.md:1: template error: templates include or extend each other without end"),
    ("site/case.html", "<p>\n{{ 1 / 0 }}</p>\n", "templates/site/case.html:2: template error: division by zero"),
])
def test_an_override_that_raises_is_an_error_at_its_own_line(demo_repo: Path, name: str, body: str, expected: str) -> None:
    """A template override that divides by zero or includes itself: one error at templates/<name>:<line>, however many cases use it."""
    (demo_repo / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
    (demo_repo / "templates" / name).write_text(body, encoding="utf-8")
    assert _fails_alike(demo_repo) == [expected]


def test_an_override_not_in_utf8_is_an_error_not_a_traceback(demo_repo: Path) -> None:
    (demo_repo / "templates").mkdir(exist_ok=True)
    (demo_repo / "templates/relance-ferme.md").write_bytes("Échéance\n".encode("latin-1"))
    assert _fails_alike(demo_repo) == ["templates/relance-ferme.md:1: template is not valid UTF-8 (byte 0, 0xc9); save it as UTF-8"]


def test_check_makes_the_court_bundles_in_html(demo_repo: Path) -> None:
    """The bundle's findings (a draft on a provisional rate) are check's, as they are the full build's (each on its
    own line with --verbose; grouped with the other cases' otherwise)."""
    checked = _run(demo_repo, "check", "--verbose")
    assert checked.exit_code == 0
    assert ('cases/2026-014-dupont.yaml:1:1: warning: interest: computed with a provisional rate (ECB main refinancing rate '
            '2.40 % from 2026-07-01): the request, the list of exhibits and the small-claims letter are drafts') in checked.output


def test_a_broken_bundle_template_fails_check(demo_repo: Path) -> None:
    """build --no-pdf makes no bundle, so only check and the full build see it: check must."""
    (demo_repo / "templates/bundle").mkdir(parents=True)
    (demo_repo / "templates/bundle/bordereau.html").write_text("<p>{{ 1 / 0 }}</p>\n", encoding="utf-8")
    checked = _run(demo_repo, "check")
    assert checked.exit_code == 1
    assert _errors(checked.output) == ["templates/bundle/bordereau.html:1: template error: division by zero"]
    assert not (demo_repo / "site").exists()
