"""The Økonomi table's arithmetic (issue 3, section 3): totals, the amounts prose
cites, and the table as printed. Pure functions on `Budget`s built in the tests;
seed 003's Tabel 1 is `BUDGET_FOREBYGGELSE` in scripts/eksempeldata.py."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from eksempeldata import BUDGET_FOREBYGGELSE
from hypothesis import given
from hypothesis import strategies as st

from dagsorden.errors import DagsordenError, OekonomiError
from dagsorden.kerne import danish
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Negative,
    Nul,
    Raekketype,
)
from dagsorden.kerne.oekonomi import (
    AFRUNDINGSNOTE,
    I_ALT_KOLONNE,
    OekonomiTabel,
    Problem,
    Tabelraekke,
    aarene,
    afrundingstolerance,
    beloeb,
    beloeb_kr,
    citerbar_post,
    find_raekke,
    i_alt_linje,
    kolonne_i_alt,
    kroner,
    linje_i_alt,
    navngiver_overskrift,
    oekonomi_tabel,
    regn_ud,
    samlet_i_alt,
    tekstbeloeb,
)

LINJE, OVERSKRIFT, SUM, HERAF_, TOTAL = (
    Raekketype.LINJE,
    Raekketype.OVERSKRIFT,
    Raekketype.SUM,
    Raekketype.HERAF,
    Raekketype.TOTAL,
)

MIO = BudgetEnhed.MIO_KR
TUSIND = BudgetEnhed.TUSIND_KR


def budget(
    *linjer: Budgetlinje,
    kolonner: tuple[str, ...] = ("2011", "2012"),
    enhed: BudgetEnhed = TUSIND,
    i_alt_raekke: bool = False,
    prisniveau: int | None = 2011,
) -> Budget:
    return Budget(
        tabeltitel="Ændring af udgiftsbudget",
        enhed=enhed,
        kolonner=kolonner,
        linjer=linjer,
        prisniveau=prisniveau,
        i_alt_raekke=i_alt_raekke,
    )


def linje(post: str, *beloeb: float | None) -> Budgetlinje:
    return Budgetlinje(post, tuple(beloeb), heraf=post.startswith("Heraf"))


# --- seed 003 -----------------------------------------------------------------------


def test_seed_003_tabel_1_exactly():
    tabel = oekonomi_tabel(BUDGET_FOREBYGGELSE)
    assert tabel == OekonomiTabel(
        titel="Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet",
        enhed="1.000 kr.",
        prisniveau="(2011 p/l)",
        overskrifter=("1.000 kr.", "2011", "2012", "I alt"),
        raekker=(
            Tabelraekke("Indtægtsbudget", ("-100", "-590", "-690")),
            Tabelraekke("Udgiftsbudget", ("100", "590", "690")),
        ),
        note="",
        tekstkolonner=1,
    )
    assert tabel.enhedslinje == "1.000 kr. (2011 p/l)"
    assert tabel.note == ""
    assert [r.celler for r in tabel.raekker] == [
        ("Indtægtsbudget", "-100", "-590", "-690"),
        ("Udgiftsbudget", "100", "590", "690"),
    ]


def test_seed_003_amount_in_prose():
    assert beloeb_kr(BUDGET_FOREBYGGELSE) == 690_000
    assert danish.mio_kr(beloeb_kr(BUDGET_FOREBYGGELSE)) == "0,69 mio. kr."
    assert aarene(BUDGET_FOREBYGGELSE) == "2011-2012"
    assert tekstbeloeb(BUDGET_FOREBYGGELSE) == "0,69 mio. kr. fordelt på årene 2011-2012"


def test_seed_003_totals():
    indtaegt, udgift = BUDGET_FOREBYGGELSE.linjer
    assert (linje_i_alt(indtaegt), linje_i_alt(udgift)) == (-690, 690)
    assert kolonne_i_alt(BUDGET_FOREBYGGELSE) == (0, 0)
    assert samlet_i_alt(BUDGET_FOREBYGGELSE) == 0
    assert i_alt_linje(BUDGET_FOREBYGGELSE) is None  # I alt-række nej, as in the seed


# --- beloeb_kr ----------------------------------------------------------------------


@pytest.mark.parametrize("post", ["Udgiftsbudget", "udgiftsbudget", "  UDGIFTSBUDGET "])
def test_named_line_ignoring_case(post):
    assert beloeb_kr(BUDGET_FOREBYGGELSE, post) == 690_000


def test_income_is_cited_without_sign():
    assert beloeb_kr(BUDGET_FOREBYGGELSE, "Indtægtsbudget") == 690_000


def test_i_alt_is_the_total_of_all_lines():
    b = budget(linje("Service", 100, 200), linje("Heraf løn", 50, 60), linje("Anlæg", 1, 2))
    assert beloeb_kr(b, "I alt") == 303_000


def test_mio_kr_amounts():
    b = budget(linje("Udgiftsbudget", 0.4, 0.29), enhed=MIO)
    assert beloeb_kr(b) == 690_000
    assert danish.mio_kr(beloeb_kr(b)) == "0,69 mio. kr."


def test_first_line_that_is_no_heraf_line():
    b = budget(linje("Heraf løn", 1, 1), linje("Udgiftsbudget", 2, 3))
    assert beloeb_kr(b) == 5_000


def test_line_without_figures_cites_zero():
    b = budget(linje("Udgiftsbudget", None, None))
    assert beloeb_kr(b) == 0


def test_unknown_line():
    with pytest.raises(OekonomiError) as caught:
        beloeb_kr(BUDGET_FOREBYGGELSE, "Anlæg")
    assert str(caught.value) == (
        "Budgettet har ingen linje 'Anlæg'. Linjerne er 'Indtægtsbudget', 'Udgiftsbudget'."
    )
    assert isinstance(caught.value, DagsordenError)


def test_unknown_line_names_the_workbook():
    b = replace(BUDGET_FOREBYGGELSE, kilde="cases/forebyggelse/budget.xlsx")
    with pytest.raises(OekonomiError, match=r"^cases/forebyggelse/budget\.xlsx: Budgettet"):
        beloeb_kr(b, "Anlæg")


def test_two_lines_with_the_name():
    b = budget(linje("Service", 1, 2), linje("service", 3, 4))
    with pytest.raises(OekonomiError, match="2 linjer, der hedder 'Service'"):
        beloeb_kr(b, "Service")


def test_no_lines():
    with pytest.raises(OekonomiError, match="ingen linjer"):
        beloeb_kr(budget())


# --- aarene -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kolonner", "expected"),
    [
        (("2011", "2012"), "2011-2012"),
        (("2011",), "2011"),
        (("2024", "2025", "2026", "2027"), "2024-2027"),
        (("2012", "2011"), "2011-2012"),
        (("2011", "2013", "2015"), "2011, 2013 og 2015"),
    ],
)
def test_aarene(kolonner, expected):
    b = budget(linje("Udgiftsbudget", *([1.0] * len(kolonner))), kolonner=kolonner)
    assert aarene(b) == expected


def test_aarene_of_categories():
    b = budget(linje("Netto", 1, 2), kolonner=("Service", "Anlæg"))
    with pytest.raises(OekonomiError) as caught:
        aarene(b)
    assert str(caught.value) == (
        "Kolonnerne er ikke årstal ('Service', 'Anlæg'), så tabellen kan ikke give årene "
        "til teksten."
    )


def test_tekstbeloeb_forms():
    one_year = budget(linje("Udgiftsbudget", 690), kolonner=("2011",))
    categories = budget(linje("Netto", 1_200, 300), kolonner=("Service", "Anlæg"))
    assert tekstbeloeb(one_year) == "0,69 mio. kr. i 2011"
    # Service and Anlæg without an I alt column: which column the text means is not
    # the tool's guess (the same rule keeps budget and forecast from being added).
    with pytest.raises(OekonomiError, match=r"\{beløb:[^|]+\|Service\}"):
        tekstbeloeb(categories)


# --- Heraf lines --------------------------------------------------------------------


HERAF = budget(
    linje("Udgiftsbudget", 100, 590),
    linje("Heraf løn", 60, 400),
    linje("Indtægtsbudget", -100, -590),
    i_alt_raekke=True,
)


def test_heraf_lines_are_never_summed():
    assert kolonne_i_alt(HERAF) == (0, 0)
    assert samlet_i_alt(HERAF) == 0
    assert i_alt_linje(HERAF) == Budgetlinje("I alt", (0, 0), type=Raekketype.TOTAL)


def test_heraf_line_has_its_own_i_alt_and_is_indented():
    tabel = oekonomi_tabel(HERAF)
    assert tabel.raekker == (
        Tabelraekke("Udgiftsbudget", ("100", "590", "690")),
        Tabelraekke("Heraf løn", ("60", "400", "460"), type=Raekketype.HERAF),
        Tabelraekke("Indtægtsbudget", ("-100", "-590", "-690")),
        Tabelraekke("I alt", ("0", "0", "0"), type=Raekketype.TOTAL),
    )


def test_i_alt_row_only_when_asked_for():
    without = oekonomi_tabel(replace(HERAF, i_alt_raekke=False))
    assert [r.post for r in without.raekker] == ["Udgiftsbudget", "Heraf løn", "Indtægtsbudget"]
    assert not any(r.is_total for r in without.raekker)


def test_i_alt_row_sums_columns():
    b = budget(linje("Service", 100, 200), linje("Anlæg", 1_000, None), i_alt_raekke=True)
    assert oekonomi_tabel(b).raekker[-1] == Tabelraekke(
        "I alt", ("1.100", "200", "1.300"), type=Raekketype.TOTAL
    )


# --- figures ------------------------------------------------------------------------


def test_no_figure_is_a_dash():
    b = budget(linje("Udgiftsbudget", None, 590), linje("Anlæg", None, None), i_alt_raekke=True)
    assert [r.tal for r in oekonomi_tabel(b).raekker] == [
        ("-", "590", "590"),
        ("-", "-", "-"),
        ("-", "590", "590"),
    ]


def test_thousands_and_unit_headers():
    b = budget(linje("Udgiftsbudget", 1_234, 12_345.6), enhed=TUSIND)
    assert oekonomi_tabel(b).raekker[0].tal == ("1.234", "12.346", "13.580")


def test_mio_kr_with_one_decimal():
    b = budget(linje("Udgiftsbudget", 1_234.5, -0.25), enhed=MIO, prisniveau=2025)
    tabel = oekonomi_tabel(b)
    assert tabel.overskrifter == ("mio. kr.", "2011", "2012", "I alt")
    assert tabel.raekker[0].tal == ("1.234,5", "-0,3", "1.234,3")
    assert tabel.enhedslinje == "mio. kr. (2025 p/l)"


def test_without_prisniveau():
    tabel = oekonomi_tabel(replace(BUDGET_FOREBYGGELSE, prisniveau=None))
    assert tabel.prisniveau == ""
    assert tabel.enhedslinje == "1.000 kr."


def test_sums_are_exact_decimals():
    assert linje_i_alt(linje("Udgiftsbudget", 0.1, 0.2)) == 0.3
    b = budget(linje("A", 0.1, 0.7), linje("B", 0.2, 0.1), enhed=MIO)
    assert kolonne_i_alt(b) == (0.3, 0.8)
    assert samlet_i_alt(b) == 1.1


def test_line_with_the_wrong_number_of_figures():
    with pytest.raises(ValueError, match="has 1 amount"):
        oekonomi_tabel(budget(linje("Udgiftsbudget", 1)))


# --- rounding -----------------------------------------------------------------------


def test_mio_kr_rounding_note():
    """1,24 + 1,24 shows as 1,2 + 1,2 beside the total 2,5: the papers add a note."""
    b = budget(linje("Udgiftsbudget", 1.24, 1.24), enhed=MIO)
    tabel = oekonomi_tabel(b)
    assert tabel.raekker[0].tal == ("1,2", "1,2", "2,5")
    assert tabel.afrundingsnote is True
    assert tabel.note == AFRUNDINGSNOTE == "Afvigelser i summer skyldes afrundinger."


def test_note_only_when_the_shown_cells_miss_the_shown_total():
    rounded_but_adding_up = budget(linje("Udgiftsbudget", 1.24, 1.36), enhed=MIO)
    assert oekonomi_tabel(rounded_but_adding_up).raekker[0].tal == ("1,2", "1,4", "2,6")
    assert oekonomi_tabel(rounded_but_adding_up).afrundingsnote is False
    rounded_up_twice = budget(linje("Udgiftsbudget", 1.26, 1.26), enhed=MIO)
    assert oekonomi_tabel(rounded_up_twice).raekker[0].tal == ("1,3", "1,3", "2,5")
    assert oekonomi_tabel(rounded_up_twice).afrundingsnote is True


def test_thousands_with_decimals_rounding_note():
    adds_up = budget(linje("Udgiftsbudget", 100.4, 589.6))  # 100 + 590 = 690
    misses = budget(linje("Udgiftsbudget", 100.4, 100.4))  # 100 + 100, total 201
    assert oekonomi_tabel(adds_up).raekker[0].tal == ("100", "590", "690")
    assert oekonomi_tabel(adds_up).afrundingsnote is False
    assert oekonomi_tabel(misses).raekker[0].tal == ("100", "100", "201")
    assert oekonomi_tabel(misses).afrundingsnote is True


def test_rounding_in_the_i_alt_row():
    """Three lines of 0,04 show as 0,0 each; their column total 0,12 shows as 0,1."""
    lines = [linje(f"Post {n}", 0.04) for n in range(3)]
    shown = budget(*lines, kolonner=("2025",), enhed=MIO, i_alt_raekke=True)
    hidden = replace(shown, i_alt_raekke=False)
    assert oekonomi_tabel(shown).raekker[-1].tal == ("0,1", "0,1")
    assert oekonomi_tabel(shown).afrundingsnote is True
    assert oekonomi_tabel(hidden).afrundingsnote is False


def test_heraf_lines_are_not_part_of_the_rounding_of_totals():
    b = budget(
        linje("Udgiftsbudget", 1.0, 2.0),
        linje("Heraf løn", 0.04, 0.04),
        enhed=MIO,
        i_alt_raekke=True,
    )
    # The Heraf line's own I alt: 0,0 + 0,0 beside 0,1.
    assert oekonomi_tabel(b).raekker[1].tal == ("0,0", "0,0", "0,1")
    assert oekonomi_tabel(b).afrundingsnote is True
    whole = replace(b, linjer=(b.linjer[0], linje("Heraf løn", 0.4, 0.4)))
    assert oekonomi_tabel(whole).afrundingsnote is False


# --- grouping ----------------------------------------------------------------------


def r(
    post: str,
    *beloeb: float | None,
    t: Raekketype = LINJE,
    i_alt: float | None = None,
    tekster: tuple[str, ...] = (),
) -> Budgetlinje:
    """A row of any type; figures may be left off at the end (no figure)."""
    return Budgetlinje(post, tuple(beloeb), type=t, i_alt=i_alt, tekster=tekster)


def tabel(*rows: Budgetlinje, kolonner=("2025", "2026"), **kwargs) -> Budget:
    width = len(kolonner)
    rows = tuple(
        replace(row, beloeb=row.beloeb + (None,) * (width - len(row.beloeb))) for row in rows
    )
    fields = {"tabeltitel": "Bevillingsændringer", "enhed": TUSIND, "prisniveau": 2025}
    fields.update(kwargs)
    return Budget(kolonner=kolonner, linjer=rows, **fields)


def vaerdier(row) -> tuple:
    return tuple(None if v is None else float(v) for v in row.vaerdier)


BEVILLINGER = tabel(
    r("Kultur og Fritid", t=OVERSKRIFT),
    r("Service", t=OVERSKRIFT),
    r("Bibliotek", 100, 110),
    r("Idræt", -40, -40),
    r("Netto", t=SUM),
    r("Anlæg", t=OVERSKRIFT),
    r("Svømmehal", 500, 0),
    r("Netto", t=SUM),
    r("I alt, Kultur og Fritid", t=SUM),
    r("Social", t=OVERSKRIFT),
    r("Service", t=OVERSKRIFT),
    r("Hjemmepleje", 200, 200),
    r("Netto", t=SUM),
    r("I alt, Social", t=SUM),
    r("I alt", t=TOTAL),
)


def test_groups_nest_two_levels():
    u = regn_ud(BEVILLINGER)
    assert u.problemer == ()
    rows = {(row.gruppe, row.linje.post): row for row in u.raekker}
    assert vaerdier(rows[("Kultur og Fritid", "Service"), "Netto"]) == (60, 70)
    assert vaerdier(rows[("Kultur og Fritid", "Anlæg"), "Netto"]) == (500, 0)
    assert vaerdier(rows[("Kultur og Fritid",), "I alt, Kultur og Fritid"]) == (560, 70)
    assert vaerdier(rows[("Social", "Service"), "Netto"]) == (200, 200)
    assert vaerdier(rows[("Social",), "I alt, Social"]) == (200, 200)
    total = u.total()
    assert total is rows[(), "I alt"]
    assert vaerdier(total) == (760, 270)
    assert total.i_alt == 1_030
    assert total.beregnet == frozenset({0, 1, I_ALT_KOLONNE})
    assert [(row.linje.post, row.niveau) for row in u.raekker] == [
        ("Kultur og Fritid", 0),
        ("Service", 1),
        ("Bibliotek", 2),
        ("Idræt", 2),
        ("Netto", 2),
        ("Anlæg", 1),
        ("Svømmehal", 2),
        ("Netto", 2),
        ("I alt, Kultur og Fritid", 1),
        ("Social", 0),
        ("Service", 1),
        ("Hjemmepleje", 2),
        ("Netto", 2),
        ("I alt, Social", 1),
        ("I alt", 0),
    ]
    assert u.raekker[2].gruppe == ("Kultur og Fritid", "Service")
    assert u.afrundingsnote is False


def test_grouped_table_as_printed():
    t = oekonomi_tabel(BEVILLINGER)
    assert t.overskrifter == ("1.000 kr.", "2025", "2026", "I alt")
    assert [(row.post, row.tal, row.type, row.niveau) for row in t.raekker] == [
        ("Kultur og Fritid", ("", "", ""), OVERSKRIFT, 0),
        ("Service", ("", "", ""), OVERSKRIFT, 1),
        ("Bibliotek", ("100", "110", "210"), LINJE, 2),
        ("Idræt", ("-40", "-40", "-80"), LINJE, 2),
        ("Netto", ("60", "70", "130"), SUM, 2),
        ("Anlæg", ("", "", ""), OVERSKRIFT, 1),
        ("Svømmehal", ("500", "0", "500"), LINJE, 2),
        ("Netto", ("500", "0", "500"), SUM, 2),
        ("I alt, Kultur og Fritid", ("560", "70", "630"), SUM, 1),
        ("Social", ("", "", ""), OVERSKRIFT, 0),
        ("Service", ("", "", ""), OVERSKRIFT, 1),
        ("Hjemmepleje", ("200", "200", "400"), LINJE, 2),
        ("Netto", ("200", "200", "400"), SUM, 2),
        ("I alt, Social", ("200", "200", "400"), SUM, 1),
        ("I alt", ("760", "270", "1.030"), TOTAL, 0),
    ]
    assert t.raekker[-1].is_total and not t.raekker[4].is_total
    assert t.note == ""


def test_typed_sub_totals_are_the_items_of_their_parent():
    """A typed Netto within tolerance is what the area's sum adds up, not the lines."""
    rows = list(BEVILLINGER.linjer)
    rows[4] = r("Netto", 60.4, 70, t=SUM)  # lines give 60: within 1
    u = regn_ud(replace(BEVILLINGER, linjer=tuple(rows)))
    assert u.problemer == ()
    assert float(u.raekker[4].vaerdier[0]) == 60.4
    assert 0 not in u.raekker[4].beregnet and 1 not in u.raekker[4].beregnet
    assert float(u.raekker[8].vaerdier[0]) == 560.4
    assert float(u.total().vaerdier[0]) == 760.4


