"""Outgoing mail (network/core/mail.py): the recipient's language, plain text and HTML,
the site's name and the reason, sent by a task, retried a bounded number of times."""

import email
import email.policy
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from network.core import mail as core_mail

REASON = _("You receive this message because a curator of the directory invited this "
           "address to manage a listing.")
CONTEXT = {"link": "https://directory.example.org/ar/account/invitation/abc/",
           "record_name": "منظمة الأمل", "days": 7, "inviter": "curator"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default"]}}


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message, counting the attempts."""

    attempts = 0

    def send_messages(self, messages):
        FailingBackend.attempts += 1
        raise ConnectionRefusedError("the mail server refused the connection")


@pytest.fixture
def failing_mail(settings):
    FailingBackend.attempts = 0
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    return FailingBackend


def test_message_is_in_the_recipients_language_whatever_the_page(db):
    with translation.override("en"):
        core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="ar",
                            reason=REASON)

    [message] = mail.outbox
    assert message.to == ["huda@example.org"]
    assert message.subject.startswith("[دليل شبكتي وصل ومبادرة التضامن")
    assert "منظمة الأمل" in message.subject
    assert "منظمة الأمل" in message.body and CONTEXT["link"] in message.body
    with translation.override("ar"):
        assert str(REASON) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="ar" dir="rtl"' in html and CONTEXT["link"] in html


def test_english_message(db):
    core_mail.send_mail("ann@example.org", "invitation", CONTEXT, language="en", reason=REASON)

    [message] = mail.outbox
    assert message.subject.startswith("[WASL & ICSSI network directory] ")
    assert "You receive this message because a curator" in message.body
    assert 'lang="en" dir="ltr"' in message.alternatives[0][0]
    assert "&amp;" not in message.body  # plain text is not HTML-escaped


def test_failed_send_is_retried_a_bounded_number_of_times(db, settings, failing_mail, caplog):
    settings.MAIL_MAX_ATTEMPTS = 3

    result = core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="ar",
                                 reason=REASON)

    assert failing_mail.attempts == 3
    assert result.status == "FAILED"
    assert "Mail to huda@example.org failed for good after 3 attempts" in caplog.text
    assert mail.outbox == []


def test_database_backend_enqueues_and_the_worker_sends(db, settings, run_worker):
    settings.TASKS = DATABASE_TASKS

    core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="ar",
                        reason=REASON)

    assert mail.outbox == []  # the request only enqueues
    row = DBTaskResult.objects.get()
    assert row.status == "READY" and row.task_path == "network.core.mail.deliver"

    run_worker()

    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_database_backend_retries_later_and_staff_see_the_failure(db, settings, failing_mail,
                                                                  admin_client, run_worker):
    settings.TASKS = DATABASE_TASKS
    settings.MAIL_MAX_ATTEMPTS = 2
    core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="ar",
                        reason=REASON)

    run_worker()

    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert failed.status == "FAILED" and "ConnectionRefusedError" in failed.exception_class_path
    # The next attempt waits MAIL_RETRY_SECONDS before a worker takes it.
    assert retry.status == "READY" and retry.run_after > failed.finished_at
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    response = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert response.status_code == 200
    assert str(failed.id) in response.content.decode()


@pytest.fixture
def run_worker(monkeypatch):
    """``manage.py db_worker --batch``: runs every task that is due, then stops. The
    worker closes "old" connections between tasks, which would close the test's own
    transaction on PostgreSQL; here the connection is the test's."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


@pytest.mark.slow
def test_invitation_through_a_real_smtp_server(db, smtp_server):
    received = smtp_server
    result = core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="ar",
                                 reason=REASON)

    assert result.status == "SUCCESSFUL"
    [envelope] = received
    assert envelope.rcpt_tos == ["huda@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    subject = str(make_header(decode_header(message["Subject"]))).strip()
    assert subject.startswith("[دليل شبكتي وصل ومبادرة التضامن")
    assert "منظمة الأمل" in subject
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "منظمة الأمل" in text and CONTEXT["link"] in text
    with translation.override("ar"):
        assert str(REASON) in text
    assert 'dir="rtl"' in html and "منظمة الأمل" in html


def test_reply_to_and_text_only_are_optional(db):
    core_mail.send_mail("office@example.org", "invitation", CONTEXT, language="en",
                        reason=REASON, reply_to="Sara <sara@example.net>", text_only=True)
    core_mail.send_mail("huda@example.org", "invitation", CONTEXT, language="en",
                        reason=REASON)

    relayed, usual = mail.outbox
    assert relayed.reply_to == ["Sara <sara@example.net>"] and relayed.alternatives == []
    assert "Reply-To: Sara <sara@example.net>" in relayed.message().as_string()
    assert usual.reply_to == [] and len(usual.alternatives) == 1


def test_a_task_queued_before_reply_to_existed_still_runs(db):
    # Arguments as a worker finds them for a task enqueued by the previous version.
    core_mail.deliver.call(to="huda@example.org", subject="s", text="t", html="<p>t</p>",
                           attempt=1)

    [message] = mail.outbox
    assert message.reply_to == [] and len(message.alternatives) == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_subject_and_text_are_not_html_escaped_but_the_html_is(db, language):
    name = "Women's Aid & <Co>"
    subject, text, html = core_mail.render_message(
        "invitation", {**CONTEXT, "record_name": name, "inviter": "O'Brien"},
        language=language, reason=REASON)

    assert name in subject and "&#x27;" not in subject and "&amp;" not in subject
    assert name in text and "O'Brien" in text
    assert "Women&#x27;s Aid &amp; &lt;Co&gt;" in html and "<Co>" not in html
