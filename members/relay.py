"""The contact relay: a visitor writes to an organisation or a person without seeing her
address, and the recipient answers only if she chooses to.

* Open for a public organisation with a recorded e-mail that accepts messages
  (``Organisation.accepts_messages``, on by default), and for a person the public may see
  whose consent in force covers messages (``Consent.show_messages``, off by default) and
  who has a recorded e-mail. Otherwise the message page answers 404.
* The form stores the message, unconfirmed, with links and HTML removed, and mails the
  sender a single-use link (only its hash is stored) in the page's language. Opening the
  link shows the message and a button: a mail scanner that follows links confirms
  nothing. Confirming forwards the text, as plain text, to the recipient's recorded
  address (read then, never copied into the message) with ``Reply-To: sender``.
* Limits, counted in the messages table (so they hold while Redis is down): per sender
  address and per client address an hour, per recipient a day. Over a limit the page
  answers 429 and nothing is stored or sent. Counting and storing hold one lock
  (network/core/locks.py), so two posts at once cannot both pass a limit.
* The staff's copy is deleted after ``MESSAGE_RETENTION_DAYS``, an unconfirmed message
  when its link expires (``manage.py purge_messages``, or the :data:`purge` task).
"""

import hashlib
import hmac
import logging
import re
from datetime import timedelta
from email.utils import formataddr

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from network.core.links import absolute_url
from network.core.locks import serialize
from network.core.mail import send_mail

from .accounts import hash_token, new_token, private
from .models import Message, Organisation, Person, Visibility
from .projection import public_person

log = logging.getLogger("directory.relay")

MAX_TEXT = 5000
# Top-level domains a mail reader turns a bare name into a link for ("evil.com"): the
# common generic ones, the region's and the ones spam favours. Country codes that are also
# English words (it, no, me, to, us, in, is, be, am, at, as, so, my) are left out, so that
# "do.it" or a missing space after a full stop keeps its words.
_TLDS = ("com|net|org|info|biz|io|co|app|dev|xyz|online|site|top|club|shop|store|live|link"
         "|click|tk|ml|ga|cf|gq|ws|cc|tv|ly|su|ru|cn|uk|de|fr|nl|ch|eu"
         "|iq|ye|sy|lb|jo|eg|ps|tn|ma|dz|sd|ae|sa|qa|kw|om|bh|ir|tr|af")
# Web addresses, with or without a scheme, bare domain names (not those of an e-mail
# address), and any other URI scheme a mail reader would turn into a link.
_LINK = re.compile(r"(?i)\b(?:(?:https?|ftp|file)://\S*|(?:mailto|javascript|data|tel):\S+"
                   r"|www\.\S+)"
                   r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TLDS
                   + r")\b(?:[/?#]\S*)?")
# Bidi overrides and embeddings can make a text read other than it is; marks stay.
_OVERRIDES = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(text):
    """``text`` without HTML tags, links, control characters or bidi overrides, its
    lines' trailing spaces dropped."""
    text = strip_tags(text or "")
    text = _LINK.sub("", text)
    text = _CONTROL.sub("", text.translate(_OVERRIDES))
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip()
             for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- who may be written to ------------------------------------------------------------------

def receiving_organisations():
    """Public organisations with a recorded e-mail that accept messages."""
    return Organisation.objects.public().filter(accepts_messages=True).exclude(email="")


def organisation_receives(organisation):
    """:func:`receiving_organisations`' rule for one organisation already fetched (by a
    profile page, which may show a members-only one to a member)."""
    return (organisation.status == Organisation.Status.PUBLISHED
            and organisation.visibility == Visibility.PUBLIC
            and organisation.accepts_messages and bool(organisation.email))


def organisation_recipient(slug):
    """The public organisation with this slug if it receives messages, else 404."""
    return get_object_or_404(receiving_organisations(), slug=slug)