def test_sibling_headings_without_sums():
    b = tabel(
        r("Service", t=OVERSKRIFT),
        r("Løn", 10, 1),
        r("Drift", 20, 2),
        r("Anlæg", t=OVERSKRIFT),
        r("Byggeri", 5, 3),
        r("I alt", t=TOTAL),
    )
    u = regn_ud(b)
    assert u.problemer == ()
    assert [(row.linje.post, row.gruppe, row.niveau) for row in u.raekker] == [
        ("Service", (), 0),
        ("Løn", ("Service",), 1),
        ("Drift", ("Service",), 1),
        ("Anlæg", (), 0),
        ("Byggeri", ("Anlæg",), 1),
        ("I alt", (), 0),
    ]
    assert vaerdier(u.total()) == (35, 6)


def test_top_level_netto_without_heading():
    b = tabel(
        r("Indtægter", -100, -50),
        r("Udgifter", 300, 250),
        r("Netto", t=SUM),
        r("Heraf løn", 150, 120, t=HERAF_),
        r("Anlæg", 50),
        r("Netto", t=SUM),
        r("I alt", t=TOTAL),
    )
    u = regn_ud(b)
    assert u.problemer == ()
    assert vaerdier(u.raekker[2]) == (200, 200)
    assert vaerdier(u.raekker[5]) == (50, None)
    assert vaerdier(u.total()) == (250, 200)
    assert u.total().i_alt == 450
    # Heraf is never summed, and has an I alt of its own.
    assert u.raekker[3].i_alt == 270


