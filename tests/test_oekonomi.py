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
from dagsorden.kerne.model import Budget, BudgetEnhed, Budgetlinje
from dagsorden.kerne.oekonomi import (
    AFRUNDINGSNOTE,
    OekonomiTabel,
    Tabelraekke,
    aarene,
    beloeb_kr,
    i_alt_linje,
    kolonne_i_alt,
    linje_i_alt,
    oekonomi_tabel,
    samlet_i_alt,
    tekstbeloeb,
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
        afrundingsnote=False,
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
    assert tekstbeloeb(categories) == "1,50 mio. kr."


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
    assert i_alt_linje(HERAF) == Budgetlinje("I alt", (0, 0))


def test_heraf_line_has_its_own_i_alt_and_is_indented():
    tabel = oekonomi_tabel(HERAF)
    assert tabel.raekker == (
        Tabelraekke("Udgiftsbudget", ("100", "590", "690")),
        Tabelraekke("Heraf løn", ("60", "400", "460"), heraf=True),
        Tabelraekke("Indtægtsbudget", ("-100", "-590", "-690")),
        Tabelraekke("I alt", ("0", "0", "0"), is_total=True),
    )


def test_i_alt_row_only_when_asked_for():
    without = oekonomi_tabel(replace(HERAF, i_alt_raekke=False))
    assert [r.post for r in without.raekker] == ["Udgiftsbudget", "Heraf løn", "Indtægtsbudget"]
    assert not any(r.is_total for r in without.raekker)


def test_i_alt_row_sums_columns():
    b = budget(linje("Service", 100, 200), linje("Anlæg", 1_000, None), i_alt_raekke=True)
    assert oekonomi_tabel(b).raekker[-1] == Tabelraekke(
        "I alt", ("1.100", "200", "1.300"), is_total=True
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


# --- properties ---------------------------------------------------------------------

amounts = st.one_of(st.none(), st.integers(min_value=-(10**7), max_value=10**7).map(float))
tenths = st.one_of(
    st.none(), st.integers(min_value=-(10**5), max_value=10**5).map(lambda n: n / 10)
)


@st.composite
def budgets(draw, figures=amounts, enhed=TUSIND):
    width = draw(st.integers(min_value=1, max_value=5))
    rows = draw(
        st.lists(
            st.tuples(st.booleans(), st.lists(figures, min_size=width, max_size=width)),
            min_size=1,
            max_size=6,
        )
    )
    lines = [
        Budgetlinje(
            f"{'Heraf ' if heraf and i else ''}Post {i}", tuple(values), heraf=bool(heraf and i)
        )
        for i, (heraf, values) in enumerate(rows)
    ]
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


@given(budgets(figures=tenths, enhed=MIO))
def test_exact_tenths_in_mio_kr_always_add_up(b):
    assert oekonomi_tabel(b).afrundingsnote is False


@given(budgets())
def test_grand_total_is_the_sum_of_column_totals(b):
    columns = [c for c in kolonne_i_alt(b) if c is not None]
    total = samlet_i_alt(b)
    assert (total is None) == (not columns)
    assert Decimal(str(total or 0)) == sum((Decimal(str(c)) for c in columns), Decimal(0))
    assert beloeb_kr(b, "I alt") == abs(total or 0) * 1_000
