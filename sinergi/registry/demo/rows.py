"""The demo's rows as plain values, generated without writing anything: the vocabulary (clusters, products,
names), the villages of the seed regions, and row ``n`` of a seed from its own seeded random stream; a large
run generates in a forked child while the parent writes."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from faker import Faker

from sinergi.core.models import ChangeSource
from sinergi.regions.models import Region, RegionKind, RegionLevel
from sinergi.regions.seed import SEED_KABUPATEN
from sinergi.registry.bulk import BusinessRow, DocumentRow, PersonRow, YearRow
from sinergi.registry.models import DocumentKind

DEFAULT_SEED = 2026
DEFAULT_BUSINESSES = 2500
PARALLEL_FROM = 50_000  # below this, starting a second process costs more than it saves
REF_PREFIX = "demo:"
BLOCK = 1000  # rows per seeded random stream
SOURCE = ChangeSource.COMMAND
YEARS = (2022, 2023, 2024)
# NIK serials run 0001–9999; rows of different blocks of 9999 get birth dates in different residues
# modulo NIK_BLOCKS, which keeps every NIK unique up to 9999 × NIK_BLOCKS rows.
NIK_BLOCKS = 128
BIRTH_FIRST = dt.date(1955, 1, 1)
BIRTH_DAYS = (dt.date(2004, 12, 31) - BIRTH_FIRST).days - NIK_BLOCKS
MAX_ROWS = 9999 * NIK_BLOCKS

# --- vocabulary --------------------------------------------------------------------------------------
# fmt: off
# slug: (name forms, products, KBLI 2020 codes, sells food — so may hold halal and PIRT documents).
# The KBLI codes are picked per cluster for demo data; real registrations carry the owner's own codes.
CLUSTERS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]] = {
    "batik": (("Galeri", "Sanggar", "Rumah", "Butik"), ("Batik Tulis", "Batik Cap", "Batik Ciprat"), ("13134",), False),
    "kriya": (("Sanggar", "Galeri", "Kerajinan", "Usaha"),
              ("Anyaman Bambu", "Ukiran Kayu", "Anyaman Pandan", "Gerabah", "Souvenir"), ("16292", "16294"), False),
    "kuliner": (("Warung", "Dapur", "Kedai", "Rumah Makan", "Toko Kue"),
                ("Keripik Singkong", "Kue Basah", "Sambal", "Nasi Campur", "Bakso", "Rempeyek", "Abon Ikan"),
                ("10794", "10710", "56102", "56103"), True),
    "fashion": (("Konveksi", "Butik", "Penjahit", "Toko"), ("Busana Muslim", "Kaos Sablon", "Seragam"),
                ("14111", "14120"), False),
    "agribisnis": (("Tani", "Kebun", "Usaha", "Toko"), ("Sayur Organik", "Bibit Buah", "Jamur Tiram", "Pupuk Organik"),
                   ("01131", "01132", "01136"), True),
    "perikanan": (("Usaha", "Tambak", "Depot", "UD"), ("Ikan Asin", "Ikan Segar", "Rumput Laut", "Terasi"),
                  ("03111", "10213"), True),
    "jasa": (("Jasa", "Bengkel", "Salon", "Laundry"),
             ("Cuci Kiloan", "Servis Motor", "Pangkas Rambut", "Rias Pengantin"), ("96111", "96112"), False),
    "pariwisata": (("Homestay", "Wisata", "Penginapan"), ("Wisata Alam", "Pondok Wisata", "Paket Wisata"),
                   ("55130", "79120"), False),
    "perdagangan": (("Toko", "Warung", "Kios", "UD"), ("Kelontong", "Sembako", "Pulsa", "Bangunan"),
                    ("47112", "47111"), False),
    "kopi": (("Kedai", "Warung", "Rumah", "UD"), ("Kopi Bubuk", "Kopi Robusta", "Kopi Sangrai"),
             ("10761", "01270", "56303"), True),
    "tenun": (("Sanggar", "Galeri", "Rumah"), ("Tenun Ikat", "Kain Tenun", "Songket"), ("13121",), False),
    "herbal": (("Toko", "Rumah", "Usaha"), ("Jamu Gendong", "Jahe Merah", "Minyak Kayu Putih", "Temulawak"),
               ("21022",), True),
    "digital": (("Studio", "Jasa", "Kreatif"), ("Desain Grafis", "Foto Produk", "Aplikasi"), ("62019", "73100"), False),
}
# What each seed region is known for; Jember runs all 13 clusters (seed 004).
REGION_PRODUCTS: dict[str, dict[str, tuple[str, ...]]] = {
    "17.08": {"kopi": ("Kopi Kepahiang", "Kopi Luwak"), "agribisnis": ("Teh Kabawetan", "Kol", "Cabai")},
    "52.71": {"kuliner": ("Ayam Taliwang", "Plecing Kangkung", "Sate Rembiga"),
              "kriya": ("Mutiara", "Cukli", "Gerabah Banyumulek"), "tenun": ("Tenun Sasak", "Songket Lombok")},
    "72.09": {"agribisnis": ("Kopra", "Cengkeh", "Kakao"), "perikanan": ("Ikan Kering Togean", "Teripang")},
    "81.02": {"perikanan": ("Ikan Asar", "Rumput Laut Kei"), "kuliner": ("Enbal", "Ikan Asar")},
    "35.09": {"kuliner": ("Suwar-Suwir", "Prol Tape", "Pia Tape"), "agribisnis": ("Edamame", "Tembakau"),
              "batik": ("Batik Daun Tembakau", "Batik Labako"), "kopi": ("Kopi Argopuro",)},
}
# kabupaten/kota: (share of the demo's businesses, cluster weights)
REGIONS: dict[str, tuple[int, dict[str, int]]] = {
    "35.09": (38, {"kuliner": 20, "perdagangan": 14, "agribisnis": 10, "batik": 8, "kriya": 8, "fashion": 7,
                   "jasa": 7, "kopi": 6, "herbal": 5, "perikanan": 4, "tenun": 4, "digital": 4, "pariwisata": 3}),
    "52.71": (22, {"kuliner": 25, "perdagangan": 18, "kriya": 12, "fashion": 10, "jasa": 10, "tenun": 8,
                   "pariwisata": 6, "digital": 6, "herbal": 3, "kopi": 2}),
    "17.08": (15, {"kopi": 30, "agribisnis": 18, "kuliner": 18, "perdagangan": 14, "jasa": 8, "kriya": 5, "herbal": 4,
                   "fashion": 3}),
    "72.09": (13, {"perikanan": 25, "agribisnis": 22, "kuliner": 18, "perdagangan": 15, "pariwisata": 8, "jasa": 7,
                   "kriya": 5}),
    "81.02": (12, {"perikanan": 35, "kuliner": 18, "perdagangan": 17, "pariwisata": 8, "jasa": 8, "agribisnis": 8,
                   "kriya": 6}),
}
POSITIVE_WORDS = ("Berkah", "Sejahtera", "Makmur", "Jaya", "Lestari", "Barokah", "Mandiri", "Maju", "Sentosa",
                  "Abadi", "Rezeki", "Mulya", "Indah", "Sumber Rejeki", "Bersama", "Sehati", "Amanah", "Putra")
KEI_SURNAMES = ("Renhoran", "Rahayaan", "Ohoiwutun", "Renyaan", "Ngabalin", "Rahantoknam", "Letsoin", "Ubro", "Refra")
# Mobile prefixes of the Indonesian operators (Telkomsel, Indosat, XL, Tri, Smartfren).
PHONE_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0814", "0815", "0856", "0857",
                  "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0895", "0896", "0897", "0898", "0881",
                  "0882", "0888")
# fmt: on


@dataclass(frozen=True, slots=True)
class Village:
    code: str
    label: str  # "Desa Tangsi Baru" / "Kelurahan Ampenan Utara"
    kecamatan: str


class RegionPool:
    """The real villages of each seed kabupaten/kota, read once from the region table."""

    def __init__(self) -> None:
        self.villages: dict[str, list[Village]] = {}
        kecamatan = dict(Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", "name"))
        for kab in SEED_KABUPATEN:
            rows = Region.objects.filter(level=RegionLevel.DESA_KELURAHAN, code__startswith=kab + ".").order_by("code")
            self.villages[kab] = [
                Village(
                    code=r.code,
                    label=("Kelurahan " if r.kind == RegionKind.KELURAHAN else "Desa ") + r.name,
                    kecamatan=kecamatan.get(r.code[:8], ""),
                )
                for r in rows
            ]
            if not self.villages[kab]:
                raise ValidationError(
                    _("The villages of %(kab)s are not loaded; run “manage.py regions_load” first.")
                    % {"kab": SEED_KABUPATEN[kab]}
                )


def _money(value: float) -> Decimal:
    """Rupiah rounded to the thousand, as offices record them."""
    return Decimal(int(value) // 1000 * 1000).quantize(Decimal("0.01"))


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


class _RowMaker:
    """Makes row n from its block's random stream; see the module docstring."""

    def __init__(self, *, seed: int, pool: RegionPool, today: dt.date) -> None:
        self.seed, self.pool, self.today = seed, pool, today
        self.fake = Faker("id_ID")
        self.rng = random.Random()
        self.region_codes = list(REGIONS)
        self.region_weights = [REGIONS[k][0] for k in self.region_codes]

    def rows(self, start: int, stop: int) -> Iterator[BusinessRow]:
        if stop > MAX_ROWS:
            raise ValidationError(_("The demo makes at most %(n)d businesses.") % {"n": MAX_ROWS})
        n = start - start % BLOCK
        while n < stop:
            if n % BLOCK == 0:
                self.rng.seed(f"sinergi-demo:{self.seed}:{n // BLOCK}")
                self.fake.seed_instance(self.rng.getrandbits(64))
            row = self._row(n)
            if n >= start:
                yield row
            n += 1

    def _person(self, n: int, kab: str, village: Village) -> PersonRow:
        rng, fake = self.rng, self.fake
        sex = "P" if rng.random() < 0.55 else "L"  # most micro businesses are run by women
        first = fake.first_name_female() if sex == "P" else fake.first_name_male()
        if kab == "81.02" and rng.random() < 0.6:
            last = rng.choice(KEI_SURNAMES)
        else:
            last = fake.last_name_female() if sex == "P" else fake.last_name_male()
        name = first if rng.random() < 0.12 else f"{first} {last}"
        if kab == "52.71" and rng.random() < 0.08:
            name = ("Baiq " if sex == "P" else "Lalu ") + name  # Sasak titles
        day = rng.randrange(BIRTH_DAYS)
        block = n // 9999
        birth = BIRTH_FIRST + dt.timedelta(days=day - day % NIK_BLOCKS + block % NIK_BLOCKS)
        dd = birth.day + (40 if sex == "P" else 0)
        nik = f"{village.code[:8].replace('.', '')}{dd:02d}{birth:%m%y}{n % 9999 + 1:04d}"
        prefix = rng.choice(PHONE_PREFIXES)
        phone = prefix + "".join(str(rng.randrange(10)) for _ in range(rng.choice((7, 8))))
        street = fake.street_name()
        address = f"{street} No. {rng.randint(1, 160)}, RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 6):03d}"
        return PersonRow(
            nik=nik,
            name=name,
            sex=sex,
            birth_date=birth,
            phone=phone,
            address=f"{address}, {village.label}, Kec. {village.kecamatan}",
            desa_id=village.code,
        )

    def _business_name(self, *, cluster: str, kab: str, owner: PersonRow, village: Village, big: bool) -> str:
        rng = self.rng
        forms, products, _kbli, _food = CLUSTERS[cluster]
        products = products + REGION_PRODUCTS.get(kab, {}).get(cluster, ())
        product = rng.choice(products)
        pick = rng.random()
        if big or pick < 0.12:
            legal = "CV" if big and rng.random() < 0.6 else "UD"
            return f"{legal} {product} {rng.choice(POSITIVE_WORDS)} {rng.choice(POSITIVE_WORDS)}"
        if pick < 0.55:
            title = "Bu" if owner.sex == "P" else "Pak"
            words = owner.name.split()
            call = words[1] if words[0] in ("Baiq", "Lalu") else words[0]  # people are called by their given name
            return f"{rng.choice(forms)} {product} {title} {call}"
        place = village.label.split(" ", 1)[1]
        return f"{rng.choice(forms)} {product} {place if pick < 0.8 else rng.choice(POSITIVE_WORDS)}"

    def _years(self, size: str) -> tuple[tuple[YearRow, ...], int | None]:
        rng = self.rng
        if rng.random() < 0.08:
            return (), None  # not every business has reported figures yet
        started = rng.choice((2010, 2015, 2018, 2020, 2021, 2022, 2023, 2024))
        if size == "menengah":
            sales, workforce = rng.uniform(16e9, 45e9), rng.randint(20, 90)
        elif size == "kecil":
            sales, workforce = rng.uniform(2.2e9, 13e9), rng.randint(5, 19)
        else:
            sales, workforce = min(rng.lognormvariate(18.6, 0.9), 1.9e9), rng.randint(1, 4)
        # Keep each business inside its band (PP 7/2021) as it grows, so the tail stays kecil/menengah.
        sales_cap, capital_cap = {"menengah": (49e9, 9.5e9), "kecil": (14.5e9, 4.8e9)}.get(size, (1.95e9, 0.95e9))
        years = []
        for year in YEARS:
            if year < started:
                continue
            capital = min(sales * rng.uniform(0.15, 0.4), capital_cap)
            known_sales = rng.random() > 0.05  # a few report only their capital
            years.append(YearRow(year, _money(capital), _money(sales) if known_sales else None, workforce))
            sales = min(sales * rng.uniform(0.92, 1.2), sales_cap)
        return tuple(years), workforce

    def _documents(self, *, n: int, kab: str, cluster: str, village: Village, big: bool) -> tuple[DocumentRow, ...]:
        rng, today = self.rng, self.today
        food = CLUSTERS[cluster][3]
        docs = []
        has_nib = rng.random() < (0.95 if big else 0.5)
        if has_nib:
            issued = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange((today - dt.date(2019, 1, 1)).days))
            # 7919 is coprime with 10¹¹, so distinct rows get distinct NIBs.
            number = f"91{(n * 7919 + self.seed * 104729) % 10**11:011d}"
            docs.append(DocumentRow(DocumentKind.NIB, number, issued, None, "OSS RBA"))
        if food and rng.random() < (0.35 if has_nib else 0.05):
            expires = self._expiry(years=4) if rng.random() < 0.3 else None
            issued = expires - dt.timedelta(days=4 * 365) if expires else today - dt.timedelta(rng.randrange(30, 1400))
            number = f"ID{kab[:2]}110{(n * 7919 + self.seed) % 10**10:010d}"
            docs.append(DocumentRow(DocumentKind.HALAL, number, issued, expires, "BPJPH"))
        if food and rng.random() < 0.35:
            expires = self._expiry(years=5)
            number = f"{rng.randint(2, 5)}{rng.randint(1, 16):02d}{kab.replace('.', '')}{n:07d}-{expires:%y}"
            issued = expires - dt.timedelta(days=5 * 365)
            docs.append(DocumentRow(DocumentKind.PIRT, number, issued, expires, "DPMPTSP " + SEED_KABUPATEN[kab]))
        land_share = 0.3 if kab == "72.09" else 0.03  # Tojo Una-Una certified its owners' land (seed 002)
        if rng.random() < land_share:
            year = rng.choice((2021, 2022)) if kab == "72.09" else rng.randint(2005, 2023)
            issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            number = f"SHM {village.code.replace('.', '')}/{n:07d}"
            notes = "Fasilitasi sertifikat hak atas tanah pelaku usaha" if kab == "72.09" else ""
            office = "Kantor Pertanahan " + SEED_KABUPATEN[kab]
            docs.append(DocumentRow(DocumentKind.LAND, number, issued, None, office, notes))
        return tuple(docs)

    def _expiry(self, *, years: int) -> dt.date:
        """About one in eight already expired, one in twelve expiring within the warning window."""
        pick, today = self.rng.random(), self.today
        window = settings.SINERGI_DOCUMENT_EXPIRY_WARNING_DAYS
        if pick < 0.12:
            return today - dt.timedelta(days=self.rng.randint(1, 700))
        if pick < 0.2:
            return today + dt.timedelta(days=self.rng.randint(0, window))
        return today + dt.timedelta(days=self.rng.randint(window + 1, years * 365 - 30))

    def _row(self, n: int) -> BusinessRow:
        rng = self.rng
        kab = rng.choices(self.region_codes, weights=self.region_weights)[0]
        village = rng.choice(self.pool.villages[kab])
        owner = self._person(n, kab, village)
        cluster = _weighted(rng, REGIONS[kab][1])
        tier = rng.random()
        size = "menengah" if tier < 0.015 else "kecil" if tier < 0.075 else "mikro"
        big = size != "mikro"
        years, workforce = self._years(size)
        name = self._business_name(cluster=cluster, kab=kab, owner=owner, village=village, big=big)
        same_place = rng.random() < 0.7  # most micro businesses run from the owner's home
        address = (
            owner.address if same_place else f"{self.fake.street_name()} No. {rng.randint(1, 200)}, {village.label}"
        )
        return BusinessRow(
            external_ref=f"{REF_PREFIX}{n}",
            name=name,
            owner=owner,
            desa_id=village.code,
            address=address,
            kbli=rng.choice(CLUSTERS[cluster][2]),
            cluster_slug=cluster,
            workforce=workforce,
            years=years,
            documents=self._documents(n=n, kab=kab, cluster=cluster, village=village, big=big),
        )


def demo_rows(*, seed: int, start: int, stop: int, today: dt.date | None = None) -> Iterator[BusinessRow]:
    """Rows start..stop-1 of the demo for this seed (dates relative to today)."""
    maker = _RowMaker(seed=seed, pool=RegionPool(), today=today or timezone.localdate())
    return maker.rows(start, stop)


def _produce(queue: Any, maker: _RowMaker, stop: int) -> None:
    try:
        for block in _blocks(maker.rows(0, stop)):
            queue.put(block)
        queue.put(None)
    except Exception as exc:  # handed to the parent, which raises it
        queue.put(exc)


def _blocks(rows: Iterator[BusinessRow]) -> Iterator[list[BusinessRow]]:
    while block := list(itertools.islice(rows, 2000)):
        yield block


def _rows_from_child(*, maker: _RowMaker, stop: int) -> Iterator[BusinessRow]:
    """Generate in a forked child so generation (one core) overlaps the database writes (the other).

    The child only computes: it never touches the database connection it inherits."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=8)
    child = context.Process(target=_produce, args=(queue, maker, stop), daemon=True)
    child.start()
    try:
        while (block := queue.get()) is not None:
            if isinstance(block, Exception):
                raise block
            yield from block
    finally:
        child.kill()
        child.join()
