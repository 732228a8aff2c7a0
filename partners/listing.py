"""List pages: a django-tables2 table with django-filter filters, pagination and CSV/XLSX export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

EXPORT_FORMATS = ("csv", "xlsx")
PER_PAGE = 25
MAX_PER_PAGE = 100


class ListPaginator(Paginator):
    """Django's paginator with the page size from the address (?per_page=) kept between 1 and 100:
    -1 would make the paginator fail, a million would load every row."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


def table_page(
    request: HttpRequest,
    *,
    queryset,
    table_class,
    filterset_class=None,
    title: str,
    export_name: str,
    template_name: str = "includes/list_page.html",
    extra_context: dict | None = None,
) -> HttpResponse:
    """Filter, sort, paginate and render a list; `?_export=csv|xlsx` downloads every filtered row."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request) if filterset_class else None
    rows = filterset.qs if filterset is not None else queryset
    table = table_class(rows)
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS:
        RequestConfig(request, paginate=False).configure(table)
        exporter = TableExport(export_format, table, exclude_columns=("actions",))
        return exporter.response(f"{export_name}.{export_format}")
    RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": ListPaginator}).configure(table)
    context = {"table": table, "filter": filterset, "title": title, **(extra_context or {})}
    return render(request, template_name, context)
