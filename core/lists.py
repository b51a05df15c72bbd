"""The list pattern, built once: filter form, htmx table partial, pagination, search as you type,
and exports of the same columns to xlsx and PDF (NetBox ObjectListView in spirit)."""

from django.middleware.csrf import get_token
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from core.access import log_access
from core.exports import goes_to_background, pdf_response, xlsx_response
from core.permissions import has_permission
from core.tables import render_actions, render_cells, render_row
from core.tasks import run_in_background
from core.views.base import PermissionMixin


class _LazyRows:
    def __init__(self, build):
        self._build, self._rows = build, None

    def _get(self):
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def __iter__(self):
        return iter(self._get())

    def __len__(self):
        return len(self._get())


class ListPageView(PermissionMixin, FilterView):
    template_name = "partials/list_page.html"
    table_template = "partials/table.html"
    # Django's paginator: a count, then the page's rows. One statement with COUNT(*) OVER () would
    # make PostgreSQL read every matching row before the first 25 (the students list: 9.4 ms against
    # 0.3 ms, where the plain query stops after 25 rows of the name index).
    paginate_by = 25
    columns = ()
    title = ""
    export_formats = ("xlsx", "pdf")
    create_url = None  # (url name, label, permission) of a "new" button
    strict = False
    # a list of personal data (the user-data report): each page shown writes an access-log row, as an
    # export does (DESIGN rule 8)
    personal_data = False

    def get_columns(self):
        return self.columns

    # the table's first column numbers its rows across pages ("№")
    numbered = False

    def may(self, perm):
        """has_permission at the current school, asked once per page (row actions ask it per row)."""
        answers = self.__dict__.setdefault("_may", {})
        if perm not in answers:
            answers[perm] = has_permission(self.request.user, perm, self.request.school)
        return answers[perm]

    def has_row_actions(self):
        """True when the table has a last column of buttons (`row_actions`)."""
        return False

    def row_actions(self, row):
        """The buttons of one row: core.tables.RowAction, or (label, url, test id) of a link."""
        return ()

    def row_attrs(self, row):
        """Attributes of one row's <tr> (a class, data- attributes for the browser tests)."""
        return None

    def table_rows(self, rows, columns, page=None):
        """Each row's HTML, built in Python: the template loops over rows, never over cells. Built
        when the template reads it, so a view may still annotate the rows in get_context_data."""
        with_actions = self.has_row_actions()
        csrf_token = get_token(self.request) if with_actions else ""

        def build():
            first = page.start_index() if page is not None else 1
            return [
                render_row(
                    (f'<td class="num">{first + n}</td>' if self.numbered else "")
                    + render_cells(row, columns)
                    + (render_actions(self.row_actions(row), csrf_token) if with_actions else ""),
                    self.row_attrs(row),
                )
                for n, row in enumerate(rows)
            ]

        return _LazyRows(build)

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
        response = super().get(request, *args, **kwargs)
        if self.personal_data:
            page = response.context_data.get("page_obj")
            log_access(
                request, "view", description=f"list: {self.get_title()}, page {page.number if page else 1}"
            )
        return response

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
        ctx["has_row_actions"] = self.has_row_actions()
        ctx["numbered"] = self.numbered
        ctx["table_rows"] = self.table_rows(ctx.get("object_list") or (), ctx["columns"], ctx.get("page_obj"))
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
