"""Sequence comparer (notebook 01): the facts it encodes and its argument checks."""
import pytest

from oxytocin_course.models import peptides


def test_ot_and_avp_differ_exactly_at_positions_3_and_8():
    assert peptides.compare("oxytocin", "arginine vasopressin") == [3, 8]
    assert peptides.differences("oxytocin", "arginine vasopressin") == [
        (3, "Ile", "Phe"), (8, "Leu", "Arg")]


def test_comparison_is_symmetric_and_identity_is_empty():
    for a in peptides.NAMES:
        assert peptides.compare(a, a) == []
        for b in peptides.NAMES:
            assert peptides.compare(a, b) == peptides.compare(b, a)


def test_vasopressins_differ_only_at_position_8():
    assert peptides.compare("arginine vasopressin", "lysine vasopressin") == [8]
    assert peptides.PEPTIDES["lysine vasopressin"].source_grade == "S"


def test_structure_nonapeptide_with_cys1_cys6_and_glycinamide():
    ot = peptides.sequence("oxytocin")
    assert len(ot) == 9 == peptides.residue_count("oxytocin")
    assert peptides.residue_count("oxytocin", cystine_as_one=True) == 8
    i, j = peptides.DISULFIDE
    assert ot[i - 1] == ot[j - 1] == "Cys"
    assert ot[-1] == "Gly"
    assert peptides.one_letter("oxytocin") == "CYIQNCPLG-NH2"
    assert peptides.one_letter("arginine vasopressin") == "CYFQNCPRG-NH2"


@pytest.mark.parametrize("call,name", [
    (lambda: peptides.compare("insulin", "oxytocin"), "a"),
    (lambda: peptides.compare("oxytocin", "OT"), "b"),
    (lambda: peptides.sequence("vasotocin"), "name"),
])
def test_unknown_peptide_raises_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be one of"):
        call()


def test_plot_and_explorer_highlight_the_differences():
    fig = peptides.plot_sequences("oxytocin", "arginine vasopressin")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Ile" in texts and "Phe" in texts
    ex = peptides.sequence_explorer()
    assert "position 3" in ex.last_alt and "position 8" in ex.last_alt
    ex.set(b="lysine vasopressin")
    assert "Lys" in ex.last_alt and "secondary" in ex.last_alt


def test_sequences_are_read_from_the_published_data():
    """The sequences live in data/published/peptides_sequences.yaml, with their sources; the
    module's constants are built from it and equal what the module held before."""
    from oxytocin_course import published

    records = {r["name"]: r for r in published.load("peptides_sequences")}
    assert list(records) == list(peptides.NAMES)
    assert records["oxytocin"]["residues"] == [
        "Cys", "Tyr", "Ile", "Gln", "Asn", "Cys", "Pro", "Leu", "Gly"]
    assert records["arginine vasopressin"]["residues"] == [
        "Cys", "Tyr", "Phe", "Gln", "Asn", "Cys", "Pro", "Arg", "Gly"]
    assert records["lysine vasopressin"]["residues"] == [
        "Cys", "Tyr", "Phe", "Gln", "Asn", "Cys", "Pro", "Lys", "Gly"]
    for name, record in records.items():
        pep = peptides.PEPTIDES[name]
        assert pep.residues == tuple(record["residues"])
        assert (pep.short, pep.source_grade, pep.cite) == (
            record["short"], record["source_grade"], record["cite"])
        assert tuple(record["disulfide"]) == peptides.DISULFIDE == (1, 6)
    assert [p.short for p in peptides.PEPTIDES.values()] == ["OT", "AVP", "LVP"]
    assert [p.source_grade for p in peptides.PEPTIDES.values()] == ["P", "P", "S"]
    assert peptides.PEPTIDES["oxytocin"].cite == "duvigneaud1953"


def test_explorer_marks_the_secondary_source_and_identical_rows():
    ex = peptides.sequence_explorer()
    assert ex.page_control == "b"
    assert ex.set(a="lysine vasopressin", b="lysine vasopressin")
    assert "no positions differ" in ex.last_alt and "LVP is from secondary sources" in ex.last_alt
    assert ex.fig.axes[0].get_title() == "LVP vs LVP: identical sequences"