def test_computed_i_alt_row_only_without_a_typed_total():
    lines = (r("Løn", 10, 20), r("Drift", 1, 2))
    computed = regn_ud(tabel(*lines, i_alt_raekke=True))
    assert [row.linje.post for row in computed.raekker] == ["Løn", "Drift", "I alt"]
    assert computed.total() is computed.raekker[-1]
    assert vaerdier(computed.total()) == (11, 22)
    typed = regn_ud(tabel(*lines, r("Hovedtotal", t=TOTAL), i_alt_raekke=True))
    assert [row.linje.post for row in typed.raekker] == ["Løn", "Drift", "Hovedtotal"]
    assert regn_ud(tabel(*lines)).total() is None


# --- official figures and rounding ---------------------------------------------------


def regnskab(netto: float | None) -> Budget:
    return tabel(
        r("Skat", 100.111),
        r("Drift", 200.222),
        r("Anlæg", 108.101),  # 408,434 in all
        r("Netto", netto, t=TOTAL),
        kolonner=("Regnskab 2018",),
        enhed=MIO,
        decimaler=3,
    )


def test_typed_total_within_rounding_is_printed_as_typed_with_the_note():
    t = oekonomi_tabel(regnskab(408.433))
    assert t.overskrifter == ("mio. kr.", "Regnskab 2018")  # no I alt column for a kind
    assert t.raekker[-1].tal == ("408,433",)
    assert t.note == AFRUNDINGSNOTE
    u = regn_ud(regnskab(408.433))
    assert u.total().beregnet == frozenset()


