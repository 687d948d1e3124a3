# Wagtail only discovers articles/wagtail_hooks.py; until it imports the importer's
# hooks, import them here so the admin URL and menu item exist in these tests.
import articles.importer.wagtail_hooks  # noqa: F401
