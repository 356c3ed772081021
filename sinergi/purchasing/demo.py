"""The demo "1 ASN 1 Produk" program of Tojo Una-Una (72.09, Sulawesi Tengah): two agencies with their civil
servants, monthly targets by golongan, last month's purchases from the demo catalogue's Tojo Una-Una products
(``market_demo_seed`` first), one procurement activity and a civil servant's login ``demo-asn``.

Written through the purchasing services (change-logged). The program's name in its region marks the demo as
made: a re-run adds nothing."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create
from sinergi.core.models import ChangeSource
from sinergi.market.models import Product
from sinergi.purchasing import services
from sinergi.purchasing.models import CivilServant, PurchaseProgram
from sinergi.regions.models import Region
from sinergi.registry.demo import logins_path

REGION = "72.09"
PROGRAM = "1 ASN 1 Produk Tojo Una-Una"
SOURCE = ChangeSource.COMMAND
ASN_LOGIN = "demo-asn"

# (agency, short name, [(name, NIP, golongan, position)])
AGENCIES: tuple[tuple[str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "Diskop UKM",
        (
            ("Rahmat Lamusa", "198507052010011003", "III/c", "Kepala Bidang UMKM"),
            ("Nurhayati Lasimpo", "199002142015032001", "III/a", "Penyuluh Koperasi"),
            ("Sulfikar Tompo", "197811202005011002", "IV/a", "Sekretaris Dinas"),
            ("Fitriani Daeng", "199508172019022004", "II/c", "Pengelola Data"),
        ),
    ),
    (
        "Dinas Kesehatan",
        "Dinkes",
        (
            ("Andi Mappaware", "198203112008011005", "III/d", "Kepala Seksi"),
            ("Ruslina Mentu", "199306252017042002", "III/b", "Perawat"),
            ("Yusuf Bakri", "198912012014031001", "II/d", "Pengadministrasi"),
        ),
    ),
)
# Monthly targets by golongan (an Instruksi Bupati of the kind the seeds describe), and one purchase for all.
TARGETS = (("I", "50000"), ("II", "50000"), ("III", "100000"), ("IV", "200000"))


def _last_month(today: dt.date) -> dt.date:
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def purchasing_demo_seed(*, today: dt.date | None = None) -> int:
    """Create the demo program; returns the purchases made (0 on a re-run or without the region)."""
    today = today or timezone.localdate()
    if (
        not Region.objects.filter(pk=REGION).exists()
        or PurchaseProgram.objects.filter(region_id=REGION, name=PROGRAM).exists()
    ):
        return 0
    actor = system_actor()
    month = _last_month(today)
    products = list(
        Product.objects.filter(business__desa__code__startswith=REGION + ".", is_active=True)
        .select_related("business")
        .order_by("name", "id")
    )
    made = 0
    with transaction.atomic():
        program = services.program_create(
            actor=actor,
            data={
                "region_id": REGION,
                "name": PROGRAM,
                "starts_on": month,
                "ends_on": dt.date(month.year, 12, 31) if month.month < 12 else dt.date(month.year + 1, 12, 31),
                "legal_basis": "Instruksi Bupati Tojo Una-Una tentang Gerakan 1 ASN 1 Produk",
            },
            source=SOURCE,
        )
        for group, amount in TARGETS:
            services.target_rule_add(
                actor=actor,
                program=program,
                data={"rank_group": group, "min_amount": Decimal(amount), "min_purchases": 1},
                source=SOURCE,
            )
        servants = []
        for name, short, staff in AGENCIES:
            agency = services.agency_create(
                actor=actor, data={"region_id": REGION, "name": name, "short_name": short}, source=SOURCE
            )
            for person, nip, rank, position in staff:
                servant, _status = services.civil_servant_save(
                    actor=actor,
                    agency=agency,
                    data={"name": person, "nip": nip, "rank": rank, "position": position},
                    source=SOURCE,
                )
                servants.append(servant)
        # Every civil servant but the last of each agency buys; some twice, one below their golongan's target.
        for index, servant in enumerate(servants):
            if not products or index in (3, 6):
                continue
            for times in range(1 + index % 2):
                product = products[(index + times) % len(products)]
                quantity = 1 + (index + times) % 3
                services.purchase_record(
                    actor=actor,
                    civil_servant=servant,
                    data={
                        "product_id": product.pk,
                        "amount": product.price * quantity,
                        "day": month + dt.timedelta(days=(3 + 7 * index + 5 * times) % 27),
                    },
                    source=SOURCE,
                )
                made += 1
        if products:
            activity = services.activity_create(
                actor=actor,
                agency=servants[0].agency,
                data={"year": month.year, "name": "Rapat koordinasi UMKM", "total_spend": Decimal("4500000")},
                source=SOURCE,
            )
            services.procurement_line_add(
                actor=actor,
                activity=activity,
                data={
                    "business_id": products[0].business_id,
                    "amount": Decimal("1200000"),
                    "description": "Konsumsi dan bingkisan produk lokal",
                },
                source=SOURCE,
            )
        _asn_login(actor=actor, servant=servants[1])
    return made


def _asn_login(*, actor: User, servant: CivilServant) -> None:
    """``demo-asn``, the second civil servant's login, added to the demo logins file (VAR_DIR)."""
    if User.objects.filter(username=ASN_LOGIN).exists():
        return
    password = secrets.token_urlsafe(12)
    user = user_create(
        actor=actor, username=ASN_LOGIN, password=password, role=Role.ASN, full_name=str(servant), source=SOURCE
    )
    services.civil_servant_link_account(actor=actor, civil_servant=servant, account=user, source=SOURCE)
    path = logins_path()
    lines = path.read_text().splitlines() if path.exists() else ["username\trole\tregion\tpassword"]
    lines = [line for line in lines if not line.startswith(ASN_LOGIN + "\t")]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([*lines, f"{ASN_LOGIN}\t{Role.ASN.value}\t{REGION}\t{password}"]) + "\n")
    path.chmod(0o600)
