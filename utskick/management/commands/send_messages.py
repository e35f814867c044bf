from django.core.management.base import BaseCommand

from utskick.worker import Worker


class Command(BaseCommand):
    help = "Send every invitation and reminder that is due, then exit (or keep running with --loop)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop cleanly on SIGTERM.")
        parser.add_argument("--interval", type=float, default=None, help="Seconds between rounds with --loop.")

    def handle(self, *args, loop: bool = False, interval: float | None = None, **options) -> None:
        worker = Worker(interval=interval)
        worker.install_signal_handlers()
        if loop:
            worker.run_forever()
            return
        report = worker.run_once()
        self.stdout.write(
            f"{report.sent} sent, {report.failed} failed, {report.uncertain} uncertain, "
            f"{report.skipped} not sent, {report.purged} contacts erased"
        )
