"""Evidence attachments: the type is read from the bytes, files live outside the web root, and only
whoever may see the report can download them; only the organisation adds or removes them, while it
may still change the report."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.attachments import check_upload, clean_name
from agreements.models import PeriodReport, ReportAttachment, ReportingPeriod
from agreements.services import add_attachment, remove_attachment
from agreements.storage import private_storage
from partners.models import AuditEvent
from tests.factories import AssignmentFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def zipped(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=compression)
    return buffer.getvalue()


XLSX = zipped(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))
DOCX = zipped(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<document/>"))
ODT = zipped(("mimetype", ODT_TYPE.encode()), ("content.xml", b"<office:document-content/>"))


def upload(name: str, content: bytes, claimed_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=claimed_type)


@pytest.fixture
def private_root(tmp_path, settings, monkeypatch) -> Path:
    """Attachments go to a temporary private root; the public roots point elsewhere."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    # The file field made its storage when the model was imported; give it one under these settings.
    monkeypatch.setattr(ReportAttachment._meta.get_field("file"), "storage", private_storage())
    return tmp_path / "private"


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def add_url(assignment, period) -> str:
    return reverse("agreements:attachment-add", args=[assignment.pk, period.pk])


def entry_url(assignment, period) -> str:
    return reverse("agreements:report-entry", args=[assignment.pk, period.pk])


@pytest.fixture
def stored(portal, private_root) -> ReportAttachment:
    """A PDF that Torion attached to its report for the open period."""
    return add_attachment(
        assignment=portal.world.assignment,
        period=portal.open_period,
        user=portal.world.users["organisation"],
        upload=upload("Verslag huisbezoeken.pdf", PDF),
    )


# --- which files pass: decided by the bytes --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("verslag.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.JPEG", JPEG, "image/jpeg"),
        ("cijfers.xlsx", XLSX, XLSX_TYPE),
        ("brief.docx", DOCX, DOCX_TYPE),
        ("notulen.odt", ODT, ODT_TYPE),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, content, content_type):
    checked = check_upload(upload(name, content, claimed_type="text/html"))
    assert (checked.name, checked.content_type, checked.size) == (name, content_type, len(content))


def test_a_png_named_pdf_is_refused_because_the_name_does_not_match_the_content():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("verslag.pdf", PNG, claimed_type="application/pdf"))
    assert refused.value.code == "wrong_extension"
    assert "‘.pdf’" in refused.value.messages[0] and "PNG-afbeelding" in refused.value.messages[0]


def test_an_executable_renamed_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("verslag.pdf", EXE, claimed_type="application/pdf"))
    assert refused.value.code == "unknown_type"
    assert "Toegestaan zijn: PDF, XLSX, DOCX, ODT, PNG en JPG" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tekst.txt", b"gewoon tekst"),
        ("pagina.pdf", b"<html><script>alert(1)</script></html>"),
        ("archief.xlsx", zipped(("readme.txt", b"hallo"))),
        ("macro.xlsx", zipped(("xl/workbook.xml", b"<workbook/>"), ("xl/vbaProject.bin", b"\x00"))),
        ("notulen.odt", zipped(("content.xml", b"<x/>"), ("mimetype", ODT_TYPE.encode()))),
        ("kapot.docx", b"PK\x03\x04 dit is geen zip"),
    ],
)
def test_files_of_another_kind_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert refused.value.code == "unknown_type"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("leeg.pdf", b""))
    assert refused.value.messages == ["Het bestand is leeg. Kies een bestand met inhoud."]


def test_a_file_above_the_limit_is_refused_naming_the_limit_in_mb(settings):
    settings.ATTACHMENT_MAX_BYTES = 512 * 1024
    check_upload(upload("precies.pdf", PDF.ljust(512 * 1024, b" ")))
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("groot.pdf", PDF.ljust(512 * 1024 + 1, b" ")))
    assert refused.value.code == "too_large"
    assert "hoogstens 0,5 MB" in refused.value.messages[0]


def test_the_original_name_loses_any_path_and_is_shortened():
    assert clean_name("C:\\Users\\jan\\Rapport 2020.pdf") == "Rapport 2020.pdf"
    assert clean_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_name("naam\x00\n.pdf") == "naam.pdf"
    assert clean_name(".pdf") == "bijlage.pdf"
    long = clean_name("x" * 400 + ".docx")
    assert len(long) == 150 and long.endswith(".docx")


# --- upload ----------------------------------------------------------------------------------------


