"""The registry: persons, businesses (UMKM) with their yearly figures and legal documents, clusters,
associations with their board and members."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel, import_key_field
from sinergi.registry.search import SearchTextField


class Sex(models.TextChoices):
    MALE = "L", _("Male (laki-laki)")
    FEMALE = "P", _("Female (perempuan)")


class Person(TimeStampedModel):
    """A natural person: a business owner, an association's board member, a participant."""

    nik = models.CharField(
        _("NIK"), max_length=16, unique=True, null=True, blank=True, help_text=_("National identity number, 16 digits.")
    )
    name = models.CharField(_("name"), max_length=150, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("Stored as +62…"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("village (desa/kelurahan)"), on_delete=models.PROTECT, related_name="+"
    )
    poverty_decile = models.PositiveSmallIntegerField(
        _("poverty decile (P3KE)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Household welfare decile 1–10 from the P3KE list the office receives (1 = poorest); blank when the "
            "person is not on the list."
        ),
    )
    # db_default: the bulk writers COPY persons with a fixed column list and must not need to know this one.
    poverty_source = models.CharField(
        _("poverty data source"),
        max_length=80,
        blank=True,
        default="",
        db_default="",
        help_text=_("Where the decile comes from, e.g. “P3KE 2023”."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A business cluster an office manages (batik, kriya, kuliner/pangan, …)."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Scale(models.TextChoices):
    """UMKM scale per PP 7/2021 Pasal 35 (and "besar" above it)."""

    MIKRO = "mikro", _("Micro (mikro)")
    KECIL = "kecil", _("Small (kecil)")
    MENENGAH = "menengah", _("Medium (menengah)")
    BESAR = "besar", _("Large (besar)")


class Business(TimeStampedModel):
    """A business (UMKM) in the register.

    ``scale``, ``has_nib`` and ``has_halal`` are kept up to date by the registry services so that lists
    of a million businesses filter on plain indexed columns; ``search_text`` likewise holds the words of
    the name, owner and address for the search box (see registry/search.py).
    """

    name = models.CharField(_("business name"), max_length=200)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="businesses"
    )
    desa = models.ForeignKey(
        "regions.Region", verbose_name=_("village (desa/kelurahan)"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    kbli = models.CharField(
        _("KBLI code"), max_length=5, blank=True, help_text=_("KBLI 2020 business classification, 5 digits.")
    )
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), null=True, blank=True, on_delete=models.PROTECT, related_name="businesses"
    )
    workforce = models.PositiveIntegerField(_("workforce"), null=True, blank=True)
    founded_on = models.DateField(
        _("founded on"), null=True, blank=True, help_text=_("When only the year is known: 1 January of that year.")
    )
    # Columns of an imported file that have no field here, kept as the file headed them: label → value.
    # (db_default too: the bulk loader's COPY leaves the column out.)
    extra = models.JSONField(_("other data"), default=dict, db_default=models.Value({}, models.JSONField()), blank=True)
    scale = models.CharField(
        _("scale"),
        max_length=10,
        choices=Scale.choices,
        blank=True,
        db_index=True,
        help_text=_("From the latest yearly figures (PP 7/2021)."),
    )
    has_nib = models.BooleanField(_("formal (has NIB)"), default=False, db_index=True)
    has_halal = models.BooleanField(_("halal certified"), default=False, db_index=True)
    search_text = SearchTextField(editable=False, default="")
    external_ref = import_key_field()

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["desa", "name"], name="business_desa_name_idx"),
            models.Index(fields=["cluster", "desa"], name="business_cluster_desa_idx"),
            models.Index(fields=["name", "id"], name="business_name_id_idx"),
            # The list is ordered by (name, id); these let a filtered list read its first page in order.
            models.Index(fields=["cluster", "name", "id"], name="business_cluster_name_idx"),
            models.Index(fields=["scale", "name", "id"], name="business_scale_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class BusinessYear(models.Model):
    """A business's figures for one year, and the scale they give under the rule in force."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    modal_usaha = models.DecimalField(
        _("business capital (modal usaha)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Rupiah, excluding land and buildings."),
    )
    annual_sales = models.DecimalField(
        _("annual sales (hasil penjualan tahunan)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    workforce = models.PositiveIntegerField(_("workforce"), null=True, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices)
    scale_rule = models.CharField(_("rule"), max_length=40)

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["business", "year"], name="business_year_unique")]

    def __str__(self) -> str:
        return f"{self.business} {self.year}"


class DocumentKind(models.TextChoices):
    NIB = "nib", _("NIB (business identity number)")
    HALAL = "halal", _("Halal certificate")
    PIRT = "pirt", _("PIRT (home-industry food permit)")
    BPOM = "bpom", _("BPOM registration")
    SNI = "sni", _("SNI certificate")
    HKI = "hki", _("Trademark / IP (HKI, merek)")
    LAND = "land", _("Land certificate")
    NPWP = "npwp", _("NPWP (tax number)")
    OTHER = "other", _("Other")


class LegalDocument(TimeStampedModel):
    """A permit, certificate or registration a business holds."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=80)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    issuer = models.CharField(_("issuer"), max_length=120, blank=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["kind", "-issued_on"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="legal_document_kind_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Association(TimeStampedModel):
    """An association of businesses (asosiasi UMKM) with its term of office."""

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    inaugurated_on = models.DateField(_("inaugurated on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    members: models.ManyToManyField[Business, AssociationMembership] = models.ManyToManyField(
        Business, through="AssociationMembership", related_name="associations"
    )

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    """A person's seat on an association's board (pengurus) for a term."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="board")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=80, help_text=_("e.g. Ketua, Sekretaris, Bendahara"))
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("board member")
        verbose_name_plural = _("board members")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.role}: {self.person}"


class AssociationMembership(models.Model):
    """A business's membership of an association."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="memberships")
    business = models.ForeignKey(
        Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["association", "business"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.business} ∈ {self.association}"


class MergeKind(models.TextChoices):
    PERSON = "person", _("person")
    BUSINESS = "business", _("business")


class Merge(models.Model):
    """Two records found to be one: ``merged_id`` was folded into ``survivor_id``.

    Everything needed to undo it is kept: the merged record as it was, the survivor's fields before the
    merge, which rows were re-pointed from one to the other, and the rows removed because the survivor
    already had their equivalent (e.g. the same year's figures).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=MergeKind.choices)
    survivor_id = models.BigIntegerField(_("kept record"))
    merged_id = models.BigIntegerField(_("merged record"))
    region_code = models.CharField(_("village"), max_length=13, db_index=True, help_text="the kept record's village")
    merged = models.JSONField(_("merged record as it was"))
    survivor_before = models.JSONField(_("kept record before the merge"))
    moved = models.JSONField(default=list, help_text="[{model, field, ids}] re-pointed to the survivor")
    removed = models.JSONField(default=list, help_text="[{model, rows}] dropped as duplicates of the survivor's")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("merged by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("merged at"), default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "merged_id"], name="merge_kind_merged_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.merged_id} → {self.survivor_id}"


class ExternalRefAlias(models.Model):
    """The import key of a business merged away, so re-importing its source row updates the survivor."""

    ref = models.CharField(_("external reference"), max_length=100, unique=True)
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="ref_aliases")
    merge = models.ForeignKey(Merge, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("external reference alias")
        verbose_name_plural = _("external reference aliases")

    def __str__(self) -> str:
        return self.ref
