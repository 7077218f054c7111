"""A corpus of PDFs made by the tests: valid Arabic and English briefs, and every kind of
bad upload the library must refuse (empty, truncated, HTML behind a PDF header, too large,
a decompression bomb, deep nesting, encrypted, too slow to read).

The Arabic PDF uses the site's own Vazirmatn font (static/fonts), converted from WOFF2 to
a static TrueType instance with fontTools: no font is downloaded and none of the system's
is assumed.
"""

import functools
import io
import zlib
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF

VAZIRMATN = (Path(__file__).resolve().parents[2] / "static" / "fonts"
             / "vazirmatn-arabic-wght-normal.woff2")

ARABIC_TITLE = "حقائق مقلقة، حكم استثنائية"
ARABIC_LINES = [
    "رأي المرأة بشأن التطرف العنيف والتدخل الأمني",
    "المخاوف الأمنية التي تعتري المدنيين ومنظمات المجتمع المدني",
    "التجارب والعمل مع الشرطة المحلية",
]
ENGLISH_TITLE = "Uncomfortable Truths, Unconventional Wisdom"
ENGLISH_LINES = [
    "Women's Perspectives on Violent Extremism and Security Interventions",
    "Experiences of, and work with, local police",
    "Recruitment by militias and experiences of deradicalisation",
]


@functools.cache
def arabic_font(directory):
    """A static TrueType instance of Vazirmatn (Arabic letters only) in ``directory``."""
    path = Path(directory) / "vazirmatn-regular.ttf"
    if not path.exists():
        font = instancer.instantiateVariableFont(TTFont(VAZIRMATN), {"wght": 400})
        font.flavor = None
        font.save(path)
    return path


def _output(pdf):
    return bytes(pdf.output())


def english_pdf(marker="", pages=2):
    """A valid English brief; ``marker`` makes its bytes (and checksum) unique."""
    pdf = FPDF()
    pdf.set_title(ENGLISH_TITLE)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 20)
        heading = ENGLISH_TITLE if number == 1 else f"Page {number}"
        pdf.multi_cell(0, 10, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=12)
        for line in ENGLISH_LINES:
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        if marker:
            pdf.multi_cell(0, 8, f"Edition {marker}", new_x="LMARGIN", new_y="NEXT")
    return _output(pdf)


def arabic_pdf(font_directory, marker="", pages=1):
    """A valid Arabic brief whose text pypdf extracts (in visual order, as most writers
    store right-to-left text)."""
    pdf = FPDF()
    pdf.add_font("Vazirmatn", fname=str(arabic_font(font_directory)))
    for _number in range(pages):
        pdf.add_page()
        pdf.set_font("Vazirmatn", size=20)
        pdf.cell(0, 14, ARABIC_TITLE, new_x="LMARGIN", new_y="NEXT", align="R")
        pdf.set_font("Vazirmatn", size=13)
        for line in ARABIC_LINES:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT", align="R")
        if marker:
            pdf.set_font("Helvetica", size=10)
            pdf.cell(0, 8, f"Edition {marker}", new_x="LMARGIN", new_y="NEXT")
    return _output(pdf)


def encrypted_pdf():
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="reader-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "A protected brief")
    return _output(pdf)


def truncated_pdf():
    """A valid PDF cut off halfway, as an interrupted download leaves it."""
    data = english_pdf(marker="truncated")
    return data[: len(data) // 2]


def html_with_pdf_header():
    """A web page that starts with the PDF signature and even ends with an EOF marker."""
    return (b"%PDF-1.7\n<!doctype html>\n<html><head><title>Report</title>"
            b"<script>alert(document.cookie)</script></head>"
            b"<body><h1>Not a PDF</h1></body></html>\n%%EOF\n")


def build_pdf(content, *, filters="", page_extra=""):
    """A one-page PDF, objects and cross-reference table written by hand."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
         f"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
         f">> >> {page_extra} >>").encode(),
        f"<< /Length {len(content)} {filters} >>\nstream\n".encode() + content
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
              f"%%EOF\n".encode())
    return out.getvalue()


@functools.cache
def decompression_bomb(megabytes=300):
    """A few kilobytes that inflate, through two Flate filters, to ``megabytes`` MB."""
    compressor = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    inner = b"".join(compressor.compress(block) for _ in range(megabytes))
    inner += compressor.flush()
    return build_pdf(zlib.compress(inner, 9), filters="/Filter [/FlateDecode /FlateDecode]")


def deeply_nested(depth=100_000):
    """A page whose dictionary holds arrays nested ``depth`` deep."""
    return build_pdf(b"BT /F1 12 Tf 72 720 Td (Nested) Tj ET",
                     page_extra="/Nested " + "[" * depth + "]" * depth)


@functools.cache
def slow_pdf(operations=600_000):
    """Small, valid, and slow to read: hundreds of thousands of text operations."""
    content = b"BT /F1 12 Tf " + b"(a) Tj " * operations + b"ET"
    return build_pdf(zlib.compress(content, 9), filters="/Filter /FlateDecode")