def test_organisation_uploads_a_file_that_is_stored_privately_under_a_name_of_its_own(portal, private_root):
    user = portal.world.users["organisation"]
    assignment, period = portal.world.assignment, portal.open_period

    response = portal.client("organisation").post(
        add_url(assignment, period), {"file": upload("../Verslag 2020.pdf", PDF, "image/png")}
    )

    assert response.status_code == 302
    assert response.url == entry_url(assignment, period) + "#bijlagen"
    attachment = ReportAttachment.objects.get()
    assert attachment.report == PeriodReport.objects.get(assignment=assignment, period=period)
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "Verslag 2020.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment.uploaded_by == user
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(private_root.resolve())
    assert path.read_bytes() == PDF
    assert "Verslag" not in attachment.file.name and not attachment.file.name.endswith(".pdf")
    assert not path.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(django_settings.STATIC_ROOT).resolve())
    assert attachment.history.get().history_user == user


def test_the_private_root_is_not_inside_the_public_roots_by_default():
    private = Path(django_settings.PRIVATE_MEDIA_ROOT).resolve()
    for public in (django_settings.MEDIA_ROOT, django_settings.STATIC_ROOT):
        assert not private.is_relative_to(Path(public).resolve())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("verslag.pdf", PNG, "de inhoud is een PNG-afbeelding"),
        ("verslag.pdf", EXE, "Dit soort bestand kan niet worden toegevoegd"),
        ("leeg.pdf", b"", "Het bestand is leeg"),
    ],
)
def test_a_refused_upload_says_why_with_status_400_and_writes_nothing(
    portal, private_root, name, content, message
):
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload(name, content)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert entry_url(portal.world.assignment, portal.open_period) in body
    assert not ReportAttachment.objects.exists()
    assert not PeriodReport.objects.exists()
    assert stored_files(private_root) == []


def test_a_too_large_upload_is_refused_with_the_limit_in_mb(portal, private_root, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, portal.open_period),
        {"file": upload("groot.pdf", PDF.ljust(1024 * 1024 + 10, b" "))},
    )
    assert response.status_code == 400
    assert "hoogstens 1 MB" in response.content.decode()
    assert not ReportAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_posting_without_a_file_asks_for_one(portal, private_root):
    response = portal.client("organisation").post(add_url(portal.world.assignment, portal.open_period), {})
    assert response.status_code == 400
    assert "Kies een bestand om toe te voegen." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 403),
        ("alderman", 403),
        ("admin", 403),
        ("other_officer", 404),
        ("other_organisation", 404),
    ],
)
def test_only_the_own_organisation_may_upload(portal, private_root, role, status):
    response = portal.client(role).post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == status
    assert not ReportAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_anonymous_upload_is_sent_to_the_login(portal, private_root):
    response = portal.client("anonymous").post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not ReportAttachment.objects.exists()


def test_ggd_cannot_upload_to_torions_report_by_posting_torions_assignment_id(portal, private_root):
    response = portal.client("other_organisation").post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 404
    assert not PeriodReport.objects.exists()
    assert stored_files(private_root) == []


def test_ggd_uploads_to_its_own_report(portal, private_root):
    response = portal.client("other_organisation").post(
        add_url(portal.world.ggd_assignment, portal.open_period), {"file": upload("foto.png", PNG)}
    )
    assert response.status_code == 302
    assert ReportAttachment.objects.get().report.assignment == portal.world.ggd_assignment


def test_a_period_of_another_framework_is_refused(portal, private_root):
    foreign_period = ReportingPeriod.objects.create(
        framework=portal.world.other_framework, slug="2020", name="2020", kind="jaar", year=2020
    )
    with pytest.raises(ValidationError) as refused:
        add_attachment(
            assignment=portal.world.assignment,
            period=foreign_period,
            user=portal.world.users["organisation"],
            upload=upload("verslag.pdf", PDF),
        )
    assert refused.value.code == "foreign"
    # Through the view, the organisation cannot even see that period.
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, foreign_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("status", ["ingediend", "goedgekeurd"])
def test_upload_to_a_submitted_or_approved_report_is_refused(portal, private_root, status):
    PeriodReport.objects.create(assignment=portal.world.assignment, period=portal.open_period, status=status)
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 400
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert not ReportAttachment.objects.exists()
    assert stored_files(private_root) == []


def test_upload_to_a_returned_report_is_allowed(portal, private_root):
    PeriodReport.objects.create(
        assignment=portal.world.assignment, period=portal.open_period, status="teruggestuurd"
    )
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, portal.open_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 302
    assert ReportAttachment.objects.count() == 1


