"""The list pattern, built once: filter form, htmx table partial, pagination, search as you type,
and exports of the same columns to xlsx and PDF (NetBox ObjectListView in spirit)."""

from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from core.exports import goes_to_background, pdf_response, xlsx_response
from core.tasks import run_in_background
from core.views.base import PermissionMixin


class ListPageView(PermissionMixin, FilterView):
    template_name = "partials/list_page.html"
    table_template = "partials/table.html"
    paginate_by = 25
    columns = ()
    title = ""
    export_formats = ("xlsx", "pdf")
    create_url = None  # (url name, label, permission) of a "new" button
    strict = False

    def get_columns(self):
        return self.columns

    def get_title(self):
        return self.title

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.table_template]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export == "pdf" and "pdf" in self.export_formats and goes_to_background(request):
            return run_in_background(request, self.get_title())
        if export in self.export_formats:
            filterset = self.get_filterset(self.get_filterset_class())
            rows = filterset.qs if filterset.is_bound and filterset.is_valid() else self.get_queryset()
            return self.export(export, rows)
        return super().get(request, *args, **kwargs)

    def export(self, fmt, rows):
        columns = self.get_columns()
        title = self.get_title()
        if fmt == "xlsx":
            return xlsx_response(
                self.request,
                title,
                [c.header for c in columns],
                ([c.cell(r) for c in columns] for r in rows.iterator(chunk_size=500)),
            )
        table = [[c.text(r) for c in columns] for r in rows]
        return pdf_response(
            self.request,
            "pdf/table.html",
            {
                "headers": [c.header for c in columns],
                "rows": table,
                "school": getattr(self.request, "school", None),
            },
            title,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["columns"] = self.get_columns()
        ctx["title"] = self.get_title()
        ctx["table_template"] = self.table_template
        ctx["export_formats"] = self.export_formats
        ctx["create_url"] = self.create_url
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        ctx["querystring"] = query.urlencode()
        ctx["empty_text"] = _("Nothing found.")
        return ctx
