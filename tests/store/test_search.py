"""Full-text search: quoting (no FTS syntax injection), accents, prefixes, ranking, PDF text."""

from __future__ import annotations

import io

import pytest

from app.search import match_expression
from tests.store.helpers import make_pdf
from tests.support.library import Library


def put(lib: Library, name: str, data: bytes = b"x", **kw: object) -> int:
    return lib.importer.import_stream(name, len(data), kw.pop("media_type", None),  # type: ignore[arg-type]
                                      io.BytesIO(data), **kw).id  # type: ignore[arg-type]


def ids(lib: Library, text: str, **kw: object) -> list[int]:
    return [h.document_id for h in lib.search.search(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("acte", '"acte"*'),
        ("acte ", '"acte"'),
        ("acte vente", '"acte" "vente"*'),
        ('say "hi', '"say" """hi"*'),
        ("a", '"a"'),  # a lone letter: a whole word (a prefix would match nearly everything)
        ("acte v", '"acte"'),  # a trailing letter waits for the next one
        ("acte v ", '"acte" "v"'),
        ("NOT x* OR (yz)", '"NOT" "x*" "OR" "(yz)"*'),
        ("nul\x00byte", '"nul" "byte"*'),
        ("- * ( ) :", None),
        ("", None),
        ("   ", None),
    ],
)
def test_match_expression_quotes_every_term(typed: str, expected: str | None) -> None:
    assert match_expression(typed) == expected


def test_fts_syntax_is_inert(lib: Library) -> None:
    a = put(lib, "acte de vente")
    b = put(lib, "bail commercial")
    nasty = ['acte OR bail', 'NOT acte', 'acte AND', '"', '""', '*', 'name:acte', 'acte^',
             'NEAR(acte bail)', "acte' --", "(", "{name}: bail", "acte\x00", "🙂"]
    for text in nasty:
        lib.search.search(text)  # never an FTS5 syntax error
    assert ids(lib, "acte OR bail") == []  # OR is a word to find, not an operator
    assert ids(lib, "acte AND") == []
    assert ids(lib, "name:acte") == []
    assert ids(lib, "acte vente") == [a]
    assert ids(lib, "NEAR(acte") == []
    assert ids(lib, "bail") == [b]


def test_accents_and_case_are_folded(lib: Library) -> None:
    doc = put(lib, "Déclaration de succession Éléonore")
    for typed in ("eleonore", "ÉLÉONORE", "Éléo", "declaration", "DÉCLA", "succes"):
        assert ids(lib, typed) == [doc], typed
    assert ids(lib, "élé onore ") == []


def test_prefix_search_as_you_type(lib: Library) -> None:
    doc = put(lib, "hypothèque conventionnelle")
    assert [ids(lib, "hypothèque conventionnelle"[:n]) for n in (2, 5, 12, 14, 20)] == [[doc]] * 5
    assert ids(lib, "hypo ", prefix=True) == []  # a completed word is exact
    assert ids(lib, "hypo", prefix=False) == []


def test_every_field_is_searchable(lib: Library) -> None:
    case = lib.cases.create("Indivision Morvan", reference="RG-2291")
    doc = put(lib, "piece.txt", notes="expertise immobilière", tags=["Contentieux"], case=case.id)
    for typed in ("morvan", "rg-2291", "2291", "expertise", "immobiliere", "contentieux"):
        assert ids(lib, typed) == [doc], typed


def test_pdf_text_is_indexed_and_other_types_are_not(lib: Library) -> None:
    pdf = make_pdf(["Clause de préemption", "Servitude de passage ornithorynque"])
    doc = put(lib, "acte.pdf", pdf)
    assert lib.documents.get(doc).media_type == "application/pdf"
    assert ids(lib, "ornithorynque") == [doc]
    assert ids(lib, "preemption servitude") == [doc]  # words from two pages
    put(lib, "fake.txt", b"ornithorynque in plain text", media_type="text/plain")
    assert ids(lib, "ornithorynque") == [doc]  # only PDF content is indexed
    broken = put(lib, "broken.pdf", b"%PDF-1.4 garbage ornithorynque")
    assert lib.documents.get(broken).size > 0  # imported, just not searchable by content
    assert ids(lib, "ornithorynque") == [doc]


def test_new_version_replaces_indexed_text(lib: Library) -> None:
    doc = put(lib, "a.pdf", make_pdf(["ancienne clause"]))
    lib.importer.add_version(doc, None, io.BytesIO(make_pdf(["nouvelle clause"])))
    assert ids(lib, "nouvelle") == [doc] and ids(lib, "ancienne") == []


def test_ranking_prefers_names(lib: Library) -> None:
    in_body = put(lib, "document.pdf", make_pdf(["le mandat est joint"]))
    in_notes = put(lib, "autre.txt", notes="voir mandat")
    in_name = put(lib, "mandat signé.txt")
    assert ids(lib, "mandat") == [in_name, in_notes, in_body]


def test_words_spread_over_fields_and_text_are_found(lib: Library) -> None:
    case = lib.cases.create("Consorts Brévannes")
    doc = put(lib, "acte.pdf", make_pdf(["servitude de tréfonds"]), case=case.id)
    other = put(lib, "brevannes.txt")
    hits = lib.search.search("brevannes trefonds")  # case name + PDF text
    assert [(h.document_id, h.in_metadata) for h in hits] == [(doc, False)]
    hits = lib.search.search("brevannes")
    assert {h.document_id for h in hits} == {doc, other} and all(h.in_metadata for h in hits)


def test_pdf_text_waits_for_three_letters(lib: Library) -> None:
    doc = put(lib, "x.pdf", make_pdf(["usufruit selon les us et coutumes"]))
    assert ids(lib, "us") == []  # two letters: names, notes, tags and cases only
    assert ids(lib, "usu") == [doc]
    assert ids(lib, "us ") == [doc]  # a complete two-letter word is looked up everywhere


def test_text_phase_ranks_and_filters_by_case(lib: Library) -> None:
    a, b = lib.cases.create("A"), lib.cases.create("B")
    once = put(lib, "1.pdf", make_pdf(["bail"]), case=a.id)
    thrice = put(lib, "2.pdf", make_pdf(["bail bail bail"]), case=a.id)
    elsewhere = put(lib, "3.pdf", make_pdf(["bail"]), case=b.id)
    assert ids(lib, "bail", case_id=a.id) == [thrice, once]
    assert ids(lib, "bail", case_id=b.id) == [elsewhere]
    assert ids(lib, "bail")[0] == thrice
    assert set(ids(lib, "bail", limit=5, offset=1)) == {once, elsewhere}


def test_ranking_candidates_are_the_newest_matches(lib: Library,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import app.search

    docs = [put(lib, f"{i}.pdf", make_pdf(["clause " * (5 - i)])) for i in range(4)]
    monkeypatch.setattr(app.search, "TEXT_CANDIDATES", 2)
    monkeypatch.setattr(app.search, "META_CANDIDATES", 2)
    # the two newest are ranked (the fuller text first); older ones are not candidates
    assert ids(lib, "clause", limit=2) == [docs[2], docs[3]]
    for i in range(3):
        put(lib, f"clause {i}")
    assert len(ids(lib, "clause", limit=2)) == 2


def test_edits_reach_the_index(lib: Library) -> None:
    case = lib.cases.create("Ancien nom")
    doc = put(lib, "x.txt", case=case.id)
    lib.documents.rename(doc, "Quittance loyer")
    assert ids(lib, "quittance") == [doc]
    lib.cases.update(case.id, name="Bailleur Dupuis")
    assert ids(lib, "dupuis") == [doc] and ids(lib, "ancien") == []
    lib.documents.set_tags(doc, ["Loyers"])
    assert ids(lib, "loyers") == [doc]
    lib.documents.move(doc, None)
    assert ids(lib, "dupuis") == []
    lib.documents.delete(doc)
    assert ids(lib, "quittance") == []


def test_case_filter_limit_and_offset(lib: Library) -> None:
    a, b = lib.cases.create("A"), lib.cases.create("B")
    in_a = [put(lib, f"rapport {i}", case=a.id) for i in range(3)]
    in_b = put(lib, "rapport b", case=b.id)
    assert sorted(ids(lib, "rapport", case_id=a.id)) == in_a
    assert ids(lib, "rapport", case_id=b.id) == [in_b]
    assert len(ids(lib, "rapport", limit=2)) == 2
    assert len(ids(lib, "rapport", limit=2, offset=3)) == 1
    assert ids(lib, "rapport", limit=0) == []
