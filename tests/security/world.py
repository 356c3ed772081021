"""Two kabupaten with one record of every kind each, and a user of every role, for the permission matrix.

Kepahiang (17.08, in Bengkulu province 17) is the users' own region; Jember (35.09, East Java) the other one.
Records are written straight through the ORM where the services would need long forms (as the apps' test
factories do), through the services where the page reads what they compute (an annual report's assessment,
an upload). ``ids[scope][param]`` names the record each URL parameter takes in that scope.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from sinergi.accounts.models import ApiToken, Role, User
from sinergi.accounts.services import api_token_create, system_actor, user_create
from sinergi.aspirations.models import Aspiration, Confidentiality, DeadlineRule, Forum, Task, Who
from sinergi.cooperatives import services as coop_services
from sinergi.cooperatives.imports.job import IMPORT_JOB
from sinergi.cooperatives.models import Cooperative, CooperativeKind, CooperativeMember, CooperativeOfficer
from sinergi.cooperatives.tests.factories import report_data
from sinergi.core.models import Job
from sinergi.empowerment.models import DesaPotential, Group, GroupMember, P3keEntry, P3keList
from sinergi.fieldsync.models import Conflict, ConflictKind, Device, Operation, OpStatus, SyncBatch
from sinergi.indicators.models import Goal, Indicator, Roadmap, Target
from sinergi.ingest import services as ingest_services
from sinergi.linkage import services as linkage_services
from sinergi.linkage.models import LinkageRun, MatchCandidate
from sinergi.market.models import ConsignmentEntry, Product, ProductPermit, Storefront
from sinergi.notifications.models import Notification
from sinergi.opendata.models import Dataset
from sinergi.partnerships.models import (
    Partner,
    PartnerNeed,
    Partnership,
    PartnershipBusiness,
    PartnershipDocument,
)
from sinergi.privacy.models import CorrectionRequest
from sinergi.programs import services as program_services
from sinergi.programs.imports.job import APPLICANT_IMPORT_JOB
from sinergi.programs.models import (
    AidDisbursement,
    Application,
    BudgetLine,
    EligibilityRule,
    Enrollment,
    Program,
    Realisation,
    Session,
)
from sinergi.purchasing.models import Agency, CivilServant, Purchase, PurchaseProgram, TargetRule
from sinergi.regions.models import Region
from sinergi.registry.models import (
    Association,
    AssociationMembership,
    BoardMember,
    Business,
    Cluster,
    LegalDocument,
    Person,
)
from sinergi.reports.models import PeriodicReport
from sinergi.supervision.models import Finding, FollowUp, Inspection, InspectionPlan
from sinergi.workprograms.models import Evidence, ProgressReport, WorkItem, WorkProgram

OWN, OTHER = "17.08", "35.09"
PROVINCE = "17"
PASSWORD = "rahasia-uji-123"  # test-only


@dataclass
class World:
    users: dict[str, User | None]
    tokens: dict[str, str]  # role -> raw API token
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)  # scope -> URL parameter -> value
    # role -> URL parameter -> value: records that belong to a user, not a region (a notification). In the "own"
    # scope the caller's own record; the "other" scope keeps another user's (Jember's officer's).
    mine: dict[str, dict[str, Any]] = field(default_factory=dict)


def _desa(prefix: str) -> str:
    return (
        Region.objects.filter(code__startswith=prefix + ".", level=4).order_by("code").values_list("code", flat=True)[0]
    )


def _region(code: str, n: int, officer: User) -> dict[str, Any]:
    desa = _desa(code)
    nik_area = code.replace(".", "") + "01"
    person = Person.objects.create(name=f"Warga {code}", desa_id=desa, nik=f"{nik_area}5505900{n:03d}"[:16])
    helper = Person.objects.create(name=f"Pengurus {code}", desa_id=desa)
    business = Business.objects.create(name=f"Usaha {code}", owner=person, desa_id=desa)
    twin = Business.objects.create(name=f"Usaha {code} kembar", owner=person, desa_id=desa)
    triplet = Business.objects.create(name=f"Usaha {code} ketiga", owner=person, desa_id=desa)
    document = LegalDocument.objects.create(business=business, kind="nib", number=f"12345678901{n:02d}")
    association = Association.objects.create(name=f"Asosiasi {code}", region_id=code)
    seat = BoardMember.objects.create(association=association, person=helper, role="Ketua")
    membership = AssociationMembership.objects.create(association=association, business=business)

    coop = Cooperative.objects.create(name=f"Koperasi {code}", kind=CooperativeKind.SIMPAN_PINJAM, region_id=code)
    coop_officer = CooperativeOfficer.objects.create(cooperative=coop, person=helper, body="pengurus", role="Ketua")
    coop_member = CooperativeMember.objects.create(cooperative=coop, person=person)
    report = coop_services.annual_report_save(actor=officer, cooperative=coop, fiscal_year=2024, data=report_data())
    assessment = report.assessments.get()
    coop_job = Job.objects.create(kind=IMPORT_JOB, status="succeeded", checkpoint={"region": code, "sheets": []})

    plan = InspectionPlan.objects.create(title=f"Rencana {code}", region_id=code, year=2025)
    inspection = Inspection.objects.create(cooperative=coop, plan=plan)
    finding = Finding.objects.create(inspection=inspection, description="Buku kas tidak lengkap")
    follow_up = FollowUp.objects.create(finding=finding, action="Lengkapi buku kas", due_on=dt.date(2026, 1, 31))

    program = Program.objects.create(
        name=f"Pelatihan {code}", kind="diklat", fiscal_year=2025, region_id=code, status="selection", capacity=5
    )
    line = BudgetLine.objects.create(program=program, source="apbd_kabupaten", amount=Decimal("10000000"))
    realisation = Realisation.objects.create(
        budget_line=line, amount=Decimal("1000000"), spent_on=dt.date(2025, 3, 1), description="Konsumsi"
    )
    rule = EligibilityRule.objects.create(program=program, kind="region", params={"prefixes": [code]})
    application = Application.objects.create(program=program, source="staff", business=business)
    enrollment = Enrollment.objects.create(program=program, business=twin)
    session = Session.objects.create(program=program, title="Hari pertama", held_on=dt.date(2025, 4, 1))
    run = program_services.selection_run(actor=officer, program=program, seed="uji")
    aid = AidDisbursement.objects.create(
        enrollment=enrollment,
        budget_line=line,
        realisation=realisation,
        amount=Decimal("1000000"),
        disbursed_on=dt.date(2025, 3, 1),
    )

    upload = b"nama_usaha;nik_pemilik\nUsaha Baru;\n"
    batch = ingest_services.import_upload(
        actor=officer, stream=io.BytesIO(upload), name="usaha.csv", size=len(upload), region_code=code, source="uji"
    )
    linkage_run = LinkageRun.objects.create(kind="business", region_id=code)
    candidate = MatchCandidate.objects.create(
        run=linkage_run,
        kind="business",
        left_id=business.pk,
        right_id=twin.pk,
        left_region=desa,
        right_region=desa,
        probability=0.99,
        weight=9.0,
        evidence={},
    )
    merged_pair = MatchCandidate.objects.create(
        run=linkage_run,
        kind="business",
        left_id=business.pk,
        right_id=triplet.pk,
        left_region=desa,
        right_region=desa,
        probability=0.98,
        weight=8.0,
        evidence={},
    )
    merge = linkage_services.candidate_merge(actor=officer, candidate=merged_pair, survivor_id=business.pk)
    correction = CorrectionRequest.objects.create(person=person, details="Nama salah eja")
    forum = Forum.objects.create(office_id=code, kind="jhur", title=f"J-HUR {code}", held_on=dt.date(2025, 5, 1))
    heard = dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)
    prefix = code.replace(".", "")
    aspiration = Aspiration.objects.create(
        code=f"{prefix}-{n:05d}-K7QX",
        office_id=code,
        forum=forum,
        text="Butuh pelatihan pemasaran daring",
        desa_id=desa,
        heard_at=heard,
        verify_due=heard + dt.timedelta(days=3),
        plan_due=heard + dt.timedelta(days=10),
    )
    # One the public may follow by its code and read on the forum's page (the one above is secret, the default).
    public_aspiration = Aspiration.objects.create(
        code=f"{prefix}-{n + 10:05d}-M4RT",
        office_id=code,
        forum=forum,
        text="Minta bantuan sertifikat halal",
        desa_id=desa,
        confidentiality=Confidentiality.OPEN,
        who=Who.CONTACT,
        name=f"Warga {code}",
        heard_at=heard,
        verify_due=heard + dt.timedelta(days=3),
        plan_due=heard + dt.timedelta(days=10),
    )
    aspiration_task = Task.objects.create(
        aspiration=aspiration, officer=officer, description="Siapkan stan pameran", due_on=dt.date(2025, 6, 1)
    )
    deadline_rule = DeadlineRule.objects.create(office_id=code, category="training", plan_days=7)
    cluster, _new = Cluster.objects.get_or_create(slug="kuliner", defaults={"name": "Kuliner"})
    product = Product.objects.create(
        business=business, name=f"Kopi {code}", category=cluster, unit="pak", price=Decimal("25000")
    )
    permit = ProductPermit.objects.create(product=product, document=document)
    # The food product above waits for a verified PIRT; a craft needs only the business's NIB, so this one is in the
    # public catalogue (its page, its order link and the business's storefront answer the public).
    crafts, _new = Cluster.objects.get_or_create(slug="kerajinan", defaults={"name": "Kerajinan"})
    listed = Product.objects.create(
        business=business, name=f"Anyaman bambu {code}", category=crafts, unit="buah", price=Decimal("75000")
    )
    Storefront.objects.create(business=business, about="Kopi robusta dan anyaman", whatsapp=f"08123456780{n}")
    partner = Partner.objects.create(office_id=code, kind="university", name=f"Universitas {code}")
    partner_need = PartnerNeed.objects.create(
        partner=partner, direction="offers", topic="training", title="Pelatihan kemasan", cluster=cluster
    )
    partnership = Partnership.objects.create(
        office_id=code, partner=partner, title=f"MoU {code}", starts_on=dt.date(2025, 1, 1)
    )
    partnership_party = PartnershipBusiness.objects.create(partnership=partnership, business=business)
    partnership_document = PartnershipDocument(
        partnership=partnership, name="mou.pdf", content_type="application/pdf", size=9
    )
    partnership_document.file.save("mou.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    ConsignmentEntry.objects.create(product=product, kind="delivered", quantity=5, day=dt.date(2025, 3, 1))
    agency = Agency.objects.create(region_id=code, name=f"Dinas Koperasi {code}")
    servant = CivilServant.objects.create(agency=agency, name=f"ASN {code}", nip=f"1985070520100120{n:02d}")
    purchase = Purchase.objects.create(
        civil_servant=servant, business=business, amount=Decimal("25000"), day=dt.date(2025, 3, 1)
    )
    purchase_program = PurchaseProgram.objects.create(
        region_id=code, name=f"1 ASN 1 Produk {code}", starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31)
    )
    target_rule = TargetRule.objects.create(program=purchase_program, min_amount=Decimal("50000"))
    applicant_job = Job.objects.create(
        kind=APPLICANT_IMPORT_JOB, status="succeeded", checkpoint={"program": program.pk, "result": {}}
    )

    work_program = WorkProgram.objects.create(
        association=association,
        kind="annual",
        title=f"Program kerja {code}",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    work_item = WorkItem.objects.create(
        program=work_program,
        goal="Anggota terlatih",
        activity="Pelatihan pemasaran",
        target_number=Decimal("10"),
        target_unit="anggota",
        deadline=dt.date(2025, 6, 30),
    )
    progress = ProgressReport.objects.create(
        item=work_item, reported_on=dt.date(2025, 3, 1), achieved=Decimal("4"), narrative="Empat anggota ikut"
    )
    evidence = Evidence(report=progress, name="bukti.pdf", content_type="application/pdf", size=9)
    evidence.file.save("bukti.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    token, _raw = api_token_create(actor=system_actor(), user=officer, name=f"token {code}")
    # A submitted dataset whose source no longer exists: every workflow step is refused or invalid, so the
    # matrix's calls never move it; and a published one for the public pages.
    dataset = Dataset.objects.create(
        slug=f"uji-{n}", title=f"Data {code}", producer_office_id=code, producer_unit="Bidang UMKM", source="hilang",
        measure="businesses", year=2025, definition="Uji", formula="Jumlah", unit="usaha", status="submitted",
    )  # fmt: skip
    public = Dataset.objects.create(
        slug=f"terbit-{n}", title=f"Terbit {code}", producer_office_id=code, producer_unit="Bidang UMKM",
        source="businesses", measure="businesses", year=2025, definition="Uji", formula="Jumlah", unit="usaha",
        status="published", table={"columns": ["Jumlah"], "rows": [], "total": [None], "suppressed": 1},
    )  # fmt: skip
    periodic = PeriodicReport.objects.create(
        office_id=code, period_kind="year", year=2025, status="ready", pdf=b"%PDF-1.4\n", xlsx=b"PK"
    )
    p3ke = P3keList.objects.create(region_id=code, label="P3KE 2024", as_of=dt.date(2024, 1, 1))
    P3keEntry.objects.create(list=p3ke, person=person, household=f"KK-{n}", decile=1)
    potential = DesaPotential.objects.create(desa_id=desa, sector="perikanan", source="profile")
    group = Group.objects.create(name=f"Kelompok Nelayan {code}", desa_id=desa, sector="perikanan")
    group_member = GroupMember.objects.create(group=group, person=person, household=f"KK-{n}", decile=1)
    device = Device.objects.create(uuid=f"7d8e6a3c-1f0b-4c61-9a52-3f1de8d0b00{n}", user=officer)
    field_batch = SyncBatch.objects.create(device=device, user=officer, region_code=code, sent=1, conflicts=1)
    field_op = Operation.objects.create(
        device=device, seq=1, op_id=f"7d8e6a3c-1f0b-4c61-9a52-3f1de8d0c00{n}", batch=field_batch, user=officer,
        region_code=desa, kind="update", model="business", record=f"7d8e6a3c-1f0b-4c61-9a52-3f1de8d0d00{n}",
        base={"name": business.name}, changes={"name": "Nama di laptop"}, status=OpStatus.CONFLICT,
    )  # fmt: skip
    field_conflict = Conflict.objects.create(
        operation=field_op, kind=ConflictKind.FIELDS, model="business", object_id=str(business.pk),
        object_repr=business.name, region_code=desa,
        fields={"name": {"base": business.name, "server": business.name, "device": "Nama di laptop"}},
    )  # fmt: skip
    roadmap = Roadmap.objects.create(name=f"Peta Jalan {code}", region_id=code, start_year=2025, end_year=2029)
    goal = Goal.objects.create(roadmap=roadmap, title="Koperasi tumbuh")
    roadmap_target = Target.objects.create(
        goal=goal,
        indicator=Indicator.objects.get(code="koperasi-jumlah"),
        region_id=code,
        year=2026,
        baseline_year=2024,
        baseline=Decimal(1),
        target=Decimal(2),
    )
    ids: dict[str, Any] = {
        "empowerment_potential": potential.pk,
        "empowerment_group": group.pk,
        "empowerment_member": group_member.pk,
        "field_batch": field_batch.pk,
        "field_conflict": field_conflict.pk,
        "person": person.pk,
        "business": business.pk,
        "document": document.pk,
        "association": association.pk,
        "seat": seat.pk,
        "membership": membership.pk,
        "cooperative": coop.pk,
        "coop_officer": coop_officer.pk,
        "coop_member": coop_member.pk,
        "year": 2024,
        "assessment": assessment.pk,
        "coop_job": coop_job.pk,
        "plan": plan.pk,
        "inspection": inspection.pk,
        "finding": finding.pk,
        "follow_up": follow_up.pk,
        "program": program.pk,
        "line": line.pk,
        "realisation": realisation.pk,
        "rule": rule.pk,
        "application": application.pk,
        "enrollment": enrollment.pk,
        "session": session.pk,
        "selection_run": run.pk,
        "aid": aid.pk,
        "batch": batch.pk,
        "linkage_run": linkage_run.pk,
        "candidate": candidate.pk,
        "merge": merge.pk,
        "correction": correction.pk,
        "token": token.pk,
        "applicant_job": applicant_job.pk,
        "cluster": cluster.pk,
        "forum": forum.pk,
        "aspiration": aspiration.pk,
        "aspiration_code": public_aspiration.code,
        "aspiration_category": "training",
        "deadline_rule": deadline_rule.pk,
        "aspiration_task": aspiration_task.pk,
        "product": product.pk,
        "permit": permit.pk,
        "listed_product": listed.pk,
        "work_program": work_program.pk,
        "work_item": work_item.pk,
        "progress": progress.pk,
        "evidence": evidence.pk,
        "step": "submit",
        "dataset": dataset.pk,
        "dataset_slug": public.slug,
        "data_format": "csv",
        "report": periodic.pk,
        "report_kind": "pdf",
        "ckan_action": "package_search",
        "region": code,
        "desa": desa,
        "helper": helper.pk,
        "agency": agency.pk,
        "nip": servant.nip,
        "purchase": purchase.pk,
        "purchase_program": purchase_program.pk,
        "partner": partner.pk,
        "partner_need": partner_need.pk,
        "partnership": partnership.pk,
        "partnership_party": partnership_party.pk,
        "partnership_document": partnership_document.pk,
        "roadmap": roadmap.pk,
        "roadmap_target": roadmap_target.pk,
        "target_rule": target_rule.pk,
        "consignment_month": "2025-03",
    }
    return ids


def build_world() -> World:
    """Both regions' records and one user per role (the self-service roles bound to Kepahiang's records)."""
    system = system_actor()

    def user(name: str, role: str, codes: list[str], **extra: Any) -> User:
        return user_create(actor=system, username=name, password=PASSWORD, role=role, region_codes=codes, **extra)

    kabupaten = user("m_kepahiang", Role.KABUPATEN, [OWN])
    jember = user("m_jember", Role.KABUPATEN, [OTHER])
    ids = {"own": _region(OWN, 1, kabupaten), "other": _region(OTHER, 2, jember)}
    own = ids["own"]
    users: dict[str, User | None] = {
        "anonymous": None,
        "admin": user("m_admin", Role.ADMIN, []),
        "province": user("m_bengkulu", Role.PROVINCE, [PROVINCE]),
        "kabupaten": kabupaten,
        "viewer": user("m_pemantau", Role.VIEWER, [OWN]),
        "cooperative": user("m_koperasi", Role.COOPERATIVE, [], cooperative_id=own["cooperative"]),
        "owner": user("m_pemilik", Role.OWNER, [], person_id=own["person"]),
        "association": user("m_asosiasi", Role.ASSOCIATION, [], association_id=own["association"]),
    }
    tokens: dict[str, str] = {}
    for role, u in users.items():
        if u is not None:
            _token, tokens[role] = api_token_create(actor=system, user=u, name="matrix")
    # The "own" API token is one of the kabupaten officer's own tokens; the "other" one is Jember's.
    own["token"] = ApiToken.objects.filter(user=kabupaten).order_by("pk").values_list("pk", flat=True)[0]
    # A notification for every user; the "other" one is Jember's officer's, someone else's for every role.
    mine: dict[str, dict[str, Any]] = {}
    for role, u in users.items():
        if u is not None:
            note = Notification.objects.create(recipient=u, text=f"Pesan untuk {u.username}", url="/")
            mine[role] = {"notification": note.pk}
    own["notification"] = mine["kabupaten"]["notification"]
    ids["other"]["notification"] = Notification.objects.create(recipient=jember, text="Pesan untuk Jember").pk
    return World(users=users, tokens=tokens, ids=ids, mine=mine)
