"""The check that keeps the pages clean: sign in as every demo role on a 412 px phone, in Bahasa Indonesia,
follow every link of the menu, the first record of every list and every tab of each record page reached, and fail
on what an officer should never read or meet: a server error, a menu link that refuses, an enum code, an ISO
timestamp, a Python value (``{'``, ``[]``, ``None``, ``True``/``False``), an English word of the interface, a bare
database id where a name belongs, a page wider than the phone.

English words are the words of the catalogue's English messages that have an Indonesian translation of their
own, less every word the Indonesian translations use too (KBLI, NIB, online …). Prints the pages it visited.

A bare id where a name belongs. The page is read as labelled values: a table cell under its column's header (or
beside its row's header), a fact (``<dt>``/``<dd>``), and each sentence of a change log ("Klaster diubah dari 3
menjadi 7."). A value fails when

- its label names a record (``REFERENCE``: Pemilik, Usaha, Koperasi, Klaster, Program, Desa, Petugas …) and not a
  quantity or an identifier of its own (``MEASURE``: Jumlah, Tahun, Nomor, NIB, NIK, Kode, Skor, "(orang)" …), and
- the value is only a number: digits, digits with thousands dots ("1.234", how a page writes an integer), or
  "#" and digits.

So a count ("Jumlah anggota 120"), a year, an NIB, a masked NIK ("3509********0001"), a region code ("17.08"),
money ("Rp 25.000") and a name pass; "Pemilik 637" and "Klaster → 7" fail. "#" and digits anywhere in the text
("Usaha #15") fail whatever the label: a page writes a record by its name. A check that finds nothing to check
passes trivially, so the walk also fails when it has read fewer than ``MIN_REFERENCES`` labelled references, and
``test_bare_id_check_catches_what_it_should`` holds the reader and the rule to a page of known cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response

from conftest import PASSWORD
from sinergi.accounts.models import User
from sinergi.cooperatives.services import annual_report_save
from sinergi.cooperatives.tests.factories import cooperative_make, cooperative_officer_make, rat, report_data
from sinergi.programs.choices import ProgramStatus
from sinergi.programs.tests import factories as pf
from sinergi.registry import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PO = Path(__file__).resolve().parents[2] / "sinergi" / "locale" / "id" / "LC_MESSAGES" / "django.po"
WIDTH = 412
ROLES = ("demo-admin", "demo-bengkulu", "demo-kepahiang", "demo-viewer", "demo-mms", "demo-owner", "demo-koperasi")

ENUM = re.compile(r"\b[A-Z]+_[A-Z_]+\b")
# A label that names another record, whose value should be that record's name.
# "Anggota" and "Peserta" are left out: the office's own tables use them for counts as often as for people (an
# annual report's "Anggota 120", "Anggota perempuan 50"; a program's "Peserta 0"), so a number under them says nothing.
REFERENCE = re.compile(
    r"\b(pemilik|usaha|koperasi|klaster|program|asosiasi|pengurus|pengawas|petugas|pendamping|mentor|desa|"
    r"kelurahan|kecamatan|kabupaten|kota|provinsi|wilayah|kantor|orang|warga|forum|kegiatan|rencana|pemeriksaan|"
    r"temuan|opd|instansi|dinas|produk|kategori|pendaftar|penerima|pengguna|oleh|pembuat|pencatat|"
    r"aspirasi|tugas|asn|pegawai|mitra|kelompok|pelapor|penanggung|disimpan|digabung|dipertahankan|sesi|dokumen|"
    r"izin|mata anggaran|lini anggaran)\b",
    re.IGNORECASE,
)
# A label of a quantity or of an identifier of its own: its value is rightly a number.
MEASURE = re.compile(
    r"\b(jumlah|banyak|total|tahun|nomor|no|nib|nik|nip|npwp|kode|skor|nilai|persen|target|kuota|kapasitas|"
    r"kursi|rp|hari|bulan|minggu|umur|usia|urutan|peringkat|capaian|rata|kali|ke|luas|panjang|berat|rt|rw|"
    r"modal|aset|omzet|omset|pendapatan|penjualan|harga|biaya|shu|simpanan|pinjaman|kas|utang|piutang|laba)\b|%|\(",
    re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^#?\s*(\d+|\d{1,3}(\.\d{3})+)$")
HASH_ID = re.compile(r"(?<![\w&/])#\d+\b")
# The change log's three sentences (core.history), as the Indonesian catalogue writes them.
HISTORY = (
    re.compile(r"^(?P<label>.+?) diubah dari (?P<before>.+) menjadi (?P<after>.+?)\.?$"),
    re.compile(r"^(?P<label>.+?) sebelumnya (?P<before>.+?)\.?$"),
    re.compile(r"^(?P<label>[^:]+): (?P<after>.+?)\.?$"),
)
MIN_REFERENCES = 40
ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
REPR = re.compile(r"\{'|\[\]|\bNone\b|\bTrue\b|\bFalse\b")
WORD = re.compile(r"[A-Za-z]+")

# Known findings in another branch's area, each to be removed when that branch lands (the test then checks it).
# (path pattern, what the page shows, why it is allowed for now)
ALLOWED: tuple[tuple[str, str, str], ...] = ()


@dataclass
class Visit:
    role: str
    path: str
    status: int
    problems: list[str] = field(default_factory=list)
    references: int = 0  # labelled values that name a record, read for bare ids
    tabs: list[str] = field(default_factory=list)  # the other tabs of a record page


def _unquote(line: str) -> str:
    body = line.strip()
    body = body[body.index('"') + 1 : body.rindex('"')]
    return body.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


@cache
def english_words() -> frozenset[str]:
    """Words of the English msgids whose Indonesian differs, less every word any Indonesian msgstr uses."""
    pairs: list[tuple[str, str]] = []
    msgid = msgstr = ""
    key = ""
    for raw in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:
                pairs.append((msgid, msgstr))
            msgid = msgstr = key = ""
        elif line.startswith("msgid "):
            key, msgid = "id", _unquote(line)
        elif line.startswith("msgstr"):
            key, msgstr = "str", _unquote(line)
        elif line.startswith('"') and key == "id":
            msgid += _unquote(line)
        elif line.startswith('"') and key == "str":
            msgstr += _unquote(line)

    def words(text: str) -> set[str]:
        text = re.sub(r"%\(\w+\)\w|\{\{[^}]*\}\}|%\w|<[^>]+>", " ", text)
        return {w.lower() for w in WORD.findall(text) if len(w) >= 3}

    english: set[str] = set()
    indonesian: set[str] = set()
    for en, id_ in pairs:
        indonesian |= words(id_)
        if id_ and id_ != en:
            english |= words(en)
    return frozenset(english - indonesian)


def _allowed(path: str, text: str) -> bool:
    return any(re.search(pattern, path) and shown in text for pattern, shown, _why in ALLOWED)


def _check_text(path: str, text: str, data_words: set[str]) -> list[str]:
    problems = []
    for name, pattern in (("enum code", ENUM), ("ISO timestamp", ISO_TIME), ("Python value", REPR)):
        for found in sorted({m.group(0) for m in pattern.finditer(text)}):
            if not _allowed(path, found):
                problems.append(f"{name} {found!r}")
    english = english_words()
    for word in sorted({w for w in WORD.findall(text) if w.lower() in english and w.lower() not in data_words}):
        if not _allowed(path, word):
            problems.append(f"English word {word!r}")
    return problems


@dataclass(frozen=True)
class Labelled:
    """A value the page shows under a label: a table cell, a fact, or a value of a change-log sentence."""

    where: str
    label: str
    value: str


# Reads every labelled value of the page's main part (see the module's docstring).
LABELLED_JS = """() => {
    const clean = t => (t || '').replace(/\\s+/g, ' ').trim();
    const out = [];
    const main = document.querySelector('main') || document.body;
    for (const table of main.querySelectorAll('table')) {
        const labels = [];
        const head = table.querySelector('thead tr:last-child');
        for (const th of head ? head.children : []) {
            for (let i = 0; i < (th.colSpan || 1); i++) labels.push(clean(th.textContent));
        }
        for (const tr of table.querySelectorAll('tbody tr')) {
            let col = 0, rowLabel = '';
            for (const cell of tr.children) {
                const span = cell.colSpan || 1;
                if (cell.tagName === 'TH') { rowLabel = clean(cell.textContent); col += span; continue; }
                const label = cell.dataset.label || labels[col] || rowLabel;
                out.push({where: 'table', label: clean(label), value: clean(cell.innerText)});
                col += span;
            }
        }
    }
    for (const dl of main.querySelectorAll('dl')) {
        let label = '';
        for (const el of dl.querySelectorAll('dt, dd')) {
            if (el.tagName === 'DT') label = clean(el.textContent);
            else out.push({where: 'fact', label: label, value: clean(el.innerText)});
        }
    }
    for (const li of main.querySelectorAll('li[data-field]')) {
        out.push({where: 'history', label: '', value: clean(li.innerText)});
    }
    return out;
}"""


def _labelled(page: Page) -> list[Labelled]:
    found: list[Labelled] = []
    for item in page.evaluate(LABELLED_JS):
        if item["where"] != "history":
            found.append(Labelled(item["where"], item["label"], item["value"]))
            continue
        for pattern in HISTORY:  # "Klaster diubah dari A menjadi B." → (Klaster, A), (Klaster, B)
            match = pattern.match(item["value"])
            if match:
                found += [Labelled("history", match["label"], v) for k, v in match.groupdict().items() if k != "label"]
                break
    return found


def names_a_record(label: str) -> bool:
    return bool(REFERENCE.search(label)) and not MEASURE.search(label)


def bare_ids(labelled: list[Labelled], text: str) -> tuple[list[str], int]:
    """The bare ids of a page (its labelled values and its whole text), and how many values named a record."""
    problems: list[str] = []
    references = [item for item in labelled if names_a_record(item.label)]
    for item in references:
        if BARE_NUMBER.match(item.value):
            problems.append(f"bare id {item.value!r} under {item.label!r} ({item.where})")
    for found in sorted({m.group(0) for m in HASH_ID.finditer(text)}):
        problems.append(f"bare id {found!r} in the text")
    return problems, len(references)


def _visible_text(page: Page) -> str:
    # The ID/EN switch names the two languages; the rest of the page must be Indonesian.
    return page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('form.lang, script, style, [hidden]').forEach(e => e.remove());
            // A detached copy has no layout, so innerText would run two table cells together ("#7" + "17.08").
            body.querySelectorAll('td, th, dd, dt, li').forEach(e => e.append(' '));
            return body.innerText;
        }"""
    )


