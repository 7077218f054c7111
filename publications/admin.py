"""Admin for the library, with a tab per language and one PDF per language inline.

Uploads go through :mod:`publications.services`: a rejected PDF is reported beside the
file field with its reason, and nothing is stored. Librarians choose a brief's authors
with :class:`AuthorPicker`, which offers public organisations by their names alone.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from members.filters import localized_name_order
from members.models import Organisation
from network.core.completeness import MissingTranslationFilter
from network.core.places import Region
from network.core.scoping import ScopedAdmin, ScopedInline, archive, publish, unpublish
from network.core.staleness import OutdatedTranslationFilter
from network.core.text import terms
from network.core.versioning import VersionedForm

from . import services
from .models import KeyArea, Publication, PublicationFile, Series, split_codes
from .pdf import PdfRejected


def rejection_message(rejection):
    """The reason a PDF was refused; for a duplicate, with a link to the first upload."""
    if rejection.existing is None:
        return rejection.message
    url = reverse("admin:publications_publication_change",
                  args=[rejection.existing.publication_id])
    return format_html('{} <a href="{}">{}</a>', rejection.message, url,
                       _("Open that publication"))


STORAGE_FULL = _("The server's disk is full, so this PDF was not stored and nothing in "
                 "this form was saved. Try again later, and tell the directory's "
                 "administrators.")


class PublicationFileForm(VersionedForm):
    upload = forms.FileField(
        label=_("PDF file"), required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("A PDF of at most the size limit, not password-protected. Choosing a "
                    "file for an existing language replaces its PDF."))

    class Meta:
        model = PublicationFile
        fields = ["language"]

    def __init__(self, *args, storage_full=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage_full = storage_full

    def clean(self):
        cleaned_data = super().clean()
        self.inspected = None
        upload = cleaned_data.get("upload")
        if cleaned_data.get("DELETE"):
            return cleaned_data
        if upload is None:
            if self.instance.pk is None:
                self.add_error("upload", _("Choose the PDF file for this language."))
            return cleaned_data
        if self.storage_full:
            self.add_error("upload", STORAGE_FULL)
            return cleaned_data
        try:
            self.inspected = services.inspect_publication_file(upload)
        except PdfRejected as rejection:
            self.add_error("upload", rejection_message(rejection))
        return cleaned_data


class PublicationFileInline(ScopedInline, admin.StackedInline):
    model = PublicationFile
    form = PublicationFileForm
    extra = 0
    fields = ("language", "upload", "details")
    readonly_fields = ("details",)

    @admin.display(description=_("Stored file"))
    def details(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            "{} · {} · {} · SHA-256 <code>{}</code><br>{}",
            obj.original_name or "—", filesizeformat(obj.size),
            ngettext("%(counter)s page", "%(counter)s pages", obj.page_count)
            % {"counter": obj.page_count}, obj.sha256[:16],
            _("Uploaded %(date)s") % {"date": obj.uploaded_at.strftime("%Y-%m-%d %H:%M")})


class KeyAreaInline(ScopedInline, TranslationStackedInline):
    model = KeyArea
    extra = 0


def author_label(organisation):
    """An organisation's names in both languages, for a librarian writing in either."""
    return " — ".join(dict.fromkeys(
        name for name in (organisation.name_ar, organisation.name_en) if name))


class AuthorPicker(AutocompleteSelectMultiple):
    """The admin's autocomplete box, asking :meth:`PublicationAdmin.author_choices`
    (public organisations, slug and names only) instead of the organisation admin."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:publications_publication_authors")

    def optgroups(self, name, value, attr=None):
        selected = {str(slug) for slug in value if slug}
        options = [self.create_option(name, organisation.slug, author_label(organisation),
                                      True, index)
                   for index, organisation in enumerate(
                       self.choices.queryset.filter(slug__in=selected))]
        return [(None, options, 0)]


class AuthorField(forms.ModelMultipleChoiceField):
    """Public organisations, chosen by slug and shown by their names."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Organisation.objects.public(), to_field_name="slug",
                         required=False, **kwargs)

    def label_from_instance(self, obj):
        return author_label(obj)