def person_recipient(slug):
    """The person with this slug if the public may see her and her consent covers
    messages (``PublicPerson.accepts_messages``), else 404."""
    public = public_person(slug)
    if public is None or not public.accepts_messages:
        raise Http404(_("No page at this address."))
    return Person.objects.get(slug=slug), public


def is_open(message):
    """Whether the message's recipient still receives messages (it may have changed
    since the message was written)."""
    if message.organisation_id:
        return receiving_organisations().filter(pk=message.organisation_id).exists()
    public = public_person(message.person.slug)
    return public is not None and public.accepts_messages


# --- limits -----------------------------------------------------------------------------

def client_hash(request):
    """A keyed hash of the client's address (as the sign-in lockout reads it): enough to
    count, not to tell the address."""
    address = get_client_ip_address(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


#: The lock under which a message's limits are counted and the message stored.
LIMITS_LOCK = "members.relay.limits"


def over_limit(*, sender_email, client, recipient):
    """The name of the first limit a new message would pass, or None."""
    now = timezone.now()
    hour, day = now - timedelta(hours=1), now - timedelta(days=1)
    recent = Message.objects.filter(created_at__gt=hour)
    if recent.filter(sender_email__iexact=sender_email).count() \
            >= settings.MESSAGES_PER_SENDER_PER_HOUR:
        return "sender"
    if recent.filter(client_hash=client).count() >= settings.MESSAGES_PER_CLIENT_PER_HOUR:
        return "client"
    to = {"organisation" if isinstance(recipient, Organisation) else "person": recipient}
    if Message.objects.filter(created_at__gt=day, **to).count() \
            >= settings.MESSAGES_PER_RECIPIENT_PER_DAY:
        return "recipient"
    return None


# --- writing ----------------------------------------------------------------------------

class MessageForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        help_text=_("We send a link to this address: the message leaves only once you open "
                    "it. The recipient sees this address, to reply to you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}))
    text = forms.CharField(
        label=_("Your message"), max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_TEXT}))
    # Left empty by people (it is hidden from them); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _("Plain text, at most %(count)s characters. Links "
                                          "and HTML are removed.") % {"count": MAX_TEXT}
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_name(self):
        name = " ".join(_CONTROL.sub(" ", self.cleaned_data["name"].translate(_OVERRIDES))
                        .split())
        if not name:
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_text(self):
        text = plain_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write a message: without links and HTML, nothing "
                                          "is left of this one."))
        return text

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This message could not be sent."))
        return super().clean()


def write(recipient, *, name, email, text, client, request):
    """Store an unconfirmed message to ``recipient`` and enqueue the confirmation mail to
    the sender, in the page's language."""
    token = new_token()
    now = timezone.now()
    language = translation.get_language()
    to = {"organisation" if isinstance(recipient, Organisation) else "person": recipient}
    with transaction.atomic():
        message = Message.objects.create(
            sender_name=name, sender_email=email, text=text, language=language,
            client_hash=client, token_hash=hash_token(token), created_at=now,
            expires_at=now + timedelta(hours=settings.MESSAGE_LINK_HOURS), **to)
        link = absolute_url(request, reverse("members:message-confirm",
                                             kwargs={"token": token}))
        send_mail(email, "message_confirm", {
            "link": link, "recipient": str(recipient.name), "text": text, "name": name,
            "hours": settings.MESSAGE_LINK_HOURS,
        }, language=language, reason=_(
            "You receive this message because someone wrote a message in the directory and "
            "gave this address as hers or his."))
    log.info("Message written: message=%s recipient=%s:%s", message.pk,
             message.recipient._meta.model_name, message.recipient.pk)
    return message


