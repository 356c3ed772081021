"""Deterministic demo data for the five seed regions: owners, businesses, yearly figures, documents,
associations (Asosiasi UMKM MMS Kepahiang first) and one login per role.

Row ``n`` depends only on the seed and ``n`` (each block of rows has its own seeded random stream), so
a run with more rows extends an earlier one and a re-run adds nothing: every business carries
``external_ref = "demo:<n>"``. The default size goes through the registry services, one change-log row
per record; ``--scale`` sizes go through registry.bulk.

The rows are made in ``rows``; this module writes them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import Role, User
from sinergi.accounts.services import system_actor, user_create, user_delete
from sinergi.registry import bulk, selectors, services
from sinergi.registry.bulk import BusinessRow
from sinergi.registry.demo.rows import BIRTH_FIRST as BIRTH_FIRST
from sinergi.registry.demo.rows import CLUSTERS as CLUSTERS
from sinergi.registry.demo.rows import DEFAULT_BUSINESSES as DEFAULT_BUSINESSES
from sinergi.registry.demo.rows import DEFAULT_SEED as DEFAULT_SEED
from sinergi.registry.demo.rows import KEI_SURNAMES as KEI_SURNAMES
from sinergi.registry.demo.rows import MAX_ROWS as MAX_ROWS
from sinergi.registry.demo.rows import PARALLEL_FROM as PARALLEL_FROM
from sinergi.registry.demo.rows import PHONE_PREFIXES as PHONE_PREFIXES
from sinergi.registry.demo.rows import REF_PREFIX as REF_PREFIX
from sinergi.registry.demo.rows import REGIONS as REGIONS
from sinergi.registry.demo.rows import SOURCE as SOURCE
from sinergi.registry.demo.rows import RegionPool as RegionPool
from sinergi.registry.demo.rows import Village as Village
from sinergi.registry.demo.rows import _RowMaker as _RowMaker
from sinergi.registry.demo.rows import _rows_from_child as _rows_from_child
from sinergi.registry.demo.rows import demo_rows as demo_rows
from sinergi.registry.models import Association, Business, Cluster

# --- writing -----------------------------------------------------------------------------------------

MMS_NAME = "Asosiasi UMKM Maju Mandiri Sejahtera"


@dataclass(frozen=True, slots=True)
class DemoAssociation:
    name: str
    region_id: str
    term_start: dt.date
    term_end: dt.date
    description: str
    clusters: tuple[str, ...]  # members come from these clusters; empty means any
    members: int


ASSOCIATIONS = (
    DemoAssociation(
        name=MMS_NAME,
        region_id="17.08",
        term_start=dt.date(2023, 10, 26),
        term_end=dt.date(2028, 10, 25),
        description=(
            "Asosiasi UMKM MMS Kabupaten Kepahiang periode 2023–2028, dikukuhkan Bupati Kepahiang pada "
            "26 Oktober 2023, di bawah naungan Disdagkop UKM Kabupaten Kepahiang. Diminta menyusun "
            "rancangan program 100 hari kerja."
        ),
        clusters=(),
        members=60,
    ),
    DemoAssociation(
        name="Asosiasi Perajin Batik dan Kriya Jember",
        region_id="35.09",
        term_start=dt.date(2022, 4, 1),
        term_end=dt.date(2027, 3, 31),
        description="Wadah perajin batik dan kriya Kabupaten Jember.",
        clusters=("batik", "kriya"),
        members=40,
    ),
    DemoAssociation(
        name="Himpunan Pengolah Hasil Perikanan Kei",
        region_id="81.02",
        term_start=dt.date(2024, 3, 1),
        term_end=dt.date(2029, 2, 28),
        description="Nelayan dan pengolah ikan Kabupaten Maluku Tenggara.",
        clusters=("perikanan",),
        members=30,
    ),
)
BOARD_ROLES = ("Ketua", "Sekretaris", "Bendahara")
# username, role, regions, full name; the association officer belongs to MMS, the owner is MMS's Ketua.
USERS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("demo-admin", Role.ADMIN, (), "Administrator Demo"),
    ("demo-bengkulu", Role.PROVINCE, ("17",), "Petugas Provinsi Bengkulu"),
    ("demo-kepahiang", Role.KABUPATEN, ("17.08",), "Petugas Disdagkop UKM Kepahiang"),
    ("demo-mataram", Role.KABUPATEN, ("52.71",), "Petugas Diskop UKM Kota Mataram"),
    ("demo-touna", Role.KABUPATEN, ("72.09",), "Petugas Disperindag Tojo Una-Una"),
    ("demo-malra", Role.KABUPATEN, ("81.02",), "Petugas Diskop UKM Maluku Tenggara"),
    ("demo-jember", Role.KABUPATEN, ("35.09",), "Petugas Dinas Koperasi Jember"),
    ("demo-viewer", Role.VIEWER, ("17.08",), "Pemantau Kepahiang"),
    ("demo-mms", Role.ASSOCIATION, (), "Pengurus Asosiasi UMKM MMS"),
    ("demo-owner", Role.OWNER, (), ""),
)


@dataclass(frozen=True, slots=True)
class Login:
    username: str
    role: str
    region: str
    password: str  # empty when the account existed and its password is not in the logins file


@dataclass
class DemoReport:
    created: int = 0
    skipped: int = 0
    seconds: float = 0.0
    deleted: tuple[int, int] = (0, 0)
    logins: list[Login] = field(default_factory=list)
    logins_file: Path | None = None


def logins_path() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


def _service_write(*, actor: User, rows: Iterator[BusinessRow], report: DemoReport) -> None:
    """The default size: every record through its service, as an officer's entries would be."""
    clusters = dict(Cluster.objects.values_list("slug", "pk"))
    while chunk := list(itertools.islice(rows, 200)):
        refs = [r.external_ref for r in chunk]
        existing = set(Business.objects.filter(external_ref__in=refs).values_list("external_ref", flat=True))
        with transaction.atomic():  # one commit per chunk instead of one per record
            for row in chunk:
                if row.external_ref in existing:
                    report.skipped += 1
                    continue
                o = row.owner
                person = services.person_create(
                    actor=actor,
                    data={
                        "nik": o.nik,
                        "name": o.name,
                        "sex": o.sex,
                        "birth_date": o.birth_date,
                        "phone": o.phone,
                        "address": o.address,
                        "desa_id": o.desa_id,
                    },
                    source=SOURCE,
                )
                business = services.business_create(
                    actor=actor,
                    data={
                        "name": row.name,
                        "owner_id": person.pk,
                        "desa_id": row.desa_id,
                        "address": row.address,
                        "kbli": row.kbli,
                        "cluster_id": clusters[row.cluster_slug],
                        "workforce": row.workforce,
                        "external_ref": row.external_ref,
                    },
                    source=SOURCE,
                )
                for y in row.years:
                    services.business_year_set(
                        actor=actor,
                        business=business,
                        year=y.year,
                        modal_usaha=y.modal_usaha,
                        annual_sales=y.annual_sales,
                        workforce=y.workforce,
                        source=SOURCE,
                    )
                for d in row.documents:
                    data = {"kind": d.kind, "number": d.number, "issued_on": d.issued_on, "expires_on": d.expires_on}
                    services.legal_document_create(
                        actor=actor,
                        business=business,
                        data={**data, "issuer": d.issuer, "notes": d.notes},
                        source=SOURCE,
                    )
                report.created += 1


