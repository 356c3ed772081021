"""The demo partnership of Tojo Una-Una (72.09, Sulawesi Tengah): Universitas Tadulako's food-science faculty
offers packaging and halal-certification mentoring, the office signs an MoU with it and with the demo
catalogue's Tojo Una-Una food businesses (``market_demo_seed`` first), and it runs with its first outcomes.

Written through the partnerships services (change-logged). The partner's name in its office marks the demo as made:
a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.services import system_actor
from sinergi.core.models import ChangeSource
from sinergi.partnerships import services
from sinergi.partnerships.models import Partner, PartnershipStatus
from sinergi.regions.models import Region
from sinergi.registry.models import Business, Cluster

OFFICE = "72.09"
PARTNER = "Universitas Tadulako"
SOURCE = ChangeSource.COMMAND


def partnerships_demo_seed(*, today: dt.date | None = None) -> int:
    """Create the demo partner and partnership; returns the partnerships made (0 on a re-run or without the
    region)."""
    day = today or timezone.localdate()
    if not Region.objects.filter(pk=OFFICE).exists() or Partner.objects.filter(office_id=OFFICE, name=PARTNER).exists():
        return 0
    actor = system_actor()
    food = Cluster.objects.filter(slug__in=["perikanan", "kuliner"]).order_by("slug").first()
    businesses = list(
        Business.objects.filter(
            desa__code__startswith=OFFICE + ".", external_ref__startswith="market-demo:touna"
        ).order_by("name", "id")[:3]
    )
    with transaction.atomic():
        partner = services.partner_create(
            actor=actor,
            data={
                "office_id": OFFICE,
                "kind": "university",
                "name": PARTNER,
                "contact": "LPPM, Fakultas Peternakan dan Perikanan",
                "website": "https://untad.ac.id",
                "description": "Perguruan tinggi negeri di Palu; pengabdian masyarakat untuk UMKM pangan.",
            },
            source=SOURCE,
        )
        need = services.need_add(
            actor=actor,
            partner=partner,
            data={
                "direction": "offers",
                "topic": "mentoring",
                "title": "Pendampingan kemasan dan sertifikasi halal produk pangan",
                "description": "Mahasiswa KKN dan dosen mendampingi label, kemasan dan dokumen halal.",
                "cluster_id": food.pk if food else None,
                "required_documents": ["nib", "pirt"],
            },
            source=SOURCE,
        )
        services.need_add(
            actor=actor,
            partner=partner,
            data={
                "direction": "seeks",
                "topic": "research",
                "title": "Mitra penelitian pengolahan ikan asap dan abon",
                "cluster_id": food.pk if food else None,
                "min_workforce": 3,
            },
            source=SOURCE,
        )
        partnership = services.partnership_create(
            actor=actor,
            partner=partner,
            data={
                "need_id": need.pk,
                "kind": "mou",
                "title": "MoU Pendampingan UMKM Pangan Tojo Una-Una 2026",
                "number": "180/12/DISKOP-TOUNA/2026",
                "starts_on": day.replace(month=1, day=1),
                "ends_on": day.replace(month=12, day=31),
                "value": Decimal("75000000"),
                "description": "Dinas menyediakan tempat dan peserta; Untad menyediakan pendamping dan modul.",
            },
            source=SOURCE,
        )
        for business in businesses:
            services.partnership_business_add(
                actor=actor, partnership=partnership, business=business, role="peserta pendampingan", source=SOURCE
            )
        services.partnership_advance(actor=actor, partnership=partnership, to=PartnershipStatus.AGREED, source=SOURCE)
        if businesses:
            services.partnership_advance(
                actor=actor, partnership=partnership, to=PartnershipStatus.RUNNING, source=SOURCE
            )
            services.partnership_outcome_set(
                actor=actor,
                partnership=partnership,
                data={
                    "volume_supplied": "120",
                    "volume_unit": "pak",
                    "outcome_notes": "Label baru untuk abon dan ikan kering; dua berkas halal diajukan.",
                },
                source=SOURCE,
            )
    return 1
