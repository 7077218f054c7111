"""Self-service profile edits: an organisation's managers change its profile, curators review.

A manager edits her organisation's profile on ``/<lang>/account/organisations/<slug>/edit/``
(:func:`edit_organisation`), in both languages. On saving, each changed field goes one of
two ways (:func:`submit`):

- a change that makes something **more private** — a contact's visibility narrowed, a
  field cleared — applies at once, recorded in the history as hers;
- every other change becomes one :class:`~members.models.Proposal`, per field before →
  after, in the review queue of the curators of the organisation's networks (the admin's
  "Proposed changes", :class:`ProposalAdmin`), who are told by mail.

A curator approves all or some of the fields, or rejects the proposal with a note
(:func:`review`); the proposer is told by mail in her language. The review page warns when
the record changed after the proposal was made, shows its value now beside each field,
and refuses a decision taken on a page opened before the record's latest save. Every
write checks scope on the server, locks the rows it reads, and records history: the
approver as the history's user, the proposal (and so the proposer) in its reason.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from network.core.links import absolute_url
from network.core.mail import send_mail
from network.core.roles import curated_networks
from network.core.versioning import VersionedForm, display
from network.models import Network, Track

from .accounts import member_language, private
from .editable import (
    EDITABLE,
    LANGUAGE_CODES,
    NARROWING_WHEN_OFF,
    TRANSLATED,
    VISIBILITY_FIELDS,
    VISIBILITY_RANK,
    changed_labels,
    field_label,
)
from .freshness import mark_checked, read_checkin_token
from .models import Organisation, Proposal, Visibility, WorkingLanguage

log = logging.getLogger("directory.curation")

SECTIONS = [
    (_("Name and description"), [*(f"name_{code}" for code in LANGUAGE_CODES),
                                 *(f"description_{code}" for code in LANGUAGE_CODES)]),
    (_("Place, website and social media"), [*(f"city_{code}" for code in LANGUAGE_CODES),
                                            "website", "social_links", "social_visibility"]),
    (_("Thematic tracks and working languages"), ["tracks", "languages"]),
    (_("Contact details and who sees them"), ["email", "email_visibility", "phone",
                                              "phone_visibility", "address",
                                              "address_visibility", "accepts_messages"]),
]
LEFT_TO_RIGHT = {"website", "social_links", "email", "phone", "name_en", "city_en",
                 "description_en"}


# --- values -------------------------------------------------------------------------------

def _plain(value):
    if value is None:
        return ""
    if isinstance(value, str):
        # A browser sends a textarea's line breaks as CRLF.
        return value.replace("\r\n", "\n").strip()
    return value


def stored_values(organisation):
    """``{field: value}`` of ``organisation``'s editable fields as stored (tracks: sorted
    ids), in the form :attr:`Proposal.changes` keeps."""
    values = {name: _plain(getattr(organisation, name)) for name in EDITABLE if name != "tracks"}
    values["tracks"] = sorted(organisation.tracks.values_list("pk", flat=True))
    return values


def submitted_values(cleaned_data):
    values = {name: _plain(cleaned_data.get(name)) for name in EDITABLE if name != "tracks"}
    values["tracks"] = sorted(track.pk for track in cleaned_data.get("tracks") or ())
    return values


def more_private(name, before, after):
    """Whether changing ``name`` from ``before`` to ``after`` only narrows what anyone sees:
    a visibility narrowed, or a value cleared. Such a change needs no review."""
    if name in VISIBILITY_FIELDS:
        return VISIBILITY_RANK.get(after, -1) > VISIBILITY_RANK.get(before, 99)
    if name in NARROWING_WHEN_OFF:
        return before is True and after is False
    return after in ("", [], None)


def shown(name, value):
    """A stored ``value`` of ``name`` as text a person reads."""
    if name == "tracks":
        return display([str(track) for track in Track.objects.filter(pk__in=value or [])])
    if name in VISIBILITY_FIELDS:
        return str(dict(Visibility.choices).get(value, value))
    if name == "languages":
        labels = dict(WorkingLanguage.choices)
        return display([str(labels.get(code, code)) for code in value.split(",") if code])
    return display(value)


def networks_of(organisation):
    return Network.objects.filter(memberships__organisation=organisation).distinct()


def apply(organisation, values, *, user, reason):
    """Write ``values`` (``{field: stored value}``) to ``organisation`` (a row locked by the
    caller), validated, with ``user`` and ``reason`` in its history."""
    for name, value in values.items():
        if name != "tracks":
            setattr(organisation, name, value)
    organisation.clean_fields(exclude=[field.name for field in Organisation._meta.fields
                                       if field.name not in values])
    organisation._history_user = user  # django-simple-history
    organisation._change_reason = reason[:100]
    organisation.save()
    if "tracks" in values:
        organisation.tracks.set(Track.objects.filter(pk__in=values["tracks"]))


# --- the manager's form -------------------------------------------------------------------

class ProfileForm(VersionedForm):
    """The fields a manager may change; the version check of every curated form."""

    languages = forms.MultipleChoiceField(
        label=_("working languages"), required=False, choices=WorkingLanguage.choices,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Organisation
        fields = [name for name in EDITABLE if name != "languages"]
        widgets = {
            "tracks": forms.CheckboxSelectMultiple,
            **dict.fromkeys(VISIBILITY_FIELDS, forms.RadioSelect),
            **{f"description_{code}": forms.Textarea(attrs={"rows": 6})
               for code in LANGUAGE_CODES},
            "social_links": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, instance=organisation, **kwargs)
        tracks = self.fields["tracks"]
        # Her networks' tracks, and any the organisation has already (kept if ticked).
        tracks.queryset = Track.objects.filter(
            Q(networks__in=networks_of(organisation)) | Q(organisations=organisation)
        ).distinct().order_by("order", "pk")
        self.initial["languages"] = [code for code in organisation.languages.split(",") if code]
        for name, field in self.fields.items():
            if name in EDITABLE:
                field.label = field_label(name)
            for visibility in VISIBILITY_FIELDS:
                if name == visibility:
                    field.help_text = _("Narrowing who sees it applies at once; widening it "
                                        "waits for a curator.")
            if name in LEFT_TO_RIGHT:
                field.widget.attrs["dir"] = "ltr"
            elif name.endswith("_ar"):
                field.widget.attrs["dir"] = "rtl"
            if name.endswith("_ar") or name.endswith("_en"):
                field.widget.attrs["lang"] = name.rsplit("_", 1)[1]
            field.required = False

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def clean(self):
        cleaned_data = super().clean()
        if not any(cleaned_data.get(f"name_{code}") for code in LANGUAGE_CODES):
            raise ValidationError(_("Give the organisation's name in at least one language."),
                                  code="no_name")
        for name in VISIBILITY_FIELDS:
            if not cleaned_data.get(name):
                cleaned_data[name] = getattr(self.instance, name)
        return cleaned_data

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


class Stale(Exception):
    """The record was saved after the form or review page was opened."""


def submit(organisation_id, form, *, user, language, request):
    """Apply the more private changes of ``form`` at once, propose the others.

    Returns ``(applied field names, proposal or None)``; raises :class:`Stale` when the
    record changed since the form was opened."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        if organisation.version != form.cleaned_data.get("_version"):
            raise Stale
        before = stored_values(organisation)
        after = submitted_values(form.cleaned_data)
        changed = [name for name in EDITABLE if before[name] != after[name]]
        now = {name: after[name] for name in changed
               if more_private(name, before[name], after[name])}
        later = {name: {"before": before[name], "after": after[name]}
                 for name in changed if name not in now}
        if now:
            apply(organisation, now, user=user,
                  reason=gettext("Made more private by a manager"))
        proposal = None
        if later:
            proposal = Proposal.objects.create(
                organisation=organisation, proposed_by=user, base_version=organisation.version,
                changes=later, language=language)
    log.info("Profile edit: by=%r organisation=%s applied=%s proposal=%s",
             user.get_username(), organisation_id, sorted(now),
             proposal.pk if proposal else None)
    if proposal is not None:
        notify_curators(proposal, request)
    return list(now), proposal


