"""Send the work-program reminders now (the job worker does it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sinergi.workprograms.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the reminders due today on 100-day programs and item deadlines; one already sent is not sent again."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"Reminders sent: {sent.submission} on 100-day programs, {sent.items} on items.")