def test_typed_total_outside_rounding_is_a_problem():
    u = regn_ud(regnskab(408.440))
    assert u.problemer == (
        Problem(
            3,
            0,
            "'Netto' i kolonnen 'Regnskab 2018' er skrevet som 408,440, men tabellens linjer "
            "giver 408,434; afrunding kan højst forklare 0,002. Ret tallet, eller lad cellen "
            "stå tom, så regnes det ud.",
        ),
    )
    with pytest.raises(OekonomiError, match="er skrevet som 408,440"):
        oekonomi_tabel(regnskab(408.440))


def test_thousands_as_the_papers_print_them():
    """1.000 kr.: cells adding to 408.434 under a typed 408.433 pass; 408.440 fails."""
    lines = (r("Skat", 100_111), r("Drift", 200_222), r("Anlæg", 108_101))
    ok = tabel(*lines, r("Netto", 408_433, t=SUM), kolonner=("Regnskab 2018",))
    assert oekonomi_tabel(ok).raekker[-1].tal == ("408.433",)
    assert oekonomi_tabel(ok).note == AFRUNDINGSNOTE
    wrong = tabel(*lines, r("Netto", 408_440, t=SUM), kolonner=("Regnskab 2018",))
    assert [p.besked for p in regn_ud(wrong).problemer] == [
        "'Netto' i kolonnen 'Regnskab 2018' er skrevet som 408.440, men linjerne giver "
        "408.434; afrunding kan højst forklare 2. Ret tallet, eller lad cellen stå tom, så "
        "regnes det ud."
    ]


def test_tolerance_grows_with_the_rounded_figures_behind_a_sum():
    # 4 typed lines + the typed figure: 5 halves = 2,5 units.
    lines = [r(f"Post {n}", 10) for n in range(4)]
    assert regn_ud(tabel(*lines, r("Netto", 42, t=SUM), kolonner=("B",))).problemer == ()
    assert len(regn_ud(tabel(*lines, r("Netto", 43, t=SUM), kolonner=("B",))).problemer) == 1
    # A computed sub-total counts the lines behind it: 2 + 2 lines, plus the total.
    grouped = tabel(
        r("A", 10),
        r("B", 10),
        r("Sum 1", t=SUM),
        r("C", 10),
        r("D", 10),
        r("Sum 2", t=SUM),
        r("I alt", 42, t=TOTAL),
        kolonner=("B",),
    )
    assert regn_ud(grouped).problemer == ()
    # A typed sub-total counts one.
    typed = replace(
        grouped, linjer=(*grouped.linjer[:2], r("Sum 1", 20, t=SUM), *grouped.linjer[3:])
    )
    assert regn_ud(typed).problemer == ()  # 20 + 20: 1 + 2 + 1 halves = 2
    at = len(grouped.linjer) - 1
    over = replace(grouped, linjer=(*grouped.linjer[:at], r("I alt", 42.4, t=TOTAL)))
    assert regn_ud(over).problemer == ()  # 2,4 within 2,5
    typed_over = replace(typed, linjer=(*typed.linjer[:at], r("I alt", 42.4, t=TOTAL)))
    assert len(regn_ud(typed_over).problemer) == 1  # 2,4 beyond 2


def test_typed_i_alt_column():
    ok = tabel(r("Løn", 100.4, 100.4, i_alt=201))
    assert oekonomi_tabel(ok).raekker[0].tal == ("100", "100", "201")
    assert oekonomi_tabel(ok).note == AFRUNDINGSNOTE
    wrong = regn_ud(tabel(r("Løn", 100, 590, i_alt=700)))
    assert wrong.problemer == (
        Problem(
            0,
            I_ALT_KOLONNE,
            "'Løn' i kolonnen 'I alt' er skrevet som 700, men kolonnerne giver 690; afrunding "
            "kan højst forklare 1. Ret tallet, eller lad cellen stå tom, så regnes det ud.",
        ),
    )


def test_configured_note_text():
    b = replace(regnskab(408.433), afrundingsnote="Tallene er afrundede.")
    assert oekonomi_tabel(b).note == "Tallene er afrundede."


# --- derived and percent columns ----------------------------------------------------

KB = Kolonne("Korrigeret budget")
FR = Kolonne("Forventet regnskab")
AFV = Kolonne(
    "Afvigelse",
    beregning=Beregning(
        "Korrigeret budget - Forventet regnskab",
        (("+", "Korrigeret budget"), ("-", "Forventet regnskab")),
    ),
)
PCT = Kolonne(
    "Afvigelse i %",
    Kolonneart.PROCENT,
    beregning=Beregning(
        "Afvigelse / Korrigeret budget", (("+", "Afvigelse"),), "Korrigeret budget"
    ),
)
SKOEN = Kolonne("Skøn i %", Kolonneart.PROCENT)


def opfoelgning(*rows: Budgetlinje) -> Budget:
    # The percent column comes before the Afvigelse it uses: evaluated in dependency order.
    return tabel(*rows, kolonner=(KB, FR, PCT, AFV, SKOEN), enhed=TUSIND)


def test_derived_afvigelse_and_percent():
    b = opfoelgning(
        r("Løn", 1_000, 950, None, None, 3.5),
        r("Drift", 500, 520),
        r("Netto", t=SUM),
    )
    u = regn_ud(b)
    assert u.problemer == ()
    assert vaerdier(u.raekker[0])[:4] == (1_000, 950, 5.0, 50)
    assert vaerdier(u.raekker[1])[:4] == (500, 520, -4.0, -20)
    # In the sum row, derived from the row's own values; percent never summed.
    assert vaerdier(u.raekker[2]) == (1_500, 1_470, 2.0, 30, None)
    assert u.raekker[2].i_alt is None  # kinds of budget: no I alt column
    t = oekonomi_tabel(b)
    assert t.overskrifter == (
        "1.000 kr.",
        "Korrigeret budget",
        "Forventet regnskab",
        "Afvigelse i %",
        "Afvigelse",
        "Skøn i %",
    )
    assert [row.tal for row in t.raekker] == [
        ("1.000", "950", "5,0%", "50", "3,5%"),
        ("500", "520", "-4,0%", "-20", "-"),
        ("1.500", "1.470", "2,0%", "30", "-"),
    ]
    assert t.note == ""


