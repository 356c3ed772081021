"""The in-process DuckDB that Splink runs on: a bounded memory budget and a spill directory.

Sized for the project's reference machine (2 cores, 24 GiB shared with the web app, the database
and other jobs): linkage gets a fixed slice of memory and spills to a temporary directory beyond it,
so a million-record run cannot take the machine down.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl
from splink import DuckDBAPI, Linker

DEFAULT_MEMORY_LIMIT = "6GB"


@contextmanager
def duckdb_connection(*, workers: int, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private in-memory DuckDB with ``workers`` threads, capped memory and its own spill directory."""
    with tempfile.TemporaryDirectory(prefix="sinergi-linkage-") as spill:
        con = duckdb.connect(
            ":memory:",
            config={
                "threads": max(1, workers),
                "memory_limit": memory_limit,
                "temp_directory": spill,
                # Results are keyed by ids, never by row order; dropping order lets joins stream.
                "preserve_insertion_order": False,
            },
        )
        try:
            yield con
        finally:
            con.close()


def make_linker(
    con: duckdb.DuckDBPyConnection,
    prepared: pl.DataFrame,
    settings: dict[str, Any],
    *,
    table_name: str = "sinergi_linkage_input",
) -> Linker:
    """A Splink linker over the prepared records, quiet unless something is wrong."""
    db_api = DuckDBAPI(con)
    table = db_api.register(prepared.to_arrow(), table_name=table_name)
    return Linker(table, settings, log_level=logging.WARNING)
