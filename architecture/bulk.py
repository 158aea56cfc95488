"""Bulk SQL helpers shared by every layer (the demo generators and their resets)."""

from django.db import connection, models


def rows_delete(cursor, model, where: str, params: list) -> None:
    """DELETE the rows of `model` matching `where` (SQL on its own columns), after what refers to
    them with a database constraint, as the ORM's delete would (found from the models, so a
    register added later is cleared too): many-to-many links go, CASCADE children go
    (recursively), SET_NULL references are cleared, and anything else (PROTECT) is left for the
    database to refuse. History tables keep no constraint and are left alone, as the ORM leaves them."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    chosen = f"SELECT id FROM {table} WHERE {where}"
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        cursor.execute(f"DELETE FROM {quote(through._meta.db_table)} WHERE {quote(field.m2m_column_name())} "
                       f"IN ({chosen})", params)
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            column = relation.field.m2m_reverse_name()
            cursor.execute(f"DELETE FROM {quote(through._meta.db_table)} WHERE {quote(column)} IN ({chosen})", params)
        elif relation.related_model is model:
            continue  # a reference within the same rows: the database refuses what would dangle
        elif relation.field.db_constraint and relation.on_delete is models.CASCADE:
            rows_delete(cursor, relation.related_model, f"{quote(relation.field.column)} IN ({chosen})", params)
        elif relation.field.db_constraint and relation.on_delete is models.SET_NULL:
            column = quote(relation.field.column)
            cursor.execute(f"UPDATE {quote(relation.related_model._meta.db_table)} SET {column} = NULL "
                           f"WHERE {column} IN ({chosen})", params)
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