def _associations(*, actor: User) -> dict[str, Association]:
    made: dict[str, Association] = {}
    for spec in ASSOCIATIONS:
        association = (
            selectors.associations_visible(user=actor).filter(name=spec.name, region_id=spec.region_id).first()
        )
        if association is None:
            association = services.association_create(
                actor=actor,
                data={
                    "name": spec.name,
                    "region_id": spec.region_id,
                    "term_start": spec.term_start,
                    "term_end": spec.term_end,
                    "inaugurated_on": spec.term_start,
                    "description": spec.description,
                },
                source=SOURCE,
            )
        made[spec.name] = association
        candidates = selectors.businesses_visible(user=actor).filter(
            external_ref__startswith=REF_PREFIX, desa__code__startswith=spec.region_id + "."
        )
        if spec.clusters:
            candidates = candidates.filter(cluster__slug__in=spec.clusters)
        members = list(candidates.select_related("owner").order_by("pk")[: spec.members])
        already = set(association.memberships.values_list("business_id", flat=True))
        for business in members:
            if business.pk not in already:
                services.association_member_add(
                    actor=actor, association=association, business=business, joined_on=spec.term_start, source=SOURCE
                )
        if not association.board.exists():
            for role, business in zip(BOARD_ROLES, members, strict=False):
                if business.owner is not None:
                    services.association_board_add(
                        actor=actor, association=association, person=business.owner, role=role, source=SOURCE
                    )
    return made


