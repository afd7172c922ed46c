"""Full-text search of the offers in one pass: the ``(pk, family_id)`` of every match, ranked.

The catalogue needs, for a search, the number of matches of each family (the facets) and one
page of offers. Asking Wagtail's search results for both runs the full-text match twice, and on
SQLite each run is slow: the FTS5 backend joins its index table to the full-text table in an
order SQLite picks badly without table statistics (one ``MATCH`` per indexed object), and it
ranks the results with a correlated ``bm25`` sub-query per matching row.

:func:`ranked_matches` runs the match once and returns only primary keys and families; the
caller counts the families in Python and loads the displayed page by primary key. On SQLite it
reads the full-text table first (one ``MATCH``, ranked by the backend's own ``bm25`` expression)
and filters the offers by those keys; with any other backend it takes the backend's ranked
queryset as ``values_list``. Both keep the backend's order: most relevant first, then the most
recent offer first among equals.
"""

from django.db.models import F, Value


def ranked_matches(queryset, terms, operator="and"):
    """``[(pk, family_id)]`` of the offers of ``queryset`` matching ``terms``, best first."""
    results = queryset.search(terms, operator=operator)
    ranked = _sqlite_ranked_ids(results)
    if ranked is not None:
        if not ranked:
            return []
        position = {pk: index for index, pk in enumerate(ranked)}
        rows = queryset.filter(pk__in=ranked).order_by().values_list("pk", "family_id")
        return sorted(rows, key=lambda row: position[row[0]])
    if hasattr(results, "get_queryset"):
        return list(results.get_queryset().values_list("pk", "family_id"))
    return [(offer.pk, offer.family_id) for offer in results]


def _sqlite_ranked_ids(results):
    """The matching object ids, ranked as the SQLite FTS5 backend ranks them; ``None`` when
    ``results`` do not come from that backend (or a plain-text query it could not express)."""
    compiler = getattr(results, "query_compiler", None)
    if type(compiler).__name__ != "SQLiteSearchQueryCompiler":
        return None  # (the SQLite modules cannot even be imported on another database)
    try:
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteFTSIndexEntry,
            SQLiteSearchQueryCompiler,
        )
        from modelsearch.query import And, Or, Phrase, PlainText
        from modelsearch.utils import get_descendants_content_types_pks
    except (ImportError, LookupError):  # pragma: no cover - the backend moved: generic path
        return None

    if type(compiler) is not SQLiteSearchQueryCompiler or not compiler.order_by_relevance:
        return None
    query = normalize(compiler.query)
    if not isinstance(query, (PlainText, Phrase, And, Or)):
        return None  # negations and match-all: the backend's own path
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    score = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    content_types = get_descendants_content_types_pks(compiler.queryset.model)
    rows = (
        SQLiteFTSIndexEntry.objects.filter(match)
        # "+ 0" keeps SQLite from starting with the (content type, object id) index, which
        # without statistics it prefers: the full-text table is then read once, not per row.
        .alias(content_type=F("index_entry__content_type_id") + Value(0))
        .filter(content_type__in=content_types)
        .annotate(score=score)
        .values_list("index_entry__object_id", "score")
    )
    ranked = sorted(((score, -int(pk)) for pk, score in rows), key=lambda row: row)
    return [-negative_pk for _, negative_pk in ranked]