def _overflows(page: Page) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1"))


def _visit(page: Page, base: str, path: str, role: str, data_words: set[str]) -> Visit:
    response: Response | None = page.goto(base + path)
    status = response.status if response else 0
    visit = Visit(role=role, path=path, status=status)
    if status >= 500:
        visit.problems.append(f"server error {status}")
        return visit
    text = _visible_text(page)
    visit.problems += _check_text(path, text, data_words)
    ids, visit.references = bare_ids(_labelled(page), text)
    visit.problems += [p for p in ids if not _allowed(path, p)]
    if _overflows(page):
        visit.problems.append(f"wider than {WIDTH} px")
    visit.tabs = _tabs(page)
    return visit


def _tabs(page: Page) -> list[str]:
    """The links of a record page's tabs (core/detail.html's ``nav.tabs``, ``?tab=…``) other than the open one."""
    links = page.locator("main nav.tabs a[href*='?tab=']:not([aria-current])").all()
    return [href for a in links if (href := a.get_attribute("href"))]


def _first_record(page: Page) -> str | None:
    """The first record link of a list page: the first link inside its results table."""
    link = page.locator("main table tbody a[href^='/']").first
    if link.count() == 0:
        return None
    href = link.get_attribute("href")
    return href.split("#")[0] if href else None