class PublicationAdminForm(VersionedForm):
    regions = forms.MultipleChoiceField(
        label=_("regions covered"), required=False, choices=Region.choices,
        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Publication
        # The admin passes the fields of its fieldsets.
        fields = ["regions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["regions"] = split_codes(self.instance.regions)
        authors = self.fields.get("authors")
        count = self.hidden_authors().count() if isinstance(authors, AuthorField) else 0
        if count:
            authors.help_text = ngettext(
                "This publication has %(count)d more authoring organisation that is not "
                "public; it is not shown here, and saving keeps it.",
                "This publication has %(count)d more authoring organisations that are not "
                "public; they are not shown here, and saving keeps them.",
                count) % {"count": count}

    def hidden_authors(self):
        """The current authors the author field does not offer (not public)."""
        if self.instance.pk is None:
            return Organisation.objects.none()
        return self.instance.authors.exclude(
            pk__in=self.fields["authors"].queryset.values("pk"))

    def clean_regions(self):
        return ",".join(self.cleaned_data["regions"])

    def clean_authors(self):
        # Saving sets the authors to those chosen: add the ones the picker cannot show,
        # or a librarian's save would drop them without her knowing.
        chosen = self.cleaned_data["authors"]
        hidden = self.hidden_authors()
        if not hidden.exists():
            return chosen
        return Organisation.objects.filter(Q(pk__in=chosen.values("pk"))
                                           | Q(pk__in=hidden.values("pk")))


@admin.register(Publication)
class PublicationAdmin(ScopedAdmin, TabbedTranslationAdmin):
    form = PublicationAdminForm
    list_display = ("title", "kind", "series", "series_number", "published_on", "status",
                    "updated_at")
    list_filter = ("status", MissingTranslationFilter, OutdatedTranslationFilter, "kind",
                   "networks", "series")
    list_select_related = ("series",)
    search_fields = ("title_ar", "title_en", "slug", "search_text")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("networks", "tracks")
    inlines = [KeyAreaInline, PublicationFileInline]
    readonly_fields = ("created_at", "updated_at", "first_published_at")
    actions = [publish, archive, unpublish]
    fieldsets = [
        (None, {"fields": ["slug", "kind", "status", "title", "subtitle", "summary",
                           "original_url"]}),
        (_("Series and date"), {"fields": ["series", "series_number", "published_on",
                                           "published_precision"]}),
        (_("Who and what"), {"fields": ["networks", "authors", "tracks", "regions",
                                        "countries"]}),
        (_("Consultation"), {"fields": ["consultation_on", "consultation_precision",
                                        "consultation_participants",
                                        "consultation_participants_more_than",
                                        "consultation_participants_women",
                                        "consultation_who", "consultation_countries"]}),
        (_("Record"), {"fields": ["created_at", "first_published_at", "updated_at"]}),
    ]

    def get_autocomplete_fields(self, request):
        # A superuser picks among all organisations, through the organisation admin;
        # everyone else through the author picker, among public ones.
        return ("authors",) if request.user.is_superuser else ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authors" and not request.user.is_superuser:
            return AuthorField(label=db_field.verbose_name, help_text=db_field.help_text,
                               widget=AuthorPicker(db_field, self.admin_site))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        return [path("authors/", self.admin_site.admin_view(self.author_choices),
                     name="publications_publication_authors"), *super().get_urls()]

    def author_choices(self, request):
        """The author picker's choices: public organisations matching ``term``, by
        slug and names only, a page of 20 at a time (select2's format)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        organisations = Organisation.objects.public()
        for term in terms(request.GET.get("term", "")):
            organisations = organisations.filter(search_names__contains=term)
        organisations = organisations.order_by(localized_name_order(), "pk").only(
            "slug", "name_ar", "name_en")
        page = Paginator(organisations, 20).get_page(request.GET.get("page"))
        return JsonResponse({
            "results": [{"id": organisation.slug, "text": author_label(organisation)}
                        for organisation in page],
            "pagination": {"more": page.has_next()},
        })

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.StorageFull:
            # The admin's transaction has rolled back: the form again, as it was sent, with
            # the reason beside each PDF.
            request.storage_full = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PublicationFileInline):
            kwargs["form_kwargs"] = {"storage_full": getattr(request, "storage_full", False)}
        return kwargs

    def save_formset(self, request, form, formset, change):
        if formset.model is not PublicationFile:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        stored = []
        for inline_form in formset.forms:
            record = inline_form.instance
            if formset.can_delete and formset._should_delete_form(inline_form):
                if record.pk:
                    services.remove_publication_file(publication_file=record)
                    formset.deleted_objects.append(record)
                continue
            if not inline_form.has_changed():
                continue
            existed = record.pk is not None
            if existed and "language" in inline_form.changed_data:
                record.save(update_fields=["language"])
            if inline_form.inspected is not None:
                try:
                    record = services.add_publication_file(
                        publication=form.instance,
                        language=inline_form.cleaned_data["language"],
                        upload=inline_form.cleaned_data["upload"],
                        inspected=inline_form.inspected)
                except services.StorageFull:
                    # The admin's transaction rolls back the PDFs stored before this one:
                    # their files must go too.
                    services.delete_files(stored)
                    raise
                stored += [record.pdf.name, record.cover.name]
            if existed:
                formset.changed_objects.append((record, inline_form.changed_data))
            else:
                formset.new_objects.append(record)
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Key areas and networks are saved after the publication: search them too.
        form.instance.update_search_text()

    def delete_model(self, request, obj):
        services.delete_publications([obj])

    def delete_queryset(self, request, queryset):
        services.delete_publications(list(queryset))


@admin.register(Series)
class SeriesAdmin(ScopedAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "network")
    list_filter = (MissingTranslationFilter, OutdatedTranslationFilter)
    search_fields = ("name_ar", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(KeyArea)
class KeyAreaAdmin(ScopedAdmin, TabbedTranslationAdmin):
    list_display = ("__str__", "publication", "order")
    list_filter = (MissingTranslationFilter, OutdatedTranslationFilter)
    list_select_related = ("publication",)
    search_fields = ("text_ar", "text_en")