def test_typed_derived_figures_are_checked():
    ok = opfoelgning(r("Løn", 1_000, 950, 5.1))  # 5,0% exactly
    assert regn_ud(ok).problemer == ()
    assert oekonomi_tabel(ok).raekker[0].tal[2:4] == ("5,1%", "50")
    assert oekonomi_tabel(ok).note == ""  # percents are never added up
    typed = opfoelgning(r("Løn", 1_000, 950, None, 49))
    assert regn_ud(typed).problemer == ()
    # The percent is worked out from the Afvigelse as typed.
    assert oekonomi_tabel(typed).raekker[0].tal[2:4] == ("4,9%", "49")
    assert oekonomi_tabel(typed).note == AFRUNDINGSNOTE  # 1.000 - 950 shown beside 49
    wrong = regn_ud(opfoelgning(r("Løn", 1_000, 950, 5.3, 47)))
    assert [p.besked for p in wrong.problemer] == [
        "'Løn' i kolonnen 'Afvigelse' er skrevet som 47, men beregningen 'Korrigeret budget - "
        "Forventet regnskab' giver 50; afrunding kan højst forklare 1. Ret tallet, eller lad "
        "cellen stå tom, så regnes det ud.",
        "'Løn' i kolonnen 'Afvigelse i %' er skrevet som 5,3%, men beregningen 'Afvigelse / "
        "Korrigeret budget' giver 5,0%; afrunding kan højst forklare 0,15 procentpoint. Ret "
        "tallet, eller lad cellen stå tom, så regnes det ud.",
    ]
    assert [(p.raekke, p.kolonne) for p in wrong.problemer] == [(0, 3), (0, 2)]


def test_percent_with_denominator_zero():
    u = regn_ud(opfoelgning(r("Ny pulje", 0, 10)))
    assert u.problemer == ()
    assert vaerdier(u.raekker[0])[:4] == (0, 10, None, -10)
    typed = regn_ud(opfoelgning(r("Ny pulje", 0, 10, 12.5)))
    assert typed.problemer == (
        Problem(
            0,
            2,
            "'Ny pulje' i kolonnen 'Afvigelse i %' er skrevet som 12,5%, men 'Korrigeret "
            "budget' er 0 i rækken, så der er intet at dividere med. Lad cellen stå tom.",
        ),
    )


def test_typed_percent_in_a_sum_row_is_shown_unchecked():
    b = opfoelgning(
        r("Løn", 1_000, 950, None, None, 3.5), r("Netto", None, None, None, None, 9, t=SUM)
    )
    assert oekonomi_tabel(b).raekker[1].tal[-1] == "9,0%"


def test_derived_column_is_not_in_the_i_alt_column():
    aendring = Kolonne(
        "Ændring", beregning=Beregning("2026 - 2025", (("+", "2026"), ("-", "2025")))
    )
    b = tabel(r("Løn", 100, 130), kolonner=(Kolonne("2025"), Kolonne("2026"), aendring))
    assert b.vis_i_alt_kolonne  # every amount column that is not derived is a year
    t = oekonomi_tabel(b)
    assert t.overskrifter == ("1.000 kr.", "2025", "2026", "Ændring", "I alt")
    assert t.raekker[0].tal == ("100", "130", "30", "230")


@pytest.mark.parametrize(
    ("kolonner", "i_alt_kolonne", "shown"),
    [
        (("2025", "2026"), None, True),
        (("Opr. budget", "Korrigeret budget"), None, False),
        (("Service", "Anlæg"), None, False),
        (("Service", "Anlæg"), True, True),
        (("2025", "2026"), False, False),
    ],
)
def test_i_alt_column_default(kolonner, i_alt_kolonne, shown):
    b = tabel(r("Løn", 1, 2), kolonner=kolonner, i_alt_kolonne=i_alt_kolonne)
    t = oekonomi_tabel(b)
    assert (t.overskrifter[-1] == "I alt") is shown
    assert len(t.raekker[0].tal) == 2 + shown
    assert (regn_ud(b).raekker[0].i_alt is not None) is shown


# --- units and how figures look ------------------------------------------------------


@pytest.mark.parametrize(
    ("enhed", "decimaler", "expected"),
    [
        (BudgetEnhed.KR, None, ("1.234.568", "-690", "1.233.878")),
        (TUSIND, None, ("1.234.568", "-690", "1.233.878")),
        (MIO, None, ("1.234.567,9", "-690,0", "1.233.877,9")),
        (BudgetEnhed.MIA_KR, None, ("1.234.567,9", "-690,0", "1.233.877,9")),
        (MIO, 2, ("1.234.567,89", "-690,00", "1.233.877,89")),
        (TUSIND, 1, ("1.234.567,9", "-690,0", "1.233.877,9")),
    ],
)
def test_units_and_decimals(enhed, decimaler, expected):
    b = tabel(r("Løn", 1_234_567.89, -690), enhed=enhed, decimaler=decimaler)
    t = oekonomi_tabel(b)
    assert t.raekker[0].tal == expected
    assert t.overskrifter[0] == enhed.value


def test_units_in_kroner():
    row = regn_ud(tabel(r("Løn", 1.5), enhed=BudgetEnhed.MIA_KR, kolonner=("2025",))).raekker[0]
    b = tabel(r("Løn", 1.5), enhed=BudgetEnhed.MIA_KR, kolonner=("2025",))
    assert kroner(beloeb(row, b), b) == 1_500_000_000
    assert kroner(Decimal("0.69"), tabel(enhed=MIO)) == 690_000


def test_negative_in_parentheses_and_zero_forms():
    rows = (r("Indtægt", -690, 0), r("Procent", 0, 0.04))
    b = tabel(*rows, negative=Negative.PARENTES)
    assert oekonomi_tabel(b).raekker[0].tal == ("(690)", "0", "(690)")
    mio = tabel(*rows, enhed=MIO, negative=Negative.PARENTES)
    assert [row.tal for row in oekonomi_tabel(mio).raekker] == [
        ("(690,0)", "0,0", "(690,0)"),
        ("0,0", "0,0", "0,0"),
    ]
    assert [row.tal for row in oekonomi_tabel(replace(mio, nul=Nul.STREG)).raekker] == [
        ("(690,0)", "-", "(690,0)"),
        ("-", "0,0", "0,0"),  # 0,04 is no zero: only a true zero is -
    ]
    assert oekonomi_tabel(replace(mio, nul=Nul.NUL)).raekker[1].tal == ("0", "0", "0")
    pct = tabel(r("Løn", -5.24), kolonner=(SKOEN,), negative=Negative.PARENTES)
    assert oekonomi_tabel(pct).raekker[0].tal == ("(5,2%)",)


def test_text_columns_left_and_right_of_post():
    b = tabel(
        r("Bibliotek", 100, 110, tekster=("Drift", "Ny")),
        r("I alt", t=TOTAL),
        tekstkolonner=(
            Kolonne("Art", Kolonneart.TEKST, foran_post=True),
            Kolonne("Bemærkning", Kolonneart.TEKST),
        ),
    )
    t = oekonomi_tabel(b)
    assert t.overskrifter == ("Art", "1.000 kr.", "Bemærkning", "2025", "2026", "I alt")
    assert t.tekstkolonner == 3
    assert t.raekker[0].celler == ("Drift", "Bibliotek", "Ny", "100", "110", "210")
    assert t.raekker[1].celler == ("", "I alt", "", "100", "110", "210")


