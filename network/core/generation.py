"""The content generation: one number, in the database, that moves on once the
transaction of any change to the content of the three apps commits.

The page cache (network/site/pagecache.py) and the facet indexes key what they keep by it,
so every process sees a change at its next request.
"""

from functools import cache

from asgiref.local import Local
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .facets import mark_stale

CONTENT_APPS = ("network", "members", "publications")
# The generation read in this request (each thread or task its own).
_request = Local()
# Changes waiting for their transaction's commit (each thread its own).
_thread = Local()


def _model():
    return apps.get_model("network", "ContentGeneration")


@cache
def _read():
    table = connection.ops.quote_name(_model()._meta.db_table)
    return f"SELECT value FROM {table} WHERE id = 1"


def generation():
    """The current content generation: read from the database once a request (a query on
    one row; ``OperationalError`` when the database is unreachable)."""
    memo = getattr(_request, "generation", None)
    if memo is not None:
        return memo
    # Every request runs it: plain SQL, a third of the ORM's cost (bench/generation.py).
    with connection.cursor() as cursor:
        cursor.execute(_read())
        row = cursor.fetchone()
    value = row[0] if row else 0
    if getattr(_request, "active", False):
        _request.generation = value
    return value


def invalidate():
    """Move the generation on: every cached page and facet index is stale from now on, in
    every process."""
    _request.generation = None
    ContentGeneration = _model()
    if not ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        # First change (or a flushed table): any new value differs from every old one.
        start = int(timezone.now().timestamp() * 1000)
        try:
            with transaction.atomic():
                ContentGeneration.objects.create(pk=1, value=start)
        except IntegrityError:  # another process created it meanwhile
            ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)


def _request_started(**kwargs):
    _request.active = True
    _request.generation = None


def _request_finished(**kwargs):
    _request.active = False
    _request.generation = None


class _Changes:
    """Changes saved since the generation last moved in this thread: a transaction saving
    a thousand rows moves it once (a write, synced to disk, costs milliseconds)."""

    done = False

    def invalidate(self):
        if not self.done:
            self.done = True
            invalidate()


def invalidate_on_commit(**kwargs):
    """Signal receiver: invalidate once the change is visible to other connections (and
    this process's facet indexes at once)."""
    mark_stale()
    changes = getattr(_thread, "changes", None)
    if changes is None or changes.done:
        changes = _thread.changes = _Changes()
    # Every change registers its callback: of those that run, the first moves the
    # generation. A rolled-back transaction drops its callbacks, leaving the next
    # transaction's to run.
    transaction.on_commit(changes.invalidate)


def connect_signals():
    """Invalidate on every save, delete and many-to-many change in the content apps,
    historical records included (a restore saves the record itself); read the generation
    once a request."""
    request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            # A model no public page shows (``shown_on_pages = False``) moves nothing: the
            # public's applications to join must not empty the page cache at will.
            if model is _model() or not getattr(model, "shown_on_pages", True):
                continue
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(invalidate_on_commit, sender=model,
                                dispatch_uid=uid + "-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(invalidate_on_commit, sender=field.remote_field.through,
                                    dispatch_uid=f"{uid}-{field.name}-m2m")