def test_upload_to_a_closed_period_is_refused(portal, private_root):
    response = portal.client("organisation").post(
        add_url(portal.world.assignment, portal.closed_period), {"file": upload("verslag.pdf", PDF)}
    )
    assert response.status_code == 400
    assert "niet open voor rapportage" in response.content.decode()
    assert not PeriodReport.objects.exists()


def test_the_service_refuses_an_officer(portal, private_root):
    with pytest.raises(PermissionDenied):
        add_attachment(
            assignment=portal.world.assignment,
            period=portal.open_period,
            user=portal.world.users["officer"],
            upload=upload("verslag.pdf", PDF),
        )
    assert not PeriodReport.objects.exists()


def test_upload_and_delete_accept_only_post(portal, stored):
    client = portal.client("organisation")
    assert client.get(add_url(portal.world.assignment, portal.open_period)).status_code == 405
    assert client.get(reverse("agreements:attachment-delete", args=[stored.pk])).status_code == 405
    assert ReportAttachment.objects.filter(pk=stored.pk).exists()


# --- download --------------------------------------------------------------------------------------


def download_url(attachment) -> str:
    return reverse("agreements:attachment-download", args=[attachment.pk])


@pytest.mark.parametrize("role", ["organisation", "officer", "alderman", "admin"])
def test_whoever_may_see_the_report_downloads_the_file_with_its_original_name(portal, stored, role):
    response = portal.client(role).get(download_url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Verslag huisbezoeken.pdf"'
    close_file(response)
    event = AuditEvent.objects.get(action=AuditEvent.Action.ATTACHMENT_DOWNLOADED)
    assert (event.user, event.object_id, event.object_repr) == (
        portal.world.users[role],
        str(stored.pk),
        str(stored),
    )


@pytest.mark.parametrize("role", ["other_organisation", "other_officer"])
def test_another_organisation_or_municipality_gets_404_for_an_attachment(portal, stored, role):
    assert portal.client(role).get(download_url(stored)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ATTACHMENT_DOWNLOADED).exists()


def test_anonymous_download_is_sent_to_the_login(portal, stored):
    response = portal.client("anonymous").get(download_url(stored))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_name_with_accents_and_quotes_survives_the_download(portal, private_root):
    attachment = add_attachment(
        assignment=portal.world.assignment,
        period=portal.open_period,
        user=portal.world.users["organisation"],
        upload=upload('Cliënt "tevredenheid".xlsx', XLSX),
    )
    response = portal.client("officer").get(download_url(attachment))
    assert response["Content-Type"] == XLSX_TYPE
    assert "filename*=utf-8''Cli%C3%ABnt%20%22tevredenheid%22.xlsx" in response["Content-Disposition"]
    close_file(response)


def test_a_missing_file_gives_404_not_an_error(portal, stored):
    Path(stored.file.path).unlink()
    assert portal.client("organisation").get(download_url(stored)).status_code == 404


def close_file(response) -> None:
    """Close the served file. Not response.close(): that also sends request_finished, which closes the
    database connection in the middle of the test (on PostgreSQL the next query then fails)."""
    for closer in response._resource_closers:
        closer()


def _download_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    close_file(response)
    return len(queries)


def test_download_query_count_does_not_grow_with_the_data(portal, stored):
    client = portal.client("officer")
    small = _download_queries(client, download_url(stored))
    organisation = portal.world.users["organisation"]
    for i in range(5):
        assignment = AssignmentFactory(agreement=portal.world.agreement)
        for period in (portal.open_period, portal.closed_period):
            report = PeriodReport.objects.create(assignment=assignment, period=period, status="teruggestuurd")
            for n in range(2):
                ReportAttachment.objects.create(
                    report=report,
                    file=f"rapportages/{report.pk}/{n}",
                    name=f"extra-{i}-{n}.pdf",
                    content_type="application/pdf",
                    size=1,
                    uploaded_by=organisation,
                )
    assert ReportAttachment.objects.count() == 21
    assert _download_queries(client, download_url(stored)) == small


# --- delete ----------------------------------------------------------------------------------------


def delete_url(attachment) -> str:
    return reverse("agreements:attachment-delete", args=[attachment.pk])


def test_owner_deletes_an_attachment_and_its_file_goes_after_commit(
    portal, stored, django_capture_on_commit_callbacks
):
    path = Path(stored.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = portal.client("organisation").post(delete_url(stored))
    assert response.status_code == 302
    assert response.url == entry_url(portal.world.assignment, portal.open_period) + "#bijlagen"
    assert not ReportAttachment.objects.exists()
    assert not path.exists()
    deletion = ReportAttachment.history.get(history_type="-")
    assert deletion.history_user == portal.world.users["organisation"]


def test_the_file_stays_until_the_deletion_is_committed(portal, stored, django_capture_on_commit_callbacks):
    path = Path(stored.file.path)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remove_attachment(attachment=stored, user=portal.world.users["organisation"])
    assert path.exists() and len(callbacks) == 1
    callbacks[0]()
    assert not path.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_organisation", 404),
        ("other_officer", 404),
        ("officer", 403),
        ("alderman", 403),
        ("admin", 403),
    ],
)
def test_others_cannot_delete_an_attachment(portal, stored, role, status):
    assert portal.client(role).post(delete_url(stored)).status_code == status
    assert ReportAttachment.objects.filter(pk=stored.pk).exists()
    assert Path(stored.file.path).exists()