# --- structural problems -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            (r("Service", 10, t=OVERSKRIFT), r("Løn", 10)),
            Problem(
                0,
                0,
                "Overskriften 'Service' har tal i '2025', men en overskrift har ingen beløb. "
                "Flyt tallene til en linje under den, eller fjern Type 'overskrift'.",
            ),
        ),
        (
            (r("Service", t=OVERSKRIFT, i_alt=5), r("Løn", 10)),
            Problem(
                0,
                I_ALT_KOLONNE,
                "Overskriften 'Service' har tal i 'I alt', men en overskrift har ingen beløb. "
                "Flyt tallene til en linje under den, eller fjern Type 'overskrift'.",
            ),
        ),
        (
            (r("Netto", t=SUM), r("Løn", 10)),
            Problem(
                0,
                None,
                "Sumrækken 'Netto' har ingen linjer over sig at lægge sammen. Sæt de linjer, "
                "den er summen af, over den, eller giv rækken en anden Type.",
            ),
        ),
        (
            (r("Service", t=OVERSKRIFT), r("Netto", t=SUM)),
            Problem(
                1,
                None,
                "Sumrækken 'Netto' har ingen linjer over sig at lægge sammen. Sæt de linjer, "
                "den er summen af, over den, eller giv rækken en anden Type.",
            ),
        ),
        (
            (r("Løn", 10), r("I alt", t=TOTAL), r("Drift", 5)),
            Problem(
                2,
                None,
                "Rækken 'Drift' står efter totalen 'I alt'; totalen skal være tabellens sidste "
                "række (kun Heraf-linjer må stå under den). Flyt rækken op over totalen.",
            ),
        ),
        (
            (r("Løn", 10), r("I alt", t=TOTAL), r("Hovedtotal", t=TOTAL)),
            Problem(
                2,
                None,
                "Tabellen har to totaler, 'I alt' og 'Hovedtotal'; der må kun være én række "
                "med Type 'total'. Giv den ene Type 'sum'.",
            ),
        ),
        (
            (r("Heraf løn", 10, t=HERAF_), r("Drift", 20)),
            Problem(
                0,
                None,
                "Heraf-linjen 'Heraf løn' står øverst i tabellen, men en Heraf-linje er en del "
                "af linjen, summen eller totalen lige over den. Flyt den ind under den række, "
                "den er en del af.",
            ),
        ),
        (
            (r("Service", t=OVERSKRIFT), r("Heraf løn", 10, t=HERAF_), r("Drift", 20)),
            Problem(
                1,
                None,
                "Heraf-linjen 'Heraf løn' står under overskriften 'Service', men en Heraf-linje "
                "er en del af linjen, summen eller totalen lige over den. Flyt den ind under den "
                "række, den er en del af.",
            ),
        ),
        (
            (r("Drift", 20, 30), r("Heraf løn", 10, 35, t=HERAF_)),
            Problem(
                1,
                1,
                "'Heraf løn' i kolonnen '2026' er 35, men hele 'Drift' er kun 30; en Heraf-linje "
                "kan ikke være større end det, den er en del af. Ret tallet, eller flyt linjen "
                "ind under den rigtige række.",
            ),
        ),
    ],
)
def test_structural_problems(rows, expected):
    assert regn_ud(tabel(*rows)).problemer == (expected,)


def test_heraf_of_a_sum_and_of_a_total():
    b = tabel(
        r("Løn", 100),
        r("Drift", 50),
        r("Netto", t=SUM),
        r("Heraf løn", 100, t=HERAF_),
        r("I alt", t=TOTAL),
        r("Heraf pulje", 120, t=HERAF_),
    )
    assert regn_ud(b).problemer == ()


def test_problems_never_raise_but_the_table_refuses():
    b = replace(
        tabel(r("Løn", 10), r("I alt", t=TOTAL), r("Drift", 5), r("Anlæg", 1)),
        kilde="budget.xlsx",
        linjer=(
            replace(r("Løn", 10, None), raekke=5),
            replace(r("I alt", None, None, t=TOTAL), raekke=6),
            replace(r("Drift", 5, None), raekke=7),
            replace(r("Anlæg", 1, None), raekke=8),
        ),
    )
    assert len(regn_ud(b).problemer) == 2
    with pytest.raises(OekonomiError) as caught:
        oekonomi_tabel(b)
    assert str(caught.value).startswith("budget.xlsx: række 7: Rækken 'Drift' står efter")
    assert str(caught.value).endswith("over totalen. (og 1 andet problem)")


# --- find_raekke and beloeb ----------------------------------------------------------


def test_find_by_path():
    u = regn_ud(BEVILLINGER)
    assert find_raekke(u, "Anlæg > Netto") is u.raekker[7]
    assert find_raekke(u, "kultur og fritid  >  SERVICE > netto") is u.raekker[4]
    assert find_raekke(u, "Social > Netto") is u.raekker[12]
    assert find_raekke(u, "I alt, Social") is u.raekker[13]
    assert find_raekke(u, "Bibliotek") is u.raekker[2]
    for name in ("I alt", "total", " i  ALT "):
        assert find_raekke(u, name) is u.raekker[-1]


def test_find_lists_the_names_that_would_be_unique():
    u = regn_ud(BEVILLINGER)
    with pytest.raises(OekonomiError) as caught:
        find_raekke(u, "Netto")
    assert str(caught.value) == (
        "Budgettet har 3 linjer, der hedder 'Netto'; skriv 'Kultur og Fritid > Service > "
        "Netto', 'Anlæg > Netto' eller 'Social > Service > Netto'."
    )
    with pytest.raises(OekonomiError, match="2 linjer, der hedder 'Service > Netto'"):
        find_raekke(u, "Service > Netto")


def test_find_nothing():
    u = regn_ud(replace(BEVILLINGER, kilde="b.xlsx"))
    with pytest.raises(OekonomiError) as caught:
        find_raekke(u, "Kultur og Fritid")
    assert str(caught.value).startswith("b.xlsx: Budgettet har ingen linje 'Kultur og Fritid'.")
    # The heading's own sum row, not a guessed 'Kultur og Fritid > Netto' (two of them).
    assert str(caught.value).endswith(
        "'Kultur og Fritid' er en overskrift; dens sum hentes med 'I alt, Kultur og Fritid'."
    )


def test_find_a_named_total_and_a_heraf_line():
    b = tabel(
        r("Tilskud A", 10),
        r("Tilskud B", 20),
        r("Netto", t=SUM),
        r("Heraf løn", 5, t=HERAF_),
        r("Hovedtotal", t=TOTAL),
    )
    u = regn_ud(b)
    assert find_raekke(u, "I alt") is find_raekke(u, "hovedtotal") is u.raekker[-1]
    assert find_raekke(u, "Netto > Heraf løn") is u.raekker[3]


def test_find_the_total_a_table_without_total_row_would_have():
    u = regn_ud(tabel(r("Løn", 10, 20), r("Drift", 1, 2)))
    assert float(find_raekke(u, "I alt").i_alt) == 33


def test_beloeb_per_column():
    b = opfoelgning(r("Løn", 1_000, 950), r("Drift", 500, 520), r("Netto", t=SUM))
    u = regn_ud(b)
    netto = find_raekke(u, "Netto")
    assert beloeb(netto, b, "Afvigelse") == 30
    assert beloeb(netto, b, "afvigelse i %") == 2
    assert beloeb(netto, b, "Korrigeret budget") == 1_500
    with pytest.raises(OekonomiError) as caught:
        beloeb(netto, b, None)
    assert str(caught.value) == (
        "Tabellen har ingen I alt-kolonne, men beløbskolonnerne 'Korrigeret budget', "
        "'Forventet regnskab' og 'Afvigelse'; skriv, hvilken kolonne beløbet for 'Netto' skal "
        "tages fra."
    )
    with pytest.raises(OekonomiError, match="ingen I alt-kolonne"):
        beloeb(netto, b, "I alt")
    with pytest.raises(OekonomiError, match=r"ingen kolonne 'Prognose'\. Kolonnerne er 'Korr"):
        beloeb(netto, b, "Prognose")


