"""The fields of an imported business row and the many ways offices head their columns.

One office writes "Nama Usaha", another "NAMA UMKM", a third puts "Alamat" over "Kecamatan" and
"Desa/Kel.". Headers are compared after normalise_header; a combined two-level label ("Omzet / 2023")
is tried whole, then by its sub-column, then by its parent. detect_mapping gives each field to the one
column that matches it best, so a workbook with "Omzet / 2022" and "Omzet / 2023" imports the latest year.

The downloadable template and its "Petunjuk" sheet are an Indonesian document by design: offices pass
the file around and its header must be recognised whatever language the downloader's page was in, so
their texts are data here (``header``, ``hint``), not interface strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import BinaryIO

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.ingest import workbooks
from sinergi.ingest.headers import FieldSpec, HeaderMatcher, normalise_header

__all__ = ["FieldSpec", "HeaderMatcher", "normalise_header"]  # where the business target's callers found them


def _field(
    key: str, label: Promise, synonyms: str, hint: str, example: str = "", *, required: bool = False
) -> FieldSpec:
    return FieldSpec(key, label, required, tuple(synonyms.split("|")), hint, example)


_SPECS = (
    _field(
        "external_id",
        _("ID in the source"),
        "ID|No. Registrasi|Kode UMKM|ID UMKM|No. Register",
        "Kode unik usaha di data kantor Anda. Bila diisi, impor ulang memperbarui data, tidak menggandakan.",
        "UMKM-0001",
    ),
    _field(
        "business_name",
        _("Business name"),
        "Nama Usaha|Nama UMKM|Nama Toko|Nama Unit Usaha|Nama Perusahaan",
        "Wajib diisi. Nama usaha seperti dikenal pelanggan.",
        "Keripik Pisang Bu Sari",
        required=True,
    ),
    _field(
        "owner_name",
        _("Owner name"),
        "Nama Pemilik|Pemilik|Nama Pelaku Usaha|Nama Pemilik Usaha",
        "Nama lengkap pemilik sesuai KTP.",
        "Sari Wulandari",
    ),
    _field(
        "owner_nik",
        _("Owner NIK"),
        "NIK|NIK Pemilik|No. KTP|Nomor KTP",
        "16 angka NIK pemilik. Tulis sebagai teks agar angka tidak diubah Excel.",
        "1708015508850001",
    ),
    _field("owner_sex", _("Owner sex"), "L/P|Jenis Kelamin|JK", "L (laki-laki) atau P (perempuan).", "P"),
    _field(
        "owner_birth_date",
        _("Owner birth date"),
        "Tanggal Lahir|Tgl Lahir|Tgl. Lahir",
        "Tanggal ditulis hari dulu: 17-08-1985, 17/8/85 atau 17 Agustus 1985.",
        "15-08-1985",
    ),
    _field(
        "phone",
        _("Phone"),
        "No. HP/WA|No HP|Telepon|WA|HP|No. Telp|Nomor HP",
        "Nomor HP atau WhatsApp, mis. 0812-3456-7890.",
        "0812-3456-7890",
    ),
    _field(
        "address",
        _("Address"),
        "Alamat Usaha|Alamat|Jalan|Alamat Lengkap",
        "Jalan, nomor, RT/RW tempat usaha.",
        "Jl. Merdeka No. 5 RT 02",
    ),
    _field("provinsi", _("Province"), "Provinsi|Prov", "Nama provinsi.", "Bengkulu"),
    _field(
        "kabupaten",
        _("Regency/city"),
        "Kabupaten/Kota|Kab/Kota|Kabupaten|Kota",
        "Nama kabupaten atau kota.",
        "Kepahiang",
    ),
    _field("kecamatan", _("District"), "Kecamatan|Kec.", "Nama kecamatan.", "Kepahiang"),
    _field(
        "desa",
        _("Village"),
        "Desa/Kelurahan|Desa/Kel.|Kelurahan|Desa|Kel.",
        "Nama desa atau kelurahan. Wajib diisi bila Kode Wilayah kosong.",
        "Pensiunan",
    ),
    _field(
        "region_code",
        _("Region code"),
        "Kode Wilayah|Kode Desa|Kode Kemendagri",
        "Kode desa/kelurahan Kemendagri, mis. 17.08.01.2001. Wajib diisi bila Desa kosong.",
        "17.08.01.2001",
    ),
    _field(
        "cluster",
        _("Cluster"),
        "Klaster|Kluster|Sektor|Jenis Usaha|Bidang Usaha",
        "Klaster atau sektor usaha, mis. Kuliner, Fesyen, Kriya.",
        "Kuliner",
    ),
    _field("kbli", _("KBLI"), "KBLI|Kode KBLI", "Kode KBLI 2020, 5 angka.", "10794"),
    _field("nib", _("NIB"), "NIB|No. NIB|Nomor Induk Berusaha", "NIB dari OSS, 13 angka.", "1234567890123"),
    _field(
        "halal",
        _("Halal certificate"),
        "Sertifikat Halal|No. Halal|Nomor Sertifikat Halal",
        "Nomor sertifikat halal bila ada.",
        "ID17110000123450823",
    ),
    _field("year", _("Data year"), "Tahun|Tahun Data", "Tahun data, mis. 2024.", "2024"),
    _field(
        "annual_sales",
        _("Annual sales"),
        "Omzet/Tahun|Omzet|Omset|Penjualan per Tahun|Omzet per Tahun",
        "Omzet setahun dalam rupiah: 150.000.000, Rp 150.000.000,-, 150 jt atau 1,5 M.",
        "150.000.000",
    ),
    _field(
        "modal_usaha",
        _("Business capital"),
        "Modal Usaha|Modal|Aset",
        "Modal usaha (di luar tanah dan bangunan) dalam rupiah, mis. 25 jt.",
        "25.000.000",
    ),
    _field(
        "workforce",
        _("Workforce"),
        "Tenaga Kerja|Jumlah TK|Jml Karyawan|Jumlah Tenaga Kerja|Jumlah Karyawan",
        "Jumlah tenaga kerja, bilangan bulat, mis. 3.",
        "3",
    ),
    _field(
        "founded_on",
        _("Founding date"),
        "Tanggal Berdiri|Tgl Berdiri|Tgl. Berdiri|Tahun Berdiri|Berdiri Sejak|Tanggal Pendirian|Tahun Mulai Usaha",
        "Tanggal usaha berdiri (14-09-1996) atau tahunnya saja (1996: dicatat 1 Januari 1996).",
        "14-09-1996",
    ),
    _field("row_number", _("Row number"), "No.|No|Nomor|No. Urut", ""),
)
FIELDS: Mapping[str, FieldSpec] = {spec.key: spec for spec in _SPECS}
# A file must name the village one way or the other: by name (matched within the office's regions) or code.
REQUIRED_ONE_OF: tuple[tuple[str, ...], ...] = (("desa", "region_code"),)
# Fields that are recognised so that they are not reported as unknown, but never imported.
IGNORED = frozenset({"row_number"})
# The mapping's choice for a column with no field: kept with each business as extra data (label: value).
EXTRA = "_extra"
# "Tahun Berdiri" (founding year) must not pass for the data year through a loose prefix match.
_EXACT_ONLY = IGNORED | {"year"}
# detect_layouts' default minimum: the business name and one more known column. A lone "Nama Usaha" cell
# also turns up in explanatory sheets such as the template's own "Petunjuk".
PLAUSIBLE_HEADER_SCORE = 2.0


_SYNONYMS: dict[str, str] = {normalise_header(s): spec.key for spec in _SPECS for s in spec.synonyms}
# Longest first, so that "no hp" wins over "no" as the start of "no hp pemilik".
_PREFIXES = sorted((s for s, key in _SYNONYMS.items() if len(s) >= 3 and key not in _EXACT_ONLY), key=len, reverse=True)


_assign = HeaderMatcher(synonyms=_SYNONYMS, prefixes=_PREFIXES, normalise=normalise_header).assign


def detect_mapping(columns: Sequence[str]) -> dict[int, str | None]:
    """Column index -> field key for every column; each field goes to its best-matching column only."""
    assigned = _assign(columns)
    return {index: assigned[index][0] if index in assigned else None for index in range(len(columns))}


# The columns the rejected-rows download adds around the file's own: not data of the business.
REJECTION_COLUMNS = (_("Source row"), _("Reason for rejection"))


def _rejection_headers() -> set[str]:
    headers: set[str] = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            headers.update(normalise_header(str(label)) for label in REJECTION_COLUMNS)
    return headers


def keep_the_rest(columns: Sequence[str], mapping: Mapping[int, str | None]) -> dict[int, str | None]:
    """``mapping`` with every headed column it leaves out kept as extra data: nothing vanishes unasked.
    The row number and reason columns of a re-imported rejections file stay out."""
    own = _rejection_headers()
    return {
        index: mapping.get(index) or (EXTRA if label.strip() and normalise_header(label) not in own else None)
        for index, label in enumerate(columns)
    }


def score_header(cells: Sequence[str]) -> float:
    """How much ``cells`` look like our header row: the summed match quality of the fields they name.

    Without a business-name column the score stays below PLAUSIBLE_HEADER_SCORE: a summary sheet
    ("Kecamatan | Jumlah UMKM | Omzet") names fields too, but holds no businesses to import.
    """
    assigned = _assign(cells)
    total = sum(quality for key, quality in assigned.values() if key not in IGNORED)
    total += 0.25 * sum(1 for key, _quality in assigned.values() if key in IGNORED)
    if not any(key == "business_name" for key, _quality in assigned.values()):
        return min(total / 10, 0.9)  # below any plausible header, still ranking rows among themselves
    return total


def missing_required(mapping: Mapping[int, str | None]) -> list[str]:
    """Keys of required fields no column maps to; an unmet one-of group appears as "desa|region_code"."""
    present = set(mapping.values())
    missing = [key for key, spec in FIELDS.items() if spec.required and key not in present]
    missing += ["|".join(group) for group in REQUIRED_ONE_OF if not present.intersection(group)]
    return missing


def missing_required_message(missing: Sequence[str]) -> str:
    """One sentence naming the columns a file lacks, for the import page."""
    names = [gettext(" or ").join(str(FIELDS[key].label) for key in entry.split("|")) for entry in missing]
    return gettext("The file has no column for: %(fields)s.") % {"fields": "; ".join(names)}


def write_template(stream: BinaryIO) -> None:
    """The XLSX template offices download: one header row, an example row, and a "Petunjuk" sheet."""
    notes = (
        "Satu baris untuk satu usaha. Baris judul di atas tabel, baris kosong dan kolom No. boleh ada.",
        "Angka rupiah ditulis cara Indonesia: titik untuk ribuan, koma untuk desimal (1.250.000,00).",
        "Tanggal selalu dibaca hari dulu (17-08-2023). Sel tanggal Excel juga diterima.",
    )
    specs = [spec for spec in _SPECS if spec.key not in IGNORED]
    workbooks.write_template(stream, specs=specs, sheet="Data UMKM", notes=notes, colour="#DDEBF7")
