"""The dictionary as RDF: every IRI in every format, content negotiation, SKOS and SHACL shape of
the output, releases read from their snapshots, and a bounded number of queries."""

from datetime import date

import pytest
from django.conf import settings
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from architecture.models import LegalDocument
from architecture import rdf_http as ns  # closed rdflib namespaces (XSD, schema) warn when pytest probes them
from architecture.rdf_http import ADMS, ADMS_STATUS, DCT, HYDRA, OWL, SH, SKOS, body_iri, media_type_choose
from dictionary import rdf, views
from dictionary.releases import release_publish
from dictionary.models import (
    CodeList, CodeValue, CodeValueAlias, DataElement, Datatype, ItemStatus, Release, ReleaseItem, Topic, ValueDomain,
)

PARSERS = {".ttl": "turtle", ".jsonld": "json-ld", ".rdf": "xml"}
MEDIA_TYPES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
ETHNIC_1979 = "QĐ 121-TCTK/PPCĐ (1979)"


def graph_of(response, suffix=".ttl") -> Graph:
    assert response.status_code == 200, response.content[:300]
    return Graph().parse(data=response.content, format=PARSERS[suffix])


def get_graph(client, path, suffix=".ttl", query="") -> Graph:
    return graph_of(client.get(path + suffix + query), suffix)


@pytest.fixture
def entries(bodies):
    """Provinces and communes (a hierarchy across two lists), unit types (a hierarchy inside one
    list), ethnic groups with a second numbering, and one element per value domain."""
    provinces = CodeList.objects.create(identifier="tinh", name_vi="Tỉnh", name_en="Province", status=ItemStatus.VALID)
    communes = CodeList.objects.create(identifier="xa", name_vi="Xã", name_en="Commune", steward=bodies["ministry"])
    units = CodeList.objects.create(identifier="loai-don-vi", name_vi="Loại đơn vị hành chính")
    ethnic = CodeList.objects.create(identifier="dan-toc", name_vi="Dân tộc", name_en="Ethnic group")
    hanoi = CodeValue.objects.create(code_list=provinces, code="01", label_vi="Thành phố Hà Nội", label_en="Hanoi")
    CodeValue.objects.create(code_list=provinces, code="79", label_vi="Thành phố Hồ Chí Minh")
    CodeValue.objects.create(code_list=communes, code="00004", label_vi="Phường Ba Đình", label_en="Ba Dinh Ward",
                             parent=hanoi, effective_from=date(2025, 7, 1))
    CodeValue.objects.create(code_list=communes, code="00008", label_vi="Phường Ngọc Hà", parent=hanoi,
                             effective_from=date(2025, 7, 1), effective_to=date(2030, 12, 31))
    level = CodeValue.objects.create(code_list=units, code="cap-tinh", label_vi="Cấp tỉnh")
    CodeValue.objects.create(code_list=units, code="tinh", label_vi="Tỉnh", parent=level)
    kinh = CodeValue.objects.create(code_list=ethnic, code="01", label_vi="Kinh", label_en="Kinh")
    CodeValueAlias.objects.create(value=kinh, scheme=ETHNIC_1979, code="1")

    decree = LegalDocument.objects.create(number="69/2024/NĐ-CP", title="Nghị định về định danh điện tử",
                                          issued_on=date(2024, 6, 25), url="https://vanban.chinhphu.vn/69-2024")
    topic = Topic.objects.create(identifier="cong-dan", name_vi="Công dân", name_en="Citizen")
    personal_id = DataElement.objects.create(
        identifier="so-dinh-danh", name_vi="Số định danh cá nhân", name_en="Personal identification number",
        topic=topic, definition="Dãy số tự nhiên gồm 12 chữ số.", synonyms="Số CCCD\nMã định danh",
        examples="001099012345", datatype=Datatype.STRING, max_length=12, format="^[0-9]{12}$",
        steward=bodies["ministry"], legal_source="Điều 12 Luật Căn cước", status=ItemStatus.VALID,
    )
    personal_id.legal_basis.add(decree)
    province = DataElement.objects.create(
        identifier="ma-tinh", name_vi="Mã tỉnh", name_en="Province code", datatype=Datatype.STRING, max_length=2,
        format="^[0-9]{2}$", value_domain=ValueDomain.CODE_LIST, code_list=provinces, status=ItemStatus.SUGGESTED,
    )
    DataElement.objects.create(
        identifier="ma-tinh-cu", name_vi="Mã tỉnh (cũ)", datatype=Datatype.STRING, value_domain=ValueDomain.CODE_LIST,
        code_list=provinces, status=ItemStatus.SUPERSEDED, successor=province,
    )
    DataElement.objects.create(identifier="tuoi", name_vi="Tuổi", datatype=Datatype.INTEGER,
                               value_domain=ValueDomain.RANGE, min_value=0, max_value=150)
    DataElement.objects.create(identifier="ty-le", name_vi="Tỷ lệ", datatype=Datatype.DECIMAL,
                               value_domain=ValueDomain.RANGE, min_value="0.5", max_value="99.75")
    DataElement.objects.create(identifier="ngay-sinh", name_vi="Ngày sinh", datatype=Datatype.DATE, format="dd/mm/yyyy")
    return {"provinces": provinces, "communes": communes, "units": units, "ethnic": ethnic, "personal_id": personal_id}