def test_beloeb_defaults():
    years = tabel(r("Løn", 100, 590))
    assert beloeb(regn_ud(years).raekker[0], years, None) == 690
    assert beloeb(regn_ud(years).raekker[0], years, "I ALT") == 690
    assert beloeb(regn_ud(years).raekker[0], years, "2026") == 590
    one = tabel(r("Løn", 7), kolonner=("Opr. budget",))
    assert beloeb(regn_ud(one).raekker[0], one, None) == 7


def test_beloeb_kr_cites_grouped_rows():
    assert beloeb_kr(BEVILLINGER, "Anlæg > Netto") == 500_000
    assert beloeb_kr(BEVILLINGER, "I alt") == 1_030_000
    assert beloeb_kr(BEVILLINGER) == 210_000  # the first line


# --- properties ---------------------------------------------------------------------

amounts = st.one_of(st.none(), st.integers(min_value=-(10**7), max_value=10**7).map(float))
tenths = st.one_of(
    st.none(), st.integers(min_value=-(10**5), max_value=10**5).map(lambda n: n / 10)
)
thousandths = st.one_of(
    st.none(), st.integers(min_value=-(10**6), max_value=10**6).map(lambda n: n / 1000)
)


def _half(value: float | None, grid: int) -> float | None:
    """A Heraf figure no larger than its whole, on the whole's grid."""
    if value is None:
        return None
    return int(value * grid / 2) / grid


@st.composite
def budgets(draw, figures=amounts, enhed=TUSIND, grid=1):
    width = draw(st.integers(min_value=1, max_value=5))
    rows = draw(
        st.lists(
            st.tuples(st.booleans(), st.lists(figures, min_size=width, max_size=width)),
            min_size=1,
            max_size=6,
        )
    )
    lines: list[Budgetlinje] = []
    for i, (heraf, values) in enumerate(rows):
        if heraf and i:
            whole = next(line for line in reversed(lines) if not line.heraf)
            parts = tuple(_half(v, grid) for v in whole.beloeb)
            lines.append(Budgetlinje(f"Heraf Post {i}", parts, heraf=True))
        else:
            lines.append(Budgetlinje(f"Post {i}", tuple(values)))
    return budget(
        *lines,
        kolonner=tuple(str(2020 + i) for i in range(width)),
        enhed=enhed,
        i_alt_raekke=draw(st.booleans()),
    )


@given(budgets())
def test_whole_thousands_always_add_up(b):
    tabel = oekonomi_tabel(b)
    assert tabel.afrundingsnote is False
    for row in tabel.raekker:
        shown = [danish.parse_tal(t) for t in row.tal if t != "-"]
        if shown:
            assert sum(shown[:-1]) == shown[-1]


@given(budgets(figures=tenths, enhed=MIO, grid=10))
def test_exact_tenths_in_mio_kr_always_add_up(b):
    assert oekonomi_tabel(b).afrundingsnote is False


@given(budgets())
def test_grand_total_is_the_sum_of_column_totals(b):
    columns = [c for c in kolonne_i_alt(b) if c is not None]
    total = samlet_i_alt(b)
    assert (total is None) == (not columns)
    assert Decimal(str(total or 0)) == sum((Decimal(str(c)) for c in columns), Decimal(0))
    assert beloeb_kr(b, "I alt") == abs(total or 0) * 1_000


def _shown(text: str) -> Decimal:
    return Decimal(0) if text == "-" else Decimal(str(danish.parse_tal(text)))


@given(budgets(figures=thousandths, enhed=MIO, grid=1000))
def test_totals_are_decimal_sums_and_shown_misses_set_the_note(b):
    b = replace(b, i_alt_raekke=True)
    u = regn_ud(b)
    assert u.problemer == ()
    lines = [line for line in b.linjer if not line.heraf]
    total = u.total()
    for i in range(len(b.kolonner)):
        present = [Decimal(str(line.beloeb[i])) for line in lines if line.beloeb[i] is not None]
        assert total.vaerdier[i] == (sum(present, Decimal(0)) if present else None)
    t = oekonomi_tabel(b)
    summed = [row for row in t.raekker if not row.heraf and not row.is_total]
    misses = any(
        sum((_shown(c) for c in row.tal[:-1]), Decimal(0)) != _shown(row.tal[-1])
        for row in t.raekker
    ) or any(
        sum((_shown(row.tal[i]) for row in summed), Decimal(0)) != _shown(t.raekker[-1].tal[i])
        for i in range(len(b.kolonner) + 1)
    )
    assert t.afrundingsnote is misses


# --- issue 12, outside tester's findings ---------------------------------------------


def test_sum_after_sibling_headings_without_sums_is_the_parents():
    """Socialudvalget > Service (no sum) > Anlæg > sum: the sum closes Socialudvalget,
    not Anlæg alone (it showed 1.000 instead of 1.110)."""
    b = tabel(
        r("Socialudvalget", t=OVERSKRIFT),
        r("Service", t=OVERSKRIFT),
        r("Herberger", 100, 200),
        r("Gadeteam", 10, 20),
        r("Anlæg", t=OVERSKRIFT),
        r("Kastanjehuset", 1_000, 2_000),
        r("Netto", t=SUM),
        r("I alt", t=TOTAL),
    )
    u = regn_ud(b)
    assert u.problemer == ()
    netto = u.raekker[6]
    assert vaerdier(netto) == (1_110, 2_220)
    assert (netto.gruppe, netto.niveau) == (("Socialudvalget",), 1)
    assert vaerdier(u.total()) == (1_110, 2_220)
    # At the top level: the siblings' sum is the loose top level's.
    top = tabel(
        r("Drift", t=OVERSKRIFT),
        r("Løn", 10),
        r("Anlæg", t=OVERSKRIFT),
        r("Byggeri", 5),
        r("Netto", t=SUM),
        r("I alt", t=TOTAL),
    )
    u = regn_ud(top)
    assert u.problemer == ()
    assert vaerdier(u.raekker[4]) == (15, None)
    assert (u.raekker[4].gruppe, u.raekker[4].niveau) == ((), 0)
    assert vaerdier(u.total()) == (15, None)


def test_sum_named_after_an_open_heading_closes_up_to_it():
    lines = (
        r("Kultur og Fritid", t=OVERSKRIFT),
        r("Service", t=OVERSKRIFT),
        r("Bibliotek", 100, 110),
        r("Idræt", -40, -40),
    )
    for name in ("I alt, Kultur og Fritid", "kultur og fritid i alt", "Netto Kultur og Fritid"):
        u = regn_ud(tabel(*lines, r(name, t=SUM), r("Svømmehal", 7), r("I alt", t=TOTAL)))
        assert u.problemer == ()
        assert u.raekker[4].gruppe == ("Kultur og Fritid",)
        # The sum closed both groups: the next line is on the top level.
        assert (u.raekker[5].gruppe, u.raekker[5].niveau) == ((), 0)
        assert vaerdier(u.total()) == (67, 70)
    # A sum naming the inner heading closes only that one, siblings or not.
    siblings = tabel(
        r("Socialudvalget", t=OVERSKRIFT),
        r("Service", t=OVERSKRIFT),
        r("Herberger", 100),
        r("Anlæg", t=OVERSKRIFT),
        r("Kastanjehuset", 1_000),
        r("I alt, Anlæg", t=SUM),
        r("I alt, Socialudvalget", t=SUM),
        kolonner=("2025",),
    )
    u = regn_ud(siblings)
    assert u.problemer == ()
    assert vaerdier(u.raekker[5]) == (1_000,)
    assert vaerdier(u.raekker[6]) == (1_100,)


