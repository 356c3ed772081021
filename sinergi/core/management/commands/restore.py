"""Replace the whole database with a backup. Stop the web server and the job worker first."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core.backup import backup_dir, backup_restore, backups_list
from sinergi.core.worker import newest_worker_beat


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` (or by the worker): every table is replaced by the backup's "
        "content in one step. A backup of the current state is taken first (label before-restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="The backup file, its name in SINERGI_BACKUP_DIR, or 'latest'")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")
        parser.add_argument("--no-safety-backup", action="store_true", help="Do not back up the current state first")
        parser.add_argument("--force", action="store_true", help="Restore even though a job worker seems to run")

    def handle(self, *args: Any, **options: Any) -> None:
        path = self._find(options["backup"])
        beat = newest_worker_beat()
        stale = timedelta(seconds=settings.SINERGI_WORKER_STALE_SECONDS)
        if beat is not None and timezone.now() - beat.beat_at < stale and not options["force"]:
            raise CommandError(
                _("A job worker is running (%(worker)s); stop Sinergi first, or pass --force.") % {"worker": beat}
            )
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(_("Restoring replaces all current data; pass --yes to confirm."))
            answer = input(_("Replace ALL current data with %(name)s? Type 'yes': ") % {"name": path.name})
            if answer.strip().lower() not in {"yes", "ya"}:
                raise CommandError(_("Nothing was changed."))
        try:
            before = backup_restore(path=path, safety_backup=not options["no_safety_backup"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if before is not None:
            self.stdout.write(_("The data it replaced is kept in %(path)s") % {"path": before.path})
        self.stdout.write(self.style.SUCCESS(_("Restored %(name)s.") % {"name": path.name}))
        self.stdout.write(_("Run `manage.py migrate` if the backup is older than this version of Sinergi."))

    def _find(self, name: str) -> Path:
        if name == "latest":
            found = [b for b in backups_list() if b.label != "before-restore"]
            if not found:
                raise CommandError(_("There is no backup in %(dir)s.") % {"dir": backup_dir()})
            return found[0].path
        path = Path(name)
        if not path.exists():
            path = backup_dir() / name
        if not path.is_file():
            raise CommandError(_("No backup file %(name)s.") % {"name": name})
        return path
