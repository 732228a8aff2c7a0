import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from reporting import jobs

logger = logging.getLogger("reporting.worker")

HOUSEKEEPING_EVERY = 3600  # seconds between clearing stale and old jobs


class Command(BaseCommand):
    help = (
        "Maak de rapporten die op de achtergrond zijn aangevraagd (lange PDF's). Draait door tot hij "
        "stopt (SIGTERM of Ctrl-C; een taak die bezig is, wordt eerst afgemaakt of teruggezet)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="maak de taken die nu wachten en stop daarna (voor cron en tests)",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=2.0,
            metavar="SECONDEN",
            help="hoe vaak de wachtrij wordt bekeken als er niets wacht (standaard 2)",
        )

    def handle(self, *args, **options):
        poll = options["poll"]
        if poll <= 0:
            raise CommandError("--poll moet groter dan 0 zijn.")
        self.stopping = False
        previous = self._catch_sigterm()
        done = failed = 0
        housekeeping_at = 0.0
        logger.info("Rapportverwerker gestart (wachtrij elke %s s bekeken).", poll)
        try:
            while not self.stopping:
                if time.monotonic() >= housekeeping_at:
                    self._housekeeping()
                    housekeeping_at = time.monotonic() + HOUSEKEEPING_EVERY
                job = self._next_job()
                if job is None:
                    if options["once"]:
                        break
                    self._sleep(poll)
                    continue
                if self._run(job):
                    done += 1
                else:
                    failed += 1
        except KeyboardInterrupt:
            logger.info("Rapportverwerker onderbroken.")
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        logger.info("Rapportverwerker gestopt.")
        self.stdout.write(f"Klaar: {done} rapport(en) gemaakt, {failed} mislukt.")

    def _catch_sigterm(self):
        """Stop after the current job on SIGTERM (systemd, dev.py); only possible in the main thread."""
        if threading.current_thread() is not threading.main_thread():
            return None

        def stop(signum, frame):
            logger.info("Stopsignaal ontvangen: de verwerker stopt na de huidige taak.")
            self.stopping = True

        return signal.signal(signal.SIGTERM, stop)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and (remaining := deadline - time.monotonic()) > 0:
            time.sleep(min(remaining, 0.5))

    def _housekeeping(self) -> None:
        try:
            stale = jobs.fail_stale_jobs()
            purged = jobs.purge_old_jobs()
        except Exception:
            logger.exception("Opruimen van rapporttaken mislukt.")
            return
        if stale or purged:
            logger.info(
                "Opgeruimd: %s afgebroken taak/taken gemeld, %s oude taak/taken verwijderd.", stale, purged
            )

    def _next_job(self):
        # A long-running process: drop connections the database closed meanwhile (never inside a
        # transaction someone else opened, as a test does).
        if not connection.in_atomic_block:
            close_old_connections()
        try:
            return jobs.claim_next_job()
        except Exception:
            logger.exception("De wachtrij kon niet worden gelezen.")
            return None

    def _run(self, job) -> bool:
        """Make one job; whatever goes wrong, the worker carries on with the next."""
        logger.info(
            "Taak %s: %s (%s) voor %s, poging %s.", job.pk, job.name, job.params, job.user, job.attempts
        )
        started = time.monotonic()
        try:
            job = jobs.run_job(job)
        except KeyboardInterrupt:
            jobs.requeue_job(job)
            logger.info("Taak %s teruggezet in de wachtrij.", job.pk)
            raise
        except Exception:
            logger.exception("Taak %s kon niet worden afgerond.", job.pk)
            return False
        seconds = time.monotonic() - started
        if job.status == job.Status.DONE:
            logger.info("Taak %s klaar in %.1f s: %s.", job.pk, seconds, job.filename)
            return True
        logger.warning("Taak %s mislukt na %.1f s: %s", job.pk, seconds, job.error)
        return False
