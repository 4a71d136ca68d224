"""Issue 11: `dossier check` (and so `build`) reports broken or escaping template overrides, located in templates/."""
from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from documents_helpers import copy_fixture
from dossier import build
from dossier.cli import main

AS_OF = dt.date(2026, 11, 24)


def _broken(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "relance-ferme.md").write_text("Madame,\n\n{% if owing %}\n", encoding="utf-8")
    (root / "templates" / "relance-amiable.md").write_bytes(b"Relance \xe0 payer\n")
    (root / "templates" / "sms.txt").symlink_to("/etc/passwd")
    return root


EXPECTED = [
    "templates/relance-amiable.md:1: template is not valid UTF-8 (byte 8, 0xe0); save it as UTF-8",
    "templates/relance-ferme.md:3: template syntax error: Unexpected end of template. Jinja was looking for the following tags: "
    "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.",
    "templates/sms.txt: refused: leads outside the templates/ folder (symbolic link); a template must be a file inside templates/",
]


def test_check_reports_every_broken_override_at_its_file_and_line(tmp_path):
    repo, issues = build.check_repository(_broken(tmp_path), AS_OF)
    assert repo is None
    assert [str(i) for i in issues if i.code == "template"] == EXPECTED


def test_dossier_check_exits_1_and_never_prints_the_linked_file(tmp_path):
    root = _broken(tmp_path)
    result = CliRunner().invoke(main, ["check", "--repo", str(root), "--as-of", AS_OF.isoformat(), "--format", "text"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert all(line in lines for line in EXPECTED), result.output
    assert "root:" not in result.output and "Traceback" not in result.output


def test_a_clean_override_passes_check(tmp_path):
    root = copy_fixture("repo", tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "sms.txt").write_text("Rappel {{ sender.short }}", encoding="utf-8")
    repo, issues = build.check_repository(root, AS_OF)
    assert repo is not None and [i for i in issues if i.code == "template"] == []
