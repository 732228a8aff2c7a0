"""Writing generated rows in bulk: bulk_create in batches, or COPY on PostgreSQL for rows nothing points to.

No history rows are written: this is load data for benchmarks, not a record of anyone's work.
"""

from __future__ import annotations

import datetime
import io

from django.db import connection

BATCH = 2000


def bulk(model, objects: list) -> list:
    """Insert in batches; the objects come back with their ids, for the rows that point to them."""
    return model.objects.bulk_create(objects, batch_size=BATCH)


def copy_field(value) -> str:
    """One value in PostgreSQL's CSV COPY format: an unquoted empty field is NULL, "" an empty text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def leaves(model, objects: list) -> list:
    """Rows nothing else points to (their ids are not needed): on PostgreSQL through COPY, several times
    faster than INSERT for the hundreds of thousands of realisations; elsewhere bulk_create."""
    if connection.vendor != "postgresql" or not objects:
        return bulk(model, objects)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    lines = ["\t".join(copy_field(getattr(obj, f.attname)) for f in fields) for obj in objects]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            "FROM STDIN WITH (FORMAT csv, DELIMITER E'\\t')",
            io.StringIO("\n".join(lines) + "\n"),
        )
    return objects


def link(relation, pairs: list[tuple[int, int]]) -> None:
    """Rows of a many-to-many table (relation: the descriptor, e.g. SmartGoal.effects), as pairs of the id
    on the relation's side and the related id; the columns are the field's own, as agreements.copying does."""
    field = relation.field
    through = field.remote_field.through
    left, right = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs], batch_size=BATCH
    )