def _write_view(request, recipient, template_context):
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            client = client_hash(request)
            with transaction.atomic():
                # Count and insert as one: two posts at once cannot both pass a limit.
                serialize(LIMITS_LOCK)
                limit = over_limit(sender_email=data["email"], client=client,
                                   recipient=recipient)
                if limit is None:
                    write(recipient, name=data["name"], email=data["email"],
                          text=data["text"], client=client, request=request)
            if limit is not None:
                log.warning("Message refused: limit=%s", limit)
                return render(request, "members/message_limit.html",
                              {**template_context, "limit": limit}, status=429)
            return redirect("members:message-written")
    return render(request, "members/message_form.html", {
        **template_context, "form": form, "retention": settings.MESSAGE_RETENTION_DAYS,
    }, status=status)


@private
def organisation_message(request, slug):
    """The form to write to an organisation."""
    organisation = organisation_recipient(slug)
    return _write_view(request, organisation, {
        "recipient_name": organisation.name, "recipient": organisation,
        "back": organisation.get_absolute_url()})


@private
def person_message(request, slug):
    """The form to write to a person who agreed to it."""
    person, public = person_recipient(slug)
    return _write_view(request, person, {
        "recipient_name": public.name, "recipient": public, "back": public.url})


@private
def message_written(request):
    return render(request, "members/message_written.html",
                  {"hours": settings.MESSAGE_LINK_HOURS})


# --- confirming -------------------------------------------------------------------------

def forward(message):
    """Enqueue the message to its recipient's recorded address, as plain text, with
    ``Reply-To`` the sender, in the language it was written in."""
    recipient = message.recipient
    with translation.override(message.language):
        recipient_name = str(recipient.name)
        if message.organisation_id:
            reason = _("You receive this message because your organisation is listed in the "
                       "directory and accepts messages through it; the networks' staff "
                       "can turn this off on request.")
        else:
            reason = _("You receive this message because you agreed to be contacted "
                       "through the directory. You can withdraw this consent at any time.")
    send_mail(recipient.email, "message_forward", {
        "name": message.sender_name, "text": message.text,
        "recipient": recipient_name,
    }, language=message.language, reason=reason,
        reply_to=formataddr((message.sender_name, message.sender_email)), text_only=True)


def find_message(token):
    """``(message, status)``: the message of a usable link, or None with 404 (unknown),
    or the message with 410 (expired, or confirmed already)."""
    if not token or len(token) > 100:
        return None, 404
    message = (Message.objects.select_related("organisation", "person")
               .filter(token_hash=hash_token(token)).first())
    if message is None:
        return None, 404
    if message.confirmed_at is not None or message.expired:
        return message, 410
    return message, 200


@private
def confirm_message(request, token):
    """GET shows the message and a button; POST confirms and forwards it, once."""
    message, status = find_message(token)
    if status != 200:
        reason = "unknown" if message is None else (
            "used" if message.confirmed_at else "expired")
        return render(request, "members/message_invalid.html", {"reason": reason},
                      status=status)
    if not is_open(message):
        return render(request, "members/message_invalid.html", {"reason": "closed"},
                      status=410)
    if request.method == "POST":
        now = timezone.now()
        with transaction.atomic():
            # Claimed under the transaction: a second click of the button forwards nothing.
            claimed = Message.objects.filter(pk=message.pk, confirmed_at__isnull=True,
                                             expires_at__gt=now).update(
                confirmed_at=now, forwarded_at=now)
            if claimed:
                forward(message)
        if not claimed:
            return render(request, "members/message_invalid.html", {"reason": "used"},
                          status=410)
        log.info("Message confirmed and forwarded: message=%s", message.pk)
        return redirect("members:message-sent")
    return render(request, "members/message_confirm.html", {
        "message": message, "recipient_name": message.recipient.name})


@private
def message_sent(request):
    return render(request, "members/message_sent.html",
                  {"days": settings.MESSAGE_RETENTION_DAYS})


# --- retention --------------------------------------------------------------------------

def purge_messages(now=None):
    """Delete the messages past their retention; returns how many."""
    count, _by_model = Message.objects.purgeable(now).delete()
    log.info("Messages purged: %d", count)
    return count


@task()
def purge():
    """:func:`purge_messages` as a background task."""
    return purge_messages()
