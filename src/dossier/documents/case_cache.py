"""The per-case cache of rendered documents (after Pelican's): an unchanged case is not rendered again.

Rendering a case's documents (Jinja, Markdown, QR codes, the lint, each email's
checks) is most of a build without PDFs (docs/performance.md). With
``dossier build --cache DIR``, what `writing.render_documents` produces for one
case — its `Document` values and its issues — is kept in the same folder as
the PDFs (cache.py), under a key that hashes everything the rendering reads:

- the tool: its version and the SHA-256 of every file of the installed
  package (code, built-in templates, rate tables, holidays, translations), so
  that a development change is a new key even when the version is not;
- the language of the messages (issues are worded when they are made);
- the as-of date, and the absolute repository folder (paths go into the HTML);
- the project: its file's SHA-256 and the loaded `Project` (`repr`), and every
  file under the repository's ``templates/`` (path and bytes);
- the case: its file's SHA-256, the loaded `Case`, and its computed statement
  and ladder (`repr`: a computation that would read another case or another
  table changes them, hence the key); the files it names (invoice and event
  pieces, a mandate, a Kbis, archived documents) are the entry's ``reads``:
  cache.py uses the entry only while each has the SHA-256 it had.

The Git history is not a key part: documents do not show it (the case page,
which does, is rendered every time). The commit and as-of date that each HTML
file carries (`<meta name="generator">`) are added when the file is written.

An entry is JSON (never pickle: a cache folder restored by CI must not be able
to run code), with a whitelist of the record types a document holds; an entry
that does not decode to those types, or whose blob does not match its SHA-256
(cache.py), is a miss and the case is rendered. A case with an error, or whose
documents do not survive the round trip unchanged, is not stored.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..records.errors import Issue, Source
from ..records.i18n import language
from ..records.model import SentFile
from ..records.package import tool_digest
from .cache import ContentCache, digest, file_sha256
from .document import Document, EmailParts, Facts

SCHEMA = "case-documents/1"   # a new format of entry: a new schema, hence new keys
TYPES = {t.__name__: t for t in (Document, EmailParts, Facts, Issue, Source, SentFile)}
PATH_FIELDS = ("piece", "kbis", "path")   # fields of a case's records that name a repository file
PATHS_FIELDS = ("pieces", "files")


def folder_digest(folder: Path) -> str:
    """The SHA-256 of the files under `folder` (relative paths, bytes, symbolic links' targets); the same when absent."""
    h = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            h.update(b"\0" + path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            if path.is_symlink():
                h.update(b"link:" + str(path.readlink()).encode("utf-8"))
            h.update((file_sha256(path) or "-").encode("ascii"))
    return h.hexdigest()


def named_files(record: Any) -> list[str]:
    """The repository-relative paths a case names anywhere in its records (pieces, mandate, Kbis, archived files)."""
    found: list[str] = []

    def walk(value: Any, field: str = "") -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name), f.name)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item, field if field in PATHS_FIELDS else "")
        elif isinstance(value, str) and value and field in PATH_FIELDS + PATHS_FIELDS:
            found.append(value)

    walk(record)
    return sorted(set(found))


# --- entries as JSON -----------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """`value` as JSON-ready data, every type tagged; TypeError for a type a document does not hold."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        raise TypeError("datetime")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$dict": {k: encode(v) for k, v in value.items()}}
    name = type(value).__name__
    if TYPES.get(name) is type(value):
        return {"$type": name, "fields": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"not cached: {type(value).__qualname__}")


def decode(data: Any) -> Any:
    """The values `encode` made; ValueError (or TypeError, KeyError, ArithmeticError) for anything else."""
    if data is None or isinstance(data, (bool, int, str)):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError("not an encoded value")
    if "$dec" in data:
        return Decimal(data["$dec"])
    if "$date" in data:
        return dt.date.fromisoformat(data["$date"])
    if "$tuple" in data:
        return tuple(decode(v) for v in data["$tuple"])
    if "$dict" in data:
        return {str(k): decode(v) for k, v in data["$dict"].items()}
    if set(data) != {"$type", "fields"} or not isinstance(data["fields"], dict):
        raise ValueError("not an encoded value")
    cls = TYPES[data["$type"]]   # KeyError: a type not on the list
    return cls(**{k: decode(v) for k, v in data["fields"].items()})


class CaseCache:
    """The rendered documents of each case of one build, in `cache` (a ContentCache folder)."""

    def __init__(self, cache: ContentCache, project: Any, as_of: dt.date, root: Path) -> None:
        self.cache, self.root = cache, Path(root)
        project_file = self.root / (getattr(project.source, "path", "") or "dossier.yaml")
        self.common = digest([SCHEMA, __version__, tool_digest(), language(), as_of.isoformat(), str(self.root),
                              file_sha256(project_file), repr(project), folder_digest(self.root / "templates")])
        self.hits = self.misses = 0

    def key(self, result: Any) -> str:
        """The key of one case's documents: the build's common parts, then the case's (module docstring)."""
        case = result.case
        return digest([self.common, case.path, file_sha256(self.root / case.path), repr(case),
                       repr(result.statement), repr(result.ladder)])

    def get(self, result: Any) -> tuple[list[Document], list[Issue]] | None:
        """The case's documents and issues as a fresh rendering would give them, or None (absent, damaged, stale)."""
        found = self.cache.get(self.key(result))
        if found is not None:
            try:
                docs, issues = decode(json.loads(found[0].decode("utf-8")))
                if all(isinstance(d, Document) for d in docs) and all(isinstance(i, Issue) for i in issues):
                    self.hits += 1
                    return list(docs), list(issues)
            except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, RecursionError):
                pass
        self.misses += 1
        return None

    def put(self, result: Any, docs: list[Document], issues: list[Issue]) -> bool:
        """Keep a case's documents and issues; False when they are not kept (an error, a type not cached)."""
        if any(i.severity == "error" for i in issues):
            return False
        try:
            data = encode([list(docs), list(issues)])
        except TypeError:
            return False
        blob = json.dumps(data, ensure_ascii=False).encode("utf-8")
        try:
            faithful = encode(decode(json.loads(blob))) == data   # every field, the French wording included
        except (ValueError, TypeError, KeyError, ArithmeticError):
            faithful = False
        if not faithful:
            return False   # not a faithful round trip: this case is rendered every time
        reads = [self.root / rel for rel in named_files(result.case)]
        return self.cache.put(self.key(result), blob, {"schema": SCHEMA, "case": result.case.id}, reads=reads)

