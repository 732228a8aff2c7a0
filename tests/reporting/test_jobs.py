import datetime
import io
import os
import re
import signal
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partners.models import AuditEvent, Membership
from reporting import jobs
from reporting.models import ReportJob
from tests.reporting.jobspecs import FAILING, register_test_reports

Status = ReportJob.Status
SELECTION = "framework=haren-kader&municipalities=haren"


@pytest.fixture(autouse=True)
def test_reports(monkeypatch, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    register_test_reports(monkeypatch)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def work() -> str:
    out = io.StringIO()
    call_command("run_report_worker", "--once", stdout=out)
    return out.getvalue()


def queue(world, role="officer", name="testrapport", params=SELECTION) -> ReportJob:
    return jobs.enqueue_report(user=world.users[role], name=name, params=params)


def download_content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_large_pdf_is_queued_and_the_page_redirects_to_its_status(world):
    response = world.client("officer").get(f"/rapporten/testrapport/?{SELECTION}&formaat=pdf")

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:job-detail", args=[job.pk])
    assert (job.user, job.name, job.params, job.status) == (
        world.users["officer"],
        "testrapport",
        SELECTION,
        "wachtend",
    )
    assert "formaat" not in job.params


def test_the_worker_makes_the_pdf_and_its_owner_downloads_it(world):
    job = queue(world)

    assert "1 rapport(en) gemaakt, 0 mislukt" in work()

    job.refresh_from_db()
    assert job.status == Status.DONE
    assert job.attempts == 1
    assert job.started_at <= job.finished_at
    assert job.filename == "testrapport-haren-kader.pdf"
    response = world.client("officer").get(reverse("reporting:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="testrapport-haren-kader.pdf"'
    text = pdf_text(download_content(response))
    assert "Gemeenten in de selectie" in text
    assert "Gemeente Haren" in text
    assert "Beleidsnota Haren" in text  # running header
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert (event.user, event.object_id, event.object_repr) == (
        world.users["officer"],
        "testrapport",
        "testrapport-haren-kader.pdf",
    )


def test_the_pdf_is_stored_outside_the_web_root(world, settings):
    job = queue(world)
    work()
    job.refresh_from_db()
    path = job.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert os.path.exists(path)


def test_the_status_page_refreshes_itself_while_waiting_and_offers_the_file_when_ready(world):
    job = queue(world)
    client = world.client("officer")
    url = reverse("reporting:job-detail", args=[job.pk])

    waiting = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting  # without JavaScript
    assert reverse("reporting:job-status", args=[job.pk]) in waiting  # with JavaScript
    assert "Testrapport" in waiting
    assert "Het rapport wordt gemaakt." in waiting
    assert reverse("reporting:job-download", args=[job.pk]) not in waiting

    work()
    ready = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in ready
    assert reverse("reporting:job-download", args=[job.pk]) in ready
    assert "Het rapport is klaar." in ready


def test_the_status_endpoint_gives_status_progress_and_download_address(world):
    job = queue(world)
    client = world.client("officer")
    url = reverse("reporting:job-status", args=[job.pk])

    assert client.get(url).json() == {
        "status": "wachtend",
        "status_label": "wachtend",
        "progress": "In de wachtrij",
        "elapsed": None,
        "pending": True,
    }
    jobs.claim_next_job()
    ReportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(seconds=12))
    running = client.get(url).json()
    assert (running["status"], running["pending"]) == ("bezig", True)
    assert 12 <= running["elapsed"] <= 14  # whole seconds since the worker started it
    page = client.get(reverse("reporting:job-detail", args=[job.pk])).content.decode()
    assert re.search(r"\(1[2-4] s\)", page)
    ReportJob.objects.filter(pk=job.pk).update(status=Status.QUEUED)
    work()
    data = client.get(url).json()
    assert data["status"] == "klaar"
    assert data["pending"] is False
    assert data["download_url"] == reverse("reporting:job-download", args=[job.pk])


@pytest.mark.parametrize("role", ["alderman", "admin", "other_officer", "organisation", "other_organisation"])
def test_only_the_user_who_asked_sees_downloads_or_retries_a_job(world, role):
    done = queue(world)
    failed = queue(world, name="kapot")
    work()
    client = world.client(role)

    for name in ("job-detail", "job-status", "job-download"):
        assert client.get(reverse(f"reporting:{name}", args=[done.pk])).status_code == 404
    assert client.post(reverse("reporting:job-retry", args=[failed.pk])).status_code == 404
    assert client.get(reverse("reporting:job-list")).content.decode().count("Testrapport") == 0
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


def test_anonymous_is_sent_to_the_login_page(world):
    job = queue(world)
    client = world.client("anonymous")
    for name in ("job-detail", "job-status", "job-download"):
        response = client.get(reverse(f"reporting:{name}", args=[job.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("reporting:job-list")).status_code == 302
    retry = client.post(reverse("reporting:job-retry", args=[job.pk]))
    assert retry.status_code == 302
    assert retry["Location"].startswith(reverse("login"))


def test_a_failed_job_shows_its_error_and_can_be_retried(world):
    job = queue(world, name="kapot")

    assert "0 rapport(en) gemaakt, 1 mislukt" in work()

    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "Het maken van de PDF is mislukt" in job.error
    assert "RuntimeError: de printer is kapot" in job.error
    assert not job.file
    client = world.client("officer")
    page = client.get(reverse("reporting:job-detail", args=[job.pk])).content.decode()
    assert "Het rapport kon niet worden gemaakt." in page
    assert "de printer is kapot" in page
    assert reverse("reporting:job-retry", args=[job.pk]) in page
    assert "Opnieuw proberen" in page
    assert client.get(reverse("reporting:job-download", args=[job.pk])).status_code == 404

    response = client.post(reverse("reporting:job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error) == (Status.QUEUED, "")

    FAILING["fail"] = False
    work()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Status.DONE, 2)
    response = client.get(reverse("reporting:job-download", args=[job.pk]))
    assert "Gemeente Haren" in pdf_text(download_content(response))


def test_the_worker_carries_on_after_a_failing_job(world):
    failing = queue(world, name="kapot")
    good = queue(world)

    assert "1 rapport(en) gemaakt, 1 mislukt" in work()

    failing.refresh_from_db()
    good.refresh_from_db()
    assert (failing.status, good.status) == (Status.FAILED, Status.DONE)


def test_the_job_sees_only_what_its_user_may_see(world):
    job = queue(world, params="framework=assen-kader")  # the other municipality's framework

    work()

    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert job.error.startswith("De selectie is niet (meer) geldig: Beleidskader: Kies een beleidskader")
    assert not job.file


def test_the_file_is_refused_once_its_user_lost_access(world):
    job = queue(world)
    work()
    Membership.objects.filter(user=world.users["officer"]).delete()

    response = world.client("officer").get(reverse("reporting:job-download", args=[job.pk]))

    assert response.status_code == 404


def test_the_oldest_waiting_job_is_claimed_once(world):
    first = queue(world)
    second = queue(world, params="framework=haren-kader")
    ReportJob.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=1))

    claimed = jobs.claim_next_job()
    assert claimed.pk == first.pk
    assert (claimed.status, claimed.attempts) == (Status.RUNNING, 1)
    assert claimed.started_at is not None
    assert jobs.claim_next_job().pk == second.pk
    assert jobs.claim_next_job() is None


def test_asking_twice_for_the_same_pdf_makes_one_job(world):
    client = world.client("officer")
    for _ in range(2):
        client.get(f"/rapporten/testrapport/?{SELECTION}&formaat=pdf")
    assert ReportJob.objects.count() == 1
    work()
    client.get(f"/rapporten/testrapport/?{SELECTION}&formaat=pdf")
    assert ReportJob.objects.count() == 2  # a finished job is not reused: the data may have changed


def test_only_a_failed_job_of_ones_own_can_be_retried(world):
    failed = queue(world, name="kapot")
    done = queue(world)
    work()
    failed.refresh_from_db()

    with pytest.raises(ValidationError):
        jobs.retry_job(job=failed, user=world.users["alderman"])
    with pytest.raises(ValidationError):
        jobs.retry_job(job=ReportJob.objects.get(pk=done.pk), user=world.users["officer"])
    response = world.client("officer").post(reverse("reporting:job-retry", args=[done.pk]), follow=True)
    assert "Alleen een mislukte taak kan opnieuw worden geprobeerd." in response.content.decode()
    assert ReportJob.objects.get(pk=done.pk).status == Status.DONE


def test_retry_is_a_post(world):
    job = queue(world, name="kapot")
    work()
    assert world.client("officer").get(reverse("reporting:job-retry", args=[job.pk])).status_code == 405


def test_a_job_left_running_by_a_stopped_worker_fails_so_it_can_be_retried(world):
    job = queue(world)
    jobs.claim_next_job()
    ReportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    recent = queue(world, params="framework=haren-kader")
    jobs.claim_next_job()

    assert jobs.fail_stale_jobs() == 1

    job.refresh_from_db()
    recent.refresh_from_db()
    assert job.status == Status.FAILED
    assert "afgebroken" in job.error
    assert recent.status == Status.RUNNING


def test_finished_jobs_and_their_files_go_after_a_week(world):
    old = queue(world)
    new = queue(world, params="framework=haren-kader")
    work()
    old.refresh_from_db()
    path = old.file.path
    ReportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))

    assert jobs.purge_old_jobs() == 1

    assert list(ReportJob.objects.values_list("pk", flat=True)) == [new.pk]
    assert not os.path.exists(path)


def test_ctrl_c_during_a_job_puts_it_back_in_the_queue(world, monkeypatch):
    job = queue(world)

    def interrupted(job):
        raise KeyboardInterrupt

    monkeypatch.setattr(jobs, "run_job", interrupted)
    work()  # returns normally

    job.refresh_from_db()
    assert (job.status, job.started_at) == (Status.QUEUED, None)


def test_the_worker_stops_cleanly_on_sigterm(world):
    previous = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    out = io.StringIO()
    try:
        call_command("run_report_worker", "--poll", "0.1", stdout=out)  # would run forever otherwise
    finally:
        timer.cancel()
    assert "Klaar: 0 rapport(en) gemaakt" in out.getvalue()
    assert signal.getsignal(signal.SIGTERM) == previous


def test_the_job_list_shows_the_users_own_jobs_newest_first(world, query_count):
    client = world.client("officer")
    queue(world, name="kapot")
    few = query_count(client, reverse("reporting:job-list"))
    for n in range(4):
        queue(world, params=f"framework=haren-kader&n={n}")
    queue(world, role="alderman")

    page = client.get(reverse("reporting:job-list")).content.decode()

    assert page.count("Testrapport") == 4
    assert page.index("Testrapport") < page.index("Kapot rapport")
    assert query_count(client, reverse("reporting:job-list")) == few


def test_the_status_page_and_its_poll_take_as_many_queries_however_long_the_queue(world, query_count):
    job = queue(world)
    client = world.client("officer")
    pages = [reverse(f"reporting:{name}", args=[job.pk]) for name in ("job-detail", "job-status")]
    few = [query_count(client, url) for url in pages]
    for n in range(5):
        queue(world, role="alderman", params=f"framework=haren-kader&n={n}")
    ReportJob.objects.exclude(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(minutes=1))

    assert "er wachten nog 5 rapporten vóór het uwe" in client.get(pages[0]).content.decode()
    assert [query_count(client, url) for url in pages] == few


def test_a_waiting_job_says_so_in_the_language_of_who_reads_it(world):
    job = queue(world)  # asked for in Dutch
    client = world.client("officer")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert client.get(reverse("reporting:job-status", args=[job.pk])).json()["progress"] == "In the queue"


@pytest.mark.parametrize(
    "role, shown", [("officer", True), ("alderman", True), ("organisation", True), ("anonymous", False)]
)
def test_the_menu_links_to_the_reports(world, role, shown):
    page = world.client(role).get("/", follow=True).content.decode()
    assert (f'href="{reverse("reporting:index")}"' in page) is shown


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_claim_the_same_job(world):
    for n in range(12):
        queue(world, params=f"framework=haren-kader&n={n}")
    claimed: list[list[int]] = [[], []]

    def worker(mine: list[int]) -> None:
        try:
            while (job := jobs.claim_next_job()) is not None:
                mine.append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(mine,)) for mine in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    everything = claimed[0] + claimed[1]
    assert sorted(everything) == sorted(ReportJob.objects.values_list("pk", flat=True))
    assert len(set(everything)) == 12
