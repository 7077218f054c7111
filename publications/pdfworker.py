"""Inspect one untrusted PDF in a separate, resource-limited process and print JSON.

Run by :mod:`publications.pdf` as ``python -I pdfworker.py PDF COVER MEMORY_BYTES CPU``.
The limits are set before the parsers are imported and before any byte of the PDF is
read; the worker imports nothing from the project, so a parser crash cannot touch the
site. It prints ``{"ok": true, "pages": n, "text": "…", …}`` or
``{"ok": false, "code": "…", "detail": "…"}``; being killed by a limit shows as a
non-zero exit status instead.
"""

import json
import re
import resource
import sys

#: Extracted text kept per file: far more than any brief, far less than a text bomb.
MAX_TEXT_CHARS = 2_000_000
#: Cover thumbnails are this many pixels wide: shown at half that, sharp on dense screens.
COVER_WIDTH = 240
#: Largest file the worker may write (the cover).
MAX_WRITE_BYTES = 2 * 1024 * 1024
#: Nesting deeper than this is a hostile file, not a brief.
RECURSION_LIMIT = 2000

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_WORD = re.compile(f"[{_ARABIC}]+")
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# A left-to-right run inside a reversed line: Latin words and numbers, with the
# punctuation that joins their parts (3.5, 2015/11, e-mail).
_LTR_RUN = re.compile(r"[^\W" + _ARABIC + r"]+(?:[.,:/-][^\W" + _ARABIC + r"]+)*")
#: Frequent short words; read backwards, hardly any is a word.
_COMMON = frozenset((
    "في", "من", "على", "إلى", "الى", "عن", "أن", "ان", "مع", "أو", "او", "هذا", "هذه", "التي",
    "الذي", "كان", "لم", "لن", "قد", "ما", "هو", "هي", "بين", "عند", "كل", "بعد", "قبل", "حول",
    "ذلك", "تلك",
))
_COMMON_REVERSED = frozenset(word[::-1] for word in _COMMON) - _COMMON


def _order_scores(line):
    """Evidence that ``line`` is in reading order, and that it is in visual order.

    ة and ى only end a word and the article ال only starts one; frequent short words
    read forwards. Found the other way round, the line was stored in visual order, as
    many PDF writers store right-to-left text.
    """
    reading = visual = 0
    for word in _ARABIC_WORD.findall(line):
        word = _MARKS.sub("", word)
        if not word:
            continue
        reading += (word in _COMMON) + (word[-1] in "\u0629\u0649") + (
            len(word) > 2 and word.startswith("\u0627\u0644"))
        visual += (word in _COMMON_REVERSED) + (word[0] in "\u0629\u0649") + (
            len(word) > 2 and word.endswith("\u0644\u0627"))
    return reading, visual


def reading_order(line):
    """``line`` in reading order: a line stored in visual order is reversed, and the
    Latin words and numbers inside it turned back."""
    if not _ARABIC_WORD.search(line):
        return line
    reading, visual = _order_scores(line)
    if visual <= reading:
        return line
    return _LTR_RUN.sub(lambda run: run.group(0)[::-1], line[::-1])


def set_limits(memory, cpu):
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The soft limit sends SIGXCPU, the hard one a second later SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_WRITE_BYTES, MAX_WRITE_BYTES))
    sys.setrecursionlimit(RECURSION_LIMIT)


def extract_text(reader):
    parts = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        text = "\n".join(reading_order(line) for line in text.splitlines())
        parts.append(text)
        size += len(text)
        if size >= MAX_TEXT_CHARS:
            break
    return "\n\n".join(parts)[:MAX_TEXT_CHARS]


def render_cover(path, cover_path):
    """Render page 1 with PDFium to a WebP ``COVER_WIDTH`` pixels wide; its size."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        page = document[0]
        width = page.get_width() or COVER_WIDTH
        image = page.render(scale=COVER_WIDTH / width).to_pil().convert("RGB")
        page.close()
    finally:
        document.close()
    if image.width != COVER_WIDTH:
        height = max(1, round(image.height * COVER_WIDTH / image.width))
        image = image.resize((COVER_WIDTH, height))
    image.save(cover_path, "WEBP", quality=80, method=4)
    return image.size


def _failure(code, error=None):
    detail = f"{type(error).__name__}: {error}"[:300] if error is not None else ""
    return {"ok": False, "code": code, "detail": detail}


def inspect(path, cover_path):
    try:
        from pypdf import PdfReader
        from pypdf.errors import LimitReachedError
    except MemoryError as error:
        return _failure("limits", error)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return _failure("encrypted")
        pages = len(reader.pages)
        if not pages:
            return _failure("no-pages")
        text = extract_text(reader)
    except (LimitReachedError, MemoryError, RecursionError) as error:
        return _failure("limits", error)
    except Exception as error:  # every parser failure is a reason to reject
        return _failure("unreadable", error)
    try:
        width, height = render_cover(path, cover_path)
    except MemoryError as error:
        return _failure("limits", error)
    except Exception as error:  # a first page PDFium cannot draw
        return _failure("unreadable", error)
    return {"ok": True, "pages": pages, "text": text, "cover_width": width,
            "cover_height": height}


def main(argv):
    path, cover_path, memory, cpu = argv[1], argv[2], int(argv[3]), int(argv[4])
    set_limits(memory, cpu)
    result = json.dumps(inspect(path, cover_path), ensure_ascii=False)
    sys.stdout.buffer.write(result.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
