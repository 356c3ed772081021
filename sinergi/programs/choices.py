"""The fixed vocabularies of programs: kinds, targets, statuses, funding sources, rule kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    TRAINING = "diklat", _("Training (diklat)")
    STUDY_TOUR = "studi_banding", _("Study tour (studi banding)")
    CAPITAL_AID = "bantuan_modal", _("Capital aid (bantuan modal)")
    MENTORING = "pendampingan", _("Mentoring (pendampingan)")
    CERTIFICATION = "fasilitasi_sertifikasi", _("Certification help (fasilitasi sertifikasi)")
    OTHER = "other", _("Other")


class CertificationKind(models.TextChoices):
    """What a certification-help program obtains for its beneficiaries."""

    HALAL = "halal", _("Halal certificate")
    NIB = "nib", _("NIB (business identity number)")
    LAND = "land", _("Land certificate")
    NIK_KOPERASI = "nik_koperasi", _("NIK koperasi")
    MEREK = "merek", _("Trademark (merek)")


# The registry document a certification program leads to; NIK koperasi lives on the cooperative itself.
CERTIFICATION_DOCUMENT = {
    CertificationKind.HALAL: "halal",
    CertificationKind.NIB: "nib",
    CertificationKind.LAND: "land",
    CertificationKind.MEREK: "hki",
}


class Target(models.TextChoices):
    """Who a program is for."""

    BUSINESS = "business", _("Businesses (UMKM)")
    PERSON = "person", _("Persons")
    COOPERATIVE = "cooperative", _("Cooperatives")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    SELECTION = "selection", _("Selection")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


# Allowed moves of ProgramStatus; the program service refuses any other.
TRANSITIONS: dict[str, frozenset[str]] = {
    ProgramStatus.DRAFT: frozenset({ProgramStatus.OPEN}),
    ProgramStatus.OPEN: frozenset({ProgramStatus.DRAFT, ProgramStatus.SELECTION}),
    ProgramStatus.SELECTION: frozenset({ProgramStatus.OPEN, ProgramStatus.RUNNING}),
    ProgramStatus.RUNNING: frozenset({ProgramStatus.CLOSED}),
    ProgramStatus.CLOSED: frozenset(),
}


class FundingSource(models.TextChoices):
    APBD_KABUPATEN = "apbd_kabupaten", _("APBD kabupaten/kota")
    APBD_PROVINSI = "apbd_provinsi", _("APBD provinsi")
    APBN = "apbn", _("APBN")
    DAK_FISIK = "dak_fisik", _("DAK fisik")
    DAK_NON_FISIK = "dak_non_fisik", _("DAK non-fisik")
    OTHER = "other", _("Other")


class RuleKind(models.TextChoices):
    """Eligibility rule kinds; their parameters are described in docs/programs.md and checked by rules.py."""

    LEGALITY = "legality", _("Legality (NIB, documents)")
    SCALE = "scale", _("Business scale")
    CLUSTER = "cluster", _("Cluster")
    REGION = "region", _("Region")
    POVERTY = "poverty", _("Poverty decile (P3KE)")
    GENDER = "gender", _("Gender")
    AGE = "age", _("Age")
    NOT_AIDED = "not_aided", _("Not aided recently")
    COOPERATIVE_HEALTH = "cooperative_health", _("Cooperative health")


class ApplicationSource(models.TextChoices):
    STAFF = "staff", _("Entered by office staff")
    IMPORT = "import", _("Imported")
    SELF_SERVICE = "self_service", _("Applied online (self-service)")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped out")


class OutcomeKind(models.TextChoices):
    DOCUMENT = "document", _("Document obtained")
    NIK_KOPERASI = "nik_koperasi", _("NIK koperasi obtained")
    SURVEY = "survey", _("Follow-up survey")
    OTHER = "other", _("Other")
