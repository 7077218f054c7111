"""The spreadsheet import's benchmark: ``manage.py import_members`` on generated CSV files.

Writes CSV files of 1,000 and 10,000 new organisations (every column the import takes,
names in Arabic and English, networks, tracks, Iraqi governorates), then times the
command on the benchmark database: a dry run, the import itself, and the same file again
(every row unchanged). The imported organisations are deleted afterwards, history
included, so that the pages' benchmark finds the database as it was.

Run alone with ``python -m bench.imports`` (``BENCH_IMPORT_ROWS=1000,10000``;
``BENCH_DATABASE_URL`` for another database than the benchmark's); ``make bench`` runs
it after the pages.
"""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SLUG_PREFIX = "bench-import-"
HEADERS = ["slug", "name_ar", "name_en", "acronym", "kind", "country", "governorate", "city",
           "city_en", "website", "founded", "women_led", "networks", "tracks",
           "description_ar", "description_en"]
KINDS = ["ngo", "union", "research", "cooperative", "social-enterprise"]
GOVERNORATES = ["IQ-BG", "IQ-BA", "IQ-NI", "IQ-AR", "IQ-KA", "IQ-NA"]
TRACKS = {"wasl": ["peace", "womens-rights", "human-security"],
          "icssi": ["democracy", "minority-rights", "youth-rights-participation"]}


def write_csv(path, count):
    """A CSV of ``count`` new organisations, every one valid."""
    with open(path, "w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for number in range(count):
            network = "wasl" if number % 3 else "icssi"
            networks = "wasl;icssi" if number % 7 == 0 else network
            iraqi = number % 4 != 0
            writer.writerow([
                f"{SLUG_PREFIX}{number}", f"منظمة الاختبار رقم {number}",
                f"Benchmark Organisation {number}", f"BO{number}", KINDS[number % len(KINDS)],
                "IQ" if iraqi else "Jordan",
                GOVERNORATES[number % len(GOVERNORATES)] if iraqi else "",
                "بغداد" if iraqi else "عمّان", "Baghdad" if iraqi else "Amman",
                f"www.org{number}.example.org", 1950 + number % 70,
                "yes" if number % 2 else "no", networks,
                ";".join(TRACKS[network][: 1 + number % 3]),
                f"منظمة تعمل في مجال السلام والمشاركة المدنية، رقم {number}.",
                f"An organisation working for peace and civic participation, no. {number}.",
            ])


def timed(command, env):
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.monotonic() - started
    last = done.stdout.strip().splitlines()[-1:] or done.stderr.strip().splitlines()[-1:]
    return seconds, done.returncode, last[0] if last else ""


def clean_up(env):
    """Delete the imported organisations and their versions."""
    script = (
        "from members.models import Membership, Organisation\n"
        f"orgs = Organisation.objects.filter(slug__startswith={SLUG_PREFIX!r})\n"
        "ids = list(orgs.values_list('pk', flat=True))\n"
        "orgs.delete()\n"
        "Organisation.revisions.filter(id__in=ids).delete()\n"
        "Membership.revisions.filter(organisation_id__in=ids).delete()\n")
    subprocess.run([sys.executable, "manage.py", "shell", "-v0", "-c", script], cwd=ROOT,
                   env=env, check=True, stdout=subprocess.DEVNULL)


def measure(env, sizes=(1_000, 10_000)):
    """Rows of the results table: size, step, seconds, rows per second, outcome."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, "manage.py", "import_members"]
    rows = []
    clean_up(env)
    try:
        for size in sizes:
            path = RESULTS / f"import-{size}.csv"
            write_csv(path, size)
            for step, args in [("dry run", ["--dry-run"]), ("import", []),
                               ("re-import, unchanged", [])]:
                seconds, status, last = timed([*manage, str(path), *args], env)
                rows.append([f"{size:,}", step, f"{seconds:.1f}", f"{size / seconds:.0f}",
                             "ok" if status == 0 else f"exit {status}: {last[:60]}"])
            clean_up(env)
    finally:
        clean_up(env)
    return rows


def main():
    from bench.run import BASE_ENV, DATABASE_URL, report

    sizes = [int(size) for size in
             os.environ.get("BENCH_IMPORT_ROWS", "1000,10000").split(",") if size.strip()]
    env = {**os.environ, **BASE_ENV,
           "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or DATABASE_URL,
           "IMPORT_MAX_ROWS": str(max(sizes))}
    rows = measure(env, sizes)
    report("Import: manage.py import_members on a generated CSV of new organisations "
           "(every column; the database's organisations as they are)")
    report.table(["rows", "step", "seconds", "rows/s", "outcome"], rows)
    return 0 if all(row[-1] == "ok" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