PERSONAL_ID_1_0 = {
    "identifier": "so-dinh-danh", "name_vi": "Số định danh (bản 1.0)", "name_en": "Personal ID", "topic": "cong-dan",
    "definition": "Định nghĩa khi phát hành.", "examples": "", "synonyms": "", "datatype": "string", "format": "",
    "max_length": 12, "unit": "", "value_domain": "free", "min_value": None, "max_value": None, "code_list": None,
    "steward": "GOV-M02", "legal_basis": ["69/2024/NĐ-CP"], "legal_source": "", "maintenance_rule": "",
    "master_source": "", "data_layer": "master", "status": "valid", "successor": None,
}
PROVINCES_1_0 = {
    "identifier": "tinh", "name_vi": "Tỉnh", "name_en": "Province", "description": "", "steward": None,
    "legal_basis": [], "source": "", "status": "valid", "successor": None,
    "values": [
        {"code": "01", "label_vi": "Thành phố Hà Nội", "label_en": "Hanoi", "parent_list": None, "parent_code": None,
         "effective_from": "2025-07-01", "effective_to": None, "position": 0, "note": "", "aliases": {}},
    ],
}
COMMUNES_1_0 = {
    **PROVINCES_1_0, "identifier": "xa", "name_vi": "Xã", "name_en": "Commune",
    "values": [
        {"code": "00004", "label_vi": "Phường Ba Đình", "label_en": "", "parent_list": "tinh", "parent_code": "01",
         "effective_from": "2025-07-01", "effective_to": None, "position": 0, "note": "",
         "aliases": {"Mã cũ": "00001"}},
    ],
}


@pytest.fixture
def releases(entries, users):
    """Two published releases, made as the publisher will make them: rows with frozen content."""
    first = Release.objects.create(version="0.9.0", title="Bản thử", sort_key="000000.000009.000000",
                                   published_by=users["admin"])
    current = Release.objects.create(version="1.0.0", title="Từ điển dữ liệu dùng chung v1.0", notes="Bản đầu tiên.",
                                     prior=first, sort_key="000001.000000.000000", published_by=users["admin"])
    for release in (first, current):
        for kind, content in (("element", PERSONAL_ID_1_0), ("code_list", PROVINCES_1_0), ("code_list", COMMUNES_1_0)):
            ReleaseItem.objects.create(release=release, kind=kind, identifier=content["identifier"],
                                       status=content["status"], digest="-", content=content)
    return {"prior": first, "current": current}


IRIS = [
    "/dictionary", "/dictionary/elements/so-dinh-danh", "/dictionary/elements/ma-tinh", "/dictionary/code-lists/xa",
    "/dictionary/code-lists/dan-toc/01", "/dictionary/releases", "/dictionary/releases/1.0.0",
]


@pytest.mark.parametrize("suffix", PARSERS)
@pytest.mark.parametrize("path", IRIS)
def test_every_iri_parses_back_in_every_format(client, releases, path, suffix):
    response = client.get(path + suffix)
    assert response["Content-Type"] == f"{MEDIA_TYPES[suffix]}; charset=utf-8"
    graph = graph_of(response, suffix)
    assert len(graph) > 3
    assert (None, RDF.type, SKOS.ConceptScheme) in graph


