"""The demo cooperatives as plain values, generated without writing anything (the package writes them).

Cooperative ``n`` of a region comes from its own seeded random stream, so it depends only on the seed, the
region and ``n``; which cooperatives are inactive is drawn once per region, so the counts are exact.
``report_values`` makes one year's figures and is shared with the scoring benchmark.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from faker import Faker

from sinergi.cooperatives.activity import last_due_fiscal_year
from sinergi.cooperatives.models import CooperativeKind, CooperativeStatus, OfficerBody
from sinergi.cooperatives.services.reports import QUESTIONNAIRES
from sinergi.registry.demo.rows import KEI_SURNAMES, PHONE_PREFIXES, RegionPool, Village

DEFAULT_SEED = 2026
REF_PREFIX = "demo-koperasi:"
# Officers' NIKs use birth dates whose day number (from 1 January 1955) is 120-127 modulo 128; the registry
# demo's owners use the residues from 0 upwards, one per 9,999 businesses, so the two never share a NIK.
BIRTH_FIRST = dt.date(1955, 1, 1)
BIRTH_RESIDUES = range(120, 128)
OFFICER_ROLES = (
    (OfficerBody.PENGURUS, "Ketua"),
    (OfficerBody.PENGURUS, "Sekretaris"),
    (OfficerBody.PENGURUS, "Bendahara"),
    (OfficerBody.PENGAWAS, "Ketua Pengawas"),
)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_REPEATED = re.compile(r"\b(\w+) \1\b")
K, P, KS = CooperativeKind.SIMPAN_PINJAM, CooperativeKind.PRODUSEN, CooperativeKind.SYARIAH
KN, PM, J = CooperativeKind.KONSUMEN, CooperativeKind.PEMASARAN, CooperativeKind.JASA

# fmt: off
# Name patterns per kind; {w} a positive word, {p} a local product, {v} the village, {o} an office.
PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    K: (("KSP {w} {w2}", "Simpan pinjam"), ("Kopwan {w} {v}", "Simpan pinjam anggota perempuan"),
        ("KSP {w} Mandiri {v}", "Simpan pinjam")),
    KS: (("KSPPS BMT {s}", "Simpan pinjam dan pembiayaan syariah"),
         ("KSPPS {s} {v}", "Pembiayaan syariah")),
    P: (("Koperasi Produsen {p} {v}", "Pengolahan dan penjualan {p}"), ("KUD {w} {v}", "Saprotan, {p}, simpan pinjam"),
        ("Koperasi Tani {w} {v}", "Budidaya dan pemasaran {p}")),
    KN: (("KPRI {o}", "Toko kebutuhan anggota, simpan pinjam"), ("Koperasi Konsumen {w} {v}", "Toko sembako"),
         ("Koperasi Karyawan {o}", "Kantin dan toko karyawan")),
    PM: (("Koperasi Pemasaran {p} {w}", "Pemasaran {p} anggota"), ("Koperasi Pedagang Pasar {v}", "Pemasaran bersama")),
    J: (("Koperasi Jasa {w} {v}", "Jasa angkutan dan persewaan"),
        ("Koperasi Jasa Wisata {v}", "Jasa wisata dan homestay")),
}
WORDS = ("Sejahtera", "Makmur", "Mandiri", "Maju Bersama", "Sumber Rejeki", "Karya Usaha", "Mitra Usaha", "Artha",
         "Bina Usaha", "Tunas Harapan", "Sinar Jaya", "Citra", "Harapan Baru", "Bersatu", "Setia Kawan", "Amanah")
SYARIAH = ("Al-Ikhlas", "Nurul Huda", "Baitul Maal Al-Amin", "Ummat Sejahtera", "Al-Falah", "Barokah", "Mitra Muamalah")
# region: (cooperatives, active under the default rule, kind weights, local products, offices)
PLANS: dict[str, tuple[int, int, dict[str, int], tuple[str, ...], tuple[str, ...]]] = {
    "17.08": (34, 27, {K: 9, P: 12, KS: 3, KN: 5, PM: 3, J: 2}, ("Kopi", "Kopi Robusta", "Sayur", "Teh"),
              ("Setda Kabupaten Kepahiang", "Dinas Pendidikan Kepahiang", "RSUD Kepahiang")),
    "52.71": (48, 40, {K: 16, KS: 7, KN: 10, PM: 7, J: 6, P: 2}, ("Mutiara", "Tenun Sasak", "Gerabah", "Cukli"),
              ("Pemerintah Kota Mataram", "Dinas Kesehatan Kota Mataram", "SMAN 1 Mataram", "Universitas Mataram")),
    "72.09": (26, 19, {P: 10, K: 8, PM: 4, KN: 2, J: 2}, ("Kopra", "Cengkeh", "Kakao", "Ikan"),
              ("Setda Kabupaten Tojo Una-Una", "Dinas Pendidikan Tojo Una-Una")),
    "81.02": (347, 296, {K: 120, P: 110, KN: 45, PM: 35, J: 30, KS: 7}, ("Ikan", "Rumput Laut", "Ikan Asar", "Kelapa"),
              ("Setda Kabupaten Maluku Tenggara", "Dinas Kelautan dan Perikanan Malra", "RSUD Karel Sadsuitubun")),
    "35.09": (58, 47, {K: 20, KS: 9, P: 11, KN: 10, PM: 5, J: 3}, ("Tembakau", "Edamame", "Kopi", "Batik"),
              ("Pemerintah Kabupaten Jember", "Universitas Jember", "Dinas Pendidikan Jember", "PDP Kahyangan")),
}
# fmt: on


@dataclass(frozen=True, slots=True)
class OfficerSpec:
    body: str
    role: str
    term_start: dt.date
    term_end: dt.date
    person: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CooperativeSpec:
    """One demo cooperative as the services take it: register entry, officers, and reports by fiscal year."""

    data: dict[str, Any]
    active: bool
    quality: float
    officers: tuple[OfficerSpec, ...]
    reports: tuple[tuple[int, dict[str, Any]], ...]


def _rupiah(value: float) -> int:
    """Rupiah rounded down to the thousand, as offices record them."""
    return max(0, int(value) // 1000 * 1000)


def report_values(
    rng: random.Random, *, quality: float, assets: float, members: int, complete: bool = True
) -> dict[str, Any]:
    """One year's figures: balanced, with a loan book that adds up, and ratios that land in good bands with
    probability ``quality`` (else in poor ones), so totals spread over every predicate. ``complete=False``
    leaves out the capital-adequacy figures (ATMR) that small cooperatives often cannot compute."""

    def ratio(good: tuple[float, float], *poor: tuple[float, float]) -> float:
        return rng.uniform(*good) if rng.random() < quality else rng.uniform(*rng.choice(poor))

    a = _rupiah(assets)
    equity = _rupiah(a * ratio((0.40, 0.60), (0.10, 0.40), (0.60, 0.85)))
    current_liab = _rupiah((a - equity) * rng.uniform(0.6, 0.9))
    current_assets = _rupiah(a * rng.uniform(0.55, 0.85))
    cash_bank = _rupiah(current_liab * ratio((0.105, 0.15), (0.03, 0.10), (0.16, 0.35)))
    cash = _rupiah(cash_bank * rng.uniform(0.2, 0.5))
    loans = _rupiah(a * rng.uniform(0.55, 0.8))
    bad = ratio((0.005, 0.05), (0.10, 0.30), (0.30, 0.45))  # risiko pinjaman bermasalah / pinjaman
    sub, doubtful, loss = _rupiah(loans * bad * 0.8), _rupiah(loans * bad * 0.4), _rupiah(loans * bad * 0.3)
    rpm = sub * 0.5 + doubtful * 0.75 + loss
    atmr = _rupiah(a * rng.uniform(0.5, 0.9))
    volume = _rupiah(loans * rng.uniform(1.0, 1.5))
    gross = _rupiah(a * rng.uniform(0.08, 0.2))
    expenses = gross * ratio((0.70, 0.89), (0.90, 1.10))
    cost = _rupiah(expenses * rng.uniform(0.45, 0.6))
    operating = _rupiah((expenses - cost) * rng.uniform(0.7, 0.9))
    coop_expenses = _rupiah(expenses - cost - operating)
    non_member = _rupiah(gross * (1 / ratio((0.75, 0.98), (0.30, 0.74)) - 1))
    net = gross - cost
    shu_gross = net + non_member
    before_tax = shu_gross - operating - coop_expenses
    shu = int(before_tax * 0.9) // 1000 * 1000 if before_tax > 0 else before_tax
    members_share = _rupiah(shu * rng.uniform(0.4, 0.6)) if shu > 0 else 0
    principal, mandatory = _rupiah(equity * rng.uniform(0.03, 0.08)), _rupiah(equity * rng.uniform(0.25, 0.45))
    benefit = _rupiah((principal + mandatory) * ratio((0.10, 0.25), (0.02, 0.09))) - members_share
    male = round(members * rng.uniform(0.35, 0.65))
    money = {
        "total_assets": a,
        "current_assets": current_assets,
        "cash": cash,
        "bank": cash_bank - cash,
        "current_liabilities": current_liab,
        "long_term_liabilities": a - equity - current_liab,
        "equity": equity,
        "own_capital": equity,
        "weighted_capital": _rupiah(atmr * ratio((0.08, 0.15), (0.02, 0.08))) if complete else None,
        "risk_weighted_assets": atmr if complete else None,
        "funds_received": _rupiah(loans / ratio((0.80, 1.0), (0.45, 0.79))),
        "principal_savings": principal,
        "mandatory_savings": mandatory,
        "voluntary_savings": _rupiah(current_liab * rng.uniform(0.4, 0.8)),
        "loan_volume": volume,
        "member_loan_volume": _rupiah(volume * ratio((0.76, 1.0), (0.30, 0.75))),
        "loans_outstanding": loans,
        "current_loans": loans - sub - doubtful - loss,
        "substandard_loans": sub,
        "doubtful_loans": doubtful,
        "loss_loans": loss,
        "risky_loans": _rupiah(loans * ratio((0.05, 0.20), (0.21, 0.45))),
        "risk_reserve": _rupiah(rpm * ratio((0.90, 1.5), (0.10, 0.89))),
        "gross_participation": gross,
        "net_participation": net,
        "non_member_income": non_member,
        "cost_of_services": cost,
        "operating_expenses": operating,
        "cooperative_expenses": coop_expenses,
        "staff_costs": _rupiah(operating * rng.uniform(0.3, 0.5)),
        "shu_gross": shu_gross,
        "shu_before_tax": before_tax,
        "shu": shu,
        "shu_members_share": members_share,
        "member_economic_benefit": benefit,
    }
    yes = 0.35 + 0.6 * quality
    return {
        **{k: None if v is None else Decimal(v) for k, v in money.items()},
        "members_end": members,
        "members_male": male,
        "members_female": members - male,
        "staff": max(1, members // rng.randint(40, 120)),
        "members_with_voluntary_savings": round(members * rng.uniform(0.15, 0.75)),
        "management_answers": {name: [rng.random() < yes for _ in range(n)] for name, n in QUESTIONNAIRES.items()},
    }


class _Maker:
    """Builds cooperative ``n`` of a region from its own random stream; see the module docstring."""

    def __init__(self, *, seed: int, pool: RegionPool, today: dt.date) -> None:
        self.seed, self.pool, self.today = seed, pool, today
        self.newest = last_due_fiscal_year(today=today)
        self.fake = Faker("id_ID")
        self.rng = random.Random()  # noqa: S311 - seeded per cooperative: the demo must be reproducible

    def region(self, code: str, first_serial: int) -> Iterator[CooperativeSpec]:
        count, active, *_rest = PLANS[code]
        draw = random.Random(f"sinergi-coop-demo:{self.seed}:{code}:inactive")  # noqa: S311 - reproducible
        inactive = set(draw.sample(range(count), count - active))
        names: set[str] = set()
        for n in range(count):
            self.rng.seed(f"sinergi-coop-demo:{self.seed}:{code}:{n}")
            self.fake.seed_instance(self.rng.getrandbits(64))
            yield self._cooperative(
                code, n, active=n not in inactive, serial=first_serial + n * len(OFFICER_ROLES), names=names
            )

    def _name(self, code: str, kind: str, village: Village, names: set[str]) -> tuple[str, str]:
        rng, products, offices = self.rng, PLANS[code][3], PLANS[code][4]
        pattern, lines = rng.choice(PATTERNS[kind])
        words = rng.sample(WORDS, 2)
        place = village.label.split(" ", 1)[1]
        fill = {
            "w": words[0],
            "w2": words[1],
            "v": place,
            "p": rng.choice(products),
            "o": rng.choice(offices),
            "s": rng.choice(SYARIAH),
        }
        name = _REPEATED.sub(r"\1", pattern.format(**fill))  # "KSP Mandiri Mandiri …" reads as a typo
        if code == "81.02" and kind == K and rng.random() < 0.3:
            name = f"Kopdit {words[0]} Ohoi {place}"  # credit unions are common in the Kei islands
        while name in names:
            name = f"{name} {rng.choice(('II', 'Baru', 'Jaya', 'Lestari'))}"
        names.add(name)
        return name, lines.format(**fill)

    def _person(self, code: str, village: Village, serial: int) -> dict[str, Any]:
        rng, fake = self.rng, self.fake
        sex = "P" if rng.random() < 0.4 else "L"
        first = fake.first_name_female() if sex == "P" else fake.first_name_male()
        last = rng.choice(KEI_SURNAMES) if code == "81.02" and rng.random() < 0.6 else fake.last_name()
        name = f"{first} {last}"
        if code == "52.71" and rng.random() < 0.15:
            name = ("Baiq " if sex == "P" else "Lalu ") + name
        day = rng.randrange(365 * 45)
        birth = BIRTH_FIRST + dt.timedelta(days=day - day % 128 + BIRTH_RESIDUES[serial % len(BIRTH_RESIDUES)])
        nik = f"{village.code[:8].replace('.', '')}{birth.day + (40 if sex == 'P' else 0):02d}{birth:%m%y}{serial:04d}"
        phone = rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))
        return {
            "nik": nik,
            "name": name,
            "sex": sex,
            "birth_date": birth,
            "phone": phone,
            "desa_id": village.code,
            "address": f"{fake.street_name()} No. {rng.randint(1, 120)}, {village.label}, Kec. {village.kecamatan}",
        }

    def _cooperative(self, code: str, n: int, *, active: bool, serial: int, names: set[str]) -> CooperativeSpec:
        rng, newest = self.rng, self.newest
        kinds = PLANS[code][2]
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        village = rng.choice(self.pool.villages[code])
        name, lines = self._name(code, kind, village, names)
        founded = dt.date(rng.randint(1978, newest - 3), rng.randint(1, 12), rng.randint(1, 28))
        legal = (
            f"AHU-{rng.randint(1, 9999999):07d}.AH.01.26.TAHUN {founded.year}"
            if founded.year >= 2019
            else f"{rng.randint(1, 999)}/BH/{ROMAN_MONTHS[founded.month - 1]}/{founded.year}"
        )
        quality = min(1.0, rng.betavariate(2.0, 2.0) * (1.0 if active else 0.7))
        data = {
            "name": name,
            "kind": kind,
            "business_lines": lines,
            "region_id": village.code,
            "address": f"{self.fake.street_name()} No. {rng.randint(1, 200)}, {village.label}",
            "phone": rng.choice(PHONE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8)),
            "legal_entity_number": legal,
            "legal_entity_date": founded,
            "nik_koperasi": f"{code.replace('.', '')}{rng.randint(10**11, 10**12 - 1)}"
            if active and rng.random() < 0.7
            else "",
            "status": CooperativeStatus.OPERATING if active or rng.random() < 0.6 else CooperativeStatus.DORMANT,
            "external_ref": f"{REF_PREFIX}{code}:{n}",
        }
        start = dt.date(newest - rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
        officers = tuple(
            OfficerSpec(
                body=body,
                role=role,
                term_start=start,
                term_end=start.replace(year=start.year + 5) - dt.timedelta(days=1),
                person=self._person(code, village, serial + i),
            )
            for i, (body, role) in enumerate(OFFICER_ROLES)
        )
        return CooperativeSpec(
            data=data, active=active, quality=quality, officers=officers, reports=self._reports(active, quality, kind)
        )

    def _reports(self, active: bool, quality: float, kind: str) -> tuple[tuple[int, dict[str, Any]], ...]:
        rng, newest = self.rng, self.newest
        scale = 1.5e9 if kind in (K, KS) else 4e8
        assets = min(5e11, max(5e7, rng.lognormvariate(math.log(scale), 1.0)))
        members = max(20, int(rng.lognormvariate(math.log(250 if kind in (K, KS) else 90), 0.8)))
        held = {newest - 2: rng.random() < 0.9, newest - 1: True, newest: True}
        years = [newest - 2, newest - 1, newest]
        if not active:  # what an office sees of its inactive cooperatives: a missed RAT, late or no reports
            pattern = rng.random()
            if pattern < 0.35:
                held[rng.choice((newest - 1, newest))] = False
            elif pattern < 0.65:
                years = [newest - 2, newest - 1]
                held[newest - 1] = rng.random() < 0.5
            elif pattern < 0.9:
                years = [newest - 2]
            else:
                years = []
        reports = []
        for year in years:
            quality_y = min(1.0, max(0.0, quality + rng.uniform(-0.12, 0.12)))
            values = report_values(rng, quality=quality_y, assets=assets, members=members, complete=rng.random() > 0.04)
            if held[year]:
                rat = dt.date(year + 1, rng.randint(1, 5), rng.randint(1, 28))
                values.update(rat_held=True, rat_date=rat, rat_attendance=round(members * rng.uniform(0.45, 0.85)))
            reports.append((year, values))
            assets *= rng.uniform(0.95, 1.15)
            members = max(20, round(members * rng.uniform(0.97, 1.08)))
        return tuple(reports)


def cooperative_specs(*, seed: int = DEFAULT_SEED, today: dt.date | None = None) -> Iterator[CooperativeSpec]:
    """Every demo cooperative of every seed region, in a fixed order (needs the regions loaded)."""
    maker = _Maker(seed=seed, pool=RegionPool(), today=today or timezone.localdate())
    serial = 1
    for code in PLANS:
        yield from maker.region(code, serial)
        serial += PLANS[code][0] * len(OFFICER_ROLES)