def _read_logins() -> dict[str, str]:
    path = logins_path()
    if not path.exists():
        return {}
    lines = path.read_text().splitlines()[1:]
    return {parts[0]: parts[3] for parts in (line.split("\t") for line in lines) if len(parts) == 4}


def _users(*, actor: User, associations: dict[str, Association]) -> list[Login]:
    mms = associations[MMS_NAME]
    ketua = mms.board.filter(role="Ketua").select_related("person").first()
    known = _read_logins()
    logins = []
    for username, role, regions, full_name in USERS:
        user = User.objects.filter(username=username).first()
        password = known.get(username, "") if user is not None else secrets.token_urlsafe(12)
        if user is None:
            person = ketua.person if ketua and role == Role.OWNER else None
            user_create(
                actor=actor,
                username=username,
                password=password,
                role=role,
                region_codes=regions,
                full_name=full_name or (person.name if person else ""),
                association_id=mms.pk if role == Role.ASSOCIATION else None,
                person_id=person.pk if person else None,
                source=SOURCE,
            )
        region = ", ".join(regions) or (mms.region_id if role in (Role.ASSOCIATION, Role.OWNER) else "*")
        logins.append(Login(username=username, role=str(role), region=region, password=password))
    path = logins_path()
    # Other apps' demos (cooperatives) add their own lines: keep them when the registry's are rewritten.
    ours = {u[0] for u in USERS}
    old_lines = path.read_text().splitlines()[1:] if path.exists() else []
    others = "".join(f"{line}\n" for line in old_lines if line and line.split("\t")[0] not in ours)
    path.write_text(
        "username\trole\tregion\tpassword\n"
        + "".join(f"{x.username}\t{x.role}\t{x.region}\t{x.password}\n" for x in logins)
        + others
    )
    path.chmod(0o600)
    return logins


def demo_reset(*, actor: User) -> tuple[int, int]:
    """Remove the demo's users, associations, businesses and their owners; each removal is logged."""
    for user in User.objects.filter(username__in=[u[0] for u in USERS]):
        user_delete(actor=actor, user=user, source=SOURCE)
    for spec in ASSOCIATIONS:
        for association in Association.objects.filter(name=spec.name, region_id=spec.region_id):
            services.association_delete(actor=actor, association=association, source=SOURCE)
    logins_path().unlink(missing_ok=True)
    return bulk.businesses_bulk_delete(actor=actor, external_ref_prefix=REF_PREFIX, source=SOURCE)


def _check_seed(*, maker: _RowMaker) -> None:
    """Rows of another seed would clash with this one's NIKs and numbers: refuse instead of mixing them."""
    nik = Business.objects.filter(external_ref=f"{REF_PREFIX}0").values_list("owner__nik", flat=True).first()
    if nik is not None and nik != next(maker.rows(0, 1)).owner.nik:
        raise ValidationError(_("Demo data made with another seed is present; run again with --reset."))


def demo_seed(
    *,
    seed: int = DEFAULT_SEED,
    businesses: int = DEFAULT_BUSINESSES,
    use_bulk: bool = False,
    reset: bool = False,
    progress: Callable[[bulk.BulkReport], None] | None = None,
) -> DemoReport:
    """Make (or complete) the demo: businesses demo:0 … demo:<businesses-1>, the associations and the logins."""
    started = time.perf_counter()
    actor = system_actor()
    report = DemoReport()
    if reset:
        report.deleted = demo_reset(actor=actor)
    services.clusters_ensure_defaults(actor=actor, source=SOURCE)
    maker = _RowMaker(seed=seed, pool=RegionPool(), today=timezone.localdate())
    _check_seed(maker=maker)
    rows = maker.rows(0, businesses)
    if use_bulk and businesses >= PARALLEL_FROM and connection.vendor == "postgresql":
        rows = _rows_from_child(maker=maker, stop=businesses)
    if use_bulk:
        result = bulk.businesses_bulk_create(actor=actor, rows=rows, source=SOURCE, progress=progress)
        report.created, report.skipped = result.created, result.skipped
    else:
        _service_write(actor=actor, rows=rows, report=report)
    associations = _associations(actor=actor)
    report.logins = _users(actor=actor, associations=associations)
    report.logins_file = logins_path()
    report.seconds = time.perf_counter() - started
    return report