def test_the_formats_say_the_same(client, entries):
    graphs = [get_graph(client, "/dictionary/code-lists/dan-toc", suffix) for suffix in PARSERS]
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    (BROWSER, "text/html"),
    ("*/*", "text/turtle"),
    (None, "text/turtle"),
    ("text/html, */*", "text/html"),
    ("text/html;q=0.5, text/turtle;q=0.9", "text/turtle"),
    ("application/ld+json;q=0.2, application/rdf+xml;q=0.8", "application/rdf+xml"),
    ("text/*", "text/turtle"),
    ("application/pdf", None),
    ("text/turtle;q=0", None),
])
def test_media_type_is_chosen_by_accept_with_q_values(accept, expected):
    assert media_type_choose(accept) == expected


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/rdf+xml", BROWSER])
def test_one_iri_answers_by_accept_and_varies_on_it(client, entries, accept):
    response = client.get("/dictionary/elements/so-dinh-danh", headers={"Accept": accept})
    assert response.status_code == 200
    assert response["Content-Type"] == f"{media_type_choose(accept)}; charset=utf-8"
    assert "Accept" in response["Vary"]


def test_a_suffix_wins_over_accept(client, entries):
    response = client.get("/dictionary/code-lists/tinh.jsonld", headers={"Accept": BROWSER})
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert "Accept" in response["Vary"]


def test_an_accept_it_cannot_serve_is_406(client, entries):
    response = client.get("/dictionary/elements/so-dinh-danh", headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert "Accept" in response["Vary"]


def test_html_links_its_rdf_alternates_in_the_active_language(client, entries):
    html = client.get("/dictionary/elements/so-dinh-danh", headers={"Accept": BROWSER}).content.decode()
    assert '<html lang="vi">' in html
    for suffix, media_type in MEDIA_TYPES.items():
        assert f'<link rel="alternate" type="{media_type}" href="/dictionary/elements/so-dinh-danh{suffix}"' in html
    english = client.get("/en/dictionary/", headers={"Accept": BROWSER}).content.decode()
    assert '<html lang="en">' in english
    assert 'href="/en/dictionary.ttl"' in english


@pytest.mark.parametrize("path", [
    "/dictionary/code-lists/tinh", "/dictionary/code-lists/xa/00004", "/dictionary/", "/dictionary/releases/",
    "/dictionary/releases/1.0.0", "/dictionary/elements/ma-tinh",
])
def test_html_pages_render(client, releases, path):
    response = client.get(path, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", [
    "/dictionary/elements/nothing", "/dictionary/code-lists/nothing", "/dictionary/code-lists/tinh/99",
    "/dictionary/releases/9.9.9",
])
def test_missing_things_are_404(client, entries, path):
    assert client.get(path + ".ttl").status_code == 404


def concepts_are_sound(graph: Graph, scheme: URIRef) -> None:
    """SKOS S14: at most one prefLabel per language (and here exactly one for each language used)."""
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        languages = [label.language for label in graph.objects(concept, SKOS.prefLabel)]
        assert "vi" in languages and len(languages) == len(set(languages)), concept
        assert (concept, SKOS.inScheme, scheme) in graph


@pytest.mark.parametrize("identifier", ["tinh", "xa", "loai-don-vi", "dan-toc"])
def test_every_value_is_a_concept_with_one_label_per_language_in_its_scheme(client, entries, identifier):
    graph = get_graph(client, f"/dictionary/code-lists/{identifier}")
    scheme = rdf.code_list_iri(identifier)
    concepts_are_sound(graph, scheme)
    values = CodeValue.objects.filter(code_list__identifier=identifier)
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == values.count()


def test_top_concepts_and_hierarchy_inside_a_list(client, entries):
    graph = get_graph(client, "/dictionary/code-lists/loai-don-vi")
    scheme, level, province = (rdf.code_list_iri("loai-don-vi"), rdf.code_value_iri("loai-don-vi", "cap-tinh"),
                               rdf.code_value_iri("loai-don-vi", "tinh"))
    assert set(graph.objects(scheme, SKOS.hasTopConcept)) == {level}
    assert (level, SKOS.topConceptOf, scheme) in graph
    assert (province, SKOS.topConceptOf, scheme) not in graph
    assert (province, SKOS.broader, level) in graph
    assert (level, SKOS.narrower, province) in graph


