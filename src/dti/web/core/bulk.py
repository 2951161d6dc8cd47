"""Bulk writes of many rows: COPY on PostgreSQL, one ``executemany`` INSERT on SQLite.

Rows are plain tuples in ``columns`` order; no model instance is made. They are written inside the
caller's transaction (a recompute, a template import), so a failure leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


def bulk_insert(model: type[Model], fields: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608 - names from _meta


def analyze(*models: type[Model]) -> None:
    """Refresh the planner's statistics after a bulk load, as a deployment's autovacuum would later:
    a freshly loaded, never analysed table otherwise gets plans chosen for an empty table."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
