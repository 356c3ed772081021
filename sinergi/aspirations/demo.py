"""Demo aspirations for Jember: the J-HUR forum at Kecamatan Wuluhan, where the head of the office answers face
to face. Three aspirations heard there: a study-tour request from a coffee business in Desa Tanjungrejo that
became an application to the office's open study-tour program (answered, open to the public), a marketing
complaint with a follow-up plan (anonymous), and a secret one about a cooperative holding its members' savings.
Everything goes through the services; a re-run adds nothing (the forum is found by its title).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.services import system_actor
from sinergi.aspirations import services
from sinergi.aspirations.models import Forum
from sinergi.core.models import ChangeSource
from sinergi.core.workdays import zone
from sinergi.programs import services as programs
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.models import Program
from sinergi.regions.models import Region
from sinergi.registry import services as registry
from sinergi.registry.models import Business

SOURCE = ChangeSource.COMMAND
OFFICE = "35.09"
WULUHAN = "35.09.11"
TANJUNGREJO = "35.09.11.2006"
FORUM_TITLE = "J-HUR Kecamatan Wuluhan"
PROGRAM_NAME = "Studi Banding UMKM Kopi ke Kabupaten Malang"
BUSINESS_NAME = "Kopi Robusta Tanjungrejo"


def _business(actor: object) -> Business:
    found = Business.objects.filter(name=BUSINESS_NAME, desa_id=TANJUNGREJO).first()
    if found is not None:
        return found
    return registry.business_create(
        actor=actor,  # type: ignore[arg-type]
        data={"name": BUSINESS_NAME, "desa_id": TANJUNGREJO, "address": "Dusun Krajan"},
        source=SOURCE,
    )


def _program(actor: object, year: int) -> Program:
    found = Program.objects.filter(name=PROGRAM_NAME, region_id=OFFICE).first()
    if found is not None:
        return found
    program = programs.program_create(
        actor=actor,  # type: ignore[arg-type]
        data={
            "name": PROGRAM_NAME,
            "kind": "studi_banding",
            "fiscal_year": year,
            "region_id": OFFICE,
            "capacity": 20,
            "location": "Kabupaten Malang",
            "description": "Kunjungan belajar pengolahan dan pemasaran kopi untuk UMKM kopi Jember.",
        },
        source=SOURCE,
    )
    return programs.program_transition(actor=actor, program=program, to=ProgramStatus.OPEN, source=SOURCE)  # type: ignore[arg-type]


@transaction.atomic
def aspirations_demo_seed(*, today: dt.date | None = None) -> int:
    """The Wuluhan J-HUR with its aspirations (see the module); returns the aspirations made (0 on a re-run)."""
    if Forum.objects.filter(title=FORUM_TITLE, office_id=OFFICE).exists():
        return 0
    actor = system_actor()
    today = today or timezone.localdate()
    office = Region.objects.get(pk=OFFICE)
    held = today - dt.timedelta(days=14)
    forum = services.forum_create(
        actor=actor,
        data={
            "office_id": OFFICE,
            "kind": "jhur",
            "title": FORUM_TITLE,
            "held_on": held,
            "place_id": WULUHAN,
            "location": "Pendopo Kecamatan Wuluhan",
            "officials": "Bupati Jember; Kepala Dinas Koperasi dan Usaha Mikro; Camat Wuluhan",
        },
        source=SOURCE,
    )
    heard = dt.datetime.combine(held, dt.time(9, 30), tzinfo=zone(office.timezone))
    shop = _business(actor)
    study = services.aspiration_record(
        actor=actor,
        office=office,
        data={
            "forum_id": forum.pk,
            "who": "business",
            "business_id": shop.pk,
            "name": "Pak Suyanto (Kopi Robusta Tanjungrejo)",
            "phone": "0812-3300-4411",
            "text": "Kami pelaku UMKM kopi di Tanjungrejo mohon diikutkan studi banding pengolahan dan pemasaran "
            "kopi, agar bisa menjual kopi bubuk dengan merek sendiri.",
            "category": "study_tour",
            "channel": "forum",
            "heard_at": heard,
            "confidentiality": "terbuka",
        },
        source=SOURCE,
    )
    services.aspiration_assign(actor=actor, aspiration=study, officer=actor, unit="Bidang Usaha Mikro", source=SOURCE)
    services.aspiration_apply_to_program(
        actor=actor, aspiration=study, program=_program(actor, today.year), source=SOURCE
    )
    services.aspiration_answer(
        actor=actor,
        aspiration=study,
        answer="Usaha Bapak kami daftarkan pada program Studi Banding UMKM Kopi ke Kabupaten Malang; jadwal dan "
        "hasil seleksi akan kami sampaikan.",
        source=SOURCE,
    )
    marketing = services.aspiration_record(
        actor=actor,
        office=office,
        data={
            "forum_id": forum.pk,
            "who": "contact",
            "name": "Bu Sulastri",
            "text": "Produk keripik kami sulit masuk toko modern dan pasar daring; mohon dibantu pemasarannya.",
            "category": "marketing",
            "desa_id": TANJUNGREJO,
            "heard_at": heard + dt.timedelta(minutes=20),
            "confidentiality": "anonim",
        },
        source=SOURCE,
    )
    services.aspiration_assign(actor=actor, aspiration=marketing, officer=actor, source=SOURCE)
    services.aspiration_plan(
        actor=actor,
        aspiration=marketing,
        plan="Diikutkan kurasi produk untuk etalase UMKM dan pelatihan toko daring bulan depan.",
        source=SOURCE,
    )
    services.aspiration_record(
        actor=actor,
        office=office,
        data={
            "forum_id": forum.pk,
            "who": "contact",
            "name": "Warga Wuluhan",
            "text": "Ada koperasi simpan pinjam yang menahan simpanan anggota; mohon diperiksa.",
            "category": "other",
            "heard_at": heard + dt.timedelta(minutes=45),
        },
        source=SOURCE,
    )
    return 3
