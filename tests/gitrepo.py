"""Temporary Git repositories for the history, record and diff tests (H6).

Every commit gets a fixed author and date, so commit ids, logs and diffs are
the same on every run; the user's own Git configuration is kept out.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

LOUISE = ("Louise Martin", "louise@atelier-martin.fr")
PAUL = ("Paul Girard", "paul@cabinet-girard.fr")

PROJECT = """\
creditor:
  name: Atelier Martin SAS
  siren: "901234567"
  address: ["4 quai des Célestins", "69002 Lyon"]
"""


def isolated_env(author=LOUISE, date="2026-01-05T10:00:00+01:00") -> dict[str, str]:
    """The environment a git command (or a `record`) runs in: fixed identity and date, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=author[0],
        GIT_AUTHOR_EMAIL=author[1],
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_NAME=author[0],
        GIT_COMMITTER_EMAIL=author[1],
        GIT_COMMITTER_DATE=date,
    )
    return env


class GitRepo:
    def __init__(self, path: Path, project: str = PROJECT):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.write("dossier.yaml", project)
        self.write(".gitignore", "site/\n")

    def git(self, *args: str, author=LOUISE, date="2026-01-05T10:00:00+01:00") -> str:
        out = subprocess.run(["git", *args], cwd=self.path, env=isolated_env(author, date),
                             capture_output=True, text=True, check=True)
        return out.stdout

    def write(self, rel: str, text: str | bytes) -> None:
        file = self.path / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            file.write_bytes(text)
        else:
            file.write_text(text, encoding="utf-8")

    def commit(self, message: str, author=LOUISE, date="2026-01-05T10:00:00+01:00") -> str:
        self.git("add", "-A", author=author, date=date)
        self.git("commit", "-q", "-m", message, author=author, date=date)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def log(self) -> list[str]:
        return self.git("log", "--format=%an|%s").splitlines()


#: A small case file that several history tests commit, amend and read back.
CASE = """\
debtor:
  name: Dupont Rénovation SARL
  kind: professional
  address: ["12 rue des Lilas", "69003 Lyon"]
invoices:
  - {number: FA-2025-301, date: 2025-10-01, due: 2025-10-31, amount: 2350.40}
events:
  - {date: 2025-11-20, type: sent, step: relance_informelle}
"""
