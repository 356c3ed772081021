"""The Satu Data workflow, the public files, the CKAN action API read by ckanapi, the DCAT JSON-LD by rdflib."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from ckanapi import NotFound, RemoteCKAN  # type: ignore[import-untyped]
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from conftest import village
from sinergi.opendata import services
from sinergi.opendata.models import Dataset, DatasetStatus
from sinergi.opendata.published import flat_records
from sinergi.registry.models import Business

DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")

DATA = {
    "slug": "umkm-skala",
    "title": "Jumlah UMKM menurut skala usaha",
    "producer_unit": "Bidang UMKM",
    "source": "businesses",
    "measure": "businesses",
    "breakdown": "scale",
    "year": 2025,
    "definition": "Banyaknya usaha mikro, kecil dan menengah yang terdaftar.",
    "interpretation": "Semakin besar, semakin banyak usaha terdaftar.",
    "formula": "Jumlah usaha terdaftar",
    "unit": "usaha",
    "disaggregation": "Kabupaten/kota, skala usaha",
    "estimation_level": "kabupaten",
    "frequency": "annual",
    "licence": "cc-by",
    "tags": "umkm, skala",
}


@pytest.fixture
def custodian(bengkulu_officer):
    bengkulu_officer.user_permissions.add(Permission.objects.get(codename="custody_dataset"))
    return type(bengkulu_officer).objects.get(pk=bengkulu_officer.pk)


@pytest.fixture
def businesses(regions):
    for i in range(12):
        Business.objects.create(name=f"Mikro {i}", desa_id=village("17.08", i % 2), scale="mikro")
    for i in range(2):
        Business.objects.create(name=f"Kecil {i}", desa_id=village("17.08"), scale="kecil")


def _published(kepahiang_officer, custodian, **changes) -> Dataset:
    dataset = services.dataset_create(actor=kepahiang_officer, producer_office="17.08", data={**DATA, **changes})
    services.dataset_submit(actor=kepahiang_officer, dataset=dataset)
    return services.dataset_publish(actor=custodian, dataset=dataset)


@pytest.mark.django_db
def test_producer_submits_custodian_returns_with_reason_then_publishes(businesses, kepahiang_officer, custodian):
    dataset = services.dataset_create(actor=kepahiang_officer, producer_office="17.08", data=DATA)
    with pytest.raises(PermissionDenied):
        services.dataset_publish(actor=kepahiang_officer, dataset=dataset)  # a producer is not the walidata
    services.dataset_submit(actor=kepahiang_officer, dataset=dataset)
    with pytest.raises(ValidationError):
        services.dataset_return(actor=custodian, dataset=dataset, reason=" ")
    services.dataset_return(actor=custodian, dataset=dataset, reason="Definisi kurang jelas")
    assert dataset.status == DatasetStatus.RETURNED
    assert dataset.return_reason == "Definisi kurang jelas"
    services.dataset_update(
        actor=kepahiang_officer, dataset=dataset, data={"definition": "Usaha terdaftar di Sinergi."}
    )
    services.dataset_submit(actor=kepahiang_officer, dataset=dataset)
    services.dataset_publish(actor=custodian, dataset=dataset)
    assert dataset.status == DatasetStatus.PUBLISHED
    # Kepahiang: 12 micro, 2 small (suppressed), so its total and another cell of the scale column go too.
    assert dataset.table is not None
    (row,) = dataset.table["rows"]
    assert dataset.table["columns"] == ["Micro (mikro)", "Small (kecil)", "Jumlah"]
    assert row["values"][1] is None
    assert sum(v is None for v in row["values"]) >= 2
    records = flat_records(dataset)
    assert all(r["keterangan"] for r in records if r["nilai"] is None)


@pytest.mark.django_db
def test_a_kabupaten_officer_sees_only_its_own_workspace(businesses, kepahiang_officer, jember_officer, client):
    dataset = services.dataset_create(actor=kepahiang_officer, producer_office="17.08", data=DATA)
    client.force_login(jember_officer)
    assert client.get(reverse("opendata_detail", args=[dataset.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.dataset_submit(actor=jember_officer, dataset=dataset)
    client.force_login(kepahiang_officer)
    page = client.get(reverse("opendata_detail", args=[dataset.pk]))
    assert page.status_code == 200
    assert "Preview" in page.content.decode()


@pytest.mark.django_db
def test_downloads_without_login_only_once_published(businesses, kepahiang_officer, custodian, client):
    dataset = _published(kepahiang_officer, custodian, breakdown="")
    response = client.get(reverse("opendata_download", args=[dataset.slug, "csv"]))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert [(r["kode_wilayah"], r["kategori"], r["nilai"]) for r in rows] == [("17.08", "Jumlah", "14")] * 2
    body = json.loads(client.get(reverse("opendata_download", args=[dataset.slug, "json"])).content)
    assert body["data"][0]["nilai"] == 14
    assert client.get(reverse("opendata_download", args=[dataset.slug, "xlsx"])).status_code == 200
    services.dataset_withdraw(actor=custodian, dataset=dataset)
    assert client.get(reverse("opendata_download", args=[dataset.slug, "csv"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_ckanapi_reads_our_action_api(live_server, businesses, kepahiang_officer, custodian):
    first = _published(kepahiang_officer, custodian)
    _published(
        kepahiang_officer, custodian, slug="umkm-klaster", title="Jumlah UMKM menurut klaster", breakdown="cluster"
    )
    ckan = RemoteCKAN(live_server.url)
    found = ckan.action.package_search(q="klaster", rows=10)
    assert found["count"] == 1
    assert found["results"][0]["name"] == "umkm-klaster"
    page = ckan.action.package_search(fq="organization:dinas-17-08", rows=1, start=1)
    assert page["count"] == 2
    assert len(page["results"]) == 1
    package = ckan.action.package_show(id=first.slug)
    assert {e["key"]: e["value"] for e in package["extras"]}["kode_wilayah_produsen"] == "17.08"
    assert {r["format"] for r in package["resources"]} == {"CSV", "XLSX", "JSON"}
    assert ckan.action.organization_list() == ["dinas-17-08"]
    with pytest.raises(NotFound):
        ckan.action.package_show(id="tidak-ada")


@pytest.mark.django_db
def test_dcat_catalogue_parses_and_marks_withdrawn(businesses, kepahiang_officer, custodian, client):
    kept = _published(kepahiang_officer, custodian)
    gone = _published(kepahiang_officer, custodian, slug="ditarik", title="Ditarik")
    services.dataset_withdraw(actor=custodian, dataset=gone)
    Dataset.objects.filter(pk=kept.pk).update(modified_at=timezone.now() - dt.timedelta(days=30))
    response = client.get(reverse("opendata_dcat"))
    graph = Graph().parse(data=response.content.decode(), format="json-ld")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 2
    withdrawn = {s for s in datasets if (s, ADMS.status, URIRef("http://purl.org/adms/status/Withdrawn")) in graph}
    assert len(withdrawn) == 1
    assert not list(graph.objects(next(iter(withdrawn)), DCAT.distribution))
    since = (timezone.now() - dt.timedelta(days=1)).date().isoformat()
    recent = Graph().parse(
        data=client.get(reverse("opendata_dcat"), {"modified_since": since}).content.decode(), format="json-ld"
    )
    titles = {str(t) for t in recent.objects(None, DCTERMS.title)}
    assert "Ditarik" in titles
    assert kept.title not in titles
