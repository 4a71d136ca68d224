"""A seeded synthetic portfolio made from the demo, with a Git history of several commits per claim.

    .venv/bin/python bench/portfolio.py DEST --claims 1000 --commits 3 [--seed 18] [--no-git]

Claim i is one of the demo's case files (chosen by the seed, so the mix of
debtors, events and documents is the demo's), renamed ``<demo id>-<i>`` with
its invoice numbers made unique. With Git, each claim is written in
``--commits`` commits: the first creates it with its first events, each next
one adds events (the last commit writes the file exactly as in the demo; when
the journal is shorter than the commits, a commit adds a comment line). The
commits of all claims are interleaved in a seeded order and dated one after the
other from 5 January 2026, so that every commit is before the benchmark's
as-of date. The history is written with ``git fast-import`` (seconds for
30 000 commits), then checked out.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"(\b(?:number|invoice):\s*)([A-Z][\w-]*\d)")
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone.utc)


def demo_cases() -> list[tuple[str, str, bool]]:
    """(id, text, is a folder case) of every demo case."""
    out = []
    for src in sorted((ROOT / "cases").iterdir()):
        if src.name == "pieces":
            continue
        if src.is_dir() and not (src / "dossier.yaml").exists():
            continue   # the archive of a case file (envoyes/): copied as it is by `write`
        if src.is_dir():
            out.append((src.name, (src / "dossier.yaml").read_text(encoding="utf-8"), True))
        else:
            out.append((src.stem, src.read_text(encoding="utf-8"), False))
    return out


def versions(text: str, commits: int) -> list[str]:
    """`commits` successive texts of one case file, the last one `text` itself."""
    lines = text.splitlines(keepends=True)
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip() == "events:") + 1
    except StopIteration:
        start = len(lines)
    end, events = start, []
    while end < len(lines) and (lines[end].startswith("  - ") or (events and lines[end].startswith("    "))):
        if lines[end].startswith("  - "):
            events.append("")
        events[-1] += lines[end]
        end += 1
    out = []
    for j in range(1, commits + 1):
        if j == commits:
            out.append(text)
            continue
        keep = len(events) * j // commits
        if len(events) >= commits:
            body = lines[:start] + events[:keep] + lines[end:]
            if keep == 0 and start > 0:
                body = lines[:start - 1] + ["events: []\n"] + lines[end:]
            out.append("".join(body))
        else:
            out.append(text + "".join(f"# suivi {k}\n" for k in range(1, j + 1)) if j > 1 else text + "# ouverture\n")
    return out


def claim_files(claims: int, seed: int) -> list[tuple[str, str, bool, Path | None]]:
    """(case id, final text, is a folder case, the demo folder to copy pieces from) of every claim."""
    rng = random.Random(seed)
    demo = demo_cases()
    out = []
    for i in range(claims):
        name, text, folder = demo[i % len(demo)] if i < len(demo) else rng.choice(demo)
        renamed = NUMBER.sub(lambda m: f"{m.group(1)}N{i}-{m.group(2)}", text)
        out.append((f"{name}-{i:05d}", renamed, folder, ROOT / "cases" / name if folder else None))
    return out


def _blob(data: bytes) -> bytes:
    return b"data %d\n" % len(data) + data + b"\n"


def write(dest: Path, claims: int, commits: int, seed: int, git: bool = True) -> Path:
    """The portfolio in `dest` (created), with its history when `git`."""
    dest.mkdir(parents=True, exist_ok=True)
    files = claim_files(claims, seed)
    base: dict[str, bytes] = {"dossier.yaml": (ROOT / "dossier.yaml").read_bytes()}
    for piece in sorted((ROOT / "cases" / "pieces").iterdir()):
        base[f"cases/pieces/{piece.name}"] = piece.read_bytes()
    for archive in sorted((ROOT / "cases").glob("*/envoyes/*")):   # the demo's archived documents, at their own paths
        base[archive.relative_to(ROOT).as_posix()] = archive.read_bytes()
    for case_id, _, folder, src in files:
        if folder:
            for piece in sorted(src.iterdir()):
                if piece.name != "dossier.yaml" and piece.is_file():
                    base[f"cases/{case_id}/{piece.name}"] = piece.read_bytes()
    if not git:
        for rel, data in base.items():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(data)
        for case_id, text, folder, _ in files:
            rel = f"cases/{case_id}/dossier.yaml" if folder else f"cases/{case_id}.yaml"
            (dest / rel).write_text(text, encoding="utf-8")
        return dest
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    rng = random.Random(seed + 1)
    order = [(round_, i) for round_ in range(commits) for i in rng.sample(range(claims), claims)]
    texts = {i: versions(files[i][1], commits) for i in range(claims)}
    stream = [b"commit refs/heads/main\n", b"mark :1\n",
              b"author Cabinet <cabinet@example.fr> %d +0100\n" % int(START.timestamp()),
              b"committer Cabinet <cabinet@example.fr> %d +0100\n" % int(START.timestamp()),
              *[_data(b"Portefeuille de d\xc3\xa9monstration")]]
    for rel, data in base.items():
        stream.append(b"M 100644 inline " + rel.encode() + b"\n" + _blob(data))
    step = (dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc) - START).total_seconds() / max(1, len(order))
    for n, (round_, i) in enumerate(order, start=2):
        case_id, _, folder, _ = files[i]
        rel = f"cases/{case_id}/dossier.yaml" if folder else f"cases/{case_id}.yaml"
        when = int(START.timestamp() + step * (n - 1))
        who = rng.choice(["Alice Martin <alice@cabinet.example>", "Bruno Lefèvre <bruno@cabinet.example>"]).encode()
        stream += [b"commit refs/heads/main\n", b"mark :%d\n" % n, b"author " + who + b" %d +0100\n" % when,
                   b"committer " + who + b" %d +0100\n" % when,
                   _data(("Dossier " + case_id + (" ouvert" if round_ == 0 else f" : suivi {round_}")).encode()),
                   b"from :%d\n" % (n - 1),
                   b"M 100644 inline " + rel.encode() + b"\n" + _blob(texts[i][round_].encode("utf-8"))]
    subprocess.run(["git", "-C", str(dest), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "-q", "-f", "main"], check=True)
    return dest


def _data(message: bytes) -> bytes:
    return b"data %d\n" % len(message) + message + b"\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--claims", type=int, default=100)
    parser.add_argument("--commits", type=int, default=3)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--no-git", action="store_true")
    args = parser.parse_args()
    if args.dest.exists():
        shutil.rmtree(args.dest)
    write(args.dest, args.claims, args.commits, args.seed, git=not args.no_git)
    print(f"{args.claims} claims, {0 if args.no_git else args.commits} commits each, in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
