"""Hostile and large spreadsheets: the import reads within its limits and refuses the rest."""

import contextlib
import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from members.models import ImportJob, Organisation
from tests.members.test_import import (
    HEADERS,
    command,
    command_error,
    csv_file,
    row,
    upload,
    xlsx_file,
)

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hostile_xlsx():
    """A 1.5 KB workbook whose sheet claims 1,048,576 rows of 16,384 columns, with two
    cells set: A1 and the last one, XFD1048576."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>name_en</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            '</sheetData></worksheet>'),
    }
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return stream.getvalue()


def wide_csv(columns=200_000):
    """A 200 KB CSV: a name and 200,000 empty columns, in the header and in one row."""
    return ("name_en" + "," * columns + "\n" + "Wide" + "," * columns + "\n").encode()


@contextlib.contextmanager
def address_space(extra_mb):
    """At most ``extra_mb`` more address space for this process, so that an import that
    materialises a sheet fails with MemoryError rather than taking the machine."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + extra_mb * 1024 * 1024, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


ROWS_REFUSED = "The file has more than 20000 rows: split it into files of at most 20000 rows."
WEB_ROWS_REFUSED = ("The file has more than 5000 rows, more than the admin imports at once: "
                    "import it with “manage.py import_members”")
COLUMNS_REFUSED = "The file has more than 60 columns (empty ones included)"

# Run in a separate process under an address-space limit: the command's refusal, and the
# peak memory it added (KB) once Django was loaded.
COMMAND = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (600 * 1024 * 1024, 600 * 1024 * 1024))
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
translation.activate("en")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    call_command("import_members", sys.argv[1], "--dry-run")
except CommandError as error:
    print("refused:", error)
print("extra KB:", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


def run_command_limited(path):
    done = subprocess.run([sys.executable, "-c", COMMAND, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    return done.stdout, done.stderr


def test_hostile_xlsx_is_small_and_claims_every_cell():
    content = hostile_xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    assert len(content) < 2048
    assert b'<dimension ref="A1:XFD1048576"/>' in sheet


@pytest.mark.slow
def test_command_refuses_a_sheet_claiming_every_cell_in_little_memory(tmp_path):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile_xlsx())

    out, err = run_command_limited(path)

    assert f"refused: {path}: {ROWS_REFUSED}" in out, err
    extra_kb = int(out.rsplit("extra KB:", 1)[1])
    assert extra_kb < 100 * 1024


def test_admin_refuses_a_sheet_claiming_every_cell(networks, make_staff, admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    with address_space(extra_mb=1500):
        response = upload(client, hostile_xlsx(), networks["wasl"], name="hostile.xlsx",
                          file_format="1")

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    # Above the admin's limit of rows, read again within the import's (a job's) limits.
    assert response.context["form"].errors["import_file"] == [ROWS_REFUSED]
    assert Organisation.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_a_csv_with_200000_empty_columns_is_refused_by_the_column_limit(networks, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_bytes(wide_csv())

    _out, error = command_error(path)

    assert path.stat().st_size > 200_000
    assert COLUMNS_REFUSED in str(error)
    assert Organisation.objects.count() == 0


def test_admin_refuses_a_csv_with_200000_empty_columns(networks, make_staff, admin_login):
    client = admin_login(make_staff("network curator", networks=[networks["wasl"]]))

    response = upload(client, wide_csv(), networks["wasl"])

    assert response.status_code == 200
    [error] = response.context["form"].errors["import_file"]
    assert error.startswith(COLUMNS_REFUSED)
    assert Organisation.objects.count() == 0


def test_values_beyond_the_column_limit_of_an_xlsx_are_refused(networks, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_file([[*row(), *[None] * (60 - len(HEADERS)), "stray"]]))

    _out, error = command_error(path)

    assert COLUMNS_REFUSED in str(error)
    assert Organisation.objects.count() == 0


def test_the_row_limit_is_a_setting(networks, settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 2
    three, two = tmp_path / "three.csv", tmp_path / "two.csv"
    three.write_bytes(csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}")
                                for n in range(3)]))
    two.write_bytes(csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}")
                              for n in range(2)]))

    _out, error = command_error(three)
    imported = command(two)

    assert str(error) == (f"{three}: The file has more than 2 rows: split it into files of "
                          "at most 2 rows.")
    assert "New: 2" in imported
    assert Organisation.objects.count() == 2


def test_the_cell_limit_is_a_setting(networks, settings, tmp_path):
    settings.IMPORT_MAX_CELLS = len(HEADERS) * 2
    path = tmp_path / "three.csv"
    path.write_bytes(csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}")
                               for n in range(3)]))

    _out, error = command_error(path)

    assert str(error) == (f"{path}: The file has more than {len(HEADERS) * 2} cells "
                          "(rows × columns): split it into smaller files.")
    assert Organisation.objects.count() == 0


def test_a_file_larger_than_the_limit_is_refused_before_reading(networks, make_staff,
                                                                admin_login, settings,
                                                                tmp_path):
    settings.IMPORT_MAX_BYTES = 1000
    client = admin_login(make_staff("superuser"))
    content = csv_file([row(description_en="x" * 1000)])
    path = tmp_path / "big.csv"
    path.write_bytes(content)

    response = upload(client, content, networks["wasl"])

    assert response.context["form"].errors["import_file"] == [
        "The file is larger than 1000\xa0bytes: split it into smaller files."]
    assert "larger than 1000" in str(command_error(path)[1])
    assert Organisation.objects.count() == 0


def test_an_xlsx_part_unpacking_beyond_the_limit_is_refused(networks, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 20_000
    path = tmp_path / "orgs.xlsx"
    # Compresses far below the limit; unpacks far beyond it.
    path.write_bytes(xlsx_file([row(description_en="x" * 100_000)]))

    _out, error = command_error(path)

    assert path.stat().st_size < 20_000
    assert str(error) == f"{path}: The file is larger than 19.5\xa0KB: split it into smaller files."


def test_admin_runs_more_rows_than_its_limit_as_a_job(
        networks, make_staff, admin_login, settings, tmp_path):
    settings.IMPORT_WEB_MAX_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": ["default"]}}
    client = admin_login(make_staff("superuser"))
    content = csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}") for n in range(3)])
    path = tmp_path / "three.csv"
    path.write_bytes(content)

    response = upload(client, content, networks["icssi"])

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/members/organisation/import/jobs/{job.pk}/"
    assert (job.total, job.state) == (3, "queued")
    assert Organisation.objects.count() == 0
    assert "New: 3" in command(path)
    assert Organisation.objects.count() == 3


def test_the_rows_limit_message_is_translated(networks, make_staff, admin_login, settings):
    settings.IMPORT_WEB_MAX_ROWS = settings.IMPORT_MAX_ROWS = 1
    client = admin_login(make_staff("superuser"))
    content = csv_file([row(name_en=f"Org {n}", name_ar=f"منظمة {n}") for n in range(2)])
    upload_file = io.BytesIO(content)
    upload_file.name = "two.csv"

    response = client.post("/admin/members/organisation/import/",
                           {"resource": "0", "network": networks["icssi"].pk,
                            "import_file": upload_file, "format": "0"},
                           headers={"accept-language": "ar"})

    [error] = response.context["form"].errors["import_file"]
    assert error.startswith("في الملف أكثر من 1 صف: قسّمه")
