"""A GIN index on the vector the PostgreSQL search matches, `title || body`.

Wagtail's backend filters on that concatenation, while its own migrations index `title`
and `body` one by one, so without this every search computed the concatenation for the
whole index. Nothing to do on SQLite, whose backend uses FTS5.
"""

from django.db import migrations

INDEX = "core_search_entry_match_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_search_outcome"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
