"""Word search over Business.search_text, with one meaning on both databases: every word of the query must be
found, in any order, as the start of a word of the record or — when no record has a word starting so, a
misspelling — as a word spelt alike ("azalia" finds "Azalea").

``search_text__words=search_terms("sit amin")`` keeps rows with a word starting "sit" (or a word like it) and a
word starting "amin" (or a word like it). "Alike" is trigram similarity as PostgreSQL's pg_trgm computes it
(the shared three-letter pieces of the two words padded with spaces, over all their pieces) of at least
``SIMILARITY`` (pg_trgm's default), for query words of ``FUZZY_FROM`` letters or more.

PostgreSQL: a full-text match against the stored ``to_tsvector('simple', search_text)`` column and its GIN index
(migration registry/0003). The alike words come from the vocabulary table ``registry_searchword`` (every word of
every search_text, kept by a statement trigger on registry_business, with a GIN trigram index: migration
registry/0007), looked up before the query, so the planner sees a literal ``(azalia:* | azalea) & …`` and its
statistics. SQLite: a LIKE per word against the space-separated words, or the same similarity computed by a
function the connection registers (``sinergi_alike``), row by row, at an office's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup, TextField
from django.db.models.sql.compiler import SQLCompiler

from sinergi.registry.derived import search_words

MAX_WORDS = 8
FUZZY_FROM = 4  # shorter words are matched as prefixes only: "sri" alike "sei", "sro" … would be noise
SIMILARITY = 0.3  # pg_trgm.similarity_threshold's default
ALIKE_PER_WORD = 6
# An alike word is at most this many letters longer or shorter ("hiang" is not "kepahiang"), on both databases.
LENGTH_SLACK = 3


@dataclass(frozen=True, slots=True)
class Terms:
    """The words of a query, each with the vocabulary's words alike it (PostgreSQL; empty on SQLite)."""

    words: tuple[str, ...]
    alike: tuple[tuple[str, ...], ...]
    fuzzy: tuple[bool, ...] = ()  # per word: also match words alike it (SQLite's row-by-row comparison)


@lru_cache(maxsize=65536)
def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one lower-case word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b) for two single words: shared trigrams over all trigrams of either."""
    ta, tb = trigrams(a), trigrams(b)
    union = len(ta | tb)
    return len(ta & tb) / union if union else 0.0


def alike_in(text: str, word: str) -> bool:
    """Whether a space-separated search_text holds a word alike ``word`` (SQLite's ``sinergi_alike``)."""
    if not text or not word:
        return False
    n = len(word)
    return any(abs(len(t) - n) <= LENGTH_SLACK and similarity(t, word) >= SIMILARITY for t in set(text.split(" ")))


def _starts_a_word(word: str) -> str:
    r"""A LIKE pattern for words starting ``word`` (of \w+ words only "_" is a LIKE wildcard)."""
    return word.replace("_", "\\_") + "%"


def _alike_words(word: str) -> tuple[str, ...]:
    """PostgreSQL: the vocabulary's words alike ``word``, only when no word starts with it: a word spelt as the
    records spell it finds just those records, a misspelt one the records spelt alike."""
    if len(word) < FUZZY_FROM:
        return ()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM registry_searchword WHERE word %% %s AND abs(length(word) - %s) <= %s "
            "AND NOT EXISTS (SELECT 1 FROM registry_searchword WHERE word LIKE %s) "
            "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
            [word, len(word), LENGTH_SLACK, _starts_a_word(word), word, ALIKE_PER_WORD],
        )
        return tuple(row[0] for row in cursor.fetchall())


def _unknown_on_sqlite(word: str) -> bool:
    """SQLite, the same rule without a vocabulary: compare row by row only when no record has a word starting
    with this one."""
    if len(word) < FUZZY_FROM:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM registry_business WHERE (' ' || search_text) LIKE %s ESCAPE '\\' LIMIT 1",
            ["% " + _starts_a_word(word)],
        )
        return cursor.fetchone() is None


def search_terms(text: str) -> Terms:
    """The query's words (at most MAX_WORDS) and what each may also match when no record spells it so."""
    words = tuple(dict.fromkeys(search_words(text)))[:MAX_WORDS]
    if connection.vendor == "postgresql":
        alike = tuple(_alike_words(w) for w in words)
        return Terms(words=words, alike=alike, fuzzy=tuple(bool(x) for x in alike))
    return Terms(words=words, alike=tuple(() for _ in words), fuzzy=tuple(_unknown_on_sqlite(w) for w in words))


class SearchTextField(TextField):  # type: ignore[type-arg]
    """The derived, space-separated words a record is found by; supports the ``words`` lookup."""


@SearchTextField.register_lookup
class Words(Lookup):  # type: ignore[type-arg]
    lookup_name = "words"
    prepare_rhs = False

    def _terms(self) -> Terms:
        rhs = self.rhs
        if isinstance(rhs, Terms):
            return rhs
        words = tuple(dict.fromkeys(search_words(str(rhs))))[:MAX_WORDS]
        return Terms(words=words, alike=tuple(() for _ in words), fuzzy=tuple(False for _ in words))

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        terms = self._terms()
        if not terms.words:
            return "1=1", []
        clauses, params = [], []
        for word, fuzzy in zip(terms.words, terms.fuzzy, strict=True):
            # "% word%" after a leading space: the word starts the text or follows a space.
            clause, clause_params = f"(' ' || {lhs}) LIKE %s", [*lhs_params, f"% {word}%"]
            if fuzzy:
                clause = f"({clause} OR sinergi_alike({lhs}, %s))"
                clause_params += [*lhs_params, word]
            clauses.append(clause)
            params += clause_params
        return " AND ".join(clauses), params

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        terms = self._terms()
        if not terms.words:
            return "1=1", []
        # \w+ words carry no tsquery operators.
        groups = [" | ".join([f"{w}:*", *alike]) for w, alike in zip(terms.words, terms.alike, strict=True)]
        query = " & ".join(f"({g})" for g in groups)
        # The stored vector sits beside the text column (same table alias), generated from it by the database.
        quoted_text = connection.ops.quote_name(self.lhs.target.column)
        if not lhs.endswith(quoted_text):
            raise NotImplementedError("the words lookup works on a search_text column itself")
        vector = lhs[: -len(quoted_text)] + connection.ops.quote_name("search_vector")
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [*lhs_params, query]


def register_sqlite_functions(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` handler: SQLite's ``sinergi_alike(search_text, word)`` for the words lookup."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sinergi_alike", 2, alike_in, deterministic=True)
