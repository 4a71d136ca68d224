"""`dossier verify SITE`: rebuild from the recorded commit and date, name every file that differs.

A site is trustworthy when anyone can rebuild it: the manifest says which
commit and which as-of date it came from; the repository is cloned at that
commit into a temporary folder, built again, and every output file is
compared with the manifest and with the files actually in the site.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from . import __version__
from .history.manifest import load_manifest, output_files
from .records.reasons import describe_exception
from .records.i18n import _


def verify_site(site_dir: Path, root: Path | None = None) -> list[str]:
    """Every difference found, one line each; an empty list means the site is what its commit gives.

    `root` is the Git repository to rebuild from (default: the folder holding the site)."""
    from .history import history
    from .build import build_site

    site_dir = Path(site_dir)
    root = Path(root) if root is not None else site_dir.resolve().parent
    data, problems = load_manifest(site_dir)
    if data is None:
        return problems
    if (root / "dossier.yaml").is_file():   # a claims repository: what was sent, as archived, before the site built from it
        problems = verify_archive(root) + problems
    recorded: dict[str, str] = data["files"]
    try:
        present = output_files(site_dir)
    except OSError as exc:
        return [_("{site_dir}: cannot read the site: {describe_exception}", site_dir=exc.filename or site_dir, describe_exception=exc.strerror or describe_exception(exc))]
    problems += _compare(recorded, present, _("listed in the manifest, missing from the site"),
                         _("in the site, not in the manifest"), _("altered since the build (SHA-256 differs from the manifest)"))
    commit = data.get("commit")
    if not commit:
        return problems + [_("the site was not built from a Git commit: it cannot be rebuilt")]
    if commit.endswith("+dirty"):
        return problems + [_("the site was built from uncommitted changes on {commit}: it cannot be rebuilt", commit=commit[:7])]
    if data.get("version") and data["version"] != __version__:
        problems.append(_("built with dossier {version}, verified with {current}: differences may come from the tool", version=data['version'], current=__version__))
    as_of = dt.date.fromisoformat(data["as_of"])   # load_manifest checked it
    shard = _shard(data)   # a shard of `build --shard K/N` is verified against a rebuild of that shard
    with tempfile.TemporaryDirectory(prefix="dossier-verify-") as tmp:
        try:
            claims = history.checkout(root, commit, Path(tmp) / "repo")
        except history.HistoryError as exc:
            return problems + [str(exc)]
        out = Path(tmp) / "site"
        result = build_site(claims, out, as_of, pdf=bool(data.get("pdf", True)), shard=shard)
        if result.failed:
            return problems + [_("the rebuild of {commit} as of {as_of} failed:", commit=commit[:7], as_of=as_of)] + [f"  {i}" for i in result.issues]
        rebuilt = output_files(out)
    rebuild = {"commit": commit[:7], "as_of": as_of}
    return problems + _compare(recorded, rebuilt, _("not produced by a rebuild of {commit} as of {as_of}", **rebuild),
                               _("produced by a rebuild of {commit} as of {as_of}, not in the manifest", **rebuild),
                               _("differs from a rebuild of {commit} as of {as_of}", **rebuild))


def _shard(data: dict) -> tuple[int, int] | None:
    """(K, N) when the manifest is a shard's (shards.py), else None."""
    from .shards import SHARD

    entry = data.get(SHARD)
    if isinstance(entry, dict) and isinstance(entry.get("index"), int) and isinstance(entry.get("count"), int) \
            and 1 <= entry["index"] <= entry["count"]:
        return entry["index"], entry["count"]
    return None


def _compare(recorded: dict[str, str], actual: dict[str, str], missing: str, extra: str, differs: str) -> list[str]:
    """One line per file that the manifest and `actual` (path → SHA-256) disagree on, sorted by path."""
    out = []
    for rel in sorted(set(recorded) | set(actual)):
        if rel not in actual:
            out.append(f"{rel}: {missing}")
        elif rel not in recorded:
            out.append(f"{rel}: {extra}")
        elif actual[rel] != recorded[rel]:
            out.append(f"{rel}: {differs}")
    return out


def verify_archive(root: Path) -> list[str]:
    """Every archived file (`files:` of a `sent` event, history/archive.py) checked against its SHA-256: one line
    per file altered, removed or outside the repository, and per file of an archive folder no event lists."""
    from .documents.sent_files import problem
    from .history.archive import ARCHIVE_DIR
    from .records.load import load_repository

    root = Path(root)
    repo, issues = load_repository(root)
    if repo is None:
        return ["the repository does not validate: its archived files cannot be checked"] + \
            [f"  {i}" for i in issues if i.severity == "error"]
    out: list[str] = []
    listed: set[str] = set()
    for case in repo.cases:
        for ev in case.events_of("sent"):
            for f in ev.files:
                listed.add(f.path)
                why = problem(f, root)
                if why:
                    out.append(f"{f.path}: {why} ({f.source.path}:{f.source.line}: the {ev.step} sent on "
                               f"{ev.date.isoformat()})")
    for folder in sorted((root / "cases").glob(f"*/{ARCHIVE_DIR}")):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = file.relative_to(root).as_posix()
            if rel not in listed:
                out.append(f"{rel}: in an archive folder, listed on no sent event")
    return out