def _data_words() -> set[str]:
    """Words of the demo's own records (names, addresses): what the office typed, not the interface."""
    from sinergi.cooperatives.models import Cooperative
    from sinergi.programs.models import Program
    from sinergi.regions.models import Region
    from sinergi.registry.models import Association, Business, Cluster

    texts: list[str] = []
    for b in Business.objects.select_related("owner"):
        texts += [b.name, b.address, b.owner.name if b.owner else ""]
    texts += list(Association.objects.values_list("name", flat=True))
    texts += list(Association.objects.values_list("description", flat=True))
    texts += list(Cooperative.objects.values_list("name", flat=True))
    texts += list(Program.objects.values_list("name", flat=True))
    texts += list(Cluster.objects.values_list("name", flat=True))
    texts += [u.get_full_name() for u in User.objects.all()]
    texts += list(Region.objects.filter(level__lte=2).values_list("name", flat=True))  # the filters' choices
    return {w.lower() for t in texts for w in WORD.findall(t or "")}


@pytest.fixture
def demo_site(transactional_db: None, regions: Any, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    demo.demo_seed(seed=11, businesses=30)
    admin = User.objects.get(username="demo-admin")
    kepahiang = User.objects.get(username="demo-kepahiang")
    coop = cooperative_make(actor=admin, region_code="17.08.01", name="KSP Kaba Makmur")
    for year in (2023, 2024):
        annual_report_save(actor=admin, cooperative=coop, fiscal_year=year, data=report_data(**rat(year)))
    cooperative_officer_make(cooperative=coop, username="demo-koperasi")
    pf.program(kepahiang, status=ProgramStatus.OPEN, name="Pelatihan Kemasan Produk")
    for user in User.objects.filter(username__in=ROLES):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def test_every_role_every_menu_link_and_first_record_reads_clean(
    chromium: Browser, live_server: Any, demo_site: None, capsys: pytest.CaptureFixture[str]
) -> None:
    base = live_server.url
    data_words = _data_words()
    visits: list[Visit] = []
    for role in ROLES:
        context = chromium.new_context(viewport={"width": WIDTH, "height": 900}, locale="id-ID")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(base + "/akun/masuk/")
        page.fill("#id_username", role)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_selector("nav.mainnav")
        menu = [a.get_attribute("href") or "" for a in page.locator("nav.mainnav a").all()]
        seen: set[str] = set()

        def visit_with_tabs(path: str, page: Page = page, role: str = role, seen: set[str] = seen) -> Visit:
            """The page, then each of its other tabs (a tab's own tabs are the same set)."""
            seen.add(path)
            visit = _visit(page, base, path, role, data_words)
            visits.append(visit)
            for tab in visit.tabs:
                if tab not in seen:
                    seen.add(tab)
                    visits.append(_visit(page, base, tab, role, data_words))
            return visit

        for path in menu:
            if path in seen:
                continue
            visit = visit_with_tabs(path)
            if visit.status == 403:
                visit.problems.append("menu link refused (403)")
            if visit.status != 200:
                continue
            page.goto(base + path)  # back on the list, whose first record is next
            record = _first_record(page)
            if record and record not in seen:
                visit_with_tabs(record)
        context.close()

    with capsys.disabled():  # the pages visited, in scripts/test's output too
        print("\npages visited per role:")
        for role in ROLES:
            print(f"  {role}: " + ", ".join(f"{v.path} {v.status}" for v in visits if v.role == role))
        references = sum(v.references for v in visits)
        print(f"labelled values naming a record, read for bare ids: {references}")
    problems = [f"{v.role} {v.path}: {p}" for v in visits for p in v.problems]
    assert {v.role for v in visits} == set(ROLES)
    assert sum(v.path.count("?tab=") for v in visits) > 0, "no record page's other tab was opened"
    assert references >= MIN_REFERENCES, f"only {references} labelled references read: the reader finds no labels"
    assert not problems, "\n".join(problems)


BARE_ID_CASES = """
<main>
  <table>
    <thead><tr><th>Nama usaha</th><th>Pemilik</th><th>Jumlah anggota</th><th>Tahun</th><th>NIB</th></tr></thead>
    <tbody>
      <tr><td>Keripik Kaba</td><td>637</td><td>120</td><td>2024</td><td>1234567890123</td></tr>
      <tr><td>Kopi Rejang</td><td>Siti Aminah</td><td>1.204</td><td>2025</td><td>1234567890124</td></tr>
    </tbody>
  </table>
  <table><tbody>
    <tr><th>Koperasi</th><td>1.234</td></tr>
    <tr><th>Anggota (orang)</th><td>87</td></tr>
  </tbody></table>
  <table><tbody><tr><td data-label="Klaster">#7</td><td data-label="Kecamatan">17.08</td></tr></tbody></table>
  <dl class="facts">
    <dt>Koperasi</dt><dd>KSP Kaba Makmur</dd>
    <dt>Program</dt><dd>12</dd>
    <dt>NIK pemilik</dt><dd>3509********0001</dd>
    <dt>Modal usaha</dt><dd>Rp 25.000</dd>
  </dl>
  <ol class="history"><li><ul class="changes">
    <li data-field="cluster">Klaster diubah dari Kuliner menjadi 7.</li>
    <li data-field="owner">Pemilik: 637.</li>
    <li data-field="workforce">Jumlah pekerja diubah dari 3 menjadi 5.</li>
  </ul></li></ol>
  <p>Digabung dengan Usaha Baru #15.</p>
</main>
"""


def test_bare_id_check_catches_what_it_should(page: Page) -> None:
    """The reader and the rule on a page of known cases: every bare id found, no count, year, NIB, NIK, code or
    money taken for one."""
    page.set_content(BARE_ID_CASES)
    problems, references = bare_ids(_labelled(page), _visible_text(page))
    assert problems == [
        "bare id '637' under 'Pemilik' (table)",
        "bare id '1.234' under 'Koperasi' (table)",
        "bare id '#7' under 'Klaster' (table)",
        "bare id '12' under 'Program' (fact)",
        "bare id '7' under 'Klaster' (history)",
        "bare id '637' under 'Pemilik' (history)",
        "bare id '#15' in the text",
        "bare id '#7' in the text",
    ]
    # Nama usaha ×2, Pemilik ×2, Koperasi, Klaster, Kecamatan; Koperasi and Program (facts); Klaster ×2 and Pemilik
    # (history). Not: Jumlah anggota, Tahun, NIB, Anggota (orang), NIK pemilik, Modal usaha, Jumlah pekerja.
    assert references == 12
