"""Placeholders and typed amounts in a case's prose (issue 12, section 4).

Figures from seed 003 (`BUDGET_FOREBYGGELSE`: 690 t. kr., written "0,69 mio. kr.") and
from tables built by hand with the model: areas with Netto sums and a total, and a
budget follow-up with a derived Afvigelse column.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from eksempeldata import BUDGET_FOREBYGGELSE

from dagsorden.errors import PlaceholderError
from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Raekketype,
)
from dagsorden.kerne.pladsholdere import Budgetkilde, check_typed_amounts, fill, typed_amounts

T = Raekketype

SEED_003 = [Budgetkilde(BUDGET_FOREBYGGELSE, tabelnummer=1)]

OMRAADER = Budget(
    tabeltitel="Bevillingsændringer",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=("2025", "2026"),
    linjer=(
        Budgetlinje("Kultur og Fritid", (None, None), type=T.OVERSKRIFT),
        Budgetlinje("Bibliotek", (1_200.0, 1_300.0)),
        Budgetlinje("Idrætsanlæg", (-500.0, -400.0)),
        Budgetlinje("Netto", (None, None), type=T.SUM),
        Budgetlinje("Teknik og Miljø", (None, None), type=T.OVERSKRIFT),
        Budgetlinje("Vejvedligehold", (2_000.0, 2_500.0)),
        Budgetlinje("Heraf asfalt", (800.0, 900.0), type=T.HERAF),
        Budgetlinje("Netto", (None, None), type=T.SUM),
        Budgetlinje("I alt", (None, None), type=T.TOTAL),
    ),
    prisniveau=2025,
)
"""Kultur og Fritid Netto 700 / 900 (I alt 1.600), Teknik og Miljø Netto 2.000 / 2.500
(4.500), I alt 2.700 / 3.400 (6.100)."""

AFVIGELSE = Beregning(
    "Korrigeret budget - Forventet regnskab",
    (("+", "Korrigeret budget"), ("-", "Forventet regnskab")),
)
OPFOELGNING = Budget(
    tabeltitel="Budgetopfølgning",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=(
        Kolonne("Korrigeret budget"),
        Kolonne("Forventet regnskab"),
        Kolonne("Afvigelse", beregning=AFVIGELSE),
        Kolonne(
            "Afvigelse i pct.",
            art=Kolonneart.PROCENT,
            beregning=Beregning(
                "Afvigelse / Korrigeret budget", (("+", "Afvigelse"),), "Korrigeret budget"
            ),
        ),
    ),
    linjer=(
        Budgetlinje("Service", (877_278.0, 918_846.0, None, None)),
        Budgetlinje("Anlæg", (12_345.0, 10_000.0, None, None)),
        Budgetlinje("Service total", (None, None, None, None), type=T.TOTAL),
    ),
)
"""Service 877.278 / 918.846 / -41.568; Anlæg 12.345 / 10.000 / 2.345; total
889.623 / 928.846 / -39.223. No I alt column: the columns are no years."""


def filled(text: str, budget: Budget = BUDGET_FOREBYGGELSE) -> str:
    return fill(text, [Budgetkilde(budget, tabelnummer=1)])


def refused(text: str, budget: Budget = BUDGET_FOREBYGGELSE) -> str:
    with pytest.raises(PlaceholderError) as caught:
        filled(text, budget)
    return str(caught.value)


# --- {beløb} and its parts ------------------------------------------------------------


def test_seed_003_amount_as_the_paper_writes_it():
    assert filled("hæves med {beløb}") == "hæves med 0,69 mio. kr."
    assert filled("{beløb:Udgiftsbudget}") == "0,69 mio. kr."
    assert filled("{beløb:Indtægtsbudget}") == "0,69 mio. kr."  # unsigned by default
    assert filled("{beløb:Indtægtsbudget|fortegn}") == "-0,69 mio. kr."
    assert filled("{beløb:Indtægtsbudget|2012|fortegn}") == "-0,59 mio. kr."
    assert filled("{beløb:Udgiftsbudget|2011}") == "0,1 mio. kr."
    assert filled("{beløb:Udgiftsbudget|I alt}") == "0,69 mio. kr."
    assert filled("{beløb|fortegn}") == "-0,69 mio. kr."


def test_the_amounts_point_ends_the_sentence():
    assert filled("Det koster {beløb}.") == "Det koster 0,69 mio. kr."
    assert filled("Det koster {beløb}, i alt.") == "Det koster 0,69 mio. kr., i alt."
    assert filled("Se {tabel}.") == "Se tabel 1."


def test_the_other_placeholders_stay():
    text = "{årene}, {prisniveau}, {funktion}, {bevillingsområde}, {tabel}; {Tabel}."
    assert filled(text) == (
        "2011-2012, 2011 p/l, 6.45.51.1, Tværgående opgaver og administration, tabel 1; Tabel 1."
    )
    assert filled("{aarene} {bevillingsomraade} {beloeb}") == (
        "2011-2012 Tværgående opgaver og administration 0,69 mio. kr."
    )


def test_any_row_of_a_grouped_table():
    assert filled("{beløb:Bibliotek}", OMRAADER) == "2,5 mio. kr."
    assert filled("{beløb:Kultur og Fritid > Netto}", OMRAADER) == "1,6 mio. kr."
    assert filled("{beløb: teknik og miljø  >  netto |2026}", OMRAADER) == "2,5 mio. kr."
    assert filled("{beløb:Heraf asfalt|2025}", OMRAADER) == "0,8 mio. kr."
    assert filled("{beløb:I alt}", OMRAADER) == "6,1 mio. kr."
    assert filled("{beløb:Idrætsanlæg|2026|fortegn}", OMRAADER) == "-0,4 mio. kr."
    assert filled("{beløb}", OMRAADER) == "2,5 mio. kr."  # the first ordinary line


def test_any_column_and_a_named_total():
    assert filled("{beløb:Service|Afvigelse|fortegn}", OPFOELGNING) == "-41,6 mio. kr."
    assert filled("{beløb:Service|Korrigeret budget}", OPFOELGNING) == "877,3 mio. kr."
    assert filled("{beløb:Service total|Afvigelse}", OPFOELGNING) == "39,2 mio. kr."
    assert filled("{beløb:I alt|Forventet regnskab}", OPFOELGNING) == "928,8 mio. kr."


def test_the_nth_budget_and_its_table():
    kilder = [Budgetkilde(BUDGET_FOREBYGGELSE, 1), Budgetkilde(OMRAADER, 2)]
    text = "{beløb} i {tabel}, {beløb#2} i {tabel#2}, {beløb:Netto|2025#2}"
    with pytest.raises(PlaceholderError, match="Netto"):
        fill(text, kilder)
    text = "{beløb} i {tabel}, {beløb#2} i {tabel#2}, {beløb:Teknik og Miljø > Netto|2025#2}"
    assert fill(text, kilder) == ("0,69 mio. kr. i tabel 1, 2,5 mio. kr. i tabel 2, 2,0 mio. kr.")
    with pytest.raises(PlaceholderError, match=r"sagen har 2 budget-arbejdsbog\(er\), ikke nr. 3"):
        fill("{tabel#3}", kilder)


def test_other_braces_stay_text():
    text = "{{ x }} {% if y %} {a, b} {beløbet} {} {navn}"
    assert filled(text) == text


# --- mistakes ---------------------------------------------------------------------------


def test_ambiguous_row_lists_the_qualified_names():
    message = refused("{beløb:Netto}", OMRAADER)
    assert message.startswith("'{beløb:Netto}': ")
    assert "Kultur og Fritid > Netto" in message
    assert "Teknik og Miljø > Netto" in message


def test_unknown_row_lists_the_rows():
    message = refused("{beløb:Anlæg}")
    assert message.startswith("'{beløb:Anlæg}': ")
    assert "'Indtægtsbudget'" in message and "'Udgiftsbudget'" in message


def test_unknown_column_lists_the_columns():
    message = refused("{beløb:Udgiftsbudget|Ukendt}")
    assert message == (
        "'{beløb:Udgiftsbudget|Ukendt}': tabellen har ingen kolonne 'Ukendt'. "
        "Beløbskolonnerne er '2011', '2012' og 'I alt'."
    )
    message = refused("{beløb:Service|Afvigelse i pct.}", OPFOELGNING)
    assert "er en procentkolonne" in message
    assert "'Korrigeret budget', 'Forventet regnskab' og 'Afvigelse'" in message


def test_no_i_alt_column_asks_for_a_column():
    message = refused("{beløb:Service}", OPFOELGNING)
    assert message.startswith("'{beløb:Service}': ")
    assert "'Korrigeret budget', 'Forventet regnskab' og 'Afvigelse'" in message


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("{beløb:}", "skriv rækkens Post efter kolonet"),
        ("{ beløb }", "uden mellemrum om navnet: {beløb}."),
        ("{beløb :Netto}", "uden mellemrum om navnet: {beløb:Netto}."),
        ("{{beløb}}", "med én klamme om: {beløb}."),
        ("{{ tabel }}", "med én klamme om: {tabel}."),
        ("{beløb:Udgiftsbudget|2011|2012}", "højst én kolonne"),
        ("{beløb:Udgiftsbudget||fortegn}", "højst én kolonne"),
        ("{årene:2011}", "kun {beløb} tager en Post"),
        ("{tabel 2}", "uden mellemrum om navnet: {tabel#2}."),
        ("{beløb#x}", "ukendt tegn efter 'beløb'"),
    ],
)
def test_mistyped_placeholders_are_refused_with_the_fix(text, fix):
    message = refused(text)
    assert message.startswith(f"'{text}': ")
    assert fix in message


def test_capitals_are_the_same_placeholder():
    assert filled("{Beløb} {BELØB:udgiftsbudget}") == "0,69 mio. kr. 0,69 mio. kr."


def test_a_placeholder_without_a_budget():
    with pytest.raises(PlaceholderError, match="men sagen har ingen"):
        fill("{beløb}", [])


# --- typed amounts ----------------------------------------------------------------------


def checked(text: str, budget: Budget = BUDGET_FOREBYGGELSE) -> str | None:
    return check_typed_amounts(text, [Budgetkilde(budget, 1)])


@pytest.mark.parametrize(
    "text",
    [
        "hæves med 0,69 mio. kr.",
        "hæves med 0,7 mio. kr.",  # at the precision written
        "hæves med 1 mio. kr.",
        "hæves med 0,69\u00a0mio.\u00a0kr.",  # non-breaking spaces from Word
        "hæves med 690 t. kr.",
        "hæves med 690 1.000 kr.",
        "hæves med 590 t.kr. i 2012",
        "indtægten er -0,69 mio. kr.",  # sign ignored
        "et gebyr på 450 kr.",  # bare kr. is not checked
        "0,69 mio kr",
        "",
    ],
)
def test_typed_amounts_that_agree(text):
    assert checked(text) is None


def test_typed_amount_checked_at_its_precision():
    assert checked("Service: 877,3 mio. kr.", OPFOELGNING) is None
    assert checked("Service: 877 mio. kr. og 877.278 t. kr.", OPFOELGNING) is None
    assert checked("merforbruget er 41,6 mio. kr.", OPFOELGNING) is None  # Afvigelse
    assert checked("i alt 889,6 mio. kr.", OPFOELGNING) is None  # the total
    assert checked("asfalt 1,7 mio. kr.", OMRAADER) is None  # a Heraf row's I alt
    message = checked("Service: 877,4 mio. kr.", OPFOELGNING)
    assert message == (
        "beløbet 877,4 mio. kr. passer ikke med noget beløb i Økonomi-tabellen (nærmest: "
        "877,3 mio. kr. {beløb:Service|Korrigeret budget}; "
        "889,6 mio. kr. {beløb:I alt|Korrigeret budget}; "
        "918,8 mio. kr. {beløb:Service|Forventet regnskab}; "
        "928,8 mio. kr. {beløb:I alt|Forventet regnskab}; "
        "41,6 mio. kr. {beløb:Service|Afvigelse}; "
        "39,2 mio. kr. {beløb:I alt|Afvigelse}). "
        "Skriv pladsholderen i stedet, så beløbet hentes fra budget-arbejdsbogen. "
        "Er beløbet ikke fra tabellen (fx en statslig pulje), så skriv det under "
        "'andre_beloeb' i sagens front matter: andre_beloeb: ['877,4 mio. kr.']."
    )


def test_an_amount_that_is_no_table_figure_passes_only_when_listed():
    text = "Staten har afsat 20 mio. kr., og kommunen bidrager med 0,69 mio. kr."
    kilder = [Budgetkilde(BUDGET_FOREBYGGELSE, 1)]
    assert "beløbet 20 mio. kr. passer ikke" in (check_typed_amounts(text, kilder) or "")
    assert check_typed_amounts(text, kilder, ["20 mio. kr."]) is None
    assert (
        check_typed_amounts(text.replace("20 mio", "20\u00a0mio"), kilder, ["20  mio. kr."]) is None
    )
    # Only the amount as listed: another figure or precision is still checked.
    assert check_typed_amounts(text, kilder, ["20,0 mio. kr."]) is not None
    assert check_typed_amounts(text.replace("0,69", "0,5"), kilder, ["20 mio. kr."]) is not None


def test_seed_003_wrong_amount_lists_the_table():
    assert checked("hæves med 0,6 mio. kr.") is None  # 590 in 2012
    message = checked("hæves med 0,5 mio. kr.")
    assert message is not None
    assert message.startswith(
        "beløbet 0,5 mio. kr. passer ikke med noget beløb i Økonomi-tabellen (nærmest: "
        "0,6 mio. kr. {beløb:Indtægtsbudget|2012}; 0,7 mio. kr. {beløb:Indtægtsbudget}; "
        "0,1 mio. kr. {beløb:Indtægtsbudget|2011})"
    )


def test_mia_and_thousands_separators():
    stor = Budget(
        tabeltitel="Anlæg",
        enhed=BudgetEnhed.MIO_KR,
        kolonner=("2026",),
        linjer=(Budgetlinje("Metro", (1_234.5,)),),
    )
    assert checked("1.234,5 mio. kr.", stor) is None
    assert checked("1,2 mia. kr.", stor) is None
    assert checked("1,23 mia. kr.", stor) is None
    assert checked("1.234,6 mio. kr.", stor) is not None
    assert filled("{beløb}", stor) == "1,2 mia. kr."


def test_typed_amounts_as_written():
    found = typed_amounts("0,69 mio. kr., 1.234,5 mio. kr., 12 t. kr., 2 mia. kr. og 45 kr.")
    assert [(a.tekst, str(a.vaerdi), a.decimaler, a.enhed) for a in found] == [
        ("0,69 mio. kr.", "0.69", 2, 1_000_000),
        ("1.234,5 mio. kr.", "1234.5", 1, 1_000_000),
        ("12 t. kr.", "12", 0, 1_000),
        ("2 mia. kr.", "2", 0, 1_000_000_000),
    ]


def test_no_budget_no_check():
    assert check_typed_amounts("0,1 mio. kr.", []) is None


# --- issue 12, outside tester's findings ---------------------------------------------


@pytest.mark.parametrize(
    ("placeholder", "felt"),
    [
        ("{funktion}", "Funktion"),
        ("{bevillingsområde}", "Bevillingsområde"),
        ("{bevillingsomraade}", "Bevillingsområde"),
        ("{prisniveau}", "Prisniveau"),
    ],
)
def test_an_empty_oplysninger_field_is_refused(placeholder, felt):
    empty = replace(
        BUDGET_FOREBYGGELSE, funktion="", bevillingsomraade=" ", prisniveau=None, kilde="b.xlsx"
    )
    assert refused(f"Funktion {placeholder}.", empty) == (
        f"'{placeholder}': feltet {felt} på arket 'Oplysninger' i 'b.xlsx' er tomt. Udfyld "
        "feltet, eller skriv teksten uden pladsholderen."
    )


@pytest.mark.parametrize(
    ("text", "value", "enhed"),
    [
        ("5 mill. kr.", "5", 1_000_000),
        ("3 millioner kr.", "3", 1_000_000),
        ("2 mio kr", "2", 1_000_000),
        ("1,5 mia kr", "1.5", 1_000_000_000),
        ("400 tkr.", "400", 1_000),
        ("400 t.kr.", "400", 1_000),
        ("99 900 t. kr.", "99900", 1_000),
        ("99\u00a0900 t. kr.", "99900", 1_000),
        ("1 234 567,5 t. kr.", "1234567.5", 1_000),
    ],
)
def test_more_ways_of_writing_the_units_and_spaced_thousands(text, value, enhed):
    [found] = typed_amounts(f"Beløbet er {text} i alt")
    assert (found.tekst, str(found.vaerdi), found.enhed) == (text, value, enhed)


def test_spaced_thousands_are_checked_whole():
    assert checked("hæves med 690 000 t. kr.") is not None  # not "000 t. kr."
    message = checked("hæves med 99 900 t. kr.")
    assert message is not None and message.startswith("beløbet 99 900 t. kr. passer ikke")
    assert checked("hæves med 0,69 mill. kr. og 690 tkr.") is None
    # Still no wider: bare kr. and other words stay unchecked.
    assert typed_amounts("450 kr., 12 t kr., 3 milliarder kr.") == []


def test_a_post_with_a_placeholder_sign_cannot_be_cited():
    budget = Budget(
        tabeltitel="Puljer",
        enhed=BudgetEnhed.TUSIND_KR,
        kolonner=("2025",),
        linjer=(
            Budgetlinje("Pulje A|B", (100.0,)),
            Budgetlinje("Pulje #2", (50.0,)),
            Budgetlinje("Drift > Service", (10.0,)),
        ),
    )
    assert refused("{beløb:Pulje A|B}", budget) == (
        "'{beløb:Pulje A|B}': posten 'Pulje A|B' har '|' i navnet, og i en pladsholder "
        "adskiller '|' post og kolonne, så rækken kan ikke hentes. Omdøb posten i "
        "budget-arbejdsbogen, fx til 'Pulje A, B'."
    )
    assert refused("{beløb:Pulje #2}", budget) == (
        "'{beløb:Pulje #2}': posten 'Pulje #2' har '#' i navnet, og i en pladsholder vælger "
        "'#' budget-arbejdsbogen, så rækken kan ikke hentes. Omdøb posten i "
        "budget-arbejdsbogen, fx til 'Pulje nr. 2'."
    )
    assert "posten 'Drift > Service' har '>' i navnet" in refused(
        "{beløb:Drift > Service|2025}", budget
    )
