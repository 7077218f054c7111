"""``{% structured_data obj %}``: a page's schema.org description as JSON-LD."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from members.jsonld import organisation_data, person_data
from members.models import Organisation
from members.projection import PublicPerson
from network.core.jsonld import dumps
from network.jsonld import network_data
from network.models import Network
from publications.jsonld import publication_data
from publications.models import Publication

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data(context, obj, files=None):
    request = context["request"]
    if isinstance(obj, Network):
        data = network_data(request, obj)
    elif isinstance(obj, Organisation):
        data = organisation_data(request, obj)
    elif isinstance(obj, PublicPerson):
        data = person_data(request, obj)
    elif isinstance(obj, Publication):
        data = publication_data(request, obj, files or [])
    else:
        raise TypeError(f"No structured data for {type(obj).__name__}.")
    # dumps() escapes "</": the JSON cannot close the element.
    return format_html('<script type="application/ld+json">{}</script>',
                       mark_safe(dumps(data)))  # noqa: S308
