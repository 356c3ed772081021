"""The columns of an annual-report import and the ways offices head them.

One office writes "Total Aset", another "Jumlah Aktiva (Rp)", a third merges "Simpanan" over "Pokok" |
"Wajib" | "Sukarela" or "Kewajiban" over "Lancar" | "Jangka Panjang". Headers are compared after the
business import's normalise_header (which also joins a two-level label "Simpanan / Pokok" into
"simpanan pokok"); a trailing unit ("(Rp)", "orang") is dropped. A label is tried whole, then, for a
two-level label, by its sub-column ("Kolektibilitas / Lancar" → "lancar") and by its parent; a header that
only starts with a known multi-word name ("Total Aset Akhir Tahun") is a weaker match. Each field goes to
the one column that names it best.

As with the business template (sinergi.ingest.columns), the template's headers and its "Petunjuk" sheet are an
Indonesian document by design, so their texts are data here, not interface strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import BinaryIO

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sinergi.cooperatives.services.reports import MONEY_FIELDS
from sinergi.ingest import workbooks
from sinergi.ingest.headers import FieldSpec, HeaderMatcher, normalise_header

# Written in front of and behind the columns of a rejected-rows file, recognised and skipped on re-import.
SOURCE_ROW_HEADER = "Baris Asal"
REASON_HEADER = "Alasan Ditolak"


def _f(key: str, label: Promise, synonyms: str, hint: str, example: str = "", *, required: bool = False) -> FieldSpec:
    return FieldSpec(key, label, required, tuple(synonyms.split("|")), hint, example)


_MONEY_HINT = "Rupiah: 1.250.000,00, Rp 5.000.000, 5 jt atau 1,5 M."
_COOPERATIVE_SPECS = (
    _f(
        "name",
        _("Cooperative name"),
        "Nama Koperasi|Nama KSP|Nama Koperasi/KSP|Koperasi",
        "Wajib diisi. Dicocokkan dengan koperasi yang terdaftar (huruf besar/kecil dan tanda baca diabaikan).",
        "KSP Maju Bersama",
        required=True,
    ),
    _f(
        "nik_koperasi",
        _("NIK koperasi"),
        "NIK Koperasi|NIK|Nomor Induk Koperasi|No. Induk Koperasi",
        "Nomor Induk Koperasi dari ODS. Bila diisi, koperasi dicocokkan dengan NIK ini. Tulis sebagai teks.",
        "1708010020001",
    ),
    _f(
        "region_code",
        _("Region code"),
        "Kode Wilayah|Kode Desa|Kode Kemendagri",
        "Kode Kemendagri desa/kelurahan (17.08.01.2001) atau kecamatan (17.08.01).",
        "17.08.01.2001",
    ),
    _f("kecamatan", _("District"), "Kecamatan|Kec.", "Nama kecamatan.", "Bermani Ilir"),
    _f(
        "desa",
        _("Village"),
        "Desa/Kelurahan|Desa/Kel.|Kelurahan|Desa|Kel.",
        "Nama desa/kelurahan. Untuk koperasi baru isi Kode Wilayah, Desa atau Kecamatan.",
        "Kota Agung",
    ),
    _f("address", _("Address"), "Alamat|Alamat Koperasi|Alamat Lengkap", "Alamat kantor koperasi.", "Jl. Merdeka 5"),
    _f(
        "kind",
        _("Type (jenis)"),
        "Jenis|Jenis Koperasi",
        "Untuk koperasi baru: KSP (simpan pinjam), KSPPS (syariah), Produsen, Konsumen, Pemasaran atau Jasa.",
        "KSP",
    ),
    _f("tier", _("Tier (bentuk)"), "Bentuk|Bentuk Koperasi", "Primer atau Sekunder (kosong: primer).", "Primer"),
    _f(
        "legal_entity_number",
        _("Legal entity number (badan hukum)"),
        "No. Badan Hukum|Nomor Badan Hukum|Badan Hukum|No. BH",
        "Nomor badan hukum, untuk koperasi baru.",
        "123/BH/XVII/2010",
    ),
)
_REPORT_SPECS = (
    _f(
        "fiscal_year",
        _("Fiscal year"),
        "Tahun Buku|Tahun|Tahun Laporan|Periode",
        "Wajib diisi (atau pilih tahun di halaman impor). Satu koperasi satu baris per tahun buku.",
        "2023",
    ),
    _f(
        "rat_held",
        _("RAT held"),
        "RAT|Sudah RAT|RAT Dilaksanakan|Pelaksanaan RAT|Status RAT|RAT Ya/Tidak",
        "Ya atau Tidak. Kosong tetapi Tanggal RAT diisi: dianggap Ya.",
        "Ya",
    ),
    _f(
        "rat_date",
        _("RAT date"),
        "Tanggal RAT|Tgl RAT|Tgl. RAT|Waktu RAT|RAT Tanggal|RAT Tgl",
        "Tanggal ditulis hari dulu: 17-03-2024 atau 17 Maret 2024.",
        "17-03-2024",
    ),
    _f(
        "rat_attendance",
        _("Members present at the RAT"),
        "Hadir RAT|Anggota Hadir RAT|Jumlah Hadir RAT|Kehadiran RAT|RAT Hadir|RAT Jumlah Hadir",
        "Bilangan bulat.",
        "80",
    ),
    _f(
        "members_end",
        _("Members at year end"),
        "Jumlah Anggota|Anggota|Jml Anggota|Anggota Akhir Tahun",
        "Bilangan bulat.",
        "120",
    ),
    _f("members_male", _("Male members"), "Anggota Laki-laki|Anggota L|Laki-laki", "Bilangan bulat.", "70"),
    _f("members_female", _("Female members"), "Anggota Perempuan|Anggota P|Perempuan", "Bilangan bulat.", "50"),
    _f("staff", _("Employees"), "Karyawan|Jumlah Karyawan|Jml Karyawan|Pegawai", "Bilangan bulat.", "4"),
    _f(
        "total_assets", _("Total assets"), "Total Aset|Jumlah Aset|Total Aktiva|Jumlah Aktiva|Aset", "", "1.250.000.000"
    ),
    _f("current_assets", _("Current assets"), "Aset Lancar|Aktiva Lancar|Jumlah Aset Lancar", "", "900.000.000"),
    _f("cash", _("Cash"), "Kas", "", "25.000.000"),
    _f("bank", _("Bank"), "Bank|Kas di Bank|Simpanan di Bank", "", "75.000.000"),
    _f(
        "current_liabilities",
        _("Current liabilities"),
        "Kewajiban Lancar|Kewajiban Jangka Pendek|Utang Lancar|Hutang Lancar|Utang Jangka Pendek",
        "Neraca harus seimbang: Total Aset = Kewajiban Lancar + Kewajiban Jangka Panjang + Ekuitas.",
        "400.000.000",
    ),
    _f(
        "long_term_liabilities",
        _("Long-term liabilities"),
        "Kewajiban Jangka Panjang|Utang Jangka Panjang|Hutang Jangka Panjang",
        "",
        "100.000.000",
    ),
    _f("equity", _("Equity"), "Ekuitas|Jumlah Ekuitas|Total Ekuitas", "Boleh negatif.", "750.000.000"),
    _f("own_capital", _("Own capital"), "Modal Sendiri|Jumlah Modal Sendiri", "Boleh negatif.", "700.000.000"),
    _f("weighted_capital", _("Weighted capital"), "Modal Tertimbang", "", ""),
    _f("risk_weighted_assets", _("Risk-weighted assets (ATMR)"), "ATMR|Aset Tertimbang Menurut Risiko", "", ""),
    _f("funds_received", _("Funds received"), "Dana yang Diterima|Dana Diterima", "", ""),
    _f("principal_savings", _("Principal savings"), "Simpanan Pokok|Pokok", "", "12.000.000"),
    _f("mandatory_savings", _("Mandatory savings"), "Simpanan Wajib|Wajib", "", "150.000.000"),
    _f("voluntary_savings", _("Voluntary savings"), "Simpanan Sukarela|Sukarela|Tabungan Sukarela", "", "300.000.000"),
    _f(
        "members_with_voluntary_savings",
        _("Members with voluntary savings"),
        "Anggota Penabung Sukarela|Penabung Sukarela|Jumlah Penabung|Anggota Penabung",
        "Bilangan bulat.",
        "60",
    ),
    _f("loan_volume", _("Loans disbursed in the year"), "Volume Pinjaman|Pinjaman Disalurkan", "", ""),
    _f(
        "member_loan_volume",
        _("Loans disbursed to members"),
        "Volume Pinjaman Anggota|Volume Pinjaman pada Anggota|Pinjaman pada Anggota",
        "",
        "",
    ),
    _f(
        "loans_outstanding",
        _("Loans outstanding"),
        "Pinjaman Diberikan|Pinjaman yang Diberikan|Piutang Pinjaman|Saldo Pinjaman|Outstanding Pinjaman",
        "Lancar + Kurang Lancar + Diragukan + Macet = Pinjaman Diberikan.",
        "800.000.000",
    ),
    _f(
        "current_loans",
        _("Performing loans"),
        "Lancar|Pinjaman Lancar|Kolektibilitas Lancar",
        "",
        "720.000.000",
    ),
    _f(
        "substandard_loans",
        _("Substandard loans"),
        "Kurang Lancar|Pinjaman Kurang Lancar|Kolektibilitas Kurang Lancar",
        "",
        "40.000.000",
    ),
    _f(
        "doubtful_loans", _("Doubtful loans"), "Diragukan|Pinjaman Diragukan|Kolektibilitas Diragukan", "", "25.000.000"
    ),
    _f("loss_loans", _("Loss loans"), "Macet|Pinjaman Macet|Kolektibilitas Macet", "", "15.000.000"),
    _f("risky_loans", _("Risky loans"), "Pinjaman Berisiko", "", ""),
    _f(
        "risk_reserve",
        _("Risk reserve"),
        "Cadangan Risiko|Cadangan Penghapusan Pinjaman|CPP",
        "",
        "20.000.000",
    ),
    _f("gross_participation", _("Gross participation"), "Partisipasi Bruto", "", "180.000.000"),
    _f("net_participation", _("Net participation"), "Partisipasi Neto|Partisipasi Netto", "Boleh negatif.", ""),
    _f("non_member_income", _("Income from non-members"), "Pendapatan Non Anggota|Pendapatan dari Non Anggota", "", ""),
    _f("cost_of_services", _("Cost of services"), "Beban Pokok|Beban Pokok Pelayanan|Harga Pokok", "", ""),
    _f(
        "operating_expenses",
        _("Operating expenses"),
        "Beban Usaha|Biaya Usaha|Beban Operasional",
        "",
        "95.000.000",
    ),
    _f("cooperative_expenses", _("Cooperative expenses"), "Beban Perkoperasian|Biaya Perkoperasian", "", ""),
    _f("staff_costs", _("Staff costs"), "Biaya Karyawan|Beban Karyawan|Beban Gaji", "", ""),
    _f("shu_gross", _("Gross surplus (SHU kotor)"), "SHU Kotor", "Boleh negatif.", ""),
    _f("shu_before_tax", _("Surplus before tax"), "SHU Sebelum Pajak", "Boleh negatif.", ""),
    _f(
        "shu",
        _("Surplus for the year (SHU)"),
        "SHU|SHU Bersih|Sisa Hasil Usaha|SHU Tahun Berjalan|SHU Setelah Pajak",
        "Boleh negatif (rugi).",
        "85.000.000",
    ),
    _f("shu_members_share", _("Members' share of the surplus"), "SHU Bagian Anggota|SHU Anggota", "", ""),
    _f("member_economic_benefit", _("Members' economic benefit (MEPPP)"), "MEPPP|Manfaat Ekonomi Anggota", "", ""),
)
_IGNORED_SPECS = (
    _f("row_number", _("Row number"), "No.|No|Nomor|No. Urut", ""),
    _f("source_row", _("Source row"), SOURCE_ROW_HEADER, ""),
    _f("reason", _("Reason for rejection"), f"{REASON_HEADER}|Alasan Penolakan|Alasan", ""),
)
SPECS = _COOPERATIVE_SPECS + _REPORT_SPECS + _IGNORED_SPECS
FIELDS: Mapping[str, FieldSpec] = {spec.key: spec for spec in SPECS}
IGNORED = frozenset(spec.key for spec in _IGNORED_SPECS)
# A sheet is taken for the data when its header names the cooperative and at least one more known column.
PLAUSIBLE_HEADER_SCORE = 2.0

_UNIT = re.compile(r"\s+(?:rp|rupiah|idr|orang|org|jiwa)$")


def _norm(label: str) -> str:
    return _UNIT.sub("", normalise_header(label))


_SYNONYMS: dict[str, str] = {_norm(s): spec.key for spec in SPECS for s in spec.synonyms}
# Only names of two words or more serve as a prefix: "Aset" must not claim "Aset Tetap", nor "Kas" "Kas Kecil".
_PREFIXES = sorted((s for s in _SYNONYMS if " " in s), key=len, reverse=True)


_assign = HeaderMatcher(synonyms=_SYNONYMS, prefixes=_PREFIXES, normalise=_norm).assign


def detect_mapping(columns: Sequence[str]) -> dict[int, str]:
    """Column index → field key, for the columns that name a field to import (ignored ones left out)."""
    return {i: key for i, (key, _q) in _assign(columns).items() if key not in IGNORED}


def unrecognised_columns(columns: Sequence[str]) -> list[str]:
    """Headers of the columns that are neither imported nor knowingly skipped, to show the officer."""
    assigned = _assign(columns)
    return [label for i, label in enumerate(columns) if label.strip() and i not in assigned]


def score_header(cells: Sequence[str]) -> float:
    """How much ``cells`` look like the header of an annual-report table; below PLAUSIBLE_HEADER_SCORE
    without a cooperative-name column (a summary sheet names fields too, but holds no cooperatives)."""
    assigned = _assign(cells)
    total = sum(q for key, q in assigned.values() if key not in IGNORED)
    total += 0.25 * sum(1 for key, _q in assigned.values() if key in IGNORED)
    if not any(key == "name" for key, _q in assigned.values()):
        return min(total / 10, 0.9)
    return total


def label_of(key: str) -> str:
    spec = FIELDS.get(key)
    return str(spec.label) if spec else key


def _guide(spec: FieldSpec) -> str:
    also = ", ".join(spec.synonyms[1:])
    hint = f"{_MONEY_HINT} {spec.hint}".strip() if spec.key in MONEY_FIELDS else spec.hint
    return " ".join(filter(None, [hint, f"Judul lain yang dikenali: {also.rstrip('.')}." if also else ""]))


def write_template(stream: BinaryIO) -> None:
    """The XLSX template: a header row and an example row that passes every check, and a "Petunjuk" sheet."""
    notes = (
        "Satu baris untuk satu koperasi dan satu tahun buku. Baris judul di atas tabel, judul bertingkat "
        "(sel digabung), baris kosong dan kolom No. boleh ada.",
        "Koperasi dicocokkan dengan NIK Koperasi, atau dengan nama yang sama di wilayahnya. Koperasi yang "
        "belum terdaftar ditambahkan bila Nama, Jenis dan wilayahnya diisi.",
        "Impor ulang berkas yang sama memperbarui laporan tahun itu, tidak menggandakan. Sel kosong tidak "
        "menghapus angka yang sudah tersimpan.",
        "Baris yang ditolak dapat diunduh beserta alasannya, diperbaiki, lalu diimpor lagi.",
    )
    workbooks.write_template(
        stream,
        specs=[spec for spec in SPECS if spec.key not in IGNORED],
        sheet="Laporan Koperasi",
        notes=notes,
        colour="#E2EFDA",
        freeze_columns=1,
        guide_width=28,
        guide=_guide,
    )
