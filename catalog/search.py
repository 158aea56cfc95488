"""The search page's reads: bodies, databases, fields, dictionary elements and code lists, found
by words typed with or without Vietnamese diacritics, in any case, ranked, and only among what the
reader may see (architecture.access.visible_filter, through catalog.selectors).

Databases and fields are matched on their folded `search_text` columns (a substring per word,
which trigram indexes answer on PostgreSQL, catalog migrations 0009 and 0011). The matching rows
are ranked in Python: an exact identifier first, then the whole phrase in the name, then the share
of the words in the name, then in the rest; on PostgreSQL the rows read for ranking are the most
similar by trigram word similarity, so that a query matching very many entries keeps the best.
Databases carry facets (kind, owning body, province, lifecycle, review state) counted over the
matching entries with the other filters applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from architecture.api.search import folded_search
from architecture.models import Body, BodyLevel
from architecture.models.bodies import PATH_SEPARATOR
from architecture.text import fold
from catalog.api.selectors import field_list
from catalog.models import Database, DatabaseKind, Field, Lifecycle, ReviewState
from catalog.selectors import database_list_visible
from dictionary.models import CodeList, DataElement

MAX_RANKED = 1000  # databases ranked per query; the page says when there are more
CANDIDATES = 5 * MAX_RANKED  # matching rows read to rank them
SIDE_LIMIT = 200  # candidates ranked for the smaller registers


@dataclass(frozen=True)
class DatabaseFilters:
    kind: str = ""
    lifecycle: str = ""
    review_state: str = ""
    body: Body | None = None  # the body and every body under it
    province: Body | None = None


@dataclass
class Facet:
    name: str  # the query parameter
    label: str
    options: list[tuple[str, str, int]] = field(default_factory=list)  # value, label, count


def words_of(query: str) -> list[str]:
    return fold(query).split()


def _rank(words: list[str], name: str, rest: str = "", exact: str = "") -> float:
    """Higher is better: an exact identifier, the phrase in the name, the share of the words in the
    name, then in the other text."""
    if not words:
        return 0.0
    phrase, name, rest = " ".join(words), fold(name), fold(rest)
    score = 100.0 if exact and fold(exact) == phrase else 0.0
    if phrase in name:
        score += 50 + (10 if name.startswith(phrase) else 0)
    score += 20 * sum(word in name for word in words) / len(words)
    score += 5 * sum(word in rest for word in words) / len(words)
    return score - len(name) / 1000  # shorter names first among equals


def database_matches(*, user, words: list[str], filters: DatabaseFilters) -> QuerySet[Database]:
    """Visible, published databases holding every word, with the facet filters applied."""
    queryset = database_list_visible(user=user).filter(withdrawn_at__isnull=True)
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.lifecycle:
        queryset = queryset.filter(lifecycle=filters.lifecycle)
    if filters.review_state:
        queryset = queryset.filter(review_state=filters.review_state)
    for body in (filters.body, filters.province):
        if body is not None:
            queryset = queryset.filter(owner__path__startswith=body.path)
    return queryset


def database_ranked_ids(queryset: QuerySet[Database], words: list[str]) -> list[int]:
    """Ids of the matching databases, best first (at most MAX_RANKED + 1, to tell there are more).
    PostgreSQL keeps the candidates most similar by trigrams (when a query matches very many
    entries); then the same ranking as on SQLite orders them: name before description."""
    if not words:
        return list(queryset.order_by("identifier").values_list("id", flat=True)[:MAX_RANKED + 1])
    columns = ("id", "identifier", "name_vi", "name_en", "search_text")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity
        queryset = queryset.annotate(similarity=TrigramWordSimilarity(" ".join(words), "search_text")).order_by(
            "-similarity", "identifier")
    rows = queryset.values_list(*columns)[:CANDIDATES]
    scored = sorted(rows, key=lambda row: (-_rank(words, f"{row[2]} {row[3]}", row[4], exact=row[1]), row[1]))
    return [row[0] for row in scored[:MAX_RANKED + 1]]


def databases_by_ids(ids: list[int]) -> list[Database]:
    """The databases of `ids` in that order, with what a result line shows."""
    found = Database.objects.select_related("owner").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def database_facets(*, user, words: list[str], filters: DatabaseFilters) -> list[Facet]:
    """Counts per facet value over the matching databases; each facet ignores its own filter so
    that its other values stay choosable."""
    def counts(without: str, column: str) -> dict:
        kept = DatabaseFilters(**{**filters.__dict__, without: "" if without not in ("body", "province") else None})
        rows = database_matches(user=user, words=words, filters=kept).values(column).annotate(n=Count("id"))
        return {row[column]: row["n"] for row in rows}

    def choice_facet(name, label, choices):
        found = counts(name, name)
        return Facet(name, label, [(value, text, found[value]) for value, text in choices if found.get(value)])

    facets = [
        choice_facet("kind", _("Kind"), DatabaseKind.choices),
        choice_facet("lifecycle", _("Lifecycle"), Lifecycle.choices),
        choice_facet("review_state", _("Review state"), ReviewState.choices),
    ]
    by_owner = counts("province", "owner__path")
    per_province: Counter = Counter()
    for path, n in by_owner.items():
        per_province[path.split(PATH_SEPARATOR)[0]] += n
    provinces = Body.objects.filter(level=BodyLevel.PROVINCIAL, code__in=list(per_province)).order_by("name_vi")
    facets.append(Facet("province", _("Province"),
                        [(body.code, body.name_vi, per_province[body.code]) for body in provinces]))
    owners = counts("body", "owner__code")
    top = sorted(owners.items(), key=lambda item: -item[1])[:10]
    names = dict(Body.objects.filter(code__in=[code for code, _n in top]).values_list("code", "name_vi"))
    facets.append(Facet("body", _("Owning body"), [(code, names.get(code, code), n) for code, n in top]))
    return facets


def _ranked(rows, words, name, rest=lambda row: "", exact=lambda row: "", limit=10):
    scored = sorted(rows, key=lambda row: -_rank(words, name(row), rest(row), exact=exact(row)))
    return scored[:limit]


def body_search(*, words: list[str], limit: int = 10) -> list[Body]:
    """Bodies are public: every reader finds every body."""
    if not words:
        return []
    rows = Body.objects.filter(folded_search(" ".join(words), "name_vi", "name_en", "short_name", "code"))
    return _ranked(rows[:SIDE_LIMIT], words, lambda b: f"{b.name_vi} {b.short_name}", lambda b: b.name_en,
                   lambda b: b.code, limit)


def field_search(*, user, words: list[str], limit: int = 10) -> list[Field]:
    """Fields of the databases `user` may see, by name (underscores read as spaces) or description."""
    if not words:
        return []
    rows = field_list(user=user).filter(table__database__withdrawn_at__isnull=True).select_related("table")
    for word in words:  # the folded column, served by a trigram index on PostgreSQL (catalog 0011)
        rows = rows.filter(search_text__contains=word)
    return _ranked(rows[:SIDE_LIMIT], words, lambda f: f.name.replace("_", " "), lambda f: f.description,
                   limit=limit)


def element_search(*, words: list[str], limit: int = 10) -> list[DataElement]:
    """Shared Data Dictionary elements (public), on their folded search column."""
    if not words:
        return []
    rows = DataElement.objects.all()
    for word in words:
        rows = rows.filter(search_text__contains=word)
    return _ranked(rows[:SIDE_LIMIT], words, lambda e: f"{e.name_vi} {e.name_en}", lambda e: e.search_text,
                   lambda e: e.identifier, limit)


def code_list_search(*, words: list[str], limit: int = 10) -> list[CodeList]:
    if not words:
        return []
    rows = CodeList.objects.filter(folded_search(" ".join(words), "identifier", "name_vi", "name_en", "description"))
    return _ranked(rows[:SIDE_LIMIT], words, lambda c: f"{c.name_vi} {c.name_en}", lambda c: c.description,
                   lambda c: c.identifier, limit)
