"""The bundle as made, and its files: the record, the ZIP of the exhibits, the manifest, the folder written, the summary the site shows.

Output is deterministic: a ZIP with fixed timestamps and modes, sorted names,
a manifest with the SHA-256 of every file.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Sequence

from ..records.files import write_atomic
from ..law import court as courts
from ..records.errors import Issue
from .exhibits import Exhibit
from .readiness import Refusal

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Bundle:
    """Everything `write_bundle` writes for one case, plus what the site shows."""

    case_id: str
    as_of: dt.date
    date: dt.date                        # the request's date (the filing date once filed)
    court: courts.CourtChoice
    exhibits: tuple[Exhibit, ...]
    request_html: str
    request_pdf: bytes
    bordereau_html: str
    bordereau_pdf: bytes
    merged_pdf: bytes
    total: Decimal
    small_claims_html: str | None = None
    small_claims_pdf: bytes | None = None
    issues: tuple[Issue, ...] = ()
    deadlines: tuple[courts.Deadline, ...] = ()
    filed: bool = False

    def files(self) -> dict[str, bytes]:
        """Every file of the bundle folder but the manifest, by relative path."""
        out = {"requete.pdf": self.request_pdf, "bordereau.pdf": self.bordereau_pdf,
               "dossier-complet.pdf": self.merged_pdf}
        for ex in self.exhibits:
            out[ex.file] = ex.pdf
        if self.small_claims_pdf is not None:
            out["petites-creances.pdf"] = self.small_claims_pdf
        out["pieces.zip"] = pieces_zip(self.exhibits)
        return dict(sorted(out.items()))


def pieces_zip(exhibits: Sequence[Exhibit]) -> bytes:
    """The numbered exhibits as one ZIP: sorted names, fixed dates and modes, same bytes every time."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for ex in sorted(exhibits, key=lambda e: e.name):
            info = zipfile.ZipInfo(f"{ex.name}.pdf", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, ex.pdf)
    return buf.getvalue()


def manifest(bundle: Bundle, files: dict[str, bytes]) -> bytes:
    """manifest.json: the court, the exhibits, the SHA-256 of every file."""
    data = {
        "case": bundle.case_id,
        "as_of": bundle.as_of.isoformat(),
        "date": bundle.date.isoformat(),
        "filed": bundle.filed,
        "court": {"kind": bundle.court.kind, "name": bundle.court.name, "heading": bundle.court.heading,
                  "form": bundle.court.form, "town": bundle.court.town},
        "total": f"{bundle.total:.2f}",
        "exhibits": [{"number": ex.number, "title": ex.title, "file": ex.file, "origin": ex.origin,
                      "pages": ex.pages} for ex in bundle.exhibits],
        "deadlines": [{"label": d.label, "date": d.date.isoformat(), "kind": d.kind} for d in bundle.deadlines],
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_bundle(bundle: Bundle, out_dir: Path) -> list[str]:
    """Write the bundle into `out_dir` (site/cases/<id>/injonction/); return the relative paths written."""
    out_dir = Path(out_dir)
    files = bundle.files()
    files["manifest.json"] = manifest(bundle, files)
    for name, data in sorted(files.items()):
        write_atomic(out_dir / name, data)
    for old in sorted(out_dir.rglob("*")):           # a previous bundle's exhibits that are no longer there
        if old.is_file() and old.relative_to(out_dir).as_posix() not in files:
            old.unlink()
    return sorted(files)


def summary(result: Bundle | Refusal) -> dict:
    """What the site and the JSON exports show of a case's bundle: ready or refused, and why."""
    if isinstance(result, Refusal):
        return {"case": result.case_id, "ready": False, "message": result.message, "motif": result.motif}
    return {
        "case": result.case_id,
        "ready": True,
        "filed": result.filed,
        "date": result.date.isoformat(),
        "court": result.court.heading,
        "court_kind": result.court.kind,
        "form": result.court.form,
        "total": f"{result.total:.2f}",
        "exhibits": [{"number": ex.number, "title": ex.title, "file": ex.file} for ex in result.exhibits],
        "small_claims": result.small_claims_pdf is not None,
        "deadlines": [{"label": d.label, "date": d.date.isoformat(), "kind": d.kind} for d in result.deadlines],
        "warnings": [str(i) for i in result.issues if i.severity == "warning"],
    }
