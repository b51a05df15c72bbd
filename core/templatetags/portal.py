import copy

from django import forms, template
from django.forms.models import ModelChoiceIteratorValue
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.hashable import make_hashable
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

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


_MENUS_KEPT = 4096
_menus = {}


@register.simple_tag
def nav_menu(areas, key=None):
    """The navbar's areas and their pages, then a "More" menu holding every area again: on a wide
    screen portal.js hides the areas that do not fit on the navbar's one line and shows them under
    "More" instead (the school's name keeps its room). It is on every page, so its HTML is kept per
    process under `key` (core.context_processors.portal: the language, school, roles and active area
    it is made of)."""
    return _kept(_menus, _MENUS_KEPT, key, lambda: _nav_menu_html(areas))


def _kept(store, limit, key, build):
    """`build()`'s HTML, kept in `store` under `key` (None: not kept); the store is emptied when full."""
    if key is None:
        return build()
    html = store.get(key)
    if html is None:
        html = build()
        if len(store) >= limit:
            store.clear()
        store[key] = html
    return html


_sections = {}


@register.simple_tag
def nav_sections(areas, key=None):
    """The home page's "All sections": every area with its pages, as cards. Made of the navbar's menu
    only, so it is kept under the menu's key (about 1 ms of a director's home page, 80 links)."""
    return _kept(
        _sections,
        _MENUS_KEPT,
        key,
        lambda: get_template("partials/nav_sections.html").render({"nav_areas": areas}),
    )


_NAVBARS_KEPT = 1024
_navbars = {}
# Written into the kept navbar where each request's own values go: no escaping changes them.
_CSRF_SLOT = "mektep-csrf-slot"
_PATH_SLOT = "mektep-next-slot"


@register.simple_tag(takes_context=True)
def navbar(context):
    """The signed-in navbar (partials/navbar.html), kept per process under everything it shows: the
    language, the menu's key (roles, school, active area), the user and her names, the school, its
    year and the schools to switch to, the district and the unread count. Only the CSRF token and the
    page's own path differ between two requests with one key; they are filled in afterwards."""
    request = context["request"]
    user = context["user"]
    school = getattr(request, "school", None)
    year = getattr(request, "academic_year", None)
    district = context.get("current_district")
    choices = context.get("school_choices") or ()
    unread = context.get("unread_messages")
    person = getattr(user, "person", None)
    key = (
        get_language(),
        context.get("nav_menu_key"),
        user.pk,
        user.username,
        (person.full_name, person.short_name) if person else None,
        (school.pk, school.name) if school else None,
        year.name if year else None,
        tuple((s.pk, s.name) for s in choices),
        (district.pk, district.name) if district else None,
        unread.count if unread else None,
    )
    html = _kept(
        _navbars,
        _NAVBARS_KEPT,
        key,
        lambda: get_template("partials/navbar.html").render(
            {
                "user": user,
                "school": school,
                "academic_year": year,
                "school_choices": choices,
                "current_district": district,
                "nav_areas": context.get("nav_areas") or (),
                "nav_menu_key": context.get("nav_menu_key"),
                "unread_messages": unread,
                "csrf_token": _CSRF_SLOT,
                "next_path": _PATH_SLOT,
            }
        ),
    )
    return mark_safe(
        html.replace(_CSRF_SLOT, escape(str(context.get("csrf_token", "")))).replace(
            _PATH_SLOT, escape(request.get_full_path())
        )
    )


def _nav_menu_html(areas):
    pages = [
        format_html_join(
            "",
            '<li><a class="dropdown-item" href="{}">{}</a></li>',
            ((i["url"], i["label"]) for i in area["items"]),
        )
        for area in areas
    ]
    shown = format_html_join(
        "",
        '<li class="nav-item dropdown" data-nav-area="{}"><a class="nav-link dropdown-toggle{}" href="#"'
        ' role="button" data-bs-toggle="dropdown" aria-expanded="false">{}</a><ul class="dropdown-menu">{}</ul></li>',
        ((n, " active" if area["active"] else "", area["label"], pages[n]) for n, area in enumerate(areas)),
    )
    if not areas:
        return shown
    folded = format_html_join(
        "",
        '<li class="d-none" data-nav-more-area="{}"><h6 class="dropdown-header">{}</h6>'
        '<ul class="list-unstyled">{}</ul></li>',
        ((n, area["label"], pages[n]) for n, area in enumerate(areas)),
    )
    more = format_html(
        '<li class="nav-item dropdown d-none" data-nav-more><a class="nav-link dropdown-toggle" href="#" role="button"'
        ' data-bs-toggle="dropdown" aria-expanded="false">{}</a><ul class="dropdown-menu dropdown-menu-end">{}</ul></li>',
        gettext("More"),
        folded,
    )
    return shown + more


