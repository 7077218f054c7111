"""``{% structured_data obj %}``: a page's schema.org description as JSON-LD."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from members.models import Organisation
from members.projection import PublicPerson
from network.models import Network
from network.site import jsonld
from publications.models import Publication

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data(context, obj, files=None):
    request = context["request"]
    if isinstance(obj, Network):
        data = jsonld.network_data(request, obj)
    elif isinstance(obj, Organisation):
        data = jsonld.organisation_data(request, obj)
    elif isinstance(obj, PublicPerson):
        data = jsonld.person_data(request, obj)
    elif isinstance(obj, Publication):
        data = jsonld.publication_data(request, obj, files or [])
    else:
        raise TypeError(f"No structured data for {type(obj).__name__}.")
    # dumps() escapes "</": the JSON cannot close the element.
    return format_html('<script type="application/ld+json">{}</script>',
                       mark_safe(jsonld.dumps(data)))  # noqa: S308
