from django import template
from django.utils.html import format_html

from core.permissions import has_permission
from core.tables import render_cells

register = template.Library()


@register.simple_tag
def cell(row, column):
    text = column.text(row)
    url = column.url(row)
    if url:
        return format_html('<td class="{}"><a href="{}">{}</a></td>', column.css_class, url, text)
    return format_html('<td class="{}">{}</td>', column.css_class, text)


@register.simple_tag
def cells(row, columns):
    """All the cells of a row in one tag (core.tables.render_cells): no tag per cell."""
    return render_cells(row, columns)


@register.simple_tag(takes_context=True)
def can(context, perm, school=None):
    """{% can "staff.manage" as allowed %}: the permission at the given or the current school."""
    request = context["request"]
    return has_permission(request.user, perm, school or getattr(request, "school", None))