def notify_curators(proposal, request):
    """Tell the curators of the organisation's networks that a proposal waits for them."""
    organisation = proposal.organisation
    curators = {user for network in networks_of(organisation).prefetch_related("curators")
                for user in network.curators.all() if user.is_active and user.is_staff}
    for curator in sorted(curators, key=lambda user: user.pk):
        if not curator.email:
            continue
        language = member_language(curator)
        with translation.override(language):
            link = absolute_url(request, reverse("admin:members_proposal_change",
                                              args=[proposal.pk]))
            reason = _("You receive this message because you curate a network this "
                       "organisation belongs to.")
            record_name = str(organisation.name)
        send_mail(curator.email, "proposal_received", {
            "record_name": record_name, "link": link, "count": len(proposal.changes),
            "checkin": proposal.is_checkin,
        }, language=language, reason=reason)


@private
@login_required
def edit_organisation(request, slug):
    # Only her organisations: any other answers 404, whether it exists or not.
    organisation = get_object_or_404(request.user.managed_organisations.all(), slug=slug)
    form = ProfileForm(request.POST or None, organisation=organisation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                applied, proposal = submit(organisation.pk, form, user=request.user,
                                           language=translation.get_language(), request=request)
            except Stale:
                form = ProfileForm(request.POST, organisation=Organisation.objects.get(
                    pk=organisation.pk))
                form.is_valid()  # shows the values saved since beside hers
                status = 409
            else:
                if applied:
                    messages.success(request, ngettext(
                        "%(count)d change makes something more private: it applies now.",
                        "%(count)d changes make something more private: they apply now.",
                        len(applied)) % {"count": len(applied)})
                if proposal:
                    messages.success(request, ngettext(
                        "%(count)d change waits for a curator's review. You will get an "
                        "e-mail when it is reviewed.",
                        "%(count)d changes wait for a curator's review. You will get an "
                        "e-mail when they are reviewed.",
                        len(proposal.changes)) % {"count": len(proposal.changes)})
                if not applied and not proposal:
                    messages.info(request, gettext("Nothing was changed."))
                return redirect("members:account")
    pending = list(organisation.proposals.pending().select_related("proposed_by"))
    return render(request, "account/organisation_edit.html", {
        "organisation": organisation, "form": form,
        "pending": [(proposal, changed_labels(proposal)) for proposal in pending],
    }, status=status)


# --- a manager's check-in ("still right"; members/freshness.py) ---------------------

def check_in(organisation, user, language):
    """``(proposal, created)``: a check-in — a proposal without changes, meaning "the
    profile is still right" — for the curators; one pending at a time."""
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        pending = Proposal.objects.pending().filter(organisation=locked, changes={}).first()
        if pending is not None:
            return pending, False
        proposal = Proposal.objects.create(organisation=locked, proposed_by=user,
                                           base_version=locked.version, changes={},
                                           language=language)
    log.info("Check-in: by=%r organisation=%s proposal=%s", user.get_username(),
             organisation.pk, proposal.pk)
    return proposal, True


@private
def confirm_profile(request, slug, token=None):
    """"Still right": a signed-in manager (no token) or the yearly mail's signed link."""
    if token is not None:
        found = read_checkin_token(token) if len(token) <= 200 else None
        if found is None or found[0].slug != slug:
            return render(request, "account/checkin_invalid.html", status=410)
        organisation, user = found
    else:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('two_factor:login')}?next={request.path}")
        organisation = get_object_or_404(request.user.managed_organisations.all(), slug=slug)
        user = request.user
    if request.method == "POST":
        proposal, created = check_in(organisation, user, translation.get_language())
        if created:
            notify_curators(proposal, request)
        return render(request, "account/checkin_done.html", {"organisation": organisation})
    return render(request, "account/checkin.html", {
        "organisation": organisation,
        "edit_url": reverse("members:organisation-edit", kwargs={"slug": organisation.slug}),
    })



