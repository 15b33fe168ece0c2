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


# --------------------------------------------------------------------------- notebook 13
def test_show_and_search_link_to_the_entries_without_repeating_their_ids():
    t = glossary.lookup("Amygdala")
    for out in (glossary.show("05").data, glossary.search("amygdala").data,
                glossary.glossary_html()):
        assert 'id="term-' not in out
        assert f'href="#{t.anchor}"' in out


def test_notebook_13_entries_are_generated_from_the_yaml():
    stored = glossary.notebook_markdown()
    assert stored == glossary.glossary_markdown(), (
        "notebook 13's 'All terms' cells differ from seeds/glossary.yaml: run "
        "python -m oxytocin_course.glossary --write")
    text = "\n".join(stored)
    for t in glossary.terms():
        assert text.count(f'<a id="{t.anchor}"></a>**{t.term}**') == 1, t.term
    anchors = [t.anchor for t in glossary.terms()]
    assert len(anchors) == len(set(anchors)), "two terms share an anchor"


def test_an_entry_has_its_anchor_citations_see_also_and_notebooks():
    t = glossary.lookup("Amygdala")
    text = glossary.entry_markdown(t)
    assert text.startswith('<a id="term-amygdala"></a>**Amygdala**: ')
    assert "[@kirsch2005; @preckel2021]" in text
    assert "[Fear conditioning](#term-fear-conditioning)" in text
    assert "[05](05_fear_safety_ptsd.ipynb)" in text


# --------------------------------------------------------------------------- the linker
def _term(name, match=None, not_in=()):
    return glossary.Term(name, "A definition.", ("03",), "course", (), (),
                         None if match is None else tuple(match), tuple(not_in))


def _link(texts, *entries, number="03"):
    from oxytocin_course import notebook_links as nl

    return nl.link_markdown(list(texts), nl.build_matcher(entries), number)


G = "13_glossary.ipynb#term-"


def test_forms_come_from_the_term_and_its_naming_parenthetical():
    from oxytocin_course.notebook_links import term_forms

    assert term_forms(_term("ACTH (adrenocorticotropic hormone)")) == (
        "ACTH", "adrenocorticotropic hormone")
    assert term_forms(_term("Cortisol awakening response (CAR)")) == (
        "Cortisol awakening response", "CAR")
    assert term_forms(_term("Attenuation (of a correlation)")) == ("Attenuation",)
    assert term_forms(_term("Dissociation constant (K)")) == ("Dissociation constant",)
    assert term_forms(_term("Bias (Ioannidis's u)", match=[])) == ()


def test_acronyms_match_case_sensitively_and_words_in_any_case():
    car = _term("Cortisol awakening response (CAR)")
    assert _link(["We took the car. The CAR rose."], car) == [
        f"We took the car. The [CAR]({G}cortisol-awakening-response-car) rose."]
    assert _link(["The Cortisol Awakening Response rose."], car) == [
        f"The [Cortisol Awakening Response]({G}cortisol-awakening-response-car) rose."]
    hpa = _term("HPA axis")
    assert _link(["the hpa axis, the HPA Axis"], hpa) == [f"the hpa axis, the [HPA Axis]({G}hpa-axis)"]


def test_first_use_only_whole_words_and_plurals():
    t = _term("Fixed point")
    out = _link(["No fixed pointer here.", "Two fixed points.", "A fixed point again."], t)
    assert out == ["No fixed pointer here.", f"Two [fixed points]({G}fixed-point).",
                   "A fixed point again."]
    assert _link(["an oxytocin-treated group"], _term("Oxytocin")) == ["an oxytocin-treated group"]


def test_the_longest_match_wins():
    terms = [_term("Cortisol"), _term("Cortisol reactivity")]
    out = _link(["Cortisol reactivity differs; cortisol itself too."], *terms)
    assert out == [f"[Cortisol reactivity]({G}cortisol-reactivity) differs; "
                   f"[cortisol]({G}cortisol) itself too."]