def test_anonymous_delete_is_sent_to_the_login(portal, stored):
    response = portal.client("anonymous").post(delete_url(stored))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert ReportAttachment.objects.filter(pk=stored.pk).exists()


def test_an_attachment_of_a_submitted_report_cannot_be_deleted(portal, stored):
    PeriodReport.objects.filter(pk=stored.report_id).update(status="ingediend")
    response = portal.client("organisation").post(delete_url(stored))
    assert response.status_code == 400
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    assert Path(stored.file.path).exists()
    assert ReportAttachment.objects.filter(pk=stored.pk).exists()


def _post_queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data or {})
    assert response.status_code == 302
    return len(queries)


def _more_reports_with_attachments(portal, n: int) -> None:
    organisation = portal.world.users["organisation"]
    for i in range(n):
        assignment = AssignmentFactory(agreement=portal.world.agreement)
        report = PeriodReport.objects.create(assignment=assignment, period=portal.open_period)
        for k in range(2):
            ReportAttachment.objects.create(
                report=report,
                file=f"rapportages/{report.pk}/{k}",
                name=f"extra-{i}-{k}.pdf",
                content_type="application/pdf",
                size=1,
                uploaded_by=organisation,
            )


def test_upload_and_delete_query_counts_do_not_grow_with_the_data(portal, stored):
    client = portal.client("organisation")
    add = add_url(portal.world.assignment, portal.open_period)
    small_add = _post_queries(client, add, {"file": upload("a.pdf", PDF)})
    small_delete = _post_queries(client, delete_url(stored))

    _more_reports_with_attachments(portal, 5)
    second = ReportAttachment.objects.get(name="a.pdf")

    assert _post_queries(client, add, {"file": upload("b.pdf", PDF)}) == small_add
    assert _post_queries(client, delete_url(second)) == small_delete


# --- the include on the report page ------------------------------------------------------------------


def render_include(portal, stored, *, can_upload: bool) -> tuple[str, int]:
    attachments = list(ReportAttachment.objects.select_related("uploaded_by"))
    context = {
        "report": stored.report,
        "attachments": attachments,
        "can_upload": can_upload,
        "assignment": portal.world.assignment,
        "period": portal.open_period,
        "csrf_token": "token",
    }
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("agreements/includes/report_attachments.html", context)
    return html, len(queries)


def test_the_include_lists_attachments_and_offers_upload_without_queries(portal, stored, settings):
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    html, queries = render_include(portal, stored, can_upload=True)
    assert queries == 0
    assert f'href="{download_url(stored)}"' in html and "Verslag huisbezoeken.pdf" in html
    assert f'action="{delete_url(stored)}"' in html
    assert f'action="{add_url(portal.world.assignment, portal.open_period)}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<label class="form-label" for="bijlage-bestand">' in html and 'id="bijlage-bestand"' in html
    assert 'accept=".pdf,.xlsx,.docx,.odt,.png,.jpg,.jpeg,application/pdf' in html
    assert "Toegestaan: PDF, XLSX, DOCX, ODT, PNG en JPG, tot 10 MB per bestand." in html


def test_the_include_only_lists_for_readers(portal, stored):
    html, queries = render_include(portal, stored, can_upload=False)
    assert queries == 0
    assert "Verslag huisbezoeken.pdf" in html
    assert "attachment-delete" not in html and delete_url(stored) not in html
    assert 'type="file"' not in html
