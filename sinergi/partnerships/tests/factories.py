"""Records of the partnerships tests, written through the services: businesses of Kepahiang with their documents,
a partner of Kepahiang's office and its needs, a partnership."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from sinergi.partnerships import services
from sinergi.partnerships.models import Partner, PartnerNeed, Partnership
from sinergi.registry import services as registry
from sinergi.registry.models import Business

_NUMBERS = itertools.count(1)


def business(
    actor: Any, desa: str, cluster: Any, name: str, *, documents: tuple[str, ...] = (), **extra: Any
) -> Business:
    made = registry.business_create(
        actor=actor, data={"name": name, "desa_id": desa, "cluster_id": cluster.pk if cluster else None, **extra}
    )
    for kind in documents:
        serial = next(_NUMBERS)
        number = f"9120{serial:09d}" if kind == "nib" else f"{kind.upper()}-{serial:06d}"
        registry.legal_document_create(
            actor=actor,
            business=made,
            data={"kind": kind, "number": number, "expires_on": timezone.localdate() + dt.timedelta(days=365)},
        )
    return made


def partner(actor: Any, *, office: str = "17.08", name: str = "Universitas Bengkulu", **extra: Any) -> Partner:
    return services.partner_create(actor=actor, data={"office_id": office, "kind": "university", "name": name, **extra})


def need(actor: Any, of: Partner, **extra: Any) -> PartnerNeed:
    data = {"direction": "seeks", "topic": "products", "title": "Kopi bubuk 200 kg sebulan"} | extra
    return services.need_add(actor=actor, partner=of, data=data)


def partnership(actor: Any, of: Partner, **extra: Any) -> Partnership:
    data = {"title": "MoU Pendampingan UMKM", "starts_on": dt.date(2026, 1, 1)} | extra
    return services.partnership_create(actor=actor, partner=of, data=data)
