"""Take a backup of the whole database now (the worker also takes one on its schedule)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.core.backup import backup_create, backup_dir, backups_list, backups_prune


class Command(BaseCommand):
    help = (
        "Back up the whole database into SINERGI_BACKUP_DIR (pg_dump on PostgreSQL, the online backup on SQLite), "
        "then delete the backups the retention settings no longer keep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--label", default="", help="A word added to the file name (e.g. before-upgrade)")
        parser.add_argument("--list", action="store_true", help="Only list the backups there are")
        parser.add_argument("--no-prune", action="store_true", help="Keep every older backup this time")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for b in backups_list():
                self.stdout.write(f"{b.path.name}\t{b.taken_at:%Y-%m-%d %H:%M} UTC\t{b.size / 1e6:.1f} MB")
            self.stdout.write(_("Folder: %(dir)s") % {"dir": backup_dir()})
            return
        try:
            backup = backup_create(label=options["label"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(path)s (%(size)s MB)") % {"path": backup.path, "size": f"{backup.size / 1e6:.1f}"}
            )
        )
        if not options["no_prune"]:
            for path in backups_prune():
                self.stdout.write(_("Deleted old backup %(name)s") % {"name": path.name})
