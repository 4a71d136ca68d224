"""`dossier init`: a new claims repository from the files in ``data/init/``, in Git with a first commit."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

INIT = Path(__file__).parent / "data" / "init"
FALLBACK_AUTHOR = ("dossier init", "init@dossier.invalid")   # when Git knows no user: said, never silent
FIRST_COMMIT = "dossier init: project file, example case, CI workflows"


def scaffold(directory: Path) -> tuple[list[str], list[str]]:
    """Copy the starter files into `directory`; refuse to overwrite anything already there."""
    sources = sorted(p for p in INIT.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    targets = [(src, Path(directory) / _target_name(src.relative_to(INIT))) for src in sources]
    clashes = [str(t) for _, t in targets if t.exists()]
    if clashes:
        return [], [f"{c}: already exists; dossier init changes nothing in an existing repository" for c in clashes]
    written = []
    for src, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(src.read_bytes())
        written.append(str(target))
    return written, []


def git_init(directory: Path, files: list[str]) -> tuple[list[str], list[str]]:
    """``git init`` in `directory` and a first commit of `files`: (what was done, problems).

    The author is Git's own user (``user.name``, ``user.email`` or ``GIT_AUTHOR_*``), else
    `FALLBACK_AUTHOR`, said in the output. A `directory` already inside a Git work tree
    gets no repository of its own and no commit: the files are left to add there."""
    directory = Path(directory)

    def git(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=directory, env=env, capture_output=True, text=True)

    try:
        inside = git("rev-parse", "--show-toplevel")
    except OSError as exc:
        return [], [f"git: cannot run it ({exc.strerror or exc}); the files are written, "
                    f"run `git init` and commit them yourself (record, log, diff and verify need Git)"]
    if inside.returncode == 0:
        return [f"{directory}: inside the Git repository {inside.stdout.strip()}; "
                f"no repository created, add and commit the new files there"], []
    done = git("init", "-q")
    if done.returncode != 0:
        return [], [f"git init: {' '.join(done.stderr.split())}"]
    env = dict(os.environ)
    notes = [f"initialised a Git repository in {directory}"]
    name = env.get("GIT_AUTHOR_NAME") or git("config", "user.name").stdout.strip()
    email = env.get("GIT_AUTHOR_EMAIL") or git("config", "user.email").stdout.strip()
    if not (name and email):
        name, email = FALLBACK_AUTHOR
        env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email)
        notes.append(f"no Git identity configured: the first commit is by {name} <{email}> "
                     f"(set yours with git config user.name / user.email)")
    else:   # the committer too, when Git's configuration names nobody
        env.setdefault("GIT_COMMITTER_NAME", name)
        env.setdefault("GIT_COMMITTER_EMAIL", email)
    rel = [str(Path(f).relative_to(directory)) for f in files]
    added = git("add", "--", *rel, env=env)
    made = git("commit", "-q", "-m", FIRST_COMMIT, env=env) if added.returncode == 0 else added
    if made.returncode != 0:
        return notes, [f"git commit: {' '.join((made.stderr or made.stdout).split())}; "
                       f"the files are written, commit them yourself"]
    return notes + [f"first commit by {name} <{email}>: {FIRST_COMMIT}"], []


def _target_name(rel: Path) -> Path:
    """Dotfiles are stored without their dot in the package (``gitignore`` → ``.gitignore``, ``github/`` → ``.github/``)."""
    parts = list(rel.parts)
    if parts[0] in ("gitignore", "github"):
        parts[0] = "." + parts[0]
    return Path(*parts)
