"""What a harvester reads: CKAN action API answers (package_search, package_show, organization_list in
CKAN's envelope {"help", "success", "result"}) and a DCAT catalogue in JSON-LD, where a withdrawn dataset
stays listed, marked withdrawn, so that a harvester drops its copy instead of keeping it stale."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from sinergi.opendata.models import Dataset, DatasetStatus
from sinergi.opendata.selectors import organization_name

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def office_title(dataset_or_region: Any) -> str:
    region = getattr(dataset_or_region, "producer_office", dataset_or_region)
    return _("Cooperative and SME Office %(region)s") % {"region": region.display_name}


def organization_dict(region: Any) -> dict[str, Any]:
    name = organization_name(region.code)
    return {"id": name, "name": name, "title": office_title(region), "type": "organization", "state": "active",
            "is_organization": True, "extras": [{"key": "kode_wilayah", "value": region.code}]}  # fmt: skip


def _download(request: HttpRequest, dataset: Dataset, fmt: str) -> str:
    return request.build_absolute_uri(reverse("opendata_download", args=[dataset.slug, fmt]))


def package_dict(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    """A dataset as CKAN's package_show gives it; the MS-Ind metadata travel as extras."""
    public = dataset.status == DatasetStatus.PUBLISHED
    extras = {
        "definisi": dataset.definition,
        "interpretasi": dataset.interpretation,
        "rumus": dataset.formula,
        "satuan": dataset.unit,
        "variabel_disagregasi": dataset.disaggregation,
        "level_estimasi": dataset.get_estimation_level_display(),
        "kode_wilayah_produsen": dataset.producer_office_id,
        "produsen_data": dataset.producer_unit,
        "frekuensi": dataset.get_frequency_display(),
        "periode": str(dataset.year),
    }
    return {
        "id": str(dataset.uid),
        "name": dataset.slug,
        "title": dataset.title,
        "type": "dataset",
        "notes": dataset.definition,
        "state": "active" if public else "deleted",
        "private": False,
        "license_id": dataset.licence,
        "license_title": dataset.get_licence_display(),
        "license_url": dataset.licence_url,
        "metadata_created": dataset.created_at.isoformat(),
        "metadata_modified": dataset.modified_at.isoformat(),
        "owner_org": organization_name(dataset.producer_office_id),
        "organization": organization_dict(dataset.producer_office),
        "tags": [{"name": t, "display_name": t} for t in dataset.tag_list()],
        "extras": [{"key": k, "value": v} for k, v in extras.items()],
        "resources": [
            {
                "id": f"{dataset.uid}-{fmt}",
                "package_id": str(dataset.uid),
                "name": f"{dataset.title} ({fmt.upper()})",
                "format": fmt.upper(),
                "mimetype": mime,
                "url": _download(request, dataset, fmt),
            }
            for fmt, mime in FORMATS.items()
        ]
        if public
        else [],
        "num_resources": len(FORMATS) if public else 0,
        "num_tags": len(dataset.tag_list()),
    }


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
WITHDRAWN = "http://purl.org/adms/status/Withdrawn"
COMPLETED = "http://purl.org/adms/status/Completed"
PERIODICITY = {
    "annual": "http://purl.org/cld/freq/annual",
    "semester": "http://purl.org/cld/freq/semiannual",
    "quarterly": "http://purl.org/cld/freq/quarterly",
    "monthly": "http://purl.org/cld/freq/monthly",
}


def _when(value: Any) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def dcat_dataset(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    uri = request.build_absolute_uri(reverse("opendata_public_detail", args=[dataset.slug]))
    withdrawn = dataset.status == DatasetStatus.WITHDRAWN
    node: dict[str, Any] = {
        "@id": uri,
        "@type": "dcat:Dataset",
        "dct:identifier": str(dataset.uid),
        "dct:title": dataset.title,
        "dct:description": dataset.definition,
        "dct:modified": _when(dataset.modified_at),
        "dct:license": {"@id": dataset.licence_url},
        "dct:spatial": dataset.producer_office_id,
        "dct:temporal": str(dataset.year),
        "dct:accrualPeriodicity": {"@id": PERIODICITY[dataset.frequency]},
        "dct:publisher": {
            "@id": request.build_absolute_uri("/data/#" + organization_name(dataset.producer_office_id)),
            "@type": "foaf:Organization",
            "foaf:name": office_title(dataset),
        },
        "dcat:keyword": dataset.tag_list(),
        "adms:status": {"@id": WITHDRAWN if withdrawn else COMPLETED},
    }
    if dataset.published_at:
        node["dct:issued"] = _when(dataset.published_at)
    if withdrawn:
        node["owl:deprecated"] = True
    else:
        node["dcat:distribution"] = [
            {
                "@id": _download(request, dataset, fmt),
                "@type": "dcat:Distribution",
                "dcat:downloadURL": {"@id": _download(request, dataset, fmt)},
                "dcat:mediaType": mime,
                "dct:format": fmt.upper(),
            }
            for fmt, mime in FORMATS.items()
        ]
    return node


def dcat_catalogue(request: HttpRequest, datasets: list[Dataset]) -> dict[str, Any]:
    return {
        "@context": DCAT_CONTEXT,
        "@id": request.build_absolute_uri(reverse("opendata_dcat")),
        "@type": "dcat:Catalog",
        "dct:title": _("Sinergi open data"),
        "dcat:dataset": [dcat_dataset(request, d) for d in datasets],
    }
