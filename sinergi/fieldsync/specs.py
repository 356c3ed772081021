"""The records that travel between the server and field devices, and how each is written.

Each ``Spec`` names a model, the fields a device may write (the service's own input fields), the references to
other travelling records (sent as their UUIDs, ``RecordKey``), the fields only the server sets (sent on pull, never
accepted from a device), where the record's region is, and the services that create, update and delete it. A
device's operation goes through these services with the caller as actor, so the same checks and validation hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.aspirations import services as aspiration_services
from sinergi.aspirations.models import Aspiration
from sinergi.core.changelog import _json_ready
from sinergi.core.models import ChangeSource
from sinergi.regions.models import Region
from sinergi.registry import services as registry_services
from sinergi.registry.models import Business, Person
from sinergi.registry.services._base import BUSINESS_FIELDS, PERSON_FIELDS

API = ChangeSource.API
Values = dict[str, Any]


@dataclass(frozen=True)
class Spec:
    """How one model travels (see the module's docstring)."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    region_field: str
    create: Callable[[User, Values], models.Model]
    update: Callable[[User, Any, Values], models.Model]
    delete: Callable[[User, Any], None] | None = None
    refs: Mapping[str, str] = field(default_factory=dict)
    server_fields: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()  # set at creation, never changed by an update

    @property
    def wire_fields(self) -> tuple[str, ...]:
        return self.fields + self.server_fields

    def region_of(self, instance: models.Model) -> str:
        return str(getattr(instance, self.region_field) or "")

    def label(self) -> str:
        return str(self.model._meta.verbose_name)


def _business_create(actor: User, values: Values) -> models.Model:
    return registry_services.business_create(actor=actor, data=values, source=API)


def _business_update(actor: User, business: Any, values: Values) -> models.Model:
    return registry_services.business_update(actor=actor, business=business, data=values, source=API)


def _business_delete(actor: User, business: Any) -> None:
    registry_services.business_delete(actor=actor, business=business, source=API)


def _person_create(actor: User, values: Values) -> models.Model:
    return registry_services.person_create(actor=actor, data=values, source=API)


def _person_update(actor: User, person: Any, values: Values) -> models.Model:
    return registry_services.person_update(actor=actor, person=person, data=values, source=API)


def _aspiration_create(actor: User, values: Values) -> models.Model:
    values = dict(values)
    office = Region.objects.filter(pk=values.pop("office_id", None) or "").first()
    if office is None:
        raise ValidationError({"office_id": _("Choose the office (a province or a regency/city).")})
    return aspiration_services.aspiration_record(actor=actor, office=office, data=values, source=API)


def _aspiration_update(actor: User, aspiration: Any, values: Values) -> models.Model:
    return aspiration_services.aspiration_update(actor=actor, aspiration=aspiration, data=values, source=API)


ASPIRATION_FIELDS = (
    "office_id",
    "who",
    "business_id",
    "person_id",
    "name",
    "phone",
    "email",
    "text",
    "category",
    "cluster_id",
    "desa_id",
    "channel",
    "heard_at",
    "confidentiality",
    "external_ref",
)

SPECS: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec(
            key="person",
            model=Person,
            fields=PERSON_FIELDS,
            region_field="desa_id",
            create=_person_create,
            update=_person_update,
        ),
        Spec(
            key="business",
            model=Business,
            fields=BUSINESS_FIELDS,
            region_field="desa_id",
            create=_business_create,
            update=_business_update,
            delete=_business_delete,
            refs={"owner_id": "person"},
            server_fields=("scale", "has_nib", "has_halal", "search_text"),
        ),
        Spec(
            key="aspiration",
            model=Aspiration,
            fields=ASPIRATION_FIELDS,
            region_field="office_id",
            create=_aspiration_create,
            update=_aspiration_update,
            refs={"business_id": "business", "person_id": "person"},
            server_fields=(
                "code",
                "status",
                "outcome",
                "outcome_note",
                "unit",
                "verify_due",
                "plan_due",
                "plan",
                "answer",
            ),
            fixed=("office_id", "heard_at"),
        ),
    )
}
# The order a checkout copies them in: what is referred to comes first.
ORDER = ("person", "business", "aspiration")
MODEL_KEYS = {spec.model: key for key, spec in SPECS.items()}


def spec_for(instance_or_model: models.Model | type[models.Model]) -> Spec | None:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    key = MODEL_KEYS.get(model)
    return SPECS[key] if key else None


def field_of(spec: Spec, name: str) -> Any:
    return spec.model._meta.get_field(name)


def to_python(spec: Spec, name: str, value: Any) -> Any:
    """A wire value (JSON) as the model field holds it: dates, decimals and times parsed, refs left as they are."""
    if value is None or value == "":
        return value
    return field_of(spec, name).to_python(value)


def same(spec: Spec, name: str, a: Any, b: Any) -> bool:
    """Whether two wire values of ``name`` are the same value (JSON spellings of one date or amount differ)."""
    if name in spec.refs:
        return str(a or "") == str(b or "")
    try:
        pa, pb = to_python(spec, name, a), to_python(spec, name, b)
    except ValidationError:
        return bool(a == b)
    empty = (None, "")
    if pa in empty and pb in empty:
        return True
    return bool(pa == pb)


def wire_values(
    spec: Spec, instance: models.Model, names: Iterable[str], keys: Mapping[tuple[str, str], str]
) -> Values:
    """The named fields of ``instance`` as JSON-ready values, references as UUIDs (``keys``: (model, pk) → uuid;
    a reference to a record that does not travel is sent as None)."""
    out: Values = {}
    for name in names:
        value = getattr(instance, name)
        if name in spec.refs:
            out[name] = keys.get((spec.refs[name], str(value))) if value is not None else None
        else:
            out[name] = _json_ready(value)
    return out
