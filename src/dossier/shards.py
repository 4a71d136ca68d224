"""A build spread over machines: ``dossier build --shard K/N`` on each, then ``dossier merge`` (docs/performance.md).

The cases are split by a stable hash of their id: case ``id`` is in shard
``int(sha256(id)) % N + 1``, the same on every machine, every run and every
Python (no ``hash()``, which is salted). A shard loads and computes every case
(cheap: under 1 % of a build) but renders the documents, PDFs, court bundles
and case pages of its own cases only (nearly all of a build's time). Its
``manifest.json`` is a build's manifest plus a ``shard`` entry: which shard of
how many, its cases, and for each case the files its portfolio rows link to
(`casepage.case_files`: names, formats, states). That entry is what makes a
folder a shard: `merge` refuses any other folder.

The portfolio pages (the index and its agenda, creditor and debtor pages,
analytics, exports, search index, assets) link to every case's documents, so no
shard can write them: `dossier merge` (merge.py) does, after the checks here
that the shards belong together (same commit, as-of date, tool version, PDF or
not, number of shards; every shard present once; each case in the shard its
hash names). The result is byte for byte the site one machine builds
(tests/test_shards.py).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Callable, Iterable

from .records.errors import Issue, Source, error
from .records.i18n import _

SHARD = "shard"   # the manifest entry of a shard


def parse_shard(text: str) -> tuple[int, int] | None:
    """``"K/N"`` as (K, N) with 1 ≤ K ≤ N, else None."""
    found = re.fullmatch(r"\s*([0-9]{1,9})\s*/\s*([0-9]{1,9})\s*", text)
    if found is None:
        return None
    k_int, n_int = int(found.group(1)), int(found.group(2))
    return (k_int, n_int) if 1 <= k_int <= n_int else None


def shard_of(case_id: str, count: int) -> int:
    """The shard (1 to `count`) of a case: the SHA-256 of its id, as an integer, modulo `count`, plus one."""
    return int(hashlib.sha256(case_id.encode("utf-8")).hexdigest(), 16) % count + 1


def own(results: list, shard: tuple[int, int] | None) -> list:
    """The results of the cases of `shard` (all of them without one)."""
    if shard is None:
        return results
    k, n = shard
    return [r for r in results if shard_of(r.case.id, n) == k]


def keep(results: list, shard: tuple[int, int] | None) -> Callable[[str], bool] | None:
    """Which site files a shard writes: the files under its own cases' folders (None: every file)."""
    if shard is None:
        return None
    mine = {r.case.id for r in results}
    return lambda rel: rel.startswith("cases/") and rel.split("/")[1] in mine


def write_shard_manifest(staging: Path, root: Path, as_of: dt.date, pdf: bool, commit: str | None,
                         shard: tuple[int, int], results: list, docs_by_case: dict) -> Path:
    """The shard's ``manifest.json``: the manifest of its files, and what `merge` needs of each of its cases."""
    from .history.manifest import MANIFEST, manifest
    from .site.casepage import case_files

    data = manifest(staging, root, as_of, pdf=pdf, commit=commit)
    ids = sorted(r.case.id for r in results)
    data[SHARD] = {"index": shard[0], "count": shard[1], "cases": ids,
                   "files": {i: case_files(staging, i, {d.name: d for d in docs_by_case.get(i, ())}) for i in ids}}
    target = Path(staging) / MANIFEST
    target.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


# --- what dossier merge (merge.py) checks --------------------------------------------------------------


def read_shard(folder: Path) -> tuple[dict | None, list[Issue]]:
    """The manifest of a shard folder, or None and why it is not one."""
    from .history.manifest import load_manifest

    where = Source(str(folder))
    if not Path(folder).is_dir():
        return None, [error(where, _("not a folder"), "shard")]
    data, problems = load_manifest(folder)
    if data is None:
        return None, [error(where, _("not a dossier shard: {why}", why=p), "shard") for p in problems]
    entry = data.get(SHARD)
    if entry is None:
        return None, [error(where, _("a site built without --shard, not a shard"), "shard")]
    ok = (isinstance(entry, dict) and isinstance(entry.get("index"), int) and isinstance(entry.get("count"), int)
          and 1 <= entry["index"] <= entry["count"] and isinstance(entry.get("cases"), list)
          and all(isinstance(c, str) for c in entry["cases"]) and isinstance(entry.get("files"), dict)
          and set(entry["files"]) == set(entry["cases"]) and isinstance(data.get("pdf"), bool))
    if not ok:
        return None, [error(where, _("not a dossier shard: its manifest's shard entry is not one dossier writes"), "shard")]
    return data, []


def check_shards(shards: list[tuple[Path, dict]]) -> list[Issue]:
    """That the shards come from one build: same commit, as-of date, version, PDF choice and count, each once."""
    issues: list[Issue] = []
    first_dir, first = shards[0]
    for folder, data in shards[1:]:
        for key, value in (("commit", data["commit"]), ("as_of", data["as_of"]), ("version", data.get("version")),
                           ("pdf", data["pdf"]), ("count", data[SHARD]["count"])):
            expected = first[SHARD]["count"] if key == "count" else first.get(key)
            if value != expected:
                issues.append(error(Source(str(folder)), _("not from the same build as {other}: {key} is {value}, there {expected}",
                                                           other=first_dir, key=key, value=json.dumps(value),
                                                           expected=json.dumps(expected)), "shard"))
    if issues:
        return issues
    count = first[SHARD]["count"]
    seen: dict[int, list[Path]] = {}
    for folder, data in shards:
        seen.setdefault(data[SHARD]["index"], []).append(folder)
    for k, folders in sorted(seen.items()):
        if len(folders) > 1:
            issues.append(error(Source(str(folders[1])), _("shard {k}/{n} given twice: {folders}", k=k, n=count,
                                                            folders=", ".join(map(str, folders))), "shard"))
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in seen]
    if missing:
        issues.append(error(Source(str(first_dir)), _("shards missing: {missing} (every shard 1 to {n} must be given once)",
                                                      missing=", ".join(missing), n=count), "shard"))
    return issues


def cases_issues(shards: list[tuple[Path, dict]], ids: Iterable[str]) -> list[Issue]:
    """Each case of the repository in exactly the shard its hash names, and no other case."""
    issues = []
    ids = set(ids)
    listed = {}
    for folder, data in shards:
        entry = data[SHARD]
        for case_id in entry["cases"]:
            listed[case_id] = folder
            if case_id not in ids:
                issues.append(error(Source(str(folder)), _("case {case} is not in the repository (was the shard built from "
                                                           "another commit?)", case=case_id), "shard"))
            elif shard_of(case_id, entry["count"]) != entry["index"]:
                issues.append(error(Source(str(folder)), _("case {case} belongs to another shard", case=case_id), "shard"))
    issues += [error(Source(case_id), _("case {case} is in no shard", case=case_id), "shard")
               for case_id in sorted(ids - listed.keys())]
    return issues