# --- the curators' review -----------------------------------------------------------------

def review_rows(proposal, current):
    """The review table: one row per changed field, a translated field's languages side
    by side; each cell before, after, and the value now where it moved since."""
    rows, seen = [], set()
    for name in EDITABLE:
        if name not in proposal.changes or name in seen:
            continue
        base, _sep, code = name.rpartition("_")
        names = ([f"{base}_{other}" for other in LANGUAGE_CODES]
                 if base in TRANSLATED and code in LANGUAGE_CODES else [name])
        seen.update(names)
        cells = []
        for each in names:
            change = proposal.changes.get(each)
            now = current[each]
            cells.append({
                "field": each, "label": field_label(each), "changed": change is not None,
                "language": each.rpartition("_")[2] if len(names) > 1 else "",
                "before": shown(each, change["before"] if change else now),
                "after": shown(each, change["after"]) if change else "",
                "now": shown(each, now),
                "moved": change is not None and now != change["before"],
                "approved": each in proposal.approved_fields,
            })
        label = (str(Organisation._meta.get_field(base).verbose_name).capitalize()
                 if len(names) > 1 else cells[0]["label"])
        rows.append({"label": label, "cells": cells})
    return rows


class ReviewForm(forms.Form):
    fields_ = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                        label=_("Changes to approve"))
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           label=_("Note to the proposer"),
                           help_text=_("Sent to her or him with the decision. Needed to "
                                       "reject."))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkin = proposal.is_checkin
        self.fields["fields_"].choices = [(name, field_label(name))
                                          for name in EDITABLE if name in proposal.changes]

    def decision(self):
        if "reject" in self.data:
            return "reject"
        return "approve"

    def clean(self):
        cleaned_data = super().clean()
        if self.decision() == "reject" and not cleaned_data.get("note", "").strip():
            self.add_error("note", _("Say why, for the proposer, to reject the proposal."))
        if (self.decision() == "approve" and not cleaned_data.get("fields_")
                and not self.checkin):
            self.add_error("fields_", _("Tick at least one change to approve, or reject the "
                                        "proposal with a note."))
        return cleaned_data


