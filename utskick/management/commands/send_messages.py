from django.core.management.base import BaseCommand, CommandError

from config.checks import refuse_unsafe_settings
from utskick.worker import Worker


class Command(BaseCommand):
    help = "Send every invitation and reminder that is due, then exit (or keep running with --loop)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop cleanly on SIGTERM.")
        parser.add_argument("--interval", type=float, default=None, help="Seconds between rounds with --loop.")
        parser.add_argument(
            "--threads", type=int, default=None, help="Sending threads (default: the UTSKICK_SEND_THREADS setting)."
        )

    def handle(
        self, *args, loop: bool = False, interval: float | None = None, threads: int | None = None, **options
    ) -> None:
        if threads is not None and threads < 1:
            raise CommandError("--threads must be at least 1")
        if loop:
            refuse_unsafe_settings()  # the long-running worker is production: never on unsafe settings
        worker = Worker(interval=interval, threads=threads)
        worker.install_signal_handlers()
        if loop:
            worker.run_forever()
            return
        report = worker.run_once()
        self.stdout.write(
            f"{report.sent} sent, {report.failed} failed, {report.uncertain} uncertain, "
            f"{report.skipped} not sent, {report.purged} contacts erased"
        )