def test_broader_works_across_lists(client, entries):
    communes = get_graph(client, "/dictionary/code-lists/xa")
    scheme, hanoi = rdf.code_list_iri("xa"), rdf.code_value_iri("tinh", "01")
    ba_dinh = rdf.code_value_iri("xa", "00004")
    assert (ba_dinh, SKOS.broader, hanoi) in communes
    # A parent in another list leaves the value a top concept of its own list.
    assert (ba_dinh, SKOS.topConceptOf, scheme) in communes
    assert len(set(communes.objects(scheme, SKOS.hasTopConcept))) == 2
    provinces = get_graph(client, "/dictionary/code-lists/tinh")
    assert (hanoi, SKOS.narrower, ba_dinh) in provinces
    one_value = get_graph(client, "/dictionary/code-lists/tinh/01")
    assert set(one_value.objects(hanoi, SKOS.narrower)) == {ba_dinh, rdf.code_value_iri("xa", "00008")}
    concepts_are_sound(one_value, rdf.code_list_iri("tinh"))


def test_effective_dates_status_and_steward_of_a_list(client, entries):
    graph = get_graph(client, "/dictionary/code-lists/xa")
    ngoc_ha, scheme = rdf.code_value_iri("xa", "00008"), rdf.code_list_iri("xa")
    assert graph.value(ngoc_ha, ns.SCHEMA.validFrom) == Literal("2025-07-01", datatype=ns.XSD.date)
    assert graph.value(ngoc_ha, ns.SCHEMA.validThrough) == Literal("2030-12-31", datatype=ns.XSD.date)
    assert graph.value(scheme, ADMS.status) == ADMS_STATUS.UnderDevelopment
    assert graph.value(scheme, DCT.publisher) == body_iri("GOV-M02") == URIRef(f"{settings.SITE_URL}/bodies/GOV-M02")


def test_alias_codes_are_notations_typed_by_their_numbering(client, entries):
    graph = get_graph(client, "/dictionary/code-lists/dan-toc")
    kinh = rdf.code_value_iri("dan-toc", "01")
    notations = set(graph.objects(kinh, SKOS.notation))
    typed = [n for n in notations if n.datatype]
    assert Literal("01") in notations and len(typed) == 1 and str(typed[0]) == "1"
    assert (typed[0].datatype, RDF.type, RDFS.Datatype) in graph
    assert graph.value(typed[0].datatype, RDFS.label) == Literal(ETHNIC_1979)


def test_element_is_a_concept_of_the_dictionary(client, entries):
    graph = get_graph(client, "/dictionary/elements/so-dinh-danh")
    element = rdf.element_iri("so-dinh-danh")
    concepts_are_sound(graph, rdf.dictionary_iri())
    assert set(graph.objects(element, SKOS.prefLabel)) == {
        Literal("Số định danh cá nhân", lang="vi"), Literal("Personal identification number", lang="en")}
    assert graph.value(element, SKOS.definition) == Literal("Dãy số tự nhiên gồm 12 chữ số.", lang="vi")
    assert graph.value(element, SKOS.notation) == Literal("so-dinh-danh")
    assert set(graph.objects(element, SKOS.altLabel)) == {
        Literal("Số CCCD", lang="vi"), Literal("Mã định danh", lang="vi")}
    assert graph.value(element, SKOS.example) == Literal("001099012345", lang="vi")
    assert graph.value(element, ADMS.status) == ADMS_STATUS.Completed
    assert graph.value(element, DCT.publisher) == body_iri("GOV-M02")
    assert graph.value(element, DCT.modified).datatype == ns.XSD.dateTime
    decree = graph.value(element, DCT.conformsTo)
    assert decree == URIRef("https://vanban.chinhphu.vn/69-2024")
    assert graph.value(decree, DCT.identifier) == Literal("69/2024/NĐ-CP")


def shape_of(graph: Graph, identifier: str):
    shape = graph.value(predicate=SH.path, object=rdf.element_property_iri(identifier))
    assert (shape, RDF.type, SH.PropertyShape) in graph
    return shape


def test_element_shape_carries_datatype_length_and_pattern(client, entries):
    graph = get_graph(client, "/dictionary/elements/so-dinh-danh")
    prop = rdf.element_property_iri("so-dinh-danh")
    assert (prop, RDF.type, RDF.Property) in graph
    assert graph.value(prop, RDFS.isDefinedBy) == rdf.element_iri("so-dinh-danh")
    shape = shape_of(graph, "so-dinh-danh")
    assert graph.value(shape, SH.datatype) == ns.XSD.string
    assert graph.value(shape, SH.maxLength) == Literal(12)
    assert graph.value(shape, SH.pattern) == Literal("^[0-9]{12}$")


