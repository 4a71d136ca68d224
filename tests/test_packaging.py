"""The built-in templates live in the top-level templates/ and ship inside the wheel.

A checkout (``pip install -e``, ``PYTHONPATH=src``) finds them at the top; an
installed wheel finds them as ``dossier/templates``. Both are proved here: the
suite itself runs from a checkout, and this test builds the wheel, unpacks it
and asks the unpacked package where its templates are.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from dossier.records.package import BUILTIN_TEMPLATES

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_finds_the_top_level_templates() -> None:
    assert BUILTIN_TEMPLATES == ROOT / "templates"
    assert (BUILTIN_TEMPLATES / "letter.html").is_file()


def test_pyproject_lists_every_stage_folder_and_maps_the_templates() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = sorted(p.parent.name for p in (ROOT / "src" / "dossier").glob("*/__init__.py"))
    assert sorted(config["packages"]) == sorted(["dossier", "dossier.templates"] + [f"dossier.{f}" for f in folders])
    assert config["package-dir"] == {"": "src", "dossier.templates": "templates"}


def test_the_wheel_ships_the_templates_and_the_installed_package_finds_them(tmp_path: Path) -> None:
    project = tmp_path / "project"   # built from a copy: setuptools leaves build/ and *.egg-info behind
    for name in ("src", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(project)], check=True, capture_output=True)
    wheel, = (tmp_path / "dist").glob("dossier-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site-packages")
    expected = {f"dossier/templates/{p.relative_to(ROOT / 'templates').as_posix()}"
                for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert expected and expected <= names
    assert "dossier/static/site.css" in names
    found = subprocess.run([sys.executable, "-c", "from dossier.records.package import BUILTIN_TEMPLATES as B; print(B)"],
                           cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site-packages")},
                           check=True, capture_output=True, text=True).stdout.strip()
    assert found == str(tmp_path / "site-packages" / "dossier" / "templates")
