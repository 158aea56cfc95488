"""The URL walk's machinery: every path of the URL configuration, found from the resolver and
filled in from pools of values; what a response shows, made comparable; and the SQL writes a
request made.

A pattern's parameters are filled from the pools of values the test gives, by parameter name;
a value is tried only where the pattern's converter (or regular expression group) accepts it, and
every filled path must resolve. A new URL needs no change here unless it names a parameter no pool knows, which fails
`test_every_url_is_walked` with the pattern's name.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern

MAX_PATHS_PER_PATTERN = 24
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<regex>(?:[^()]|\([^()]*\))*)\)")


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, or the pattern itself when unnamed
    parts: tuple[tuple[str, str | None, str | None], ...]  # (literal text, parameter, its regex)

    def params(self) -> list[tuple[str, str]]:
        return [(param, regex) for _text, param, regex in self.parts if param]


def _regex_parts(regex: str) -> list[tuple[str, str | None, str | None]]:
    """`^bodies/(?P<code>[^/]+)\\.(?P<format>[a-z0-9]+)/?$` as literal text and parameters."""
    parts, position = [], 0
    for match in GROUP.finditer(regex):
        parts.append((_literal(regex[position:match.start()]), match["name"], match["regex"]))
        position = match.end()
    parts.append((_literal(regex[position:]), None, None))
    return parts


def _literal(fragment: str) -> str:
    fragment = fragment.replace("/?", "/").replace("^", "").replace("$", "").replace("\\Z", "")
    return fragment.replace("\\.", ".").replace("\\-", "-")


def _route_parts(pattern) -> list[tuple[str, str | None, str | None]]:
    if isinstance(pattern, RoutePattern):
        parts, position, route = [], 0, str(pattern)
        for match in re.finditer(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>", route):
            converter = pattern.converters[match["name"]]
            parts.append((route[position:match.start()], match["name"], converter.regex))
            position = match.end()
        parts.append((route[position:], None, None))
        return parts
    return _regex_parts(pattern.regex.pattern)


def routes() -> list[Route]:
    """Every pattern of the URL configuration, included ones joined to their prefixes."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            parts = prefix + _route_parts(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                    entry.namespace or namespace)
                walk(entry.url_patterns, parts[:-1] + [(parts[-1][0], None, None)], inner)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or str(entry.pattern))
                found.append(Route(name=name, parts=tuple(_join(parts))))

    walk(get_resolver().url_patterns, [], "")
    return found


def _join(parts):
    """Adjacent literal pieces (a prefix's tail and the next pattern's head) as one."""
    joined = []
    for text, param, regex in parts:
        if joined and joined[-1][1] is None:
            joined[-1] = (joined[-1][0] + text, param, regex)
        else:
            joined.append((text, param, regex))
    return joined


class UnknownParameter(LookupError):
    pass


def paths(route: Route, pools: dict[str, list[str]]) -> list[str]:
    """The route filled with every accepted combination of pool values (at most
    MAX_PATHS_PER_PATTERN), each checked to resolve."""
    choices = []
    for param, regex in route.params():
        if param not in pools:
            raise UnknownParameter(f"{route.name}: no pool of values for <{param}>")
        accepted = [value for value in pools[param] if re.fullmatch(regex or ".*", value)]
        if not accepted:
            raise UnknownParameter(f"{route.name}: no value of the pool fits <{param}> ({regex})")
        choices.append(accepted)
    result = []
    for combination in itertools.islice(itertools.product(*choices), MAX_PATHS_PER_PATTERN):
        values = iter(combination)
        path = "/" + "".join(text + (next(values) if param else "") for text, param, _regex in route.parts)
        try:
            resolve(path)
        except Resolver404:
            continue
        result.append(path)
    return result


# --- what a response shows

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
NONCE = re.compile(rb'nonce="[^"]*"')
SHOWN_HEADERS = ("Content-Type", "Location", "Content-Disposition", "ETag", "Last-Modified", "Link", "Allow")


def shown(response) -> dict:
    """What the reader of a response learns from it, in a form equal for equal content: status,
    the headers that carry content, and the body (parsed where its bytes vary for equal content)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0].strip()
    return {"status": response.status_code,
            "headers": {name: response[name] for name in SHOWN_HEADERS if response.has_header(name)},
            "body": _body(kind, content)}


def _body(kind: str, content: bytes):
    if kind.endswith("spreadsheetml.sheet"):
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(content), read_only=True)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}
    if kind == "application/json":
        return _without_timings(json.loads(content or b"null"))
    if kind in RDF_KINDS:
        return _graph(kind, content)
    return NONCE.sub(b"", CSRF.sub(b"", content))


def _without_timings(value):
    """The health endpoint's "ms" (how long each check took) differs between any two reads."""
    if isinstance(value, dict):
        return {key: _without_timings(item) for key, item in value.items() if key != "ms"}
    return value


RDF_KINDS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml",
             "application/n-triples": "nt"}


def _graph(kind: str, content: bytes):
    """An RDF answer as its canonical triples: blank node labels differ between equal graphs."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph
    graph = Graph().parse(data=content, format=RDF_KINDS[kind])
    return sorted(to_canonical_graph(graph).serialize(format="nt").splitlines())


def text_of(shown_response: dict) -> str:
    """Everything shown, as one string to search for marker text."""
    body = shown_response["body"]
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False,
                                                                                        default=str)
    return json.dumps(shown_response["headers"], ensure_ascii=False) + "\n" + text


# --- the writes a request makes

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(?P<table>[\w.]+)"?', re.IGNORECASE)


class Writes(CaptureQueriesContext):
    """The tables a block of code wrote, from the SQL it sent."""

    def __init__(self):
        super().__init__(connection)

    def __enter__(self):
        # The log keeps the last 9,000 queries; once full, its length no longer moves and
        # CaptureQueriesContext, which slices it by length, would capture nothing.
        self.connection.queries_log.clear()
        return super().__enter__()

    @property
    def tables(self) -> set[str]:
        return {match["table"] for query in self.captured_queries if (match := WRITE.match(query["sql"]))}


# --- the form a page offers

class FormReader(HTMLParser):
    """The fields of a page's POST forms with the values the page filled in: what a browser submits
    when the user presses the button without changing anything."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") == "checkbox" else ""
            self._form.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self._form.setdefault(self._select, []).append(value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form.setdefault(self._select, []).append(self._select_first)
            self._select = None
        elif tag == "form":
            self._form = None


def form_of(html: bytes) -> dict[str, list[str]] | None:
    """The page's main form (the one with the most fields: not the header's sign-out button)."""
    reader = FormReader()
    reader.feed(html.decode("utf-8", "replace"))
    return max(reader.forms, key=len, default=None)


EDITED = re.compile(r"(^|-)(name_vi|name_en|person_name|note|comment|title|summary|reason|position)$")


def edited(payload: dict) -> dict:
    """The payload with its filled-in free-text fields changed a little, so that sending it back
    is a change (blank ones stay blank: a formset's empty extra rows must stay empty)."""
    def edit(key, value):
        if isinstance(value, str) and value.strip() and EDITED.search(key):
            return value + " ·"
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [edit(key, item) for item in value]
        return value
    return {key: edit(key, value) for key, value in payload.items()}
