"""Outgoing mail: one message, in its recipient's language, sent by a background task.

:func:`send_mail` renders a message from two templates under ``templates/mail/`` —
``NAME.txt`` (the plain text, whose first line is the subject) and ``NAME.html`` (the
HTML alternative) — in the recipient's language, prefixes the subject with the site's
name, adds a footer saying why she got it, and enqueues :data:`deliver` with the rendered
message. The request never talks to the mail server.

Retries: django-tasks retries nothing by itself. :data:`deliver` catches a failed send,
enqueues itself again after ``MAIL_RETRY_SECONDS`` × the attempt number (the database
backend honours the delay; the immediate one tries again at once), up to
``MAIL_MAX_ATTEMPTS`` attempts, and then fails. Every attempt is a task result of its own:
with the database backend, staff see each failed one, with its error, in the admin
("Task results", filtered by status), and the ``directory.mail`` logger says the same.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task, task_backends

log = logging.getLogger("directory.mail")


def site_name():
    """The site's name in the active language."""
    return gettext("WASL & ICSSI network directory")


def render_message(template, context, *, language, reason, html=True):
    """``(subject, text, html)`` of ``templates/mail/<template>.txt``/``.html`` rendered in
    ``language``; ``reason`` (lazy text) is the footer line saying why she got it.
    ``html=False``: text only (``html`` is empty and there need be no ``.html``)."""
    with translation.override(language):
        context = {**context, "site_name": site_name(), "reason": str(reason),
                   "language": language, "bidi": translation.get_language_bidi()}
        text = render_to_string(f"mail/{template}.txt", context)
        subject, _newline, body = text.strip().partition("\n")
        html = render_to_string(f"mail/{template}.html", context) if html else ""
        subject = f"[{site_name()}] {' '.join(subject.split())}"
    return subject, body.strip() + "\n", html


def send_mail(to, template, context, *, language, reason, reply_to=None, text_only=False,
              headers=None):
    """Render the message for ``to`` (one address) in ``language`` and enqueue its sending.

    ``reply_to``: one address for the ``Reply-To`` header (the contact relay's sender);
    ``text_only``: no HTML alternative; ``headers``: extra header fields
    (``List-Unsubscribe``…). Returns the task result (``.id``)."""
    subject, text, html = render_message(template, context, language=language, reason=reason,
                                         html=not text_only)
    extra = {"reply_to": reply_to} if reply_to else {}
    if headers:
        extra["headers"] = headers
    return deliver.enqueue(to=to, subject=subject, text=text, html=html, attempt=1, **extra)


def _send(to, subject, text, html, reply_to=None, headers=None):
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to],
                                     reply_to=[reply_to] if reply_to else None,
                                     headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


@task()
def deliver(to, subject, text, html, attempt=1, reply_to=None, headers=None):
    """Send one rendered message (no HTML alternative when ``html`` is empty); on failure,
    enqueue the next attempt, then fail this one (so that it is listed as failed)."""
    try:
        _send(to, subject, text, html, reply_to, headers)
    except Exception as error:
        if attempt < settings.MAIL_MAX_ATTEMPTS:
            log.warning("Mail to %s failed (attempt %d of %d): %s; trying again", to, attempt,
                        settings.MAIL_MAX_ATTEMPTS, error)
            retry = deliver
            if task_backends[deliver.backend].supports_defer:
                retry = deliver.using(run_after=timezone.now() + timedelta(
                    seconds=settings.MAIL_RETRY_SECONDS * attempt))
            retry.enqueue(to=to, subject=subject, text=text, html=html, attempt=attempt + 1,
                          reply_to=reply_to, headers=headers)
        else:
            log.error("Mail to %s failed for good after %d attempts: %s", to, attempt, error)
        raise
    log.info("Mail sent to %s (attempt %d)", to, attempt)
    return attempt