def test_code_maths_links_citations_headings_and_html_are_skipped():
    t = _term("Half-life")
    skipped = ["## The half-life", "`half-life`", "```\nhalf-life\n```", "$half-life$",
               "$$\\text{half-life}$$", "[half-life](https://x.org)", "[x](half-life.ipynb)",
               "[@half-life]", '<span title="half-life">x</span>',
               "<details><summary>The half-life</summary>", "<!-- half-life -->"]
    for text in skipped:
        assert _link([text], t) == [text], text
    assert _link(["**half-life**"], t) == [f"**[half-life]({G}half-life)**"]


def test_a_grade_beside_its_claim_id_is_never_linked():
    t = _term("Illustrative model")
    assert _link(["*Illustrative model* (C04-01)"], t) == ["*Illustrative model* (C04-01)"]


def test_match_and_not_in_fields_and_hand_links():
    bias = _term("Bias (Ioannidis's u)", match=[])
    assert _link(["in-group bias"], bias) == ["in-group bias"]
    rate = _term("Learning rate", not_in=["02"])
    assert _link(["a learning rate"], rate, number="02") == ["a learning rate"]
    # A term linked by hand anywhere in the notebook is left alone.
    t = _term("Extinction")
    hand = f"Then [extinction]({G}extinction) proper."
    assert _link(["Species extinction.", hand], t) == ["Species extinction.", hand]


def test_linking_is_idempotent():
    terms = [_term("Cortisol"), _term("Cortisol reactivity"), _term("HPA axis")]
    once = _link(["The HPA axis and cortisol reactivity.", "Cortisol again; HPA axis."], *terms)
    assert _link(once, *terms) == once
    assert once[1] == f"[Cortisol]({G}cortisol) again; HPA axis."


def test_every_glossary_link_in_the_course_resolves_and_first_uses_are_linked():
    from oxytocin_course.notebook_links import GLOSSARY_LINK, glossary_link_problems
    from oxytocin_course.notebook_files import markdown_sources, notebooks

    assert glossary_link_problems(glossary.terms()) == []
    anchors = {t.anchor for t in glossary.terms()}
    n = 0
    for path in notebooks():
        for text in markdown_sources(path):
            for _, anchor in GLOSSARY_LINK.findall(text):
                assert anchor in anchors, (path.name, anchor)
                n += 1
    assert n > 200


def test_the_lint_names_the_notebook_the_term_and_the_fix(tmp_path):
    import json

    from oxytocin_course.lint import link_problems

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# 99 · T\n\nheader"},
                    {"cell_type": "markdown", "metadata": {},
                     "source": f"The HPA axis and [x]({G}no-such-term)."}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "99_t.ipynb"
    path.write_text(json.dumps(nb))
    problems = "\n".join(link_problems(path))
    assert "99_t.ipynb" in problems and "'term-hpa-axis'" in problems
    assert "python -m oxytocin_course.glossary --link" in problems
    assert "'term-no-such-term' is no glossary anchor" in problems


# --------------------------------------------------------------------------- the course map
def test_the_course_map_is_generated_from_the_headers():
    from oxytocin_course import notebook_links
    from oxytocin_course.notebook_files import notebooks

    assert notebook_links.course_map_is_current(), (
        "notebook 00's course map is stale: run python -m oxytocin_course.glossary --write-map")
    text = notebook_links.course_map_markdown()
    assert text.startswith('<a id="course-map"></a>')
    for path in notebooks():
        assert f"]({path.name}) |" in text


def test_contents_links_lead_to_the_course_map():
    from oxytocin_course.notebook_files import markdown_sources, notebooks

    for path in notebooks():
        texts = markdown_sources(path)
        target = "#course-map" if path.name.startswith("00") else "00_start_here.ipynb#course-map"
        for text in (texts[0], texts[-1]):
            assert f"[Contents]({target})" in text, path.name
        assert "../README.md" not in "".join(texts), path.name
