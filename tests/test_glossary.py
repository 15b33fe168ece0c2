"""Glossary data: seed 000's key terms present, citations resolve."""
from oxytocin_course import glossary, references

SEED000_TERMS = ["Oxytocin", "Vasopressin", "Neuropeptide regulation of bonding",
                 "Intranasal oxytocin", "Context-dependence"]


def test_seed000_key_terms_present():
    names = {t.term.lower() for t in glossary.terms()}
    for term in SEED000_TERMS:
        assert term.lower() in names, term
    assert any("calm and connection" in t.term.lower() for t in glossary.terms())


def test_entries_are_complete_and_cite_known_keys():
    terms = glossary.terms()
    assert len(terms) >= 60
    names = [t.term.lower() for t in terms]
    assert len(names) == len(set(names)), "duplicate terms"
    for t in terms:
        assert t.definition.strip()
        assert t.source in {"seed000", "course"}
        for key in t.cite:
            references.entry(key)
        for other in t.see_also:
            assert other.lower() in names, f"{t.term}: see_also {other!r} is not a term"


def test_search_finds_terms_and_rejects_an_empty_query():
    import pytest

    out = glossary.search("amygdala").data
    assert "Amygdala" in out and out.startswith("<p>")
    assert "0 terms mention" in glossary.search("zzzz-not-a-word").data
    with pytest.raises(ValueError, match="query"):
        glossary.search("  ")
