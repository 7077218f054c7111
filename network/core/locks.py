"""One writer at a time for a check-then-insert that no row can lock: a rate limit counted
in a table (members/relay.py) passes its limit if two requests count before either inserts.

:func:`serialize` takes a PostgreSQL advisory lock, held until the transaction ends, so the
second request counts after the first has inserted. SQLite lets one transaction write at a
time already; there it is a no-op.
"""

import hashlib

from django.db import connection


def lock_key(name):
    """A signed 64-bit key for ``name``, as ``pg_advisory_xact_lock`` takes."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def serialize(name):
    """Wait for, and hold until the current transaction ends, the lock called ``name``."""
    if not connection.in_atomic_block:
        raise RuntimeError("serialize() holds its lock until the transaction ends: call it "
                           "inside transaction.atomic().")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
