"""Demo products for the public catalogue: a few businesses of Tojo Una-Una (Sulawesi Tengah) and Kota Mataram
(Nusa Tenggara Barat), the seed regions of those provinces, with their NIB, PIRT and halal certificates checked
by the office, and one product whose PIRT is not yet verified (so it stays out, with its reason).

Written through the registry and market services (change-logged). A business whose ``external_ref`` exists is
left alone, so a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.services import system_actor
from sinergi.core.models import ChangeSource
from sinergi.market import services
from sinergi.regions.models import Region
from sinergi.registry import services as registry
from sinergi.registry.models import Business, Cluster

REF_PREFIX = "market-demo:"
SOURCE = ChangeSource.COMMAND

# (ref, kabupaten, village index, business, cluster, NIB, [(kind, number, verified)], about, WhatsApp,
#  [(product, category, price, description)])
BUSINESSES: tuple[tuple[Any, ...], ...] = (
    (
        "touna-1",
        "72.09",
        0,
        "UD Togean Bahari",
        "perikanan",
        "9120001720901",
        [("pirt", "P-IRT 2107209010001-28", True), ("halal", "ID72110000100010724", True)],
        "Ikan hasil tangkapan nelayan Kepulauan Togean, dijemur dan dikemas di Ampana.",
        "0821-4500-1201",
        [
            ("Ikan Kering Togean", "perikanan", "Rp 60.000/kg", "Ikan karang kering asin rendah, tanpa pengawet."),
            ("Abon Ikan Cakalang", "perikanan", "Rp 35.000/pak", "Abon cakalang pedas manis, 100 gram."),
        ],
    ),
    (
        "touna-2",
        "72.09",
        1,
        "Kerajinan Pandan Una-Una",
        "kriya",
        "9120001720902",
        [],
        "Anyaman pandan buatan ibu-ibu kelompok pengrajin.",
        "0852-4100-7702",
        [("Tas Anyaman Pandan", "kriya", "Rp 85.000/buah", "Tas jinjing anyaman pandan, motif Togean.")],
    ),
    (
        "touna-3",
        "72.09",
        2,
        "Madu Hutan Ampana",
        "kuliner",
        "9120001720903",
        [("pirt", "P-IRT 2107209010003-28", False)],
        "",
        "",
        [("Madu Hutan Togean", "kuliner", "Rp 120.000/botol", "Madu hutan liar, botol 500 ml.")],
    ),
    (
        "ntb-1",
        "52.71",
        0,
        "Dapur Taliwang Bu Sri",
        "kuliner",
        "9120005271001",
        [("pirt", "P-IRT 2065271010001-28", True), ("halal", "ID52110000200010824", True)],
        "Bumbu khas Lombok dari resep keluarga.",
        "0878-6500-3301",
        [
            ("Bumbu Ayam Taliwang Instan", "kuliner", "Rp 25.000/pak", "Bumbu siap pakai untuk 1 kg ayam."),
            ("Sambal Plecing Botol", "kuliner", "Rp 22.000/botol", "Sambal tomat terasi khas plecing kangkung."),
        ],
    ),
    (
        "ntb-2",
        "52.71",
        1,
        "Keripik Sukun Rembiga",
        "kuliner",
        "9120005271002",
        [("pirt", "P-IRT 2065271010002-28", True)],
        "",
        "0819-0700-4402",
        [("Keripik Sukun", "kuliner", "Rp 20.000/pak", "Kripik sukun tipis rasa original dan balado, 200 gram.")],
    ),
    (
        "ntb-3",
        "52.71",
        2,
        "Tenun Sasak Mataram",
        "tenun",
        "9120005271003",
        [],
        "Kain tenun ikat dan songket Sasak.",
        "0877-6300-5503",
        [("Kain Tenun Songket Lombok", "tenun", "Rp 750.000/lembar", "Songket benang emas, 2 x 0,6 m.")],
    ),
)


def market_demo_seed(*, today: dt.date | None = None) -> int:
    """Create the demo businesses and products; returns the products made (0 on a re-run)."""
    actor = system_actor()
    today = today or timezone.localdate()
    registry.clusters_ensure_defaults(actor=actor)
    clusters = {c.slug: c for c in Cluster.objects.all()}
    made = 0
    for ref, kab, index, name, cluster, nib, docs, about, phone, products in BUSINESSES:
        if Business.objects.filter(external_ref=REF_PREFIX + ref).exists():
            continue
        villages = Region.objects.filter(code__startswith=kab + ".", level=4).order_by("code")
        if not villages.exists():
            continue  # the region list loaded has no villages there
        desa = villages[min(index, villages.count() - 1)].code
        with transaction.atomic():
            business = registry.business_create(
                actor=actor,
                data={
                    "name": name,
                    "desa_id": desa,
                    "cluster_id": clusters[cluster].pk,
                    "external_ref": REF_PREFIX + ref,
                },
                source=SOURCE,
            )
            registry.legal_document_create(
                actor=actor, business=business, data={"kind": "nib", "number": nib}, source=SOURCE
            )
            documents = [
                (
                    registry.legal_document_create(
                        actor=actor,
                        business=business,
                        data={
                            "kind": kind,
                            "number": number,
                            "issued_on": today - dt.timedelta(days=365),
                            "expires_on": today + dt.timedelta(days=4 * 365),
                        },
                        source=SOURCE,
                    ),
                    verified,
                )
                for kind, number, verified in docs
            ]
            if phone or about:
                services.storefront_set(actor=actor, business=business, whatsapp=phone, about=about, source=SOURCE)
            for product_name, category, price, description in products:
                product = services.product_create(
                    actor=actor,
                    data={
                        "business_id": business.pk,
                        "name": product_name,
                        "description": description,
                        "category_id": clusters[category].pk,
                        "price": price,
                    },
                    source=SOURCE,
                )
                for document, verified in documents:
                    permit = services.product_permit_add(
                        actor=actor, product=product, document_id=document.pk, source=SOURCE
                    )
                    if verified:
                        services.product_permit_verify(actor=actor, permit=permit, source=SOURCE)
                made += 1
    return made
