"""Demo work programs (after manage.py demo_seed): Asosiasi UMKM MMS Kepahiang, inaugurated on 26 October 2023,
has drafted its 100-day program but not submitted it, so it is late, as the seed report tells. Re-running adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import Role, User
from sinergi.core.models import ChangeSource
from sinergi.registry.demo import MMS_NAME
from sinergi.registry.models import Association
from sinergi.workprograms import services
from sinergi.workprograms.models import ProgramKind, WorkProgram

SOURCE = ChangeSource.COMMAND
# (goal, activity, target, unit, budget, budget source, days after the inauguration, partners)
ITEMS = (
    (
        "Data anggota lengkap dan mutakhir",
        "Pendataan ulang anggota dan produknya",
        "60",
        "anggota terdata",
        "2500000",
        "dues",
        30,
        "Disdagkop UKM Kepahiang",
    ),
    (
        "Anggota berjualan daring",
        "Pelatihan pemasaran digital dan lokapasar",
        "25",
        "anggota dilatih",
        "7500000",
        "partner",
        60,
        "Bank Bengkulu, Universitas Bengkulu",
    ),
    (
        "Produk anggota bersertifikat halal",
        "Pendampingan sertifikasi halal gratis (SEHATI)",
        "15",
        "produk didaftarkan",
        "0",
        "none",
        90,
        "Satgas Halal Provinsi Bengkulu",
    ),
)


@transaction.atomic
def workprograms_demo_seed() -> int:
    """The MMS 100-day draft; returns the number of programs made (0 on a re-run)."""
    association = Association.objects.filter(name=MMS_NAME, region_id="17.08").first()
    if association is None:
        raise ValidationError(_("Run manage.py demo_seed first: the demo association is missing."))
    if WorkProgram.objects.filter(association=association, kind=ProgramKind.HUNDRED_DAY).exists():
        return 0
    officer = User.objects.filter(role=Role.ASSOCIATION, association=association).order_by("id").first()
    if officer is None:
        raise ValidationError(_("Run manage.py demo_seed first: the demo association officer is missing."))
    program = services.program_create(
        actor=officer,
        association=association,
        data={"kind": ProgramKind.HUNDRED_DAY, "title": "Program 100 Hari Kerja Asosiasi UMKM MMS Kepahiang"},
        source=SOURCE,
    )
    chair = association.board.filter(role="Ketua").order_by("id").first()
    start = program.period_start
    for goal, activity, target, unit, budget, source, days, partners in ITEMS:
        services.item_add(
            actor=officer,
            program=program,
            data={
                "goal": goal,
                "activity": activity,
                "target_number": target,
                "target_unit": unit,
                "budget": budget,
                "budget_source": source,
                "deadline": start + dt.timedelta(days=days),
                "partners": partners,
                "responsible_id": chair.pk if chair else None,
            },
            source=SOURCE,
        )
    return 1
