"""Check the translation catalogues: every message translated, nothing fuzzy, and each compiled .mo
in step with its .po (so a fresh clone serves the same words without needing GNU gettext installed).

Usage: python scripts/check_translations.py [--compile]
  --compile  rebuild each .mo from its .po with msgfmt (GNU gettext) before checking
"""

from __future__ import annotations

import ast
import gettext
import shutil
import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "sinergi" / "locale"
LANGUAGES = ("id", "en")


def _unquote(line: str) -> str:
    return str(ast.literal_eval(line.strip()))


def read_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), fuzzy."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {"msgstr": [], "fuzzy": False}
    key: str | None = None

    def flush() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {"msgstr": [], "fuzzy": False}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            flush() if "msgid" in entry else None
            entry["msgctxt"], key = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid_plural "):
            entry["msgid_plural"], key = _unquote(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            if "msgid" in entry:
                flush()
            entry["msgid"], key = _unquote(line[6:]), "msgid"
        elif line.startswith("msgstr"):
            text = line.split(" ", 1)[1]
            msgstr = entry["msgstr"]
            assert isinstance(msgstr, list)
            msgstr.append(_unquote(text))
            key = "msgstr"
        elif line.startswith('"') and key:
            if key == "msgstr":
                msgstr = entry["msgstr"]
                assert isinstance(msgstr, list)
                msgstr[-1] += _unquote(line)
            else:
                entry[key] = str(entry[key]) + _unquote(line)
    flush()
    return entries


def check(language: str) -> list[str]:
    problems: list[str] = []
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    if not po.exists():
        return [f"{po.relative_to(LOCALE.parent.parent)} is missing"]
    if not mo.exists():
        return [f"{mo.relative_to(LOCALE.parent.parent)} is missing: run scripts/check_translations.py --compile"]
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in read_po(po):
        msgid = str(e["msgid"])
        if not msgid:
            continue
        msgstr = [str(s) for s in e["msgstr"]]  # type: ignore[attr-defined]
        where = f"{language}: {msgid[:60]!r}"
        if e["fuzzy"]:
            problems.append(f"{where} is marked fuzzy")
        if language != "en" and not all(msgstr):
            problems.append(f"{where} is not translated")
            continue
        if "msgid_plural" in e or not msgstr[0]:
            continue
        ctx = e.get("msgctxt")
        got = compiled.pgettext(str(ctx), msgid) if ctx else compiled.gettext(msgid)
        if got != msgstr[0]:
            problems.append(f"{where}: the .mo is out of date (recompile with --compile)")
    return problems


def main() -> int:
    if "--compile" in sys.argv:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            print("msgfmt (GNU gettext) is needed to compile; apt-get install gettext", file=sys.stderr)
            return 2
        for language in LANGUAGES:
            po = LOCALE / language / "LC_MESSAGES" / "django.po"
            if po.exists():
                subprocess.run([msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    problems = [p for language in LANGUAGES for p in check(language)]
    for p in problems:
        print(p, file=sys.stderr)
    print(f"translations: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
