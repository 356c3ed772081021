"""Who is told what about an aspiration: the officer of each new assignment (an in-app notification, and an email
through Django's email backend), and the person when an answer is published (an email where one was given; where
a phone is known, a prefilled WhatsApp message the officer sends with one tap from the aspiration's page).

The in-app notifications and the WhatsApp link are the notifications app's (``sinergi.notifications``); each
assignment is keyed (aspiration, officer, time assigned), so no one is told twice of the same thing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.aspirations.models import Aspiration
from sinergi.notifications import services as notifications
from sinergi.notifications.whatsapp import whatsapp_link as wa_link


def tell_assignee(*, aspiration: Aspiration, officer: User) -> None:
    """Inside the assignment's transaction: the notification is written with it, its email sent after commit."""
    stamp = f"{aspiration.assigned_at:%Y%m%d%H%M%S}" if aspiration.assigned_at else ""
    notifications.notify(
        user=officer,
        text=_("Aspiration %(code)s is assigned to you.") % {"code": aspiration.code},
        url=reverse("aspiration_detail", args=[aspiration.pk]),
        key=f"aspiration:{aspiration.pk}:assigned:{officer.pk}:{stamp}",
        email=True,
    )


def public_status_url(aspiration: Aspiration) -> str:
    return reverse("aspiration_public_status") + f"?kode={aspiration.code}"


def answer_message(aspiration: Aspiration) -> str:
    return _(
        "Your aspiration %(code)s has been answered by the office. Read the answer at %(url)s (enter your code)."
    ) % {"code": aspiration.code, "url": getattr(settings, "SINERGI_SITE_URL", "") + public_status_url(aspiration)}


def tell_person_answered(*, aspiration: Aspiration) -> None:
    """Email the person the answer's notice, where an email was given (the WhatsApp link is on the page)."""
    if not aspiration.email:
        return
    subject = _("Answer to your aspiration %(code)s") % {"code": aspiration.code}
    body = answer_message(aspiration)
    address = aspiration.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def whatsapp_link(aspiration: Aspiration) -> str:
    """The wa.me link with the answer's notice prefilled; "" when no usable phone is known."""
    return wa_link(phone=aspiration.phone, text=answer_message(aspiration))
