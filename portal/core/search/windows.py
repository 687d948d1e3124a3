"""Matches counted per content type on every result row (window aggregates), so one query
gives a page of results and the counts the type filter shows (postgres.py, results.py)."""

from django.db.models import Count, Q, Window


def type_count_windows(content_type_ids) -> dict:
    return {type_count_name(pk): Window(Count("pk", filter=Q(content_type_id=pk))) for pk in content_type_ids}


def type_count_name(content_type_id: int) -> str:
    return f"_matches_of_type_{content_type_id}"