@pytest.mark.parametrize(("identifier", "datatype", "low", "high"), [
    ("tuoi", ns.XSD.integer, Literal(0), Literal(150)),
    ("ty-le", ns.XSD.decimal, Literal("0.5", datatype=ns.XSD.decimal), Literal("99.75", datatype=ns.XSD.decimal)),
])
def test_range_elements_have_inclusive_bounds(client, entries, identifier, datatype, low, high):
    graph = get_graph(client, f"/dictionary/elements/{identifier}")
    shape = shape_of(graph, identifier)
    assert graph.value(shape, SH.datatype) == datatype
    assert graph.value(shape, SH.minInclusive) == low and graph.value(shape, SH.maxInclusive) == high


def test_a_display_format_is_not_a_pattern(client, entries):
    graph = get_graph(client, "/dictionary/elements/ngay-sinh")
    shape = shape_of(graph, "ngay-sinh")
    assert graph.value(shape, SH.datatype) == ns.XSD.date
    assert graph.value(shape, SH.pattern) is None


def test_code_list_element_takes_concepts_of_the_list(client, entries):
    graph = get_graph(client, "/dictionary/elements/ma-tinh")
    shape = shape_of(graph, "ma-tinh")
    assert graph.value(shape, SH.nodeKind) == SH.IRI
    assert graph.value(shape, SH["class"]) == SKOS.Concept
    assert graph.value(shape, SH.datatype) is None  # values are concepts, not literals
    nested = {graph.value(p, SH.path): p for p in graph.objects(shape, SH.property)}
    assert graph.value(nested[SKOS.inScheme], SH.hasValue) == rdf.code_list_iri("tinh")
    code = graph.value(nested[SKOS.notation], SH.qualifiedValueShape)
    assert graph.value(nested[SKOS.notation], SH.qualifiedMinCount) == Literal(1)
    assert graph.value(code, SH.maxLength) == Literal(2) and graph.value(code, SH.pattern) == Literal("^[0-9]{2}$")
    assert graph.value(rdf.element_iri("ma-tinh"), ADMS.status) == ADMS_STATUS.UnderDevelopment


def test_superseded_element_is_deprecated_and_replaced(client, entries):
    graph = get_graph(client, "/dictionary/elements/ma-tinh-cu")
    element = rdf.element_iri("ma-tinh-cu")
    assert graph.value(element, ADMS.status) == ADMS_STATUS.Deprecated
    assert graph.value(element, DCT.isReplacedBy) == rdf.element_iri("ma-tinh")


