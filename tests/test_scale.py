"""Scale (issue 18): `show` loads the one case, `build --no-pdf` never imports WeasyPrint, `--jobs`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import AS_OF, ROOT
from dossier.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_show_loads_only_its_case(demo_repo: Path):
    before = run("show", "2026-014-dupont", "--repo", str(demo_repo), "--as-of", AS_OF, "--json")
    (demo_repo / "cases" / "2026-033-ferrand.yaml").write_text("debtor: [not, a, mapping\n", encoding="utf-8")
    after = run("show", "2026-014-dupont", "--repo", str(demo_repo), "--as-of", AS_OF, "--json")
    assert (after.exit_code, after.output) == (0, before.output)   # another file's error is `check`'s business
    broken = run("show", "2026-033", "--repo", str(demo_repo), "--as-of", AS_OF)
    assert (broken.exit_code, broken.output) == (1, 'cases/2026-033-ferrand.yaml:2:1: YAML syntax error: in the list opened with "[" '
                                                  'on line 1: expected "," or "]", got the end of the file (is a "]" missing?)\n')


def test_show_still_finds_its_invoice_number_in_another_case(demo_repo: Path):
    text = (demo_repo / "cases" / "2026-026-moreau.yaml").read_text(encoding="utf-8")
    number = next(line.split("number:")[1].split(",")[0].strip() for line in text.splitlines() if "number:" in line)
    other = demo_repo / "cases" / "2026-027-garnier.yaml"
    first = next(line for line in other.read_text(encoding="utf-8").splitlines() if "number:" in line)
    old = first.split("number:")[1].split(",")[0].strip()
    other.write_text(other.read_text(encoding="utf-8").replace(old, number), encoding="utf-8")
    result = run("show", "2026-026-moreau", "--repo", str(demo_repo), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert f'invoice number "{number}" of creditor' in result.output and "cases/2026-027-garnier.yaml" in result.output
    assert run("show", "2026-014-dupont", "--repo", str(demo_repo), "--as-of", AS_OF).exit_code == 0


def test_build_without_pdf_never_imports_weasyprint(demo_repo: Path, tmp_path: Path):
    code = ("import sys, datetime; from pathlib import Path; from dossier.build import build_site; "
            f"r = build_site(Path({str(demo_repo)!r}), Path({str(tmp_path / 'site')!r}), datetime.date(2026, 11, 24), "
            "pdf=False, jobs=1); print(r.failed, r.cases, 'weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.stdout.split() == ["False", "16", "False"], done.stderr


def test_build_jobs_option(demo_repo: Path, tmp_path: Path):
    result = run("build", "--repo", str(demo_repo), "--as-of", AS_OF, "--no-pdf", "--jobs", "1",
                 "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "site" / "manifest.json").read_text(encoding="utf-8"))["as_of"] == AS_OF
    assert run("build", "--repo", str(demo_repo), "--jobs", "0", "--no-pdf").exit_code == 2
