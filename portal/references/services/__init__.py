"""Writes of the references app (other apps call these)."""

from portal.references.services.imports import (
    IMPORT_FILE_ACTION,
    ImportReport,
    ReportItem,
    reference_import_file,
)
from portal.references.services.metadata import (
    FETCH_METADATA_ACTION,
    FetchOutcome,
    MetadataError,
    reference_fetch_metadata,
    reference_fetch_metadata_enqueue,
)
from portal.references.services.upsert import (
    IMPORT_FILL_ACTION,
    IMPORT_UNCHANGED_ACTION,
    UpsertResult,
    find_duplicate,
    normalize_fields,
    reference_fill,
    reference_upsert,
)

__all__ = [
    "FETCH_METADATA_ACTION",
    "IMPORT_FILE_ACTION",
    "IMPORT_FILL_ACTION",
    "IMPORT_UNCHANGED_ACTION",
    "FetchOutcome",
    "ImportReport",
    "MetadataError",
    "ReportItem",
    "UpsertResult",
    "find_duplicate",
    "normalize_fields",
    "reference_fetch_metadata",
    "reference_fetch_metadata_enqueue",
    "reference_fill",
    "reference_import_file",
    "reference_upsert",
]
