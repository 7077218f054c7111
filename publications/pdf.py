"""Uploaded PDFs are untrusted input: cheap checks here, parsing in a separate process.

:func:`inspect_pdf` accepts a file only when its name ends in ``.pdf``, it is not larger
than ``PUBLICATION_MAX_UPLOAD_BYTES``, it starts with the PDF signature and ends with an
end-of-file marker, and :mod:`publications.pdfworker` — run with a CPU-time, a wall-clock
and an address-space limit, and an empty environment — reads its pages, extracts its
text and renders a cover from page 1. Anything else raises :class:`PdfRejected`, whose
``message`` tells the curator why, in the active language.
"""

import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from network.core.i18n import translated_value

logger = logging.getLogger(__name__)

WORKER = Path(__file__).with_name("pdfworker.py")
SIGNATURE = b"%PDF-"
#: Readers accept the end-of-file marker anywhere in the last 1024 bytes.
EOF_WINDOW = 1024
CHUNK_SIZE = 64 * 1024

MESSAGES = {
    "extension": _("Only PDF files are accepted: the file name must end in .pdf."),
    "empty": _("The file is empty."),
    "too-large": _("The file is %(size)s; the largest accepted is %(limit)s."),
    "not-pdf": _("This is not a PDF: the file does not begin with the PDF signature. "
                 "It may be a web page or another document saved with a .pdf name."),
    "truncated": _("The PDF is incomplete: its end-of-file marker is missing, so it was "
                   "probably cut off while being downloaded or copied. Upload the complete "
                   "file."),
    "encrypted": _("The PDF is encrypted or protected by a password. Upload a copy without "
                   "a password or restrictions."),
    "no-pages": _("The PDF has no pages."),
    "unreadable": _("The PDF is damaged and cannot be read (technical detail: %(detail)s)."),
    "limits": _("Reading the PDF needs more memory than any publication should: it may be "
                "malformed or built to exhaust the server (a “decompression bomb”). Export "
                "it again and upload the new file."),
    "timeout": _("Reading the PDF took longer than %(seconds)s seconds: it may be malformed. "
                 "Export it again and upload the new file."),
    "duplicate": _("This file has already been uploaded: it is the %(language)s file of "
                   "“%(title)s”."),
}


class PdfRejected(Exception):
    """An upload that is not stored, with the reason the curator is shown."""

    def __init__(self, code, *, existing=None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        #: For a duplicate: the :class:`~publications.models.PublicationFile` already stored.
        self.existing = existing

    @property
    def message(self):
        """The reason in the active language."""
        params = dict(self.params)
        if self.code == "too-large":
            params = {"size": filesizeformat(params["size"]),
                      "limit": filesizeformat(params["limit"])}
        elif self.code == "duplicate":
            params = {"language": self.existing.get_language_display(),
                      "title": translated_value(self.existing.publication, "title")[0]}
        text = str(MESSAGES[self.code])
        return text % params if params else text

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class InspectedPdf:
    """What an accepted PDF tells about itself."""

    name: str
    size: int
    sha256: str
    page_count: int
    text: str
    cover: bytes
    cover_width: int
    cover_height: int


def inspect_pdf(upload):
    """Check ``upload`` (a Django ``File``) and read it in the worker; raise
    :class:`PdfRejected` when it is not a PDF the library can accept."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    if not name.lower().endswith(".pdf"):
        raise PdfRejected("extension")
    limit = settings.PUBLICATION_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise PdfRejected("too-large", size=upload.size, limit=limit)
    with tempfile.TemporaryDirectory(prefix="publication-") as directory:
        path = Path(directory) / "upload.pdf"
        cover_path = Path(directory) / "cover.webp"
        size, sha256 = _copy(upload, path, limit)
        if size == 0:
            raise PdfRejected("empty")
        with path.open("rb") as stored:
            if stored.read(len(SIGNATURE)) != SIGNATURE:
                raise PdfRejected("not-pdf")
            stored.seek(max(0, size - EOF_WINDOW))
            if b"%%EOF" not in stored.read():
                raise PdfRejected("truncated")
        result = run_worker(path, cover_path)
        cover = cover_path.read_bytes()
    return InspectedPdf(name=name, size=size, sha256=sha256, page_count=result["pages"],
                        text=result["text"], cover=cover, cover_width=result["cover_width"],
                        cover_height=result["cover_height"])


def _copy(upload, path, limit):
    """Copy ``upload`` to ``path``, counting its real size; its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    upload.seek(0)
    with path.open("wb") as out:
        for chunk in upload.chunks(CHUNK_SIZE):
            size += len(chunk)
            if size > limit:
                raise PdfRejected("too-large", size=size, limit=limit)
            digest.update(chunk)
            out.write(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


def run_worker(path, cover_path):
    """Run :mod:`publications.pdfworker` on ``path`` within the configured limits."""
    seconds = settings.PUBLICATION_WORKER_SECONDS
    memory = settings.PUBLICATION_WORKER_MEMORY_MB * 1024 * 1024
    # -I: no environment variables, user site or current directory reach the worker;
    # env={}: nor do the site's secrets.
    command = [sys.executable, "-I", str(WORKER), str(path), str(cover_path), str(memory),
               str(seconds)]
    try:
        completed = subprocess.run(command, capture_output=True, timeout=seconds + 5,
                                   env={}, cwd=path.parent, check=False)
    except subprocess.TimeoutExpired:
        logger.warning("PDF worker timed out on %s", path.name)
        raise PdfRejected("timeout", seconds=seconds) from None
    if completed.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise PdfRejected("timeout", seconds=seconds)
    if completed.returncode != 0:
        last_line = (completed.stderr.decode("utf-8", "replace").strip().splitlines()
                     or [f"exit status {completed.returncode}"])[-1]
        logger.warning("PDF worker failed: %s", last_line)
        if "MemoryError" in last_line:
            raise PdfRejected("limits")
        raise PdfRejected("unreadable", detail=last_line[:300])
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        raise PdfRejected("unreadable", detail="no result from the PDF reader") from None
    if not result.get("ok"):
        if result.get("detail"):
            logger.info("PDF rejected (%s): %s", result.get("code"), result["detail"])
        code = result.get("code") if result.get("code") in MESSAGES else "unreadable"
        if code == "unreadable":
            raise PdfRejected(code, detail=result.get("detail") or code)
        raise PdfRejected(code)
    return result