class AlreadyReviewed(Exception):
    pass


def review(proposal_id, *, decision, fields, note, seen_version, reviewer, request):
    """Approve ``fields`` of the proposal (the others are declined) or reject it all.

    Raises :class:`AlreadyReviewed` when another curator decided first, :class:`Stale`
    when the record was saved after the review page was opened, ``ValidationError`` when a
    value no longer passes the record's checks (nothing is written then)."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if not proposal.is_pending:
            raise AlreadyReviewed
        organisation = Organisation.objects.select_for_update().get(pk=proposal.organisation_id)
        if organisation.version != seen_version:
            raise Stale
        approved = [name for name in EDITABLE
                    if decision == "approve" and name in fields and name in proposal.changes]
        if proposal.is_checkin and decision == "approve":
            mark_checked(organisation, by=reviewer,
                         reason=gettext("Check-in %(number)d by %(proposer)s, approved") % {
                             "number": proposal.pk,
                             "proposer": proposal.proposed_by.get_username()
                             if proposal.proposed_by else "?"})
        if approved:
            apply(organisation, {name: proposal.changes[name]["after"] for name in approved},
                  user=reviewer,
                  reason=gettext("Proposal %(number)d by %(proposer)s, approved") % {
                      "number": proposal.pk,
                      "proposer": proposal.proposed_by.get_username()
                      if proposal.proposed_by else "?"})
        if proposal.is_checkin:
            proposal.state = (Proposal.State.APPROVED if decision == "approve"
                              else Proposal.State.REJECTED)
        else:
            proposal.state = (Proposal.State.REJECTED if not approved
                              else Proposal.State.APPROVED
                              if len(approved) == len(proposal.changes)
                              else Proposal.State.PARTLY)
        proposal.approved_fields = approved
        proposal.note = note.strip()
        proposal.reviewed_by = reviewer
        proposal.reviewed_at = timezone.now()
        proposal.save()
    log.info("Proposal review: by=%r proposal=%s state=%s fields=%s",
             reviewer.get_username(), proposal.pk, proposal.state, approved)
    tell_proposer(proposal, request)
    return proposal


def tell_proposer(proposal, request):
    user = proposal.proposed_by
    if user is None or not user.email:
        return
    language = member_language(user, proposal.language)
    with translation.override(language):
        approved = [field_label(name) for name in EDITABLE if name in proposal.approved_fields]
        declined = [field_label(name) for name in EDITABLE
                    if name in proposal.changes and name not in proposal.approved_fields]
        link = absolute_url(request, reverse("members:account"))
        reason = _("You receive this message because you proposed a change to a listing you "
                   "manage.")
        state = str(proposal.get_state_display())
        record_name = str(proposal.organisation.name)
    send_mail(user.email, "proposal_reviewed", {
        "record_name": record_name, "state": state,
        "approved": approved, "declined": declined, "note": proposal.note, "link": link,
        "checkin": proposal.is_checkin,
    }, language=language, reason=reason)


class ProposalStateFilter(admin.SimpleListFilter):
    """The queue opens on the proposals awaiting review; "all" shows the decided ones too."""

    title = _("state")
    parameter_name = "state"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Proposal.State.choices, (self.ALL, _("All"))]

    def choices(self, changelist):
        current = self.value() or Proposal.State.PENDING
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value() or Proposal.State.PENDING
        if value == self.ALL:
            return queryset
        if value not in Proposal.State.values:
            return queryset.none()
        return queryset.filter(state=value)


class ProposalAdmin(admin.ModelAdmin):
    """The review queue: a curator sees and decides the proposals of her networks'
    organisations only; out of them, a proposal answers 404."""

    list_display = ("organisation", "proposed_by", "created_at", "state", "fields_changed",
                    "record_changed_since")
    list_filter = (ProposalStateFilter,)
    list_select_related = ("organisation", "proposed_by")
    search_fields = ("organisation__search_names",)
    date_hierarchy = None
    review_template = "admin/members/proposal_review.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__in=Organisation.objects.filter(
            memberships__network__in=curated_networks(request.user)).values("pk"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A proposal is not deleted on its own; it goes with its organisation, which only
        # a superuser deletes (the admin asks for the right to delete both).
        return request.user.is_active and request.user.is_superuser


    @admin.display(description=_("changes"))
    def fields_changed(self, proposal):
        return (", ".join(changed_labels(proposal))
                or gettext("Check-in: the profile is still right"))

    @admin.display(description=_("record changed since"), boolean=True)
    def record_changed_since(self, proposal):
        return proposal.is_pending and proposal.organisation.version != proposal.base_version

    def change_view(self, request, object_id, form_url="", extra_context=None):
        proposal = self.get_object(request, object_id)
        if proposal is None:
            raise Http404
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        organisation = proposal.organisation
        form = ReviewForm(request.POST or None, proposal=proposal, initial={
            "fields_": list(proposal.changes), "version": organisation.version})
        status = 200
        if request.method == "POST":
            if not self.has_change_permission(request, proposal):
                raise PermissionDenied
            status = 400
            if form.is_valid():
                try:
                    review(proposal.pk, decision=form.decision(),
                           fields=form.cleaned_data["fields_"], note=form.cleaned_data["note"],
                           seen_version=form.cleaned_data["version"], reviewer=request.user,
                           request=request)
                except AlreadyReviewed:
                    self.message_user(request, _("Another curator decided on this proposal "
                                                 "first; nothing was changed."), messages.ERROR)
                    return redirect(request.path)
                except Stale:
                    status = 409
                    form.add_error(None, _("The organisation was saved after you opened this "
                                           "page, so nothing was changed. Check its values "
                                           "now, then decide again."))
                    organisation.refresh_from_db()
                    form.data = form.data.copy()
                    form.data["version"] = organisation.version
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    self.message_user(request, _("The proposal was reviewed and its proposer "
                                                 "told."), messages.SUCCESS)
                    return redirect(reverse("admin:members_proposal_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Proposed changes to %(name)s") % {"name": organisation.name},
            "opts": self.opts, "original": proposal, "proposal": proposal,
            "organisation": organisation, "form": form,
            "rows": review_rows(proposal, stored_values(organisation)),
            "record_changed": organisation.version != proposal.base_version,
            "can_review": proposal.is_pending and self.has_change_permission(request, proposal),
            "languages": [translation.get_language_info(code) for code in LANGUAGE_CODES],
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_template, context, status=status)
