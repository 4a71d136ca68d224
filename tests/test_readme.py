"""The README's two set-up commands are the ones CI and newcomers run."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Set up"):readme.index("## A claims repository")]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_the_readme_has_a_build_command_and_a_test_command():
    build, test = commands()
    assert build.endswith(".venv/bin/dossier build")
    assert test.endswith(".venv/bin/pytest -n auto")   # every core: pytest-xdist


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci.splitlines()
