"""The indicators the project ships: those the seeds' officials quote (DOMAIN.md, "Figures quoted in the
seeds") and the registry's own counters. Installed by migration 0002 and by ``indicators_install``; an
office changes or adds definitions as data."""

from __future__ import annotations

from typing import Any

CATALOGUE: list[dict[str, Any]] = [
    {
        "code": "koperasi-aktif",
        "name_id": "Persentase koperasi aktif",
        "name_en": "Share of cooperatives active",
        "description": "Koperasi yang menyelenggarakan RAT sesuai aturan keaktifan kantor, dibagi seluruh koperasi.",
        "source": "cooperatives",
        "numerator_filter": {"active": True},
        "denominator_filter": {},
        "disaggregations": ["kind"],
        "unit": "%",
        "decimals": 2,
        "factor": 100,
        "is_key": True,
    },
    {
        "code": "koperasi-jumlah",
        "name_id": "Jumlah koperasi",
        "name_en": "Number of cooperatives",
        "source": "cooperatives",
        "numerator_filter": {},
        "disaggregations": ["kind"],
        "unit": "koperasi",
        "is_key": True,
    },
    {
        "code": "koperasi-tidak-aktif",
        "name_id": "Jumlah koperasi tidak aktif",
        "name_en": "Number of inactive cooperatives",
        "source": "cooperatives",
        "numerator_filter": {"active": False},
        "unit": "koperasi",
        "is_key": True,
    },
    {
        "code": "umkm-bantuan-modal",
        "name_id": "UMKM penerima bantuan modal",
        "name_en": "Micro businesses given capital aid",
        "source": "beneficiaries",
        "numerator_filter": {"program_kind": "bantuan_modal"},
        "unit": "UMKM",
        "is_key": True,
    },
    {
        "code": "umkm-fasilitasi-halal",
        "name_id": "UMKM difasilitasi sertifikat halal",
        "name_en": "UMKM helped to a halal certificate",
        "source": "beneficiaries",
        "numerator_filter": {"certification": "halal", "completed": True},
        "unit": "UMKM",
        "is_key": True,
    },
    {
        "code": "koperasi-fasilitasi-nik",
        "name_id": "Koperasi difasilitasi NIK koperasi",
        "name_en": "Cooperatives helped to an NIK koperasi",
        "source": "beneficiaries",
        "numerator_filter": {"certification": "nik_koperasi", "completed": True},
        "unit": "koperasi",
    },
    {
        "code": "umkm-sertifikat-tanah",
        "name_id": "Pelaku usaha difasilitasi sertifikat tanah",
        "name_en": "Business owners helped to a land certificate",
        "source": "beneficiaries",
        "numerator_filter": {"certification": "land", "completed": True},
        "unit": "orang",
    },
    {
        "code": "umkm-jumlah",
        "name_id": "Jumlah UMKM terdata",
        "name_en": "Number of registered businesses",
        "source": "businesses",
        "numerator_filter": {},
        "disaggregations": ["scale"],
        "unit": "UMKM",
        "is_key": True,
    },
    {
        "code": "umkm-formal",
        "name_id": "Persentase UMKM ber-NIB",
        "name_en": "Share of businesses with an NIB",
        "source": "businesses",
        "numerator_filter": {"has_nib": True},
        "denominator_filter": {},
        "unit": "%",
        "decimals": 2,
        "factor": 100,
    },
    {
        "code": "aspirasi-diterima",
        "name_id": "Aspirasi yang diterima",
        "name_en": "Aspirations heard",
        "source": "aspirations",
        "numerator_filter": {},
        "disaggregations": ["category"],
        "unit": "aspirasi",
    },
    {
        "code": "koperasi-dinilai",
        "name_id": "Penilaian kesehatan koperasi",
        "name_en": "Cooperative health assessments scored",
        "source": "assessments",
        "numerator_filter": {"scored": True},
        "unit": "penilaian",
    },
    {
        "code": "produk-pasar",
        "name_id": "Produk UMKM di katalog pasar",
        "name_en": "UMKM products in the market catalogue",
        "source": "market",
        "numerator_filter": {"offered": True},
        "unit": "produk",
    },
]


def install(indicator_model: Any) -> int:
    """Create the shipped indicators that are missing (an existing code is left as the office changed it)."""
    made = 0
    for position, row in enumerate(CATALOGUE):
        _obj, created = indicator_model.objects.get_or_create(
            code=row["code"], defaults={**row, "position": position, "name_en": row["name_en"]}
        )
        made += int(created)
    return made
