"""Time public pages in-process: median and 95th-percentile response time and SQL queries.

A quick measurement for development and closing notes; ``make bench`` is the load test.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

DEFAULT_PATHS = [
    "/ar/members/",
    "/ar/members/?country=IQ&track=democracy",
    "/ar/members/?q=السلام",
    "/en/members/?region=africa&women_led=yes&sort=country",
    "/ar/countries/",
    "/ar/countries/iq/",
    "/ar/networks/icssi/",
    "/ar/search/?q=بغداد",
]


class Command(BaseCommand):
    help = "Time public pages through Django's test client (no network, no cache)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, paths, repeat, **options):
        client = Client(HTTP_HOST="localhost")
        self.stdout.write(f"{'path':60} {'status':>6} {'median ms':>10} {'p95 ms':>8} "
                          f"{'queries':>8} {'KB':>6}")
        for path in paths:
            client.get(path)  # warm caches (translations, country names, URL resolver)
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            self.stdout.write(
                f"{path:60} {response.status_code:>6} {statistics.median(timings):>10.1f} "
                f"{p95:>8.1f} {len(queries):>8} {len(response.content) / 1024:>6.1f}")
