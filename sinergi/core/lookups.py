"""``field__any=[...]``: membership in a list, sent to PostgreSQL as one array parameter.

``field__in=[...]`` with 2,000 values makes 2,000 placeholders, which Django and psycopg spell out and PostgreSQL
parses one by one: ≈13 ms a query against ≈4 ms for ``field = ANY(%s)`` with the list as one array (measured on
the import's person lookup by NIK; docs/performance.md, "Import"). Bulk writers look records up a batch at a
time, so they use this. Elsewhere (SQLite) it is the plain IN list. An empty list matches nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):  # type: ignore[type-arg]
    """Foreign keys take the related keys' values (``business_id__any=[1, 2]``), not model instances."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[Any]:
        field = self.lhs.output_field
        return [field.get_prep_value(v) for v in self.rhs]

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(v, connection, prepared=True) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
