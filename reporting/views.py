"""Reports in the app: choose a selection, read it as a page, download it as PDF, XLSX or CSV."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from effects.selectors import effects_for
from partners import audit
from partners.models import AuditEvent
from partners.permissions import login_required_403
from reporting import jobs
from reporting.documents import REPORTS, ReportDocument, ReportSpec
from reporting.pdf import render_pdf
from reporting.permissions import available_reports
from reporting.tables import to_csv, to_xlsx

FORMATS = ("html", "pdf", "xlsx", "csv")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _spec(user, name: str) -> ReportSpec:
    spec = REPORTS.get(name)
    if spec is None:
        raise Http404
    if spec not in available_reports(user):
        raise PermissionDenied(_("Dit rapport is niet voor uw rol beschikbaar."))
    return spec


@login_required_403
def report_index(request):
    specs = available_reports(request.user)
    if not specs:
        raise PermissionDenied
    forms = [(spec, spec.form_class(user=request.user, auto_id=f"{spec.name}-%s")) for spec in specs]
    return render(request, "reporting/index.html", {"forms": forms})


def build(spec: ReportSpec, user, cleaned: dict) -> ReportDocument:
    try:
        return spec.build(user, cleaned)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def export(document: ReportDocument, fmt: str, table_slug: str = "") -> tuple[bytes, str]:
    """The report (or one of its tables) as pdf, xlsx or csv: the file's content and its name.

    The download and the `report` command both make their files here. An unknown table is Http404.
    """
    tables = document.tables
    if table_slug:
        table = document.table(table_slug)
        if table is None:
            raise Http404
        tables = [table]
    stem = document.filename(fmt).rsplit(".", 1)[0] + (f"-{table_slug}" if table_slug else "")
    if fmt == "pdf":
        content = render_pdf(document)
    elif fmt == "xlsx":
        content = to_xlsx(tables, title=document.title)
    else:
        content = ("\ufeff" + to_csv(tables)).encode("utf-8")  # BOM: Excel reads the accents right
    return content, f"{stem}.{fmt}"


def download(document: ReportDocument, fmt: str, table_slug: str = "") -> HttpResponse:
    """The report (or one of its tables) as a file."""
    content, filename = export(document, fmt, table_slug)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def record_download(request, name: str, title: str, detail: str) -> None:
    """Every report file that leaves the application is in the audit log: who, when, which selection."""
    audit.record(
        AuditEvent.Action.REPORT_DOWNLOADED,
        request=request,
        object_type="rapport",
        object_id=name,
        object_repr=title,
        detail=detail,
    )


@login_required_403
def report_view(request, name):
    """GET with the selection: the report as a page, or `formaat=pdf|xlsx|csv` (optionally `tabel=`)."""
    spec = _spec(request.user, name)
    params = request.GET.copy()
    fmt = params.pop("formaat", ["html"])[-1]
    table_slug = params.pop("tabel", [""])[-1]
    if fmt not in FORMATS:
        raise Http404
    form = spec.form_class(params, user=request.user)
    if not form.is_valid():
        context = {"spec": spec, "form": form}
        return render(request, "reporting/report_form.html", context, status=400 if params else 200)
    if fmt == "pdf" and spec.is_large(form.cleaned_data):
        job = jobs.enqueue_report(user=request.user, name=spec.name, params=params.urlencode())
        return redirect("reporting:job-detail", pk=job.pk)
    if fmt == "html" and spec.by_effect_on_page(form.cleaned_data):
        return _effect_choice(request, spec, form.cleaned_data, params)
    document = build(spec, request.user, form.cleaned_data)
    if fmt != "html":
        response = download(document, fmt, table_slug)
        record_download(
            request, spec.name, document.title, f"{response['Content-Disposition']}; {params.urlencode()}"
        )
        return response
    context = {
        "spec": spec,
        "form": form,
        "document": document,
        "query": params.urlencode(),
        **document.context,
    }
    return render(request, "reporting/page.html", context)


def _effect_choice(request, spec: ReportSpec, cleaned: dict, params):
    """The page of a selection too long for one page: its effects to open one by one, and the downloads."""
    framework = cleaned["framework"]
    effects = []
    chosen = effects_for(request.user).filter(framework=framework).only("code", "title").order_by("sort_key")
    for effect in chosen:
        params["effect"] = effect.code
        effects.append((effect, params.urlencode()))
    params.pop("effect", None)
    context = {"spec": spec, "framework": framework, "effects": effects, "query": params.urlencode()}
    return render(request, "reporting/effect_choice.html", context)
