"""Catalogue search words: lower-cased, punctuation-free, and spelling variants folded to one form, so that
"Kripik pisang" finds "Keripik Pisang" and the word order does not matter.

The variants are data (``VARIANTS``): each spelling a seller or buyer writes, mapped to the one stored. Add a
line when a new variant turns up; the stored search text is refreshed by ``product_update`` and by
``products_reindex`` (the management command ``market_reindex`` calls it).
"""

from __future__ import annotations

from sinergi.registry.derived import search_words

# spelling written → spelling stored. Both sides lower-case, one word each.
VARIANTS: dict[str, str] = {
    "kripik": "keripik",
    "krupuk": "kerupuk",
    "kerpik": "keripik",
    "sambel": "sambal",
    "coklat": "cokelat",
    "choco": "cokelat",
    "sirop": "sirup",
    "syrup": "sirup",
    "cemilan": "camilan",
    "snack": "camilan",
}


def fold(word: str) -> str:
    """One word in its stored spelling."""
    return VARIANTS.get(word, word)


def normalised_words(text: str) -> list[str]:
    """The words of ``text`` as the catalogue stores and searches them."""
    return [fold(w) for w in search_words(text)]


def product_search_text(*, name: str, description: str) -> str:
    return " ".join(normalised_words(f"{name} {description}"))