def _renders_as_plain_select(widget):
    return isinstance(widget, forms.Select) and widget.template_name in (
        forms.Select.template_name,
        forms.SelectMultiple.template_name,
    )


_SELECTS_KEPT = 1024
_selects = {}


def _select_html(field, css):
    """A select written in one pass: Django renders each option through two templates, and the
    class filter's fifty options cost more than the rest of the list page's filter form. A select of
    a plain list of choices is kept per process under everything it is made of (its name, attributes,
    choices, labels in this language, and the chosen values)."""
    widget = field.field.widget
    choices = getattr(field.field, "choices", None)
    key = None
    # lists, iterators over lists, or a ModelChoiceField's query: the key holds them as they are now
    if choices is not None:
        choices = list(iter(choices))  # not list(choices): a ModelChoiceIterator's len() is a COUNT query
        try:
            key = (
                field.html_name,
                field.auto_id,
                css,
                field.field.required,
                field.field.disabled,
                field.form.use_required_attribute,
                str(field.help_text),
                widget.allow_multiple_selected,
                make_hashable(widget.attrs),
                make_hashable(_plain_choices(choices)),
                make_hashable(widget.format_value(field.value())),
            )
        except TypeError:  # an unhashable value among them
            key = None
    return _kept(_selects, _SELECTS_KEPT, key, lambda: _render_select(field, css, choices))


def _plain_choices(choices):
    """The choices with their labels as this language's text (a group's options likewise)."""
    return [
        (
            value.value if isinstance(value, ModelChoiceIteratorValue) else value,
            _plain_choices(label) if isinstance(label, (list, tuple)) else str(label),
        )
        for value, label in choices
    ]


def _render_select(field, css, choices=None):
    """The select's HTML; `choices`: its choices already read (a ModelChoiceField's query is not sent again)."""
    widget = field.field.widget
    if choices is not None:
        widget = copy.copy(widget)
        widget.choices = choices
    attrs = field.build_widget_attrs({"class": css})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        attrs["multiple"] = True
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    selected = mark_safe(" selected")
    parts = []
    for group_name, options, _index in groups:
        html = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"] if option["value"] is not None else "",
                    selected if option["selected"] else "",
                    option["label"],
                )
                for option in options
            ),
        )
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html
        )
    return format_html(
        '<select name="{}"{}>{}</select>', field.html_name, flatatt(attrs), mark_safe("".join(parts))
    )


# Django's widget templates that are its input.html and nothing more
_PLAIN_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "date",
        "datetime",
        "time",
        "checkbox",
        "hidden",
    )
)


def _input_html(field, css):
    """field.as_widget(attrs={"class": css}) of an <input>, written as Django's input.html and
    attrs.html write it, without rendering two templates for each of a list's filter inputs."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({"class": css})
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
                for name, value in context["attrs"].items()
                if value is not False
            ),
        ),
    )


@register.simple_tag
def filter_field(field):
    """A list filter's field with Bootstrap's classes, label and errors, in one tag: the filter form
    sits on every list page, and crispy's per-field templates cost more than the table itself."""
    widget = field.field.widget
    if widget.is_hidden:
        return field.as_widget()
    checkbox = isinstance(widget, forms.CheckboxInput)
    css = (
        "form-check-input"
        if checkbox
        else "form-select"
        if isinstance(widget, forms.Select)
        else "form-control"
    )
    if field.errors:
        css += " is-invalid"
    if _renders_as_plain_select(widget):
        html = _select_html(field, css)
    elif (
        isinstance(widget, forms.widgets.Input)
        and widget.template_name in _PLAIN_INPUTS
        and not field.field.localize
    ):
        html = _input_html(field, css)
    else:
        html = field.as_widget(attrs={"class": css})
    errors = format_html_join(
        "", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in field.errors)
    )
    if checkbox:
        return format_html(
            '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label>{}</div>',
            html,
            field.id_for_label,
            field.label,
            errors,
        )
    return format_html(
        '<label class="form-label" for="{}">{}</label>{}{}', field.id_for_label, field.label, html, errors
    )


@register.simple_tag(takes_context=True)
def can(context, perm, school=None):
    """{% can "staff.manage" as allowed %}: the permission at the given or the current school."""
    request = context["request"]
    return has_permission(request.user, perm, school or getattr(request, "school", None))