@pytest.mark.parametrize(
    ("post", "overskrift", "names"),
    [
        ("I alt, Socialudvalget", "Socialudvalget", True),
        ("Socialudvalget i alt", "socialudvalget", True),
        ("Total for Kultur og Fritid", "Kultur og Fritid", True),
        ("I alt", "Socialudvalget", False),
        ("Socialudvalget", "Socialudvalget", False),
        ("Netto", "Service", False),
        ("Service og drift i alt", "Service", False),
    ],
)
def test_sum_names_heading(post, overskrift, names):
    assert navngiver_overskrift(post, overskrift) is names


def test_top_level_sum_adds_only_loose_lines_since_a_closed_group():
    """A top-level Netto after a group's Netto adds the loose lines since, not the
    group's sum too (it showed 988 instead of -12)."""
    b = tabel(
        r("Drift a", 100),
        r("Drift b", 200),
        r("Netto drift", t=SUM),
        r("Anlæg", t=OVERSKRIFT),
        r("Anlæg a", 1_000),
        r("Netto anlæg", t=SUM),
        r("Finansiering a", -5),
        r("Finansiering b", -7),
        r("Netto finansiering", t=SUM),
        r("I alt", t=TOTAL),
        kolonner=("2025",),
    )
    u = regn_ud(b)
    assert u.problemer == ()
    assert vaerdier(u.raekker[8]) == (-12,)
    assert vaerdier(u.total()) == (1_288,)
    # No loose lines since the group's sum: nothing to add, and said so.
    nothing = tabel(*b.linjer[:6], r("Netto i alt", t=SUM), kolonner=("2025",))
    problems = regn_ud(nothing).problemer
    assert [(p.raekke, p.kolonne) for p in problems] == [(6, None)]
    assert problems[0].besked.startswith(
        "Sumrækken 'Netto i alt' har ingen løse linjer over sig at lægge sammen"
    )
    assert "giv den Type total" in problems[0].besked


def test_rounding_allowance_is_capped_statistically():
    """Half a unit per figure is the worst case; more than 4 standard deviations of
    the summed rounding errors is no rounding (1 in 16.000)."""
    assert afrundingstolerance(3, 0) == 2  # worst case: (3 + 1) / 2
    assert round(afrundingstolerance(25, 0), 2) == Decimal("5.89")  # worst case 13
    assert round(afrundingstolerance(200, 0), 2) == Decimal("16.37")  # worst case 100,5
    assert round(afrundingstolerance(200, 1), 3) == Decimal("1.637")
    lines = [r(f"Forening {n}", 100) for n in range(200)]
    typo = regn_ud(tabel(*lines, r("Hovedtotal", 20_099, t=TOTAL), kolonner=("2025",)))
    assert [p.besked for p in typo.problemer] == [
        "'Hovedtotal' i kolonnen '2025' er skrevet som 20.099, men tabellens linjer giver "
        "20.000; afrunding kan højst forklare 16. Ret tallet, eller lad cellen stå tom, så "
        "regnes det ud."
    ]
    ok = regn_ud(tabel(*lines, r("Hovedtotal", 20_016, t=TOTAL), kolonner=("2025",)))
    assert ok.problemer == ()


def test_percent_allowance_is_capped_statistically():
    """30 lines of 10 and 9: Afvigelse 30 of 300 is 10 %; the worst case allowed ±11
    points, four standard deviations ±3,04."""
    lines = [r(f"L{n}", 10, 9) for n in range(30)]
    wrong = regn_ud(opfoelgning(*lines, r("I alt", None, None, 50, t=TOTAL)))
    assert [p.besked for p in wrong.problemer] == [
        "'I alt' i kolonnen 'Afvigelse i %' er skrevet som 50,0%, men beregningen 'Afvigelse "
        "/ Korrigeret budget' giver 10,0%; afrunding kan højst forklare 3,03 procentpoint. "
        "Ret tallet, eller lad cellen stå tom, så regnes det ud."
    ]
    assert regn_ud(opfoelgning(*lines, r("I alt", None, None, 13, t=TOTAL))).problemer == ()
    assert len(regn_ud(opfoelgning(*lines, r("I alt", None, None, 14, t=TOTAL))).problemer) == 1
    # One line of small figures: the worst case is the smaller, and rules.
    small = regn_ud(opfoelgning(r("A", 1, 3, 999)))
    assert "afrunding kan højst forklare 400,05 procentpoint" in small.problemer[0].besked


def test_percent_of_a_denominator_shown_as_zero_has_no_figure():
    """0,4 in 1.000 kr. shows as 0: no percent of it, and a typed one is a problem."""
    u = regn_ud(opfoelgning(r("B", 0.4, 0.2)))
    assert u.problemer == ()
    assert u.raekker[0].vaerdier[2] is None
    assert oekonomi_tabel(opfoelgning(r("B", 0.4, 0.2))).raekker[0].tal[2] == "-"
    typed = regn_ud(opfoelgning(r("B", 0.4, 0.2, -75)))
    assert [p.besked for p in typed.problemer] == [
        "'B' i kolonnen 'Afvigelse i %' er skrevet som -75,0%, men 'Korrigeret budget' er "
        "0,4, som vises som 0, i rækken, så der er intet at dividere med. Lad cellen stå tom."
    ]


def test_dash_for_zero_only_for_a_true_zero():
    b = tabel(
        r("A", -0.04, 0),
        r("B", -1.25, 2.35),
        r("I alt", t=TOTAL),
        enhed=BudgetEnhed.MIA_KR,
        negative=Negative.PARENTES,
        nul=Nul.STREG,
    )
    rows = oekonomi_tabel(b).raekker
    assert rows[0].tal == ("0,0", "-", "0,0")
    assert rows[-1].tal == ("(1,3)", "2,4", "1,1")


def test_heading_names_its_own_sum():
    siblings = tabel(
        r("Socialudvalget", t=OVERSKRIFT),
        r("Service", t=OVERSKRIFT),
        r("Herberger", 100),
        r("Anlæg", t=OVERSKRIFT),
        r("Kastanjehuset", 1_000),
        r("I alt, Socialudvalget", t=SUM),
        kolonner=("2025",),
    )
    u = regn_ud(siblings)
    with pytest.raises(OekonomiError) as caught:
        find_raekke(u, "Socialudvalget")
    assert str(caught.value).endswith(
        "'Socialudvalget' er en overskrift; dens sum hentes med 'I alt, Socialudvalget'."
    )
    with pytest.raises(OekonomiError) as caught:
        find_raekke(u, "Service")
    assert str(caught.value).endswith(
        "'Service' er en overskrift uden sumrække. Hent en af linjerne under den, eller "
        "tilføj en række med Type sum under gruppen, fx 'I alt, Service'."
    )


def test_post_with_a_path_sign_cannot_be_cited():
    u = regn_ud(tabel(r("Drift > Service", 10), r("Anlæg", 5), kolonner=("2025",)))
    with pytest.raises(OekonomiError) as caught:
        find_raekke(u, "Drift > Service")
    assert str(caught.value) == (
        "Posten 'Drift > Service' har '>' i navnet, og '>' adskiller overskrift og post, når "
        "en række hentes, så den kan ikke hentes. Omdøb posten i budget-arbejdsbogen, fx til "
        "'Drift, Service'."
    )
    assert citerbar_post("A|B") == "A, B"
    assert citerbar_post("Pulje #2") == "Pulje nr. 2"
