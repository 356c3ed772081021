"""Make an API token for a user and print it once, for scripts and benchmarks.

Only the token goes to standard output, so `TOKEN=$(manage.py api_token_create bench)` captures it; the
note about keeping it goes to standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.accounts.services import api_token_create, system_actor
from sinergi.core.models import ChangeSource


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for, e.g. 'benchmark'.")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user named “%(username)s”.") % {"username": username})
        if not user.is_active:
            raise CommandError(_("User “%(username)s” is deactivated.") % {"username": username})
        name = " ".join(str(options["name"]).split())[:80] or "command line"
        token, raw = api_token_create(actor=system_actor(), user=user, name=name, source=ChangeSource.COMMAND)
        self.stdout.write(raw)
        self.stderr.write(
            _("Token “%(name)s” (%(prefix)s…) for %(username)s. Keep it now: it cannot be shown again.")
            % {"name": token.name, "prefix": token.prefix, "username": username}
        )
