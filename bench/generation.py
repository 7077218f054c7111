"""What reading the content generation costs each request (network/site/pagecache.py).

``DATABASE_URL=… python -m bench.generation`` on a migrated database (SQLite when unset)
prints the median time of: the generation read through the ORM and as the plain SQL the
page cache runs; moving it on; and a page answered from the page cache (local memory),
with the generation read and with a constant instead.
"""

import os
import secrets
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def median_microseconds(function, times):
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        spent.append(time.perf_counter() - start)
    return round(statistics.median(spent) * 1e6)


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from network.models import ContentGeneration, Network
    from network.site import pagecache

    setup_test_environment()
    settings.PAGE_CACHE_SECONDS = 600
    if not Network.objects.exists():
        call_command("load_networks", verbosity=0)
    pagecache.invalidate()

    def orm():
        return ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first()

    print(f"{connection.vendor}, median of each:")
    print(f"  generation read, ORM        {median_microseconds(orm, 3000):6} µs")
    print(f"  generation read, plain SQL  {median_microseconds(pagecache.generation, 3000):6} µs")
    print(f"  generation moved on         {median_microseconds(pagecache.invalidate, 200):6} µs")
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.get("/en/networks/wasl/")
    assert client.get("/en/networks/wasl/")["X-Page-Cache"] == "hit"
    read = median_microseconds(lambda: client.get("/en/networks/wasl/"), 1000)
    value = pagecache.generation()
    real, pagecache.generation = pagecache.generation, lambda: value
    try:
        constant = median_microseconds(lambda: client.get("/en/networks/wasl/"), 1000)
    finally:
        pagecache.generation = real
    print(f"  page-cache hit, generation read      {read:6} µs")
    print(f"  page-cache hit, a constant generation {constant:5} µs")


if __name__ == "__main__":
    main()