def test_dictionary_lists_its_elements_in_pages(client, entries, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    graph = get_graph(client, "/dictionary")
    scheme = rdf.dictionary_iri()
    assert scheme == URIRef(f"{settings.SITE_URL}/dictionary/")
    assert len(set(graph.objects(scheme, SKOS.hasTopConcept))) == 2
    concepts_are_sound(graph, scheme)
    view = graph.value(predicate=RDF.type, object=HYDRA.PartialCollectionView)
    assert graph.value(view, HYDRA.totalItems) == Literal(DataElement.objects.count())
    assert graph.value(view, HYDRA.next) == URIRef(f"{settings.SITE_URL}/dictionary.ttl?page=2")
    assert rdf.code_list_iri("xa") in set(graph.objects(scheme, DCT.hasPart))
    last = get_graph(client, "/dictionary", query="?page=3")
    assert last.value(predicate=HYDRA.next, object=None) is None


def test_release_has_its_version_iris(client, releases):
    graph = get_graph(client, "/dictionary/releases/1.0.0")
    scheme = rdf.dictionary_iri()
    assert graph.value(scheme, OWL.versionIRI) == rdf.release_iri("1.0.0")
    assert graph.value(scheme, OWL.versionInfo) == Literal("1.0.0")
    assert graph.value(scheme, OWL.priorVersion) == rdf.release_iri("0.9.0")
    assert graph.value(scheme, ADMS.status) == ADMS_STATUS.Completed
    assert graph.value(scheme, DCT.issued).datatype == ns.XSD.dateTime
    listing = get_graph(client, "/dictionary/releases")
    assert set(listing.objects(scheme, DCT.hasVersion)) == {rdf.release_iri("1.0.0"), rdf.release_iri("0.9.0")}


def test_release_is_built_from_its_snapshot_not_live_rows(client, releases, entries):
    before = get_graph(client, "/dictionary/releases/1.0.0")
    element = rdf.element_iri("so-dinh-danh")
    assert Literal("Số định danh (bản 1.0)", lang="vi") in set(before.objects(element, SKOS.prefLabel))
    assert rdf.element_iri("tuoi") not in set(before.subjects())  # not in the release
    ba_dinh, hanoi = rdf.code_value_iri("xa", "00004"), rdf.code_value_iri("tinh", "01")
    assert (ba_dinh, SKOS.broader, hanoi) in before and (hanoi, SKOS.narrower, ba_dinh) in before
    assert before.value(element, SKOS.definition) == Literal("Định nghĩa khi phát hành.", lang="vi")
    live = entries["personal_id"]
    live.name_vi, live.definition = "Tên đã đổi", "Định nghĩa mới"
    live.save()
    CodeValue.objects.filter(code="01", code_list__identifier="tinh").update(label_vi="Hà Nội (đổi)")
    after = get_graph(client, "/dictionary/releases/1.0.0")
    assert isomorphic(before, after)


def test_live_content_has_the_snapshot_shape(entries):
    elements = DataElement.objects.select_related("topic", "code_list", "steward", "successor")
    element = elements.get(identifier="so-dinh-danh")
    assert set(rdf.element_content(element)) == set(PERSONAL_ID_1_0) | {"modified_at"}
    content = rdf.code_list_content(entries["communes"])
    assert set(content) == set(COMMUNES_1_0) | {"modified_at"}
    assert set(content["values"][0]) == set(COMMUNES_1_0["values"][0]) - {"position"}


def test_a_release_from_the_publisher_reads_back(client, entries, users):
    """The publisher's own snapshots (dictionary.releases) go through the same builders."""
    release_publish(user=users["admin"], version="2.0.0", title="Bản 2.0")
    graph = get_graph(client, "/dictionary/releases/2.0.0")
    element, hanoi = rdf.element_iri("so-dinh-danh"), rdf.code_value_iri("tinh", "01")
    assert graph.value(rdf.dictionary_iri(), OWL.versionIRI) == rdf.release_iri("2.0.0")
    assert Literal("Số định danh cá nhân", lang="vi") in set(graph.objects(element, SKOS.prefLabel))
    assert graph.value(shape_of(graph, "so-dinh-danh"), SH.maxLength) == Literal(12)
    decree = graph.value(element, DCT.conformsTo)
    assert graph.value(decree, DCT.identifier) == Literal("69/2024/NĐ-CP")
    assert (hanoi, SKOS.inScheme, rdf.code_list_iri("tinh")) in graph
    assert rdf.element_iri("ma-tinh") not in set(graph.subjects())  # suggested, so not released


def test_a_list_of_300_values_takes_a_bounded_number_of_queries(client, entries, django_assert_max_num_queries):
    big = CodeList.objects.create(identifier="lon", name_vi="Danh mục lớn")
    parents = CodeValue.objects.bulk_create(
        CodeValue(code_list=big, code=f"P{i}", label_vi=f"Cha {i}", label_en=f"Parent {i}") for i in range(30))
    values = CodeValue.objects.bulk_create(
        CodeValue(code_list=big, code=f"{i:03d}", label_vi=f"Giá trị {i}", parent=parents[i % 30]) for i in range(270))
    CodeValueAlias.objects.bulk_create(CodeValueAlias(value=v, scheme="Cũ", code=f"c{i}") for i, v in enumerate(values))
    for suffix in PARSERS:
        with django_assert_max_num_queries(6):
            graph = get_graph(client, "/dictionary/code-lists/lon", suffix)
        assert len(set(graph.subjects(RDF.type, SKOS.Concept))) == 300
    with django_assert_max_num_queries(6):
        assert client.get("/dictionary/code-lists/lon", headers={"Accept": BROWSER}).status_code == 200
    with django_assert_max_num_queries(6):
        get_graph(client, "/dictionary/code-lists/lon/P1")
    with django_assert_max_num_queries(4):
        get_graph(client, "/dictionary")
    with django_assert_max_num_queries(4):
        get_graph(client, "/dictionary/elements/so-dinh-danh")
