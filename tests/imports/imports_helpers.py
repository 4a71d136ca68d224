"""What the import tests share: the fixtures' folder, git in a repository."""
from __future__ import annotations

import subprocess
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"


def fixture(name: str) -> Path:
    return FIXTURES / name


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout
