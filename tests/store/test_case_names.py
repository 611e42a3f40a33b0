"""Finding a case by the name a person types (`Cases.find_by_name`), the rule of every face."""

from __future__ import annotations

import pytest

from app.cases import CaseNameError
from tests.support.library import Library


def test_a_typed_name_finds_its_case_whatever_the_case_spaces_and_form(lib: Library) -> None:
    made = lib.cases.create("Succession Hélène")
    decomposed = "  succession he\u0301le\u0300ne "  # é and è as e + combining accent
    for typed in ("Succession Hélène", "SUCCESSION HÉLÈNE", decomposed):
        found = lib.cases.find_by_name(typed)
        assert (found.id, found.created) == (made.id, False)


def test_a_missing_case_is_refused_or_made(lib: Library) -> None:
    with pytest.raises(CaseNameError, match="There is no case with that name"):
        lib.cases.find_by_name("Vente Dupuis")
    assert lib.cases.list() == []
    found = lib.cases.find_by_name("Vente Dupuis", create=True)
    assert found.created and lib.cases.get(found.id).name == "Vente Dupuis"
    assert lib.cases.find_by_name("vente dupuis", create=True).created is False


def test_an_ambiguous_name_designates_no_case(lib: Library) -> None:
    lib.cases.create("Dossier Martin")
    lib.cases.create("dossier martin")
    with pytest.raises(CaseNameError, match="2 cases have that name"):
        lib.cases.find_by_name("Dossier Martin", create=True)
    assert len(lib.cases.list()) == 2
