"""Word-prefix search over Business.search_text, with one meaning on both databases.

``search_text__words="sit amin"`` keeps rows with a word starting "sit" and a word starting "amin".
On PostgreSQL it is a full-text match (``search_vector @@ 'sit:* & amin:*'``) against the stored
``to_tsvector('simple', search_text)`` column and GIN index that migration registry/0003 adds; a trigram
substring index was 10–100x slower at a million rows (docs/performance.md). On SQLite it is a LIKE per
word against the space-separated words.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup, TextField
from django.db.models.sql.compiler import SQLCompiler

from sinergi.registry.derived import search_words

MAX_WORDS = 8


class SearchTextField(TextField):  # type: ignore[type-arg]
    """The derived, space-separated words a record is found by; supports the ``words`` lookup."""


@SearchTextField.register_lookup
class Words(Lookup):  # type: ignore[type-arg]
    lookup_name = "words"

    def _words(self) -> list[str]:
        return search_words(str(self.rhs))[:MAX_WORDS]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self._words()
        if not words:
            return "1=1", []
        # "% word%" after a leading space: the word starts the text or follows a space.
        clauses = [f"(' ' || {lhs}) LIKE %s" for _ in words]
        return " AND ".join(clauses), [p for w in words for p in (*lhs_params, f"% {w}%")]

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = self._words()
        if not words:
            return "1=1", []
        query = " & ".join(f"{w}:*" for w in words)  # \w+ words carry no tsquery operators
        # The stored vector sits beside the text column (same table alias), generated from it by the database.
        quoted_text = connection.ops.quote_name(self.lhs.target.column)
        if not lhs.endswith(quoted_text):
            raise NotImplementedError("the words lookup works on a search_text column itself")
        vector = lhs[: -len(quoted_text)] + connection.ops.quote_name("search_vector")
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [*lhs_params, query]
