"""Writes the five example budget workbooks of cases/oekonomi-former/, one per shape
of Økonomi table, from the budgets below.

The figures are the example's own, sized like Københavns Kommune's Socialudvalg;
they are no published accounts. Run from the repository root after changing a
budget or the workbook layout (existing workbooks are replaced):

    uv run python cases/oekonomi-former/lav_eksempler.py
"""

from __future__ import annotations

from pathlib import Path

from dagsorden.kerne.model import (
    Beregning,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Kolonne,
    Kolonneart,
    Raekketype,
)
from dagsorden.kilder.workbook_writer import write_budget_workbook

MAPPE = Path(__file__).resolve().parent

LINJE, OVERSKRIFT, SUM, TOTAL = (
    Raekketype.LINJE,
    Raekketype.OVERSKRIFT,
    Raekketype.SUM,
    Raekketype.TOTAL,
)


def _linje(post: str, *beloeb: float | None, type: Raekketype = LINJE, tekster=()) -> Budgetlinje:
    return Budgetlinje(post, tuple(beloeb), type=type, tekster=tuple(tekster))


def _forskel(navn: str, a: str, b: str, art: Kolonneart = Kolonneart.BELOEB) -> Kolonne:
    """A derived column a - b."""
    return Kolonne(navn, art, Beregning(f"{a} - {b}", (("+", a), ("-", b))))


def _andel(navn: str, taeller: str, naevner: str) -> Kolonne:
    """A percent column taeller / naevner."""
    return Kolonne(
        navn, Kolonneart.PROCENT, Beregning(f"{taeller} / {naevner}", (("+", taeller),), naevner)
    )


# 1. år: a budget change over four years, with an I alt column and row (as seed 003).
AAR = Budget(
    tabeltitel="Ændring af indtægts- og udgiftsbudget vedr. Styrket indsats for hjemløse unge",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=("2026", "2027", "2028", "2029"),
    linjer=(
        _linje("Udgiftsbudget", 2_450.0, 4_900.0, 4_900.0, 2_450.0),
        _linje("Indtægtsbudget (statstilskud)", -1_225.0, -2_450.0, -2_450.0, -1_225.0),
    ),
    prisniveau=2026,
    bevillingsomraade="Udsatte voksne og misbrug",
    funktion="5.38.42",
    i_alt_raekke=True,
)

# 2. regnskab: the accounts against the budget, with the function left of Post, a
# derived Afvigelse and a percent; the finance system's total is 1 off the cells.
_REGNSKAB = (
    ("5.38.42", "Botilbud for personer med særlige sociale problemer", 318_450, 326_912, 321_488),
    ("5.38.44", "Alkoholbehandling og behandlingshjem", 42_310, 41_870, 43_105),
    ("5.38.45", "Behandling af stofmisbrugere", 96_240, 99_518, 97_266),
    ("5.38.50", "Botilbud til længerevarende ophold", 612_705, 631_204, 640_377),
    ("5.38.52", "Botilbud til midlertidigt ophold", 455_890, 470_332, 462_954),
    ("5.38.58", "Beskyttet beskæftigelse", 58_120, 57_634, 55_981),
    ("5.38.59", "Aktivitets- og samværstilbud", 127_385, 131_047, 128_512),
)
REGNSKAB = Budget(
    tabeltitel="Regnskab 2018 for Udsatte voksne og handicap, serviceudgifter",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=(
        Kolonne("Opr. budget 2018"),
        Kolonne("Korr. budget 2018"),
        Kolonne("Regnskab 2018"),
        _forskel("Afvigelse", "Korr. budget 2018", "Regnskab 2018"),
        _andel("Afvigelse i pct.", "Afvigelse", "Korr. budget 2018"),
    ),
    tekstkolonner=(Kolonne("Funktion", Kolonneart.TEKST, foran_post=True),),
    linjer=(
        *(
            _linje(post, opr, korr, regnskab, korr - regnskab, None, tekster=(funktion,))
            for funktion, post, opr, korr, regnskab in _REGNSKAB
        ),
        # The cells add to 1.749.683; the accounts print 1.749.684 and 8.833.
        _linje(
            "Serviceudgifter i alt",
            1_711_100,
            1_758_517,
            1_749_684,
            8_833,
            None,
            type=TOTAL,
            tekster=("",),
        ),
    ),
    bevillingsomraade="Udsatte voksne og handicap",
)

# 3. prognose: a budget follow-up in mio. kr. with seven figure columns, a Heraf line
# and a total with its own name. Afvigelse is typed (checked), the percent computed.
PROGNOSE = Budget(
    tabeltitel="Budgetopfølgning pr. 31. august 2025, Socialudvalgets serviceudgifter",
    enhed=BudgetEnhed.MIO_KR,
    kolonner=(
        Kolonne("Regnskab 2024"),
        Kolonne("Opr. budget 2025"),
        Kolonne("Korr. budget 2025"),
        Kolonne("Forbrug pr. 31.8."),
        Kolonne("Forventet regnskab 2025"),
        _forskel("Afvigelse", "Korr. budget 2025", "Forventet regnskab 2025"),
        _andel("Afvigelse i pct.", "Afvigelse", "Korr. budget 2025"),
    ),
    linjer=(
        _linje(
            "Børn og unge med særlige behov",
            2_148.6,
            2_201.3,
            2_236.8,
            1_512.4,
            2_279.5,
            -42.7,
            None,
        ),
        _linje("Udsatte voksne og misbrug", 1_087.2, 1_102.9, 1_131.4, 741.0, 1_118.6, 12.8, None),
        Budgetlinje(
            "Heraf herberger og forsorgshjem",
            (412.5, 418.0, 426.3, 280.7, 421.9, 4.4, None),
            type=Raekketype.HERAF,
        ),
        _linje("Socialpsykiatri", 864.1, 879.6, 892.0, 587.3, 889.2, 2.8, None),
        _linje("Handicap, voksne", 1_356.7, 1_381.2, 1_402.5, 944.8, 1_425.1, -22.6, None),
        _linje("Administration og myndighed", 298.4, 301.5, 312.2, 196.2, 305.4, 6.8, None),
        _linje("Socialudvalget i alt", *(None,) * 7, type=TOTAL),
    ),
    prisniveau=2025,
)
# 4. områder: bevillingsændringer grouped by committee, then Service and Anlæg, each
# with its Netto, each committee with its I alt, and the grand total.
OMRAADER = Budget(
    tabeltitel="Bevillingsændringer ved budgetopfølgning pr. 30. juni 2025",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=("2025", "2026"),
    linjer=(
        _linje("Socialudvalget", None, None, type=OVERSKRIFT),
        _linje("Service", None, None, type=OVERSKRIFT),
        _linje("Flere pladser på herberger", 4_500, 9_000),
        _linje("Mindreforbrug på botilbud overføres til 2026", -3_200, 3_200),
        _linje("Statstilskud til opsøgende gadeteam", -1_100, -1_100),
        _linje("Netto", 200, 11_100, type=SUM),
        _linje("Anlæg", None, None, type=OVERSKRIFT),
        _linje("Renovering af botilbuddet Kastanjehuset", 6_000, 12_000),
        _linje("Udskudt byggeri af skæve boliger", -8_000, 8_000),
        _linje("Netto", None, None, type=SUM),
        _linje("I alt, Socialudvalget", None, None, type=SUM),
        _linje("Sundheds- og Omsorgsudvalget", None, None, type=OVERSKRIFT),
        _linje("Service", None, None, type=OVERSKRIFT),
        _linje("Aflastningspladser på plejecentre", 2_300, 2_300),
        _linje("Mindreforbrug i hjemmeplejen overføres til 2026", -5_400, 5_400),
        _linje("Netto", -3_100, 7_700, type=SUM),
        _linje("Anlæg", None, None, type=OVERSKRIFT),
        _linje("Nyt aktivitetscenter i Sydhavnen", 3_500, 14_000),
        _linje("Netto", None, None, type=SUM),
        _linje("I alt, Sundheds- og Omsorgsudvalget", None, None, type=SUM),
        _linje("I alt", None, None, type=TOTAL),
    ),
    prisniveau=2025,
)

# 5. tilskud: a long grant list with a text column and a typed Hovedtotal that is 1
# off the sum of the rounded cells (the grants are kroner rounded to 1.000 kr.).
_TILSKUD = (
    ("Varmestuen i Nordvest", "Bispebjerg", 1_291, 1_218),
    ("Natcaféen på Vesterbro", "Vesterbro", 1_432, 1_546),
    ("Foreningen Fælles Bord", "Indre By", 442, 444),
    ("Gadeholdet", "Hele byen", 1_032, 1_056),
    ("Kvindehuset Amager", "Amager Øst", 1_251, 1_374),
    ("Mentornetværket Ung i Byen", "Nørrebro", 659, 686),
    ("Foreningen Hjem til Alle", "Hele byen", 447, 537),
    ("Café Rummet", "Valby", 1_022, 922),
    ("Frivilligcentret Bispebjerg", "Bispebjerg", 614, 532),
    ("Sorggrupperne i København", "Hele byen", 594, 517),
    ("Bydelsmødrene på Nørrebro", "Nørrebro", 936, 1_022),
    ("Foreningen Lærested", "Østerbro", 299, 251),
    ("Væresteden Kilden", "Amager Vest", 237, 261),
    ("Besøgsvennerne Østerbro", "Østerbro", 1_379, 1_276),
    ("Foreningen Ny Start", "Vanløse", 1_164, 1_368),
    ("Netværket for Pårørende", "Hele byen", 365, 397),
    ("Madfællesskabet Sydhavn", "Kongens Enghave", 423, 444),
    ("Foreningen Trappen", "Brønshøj-Husum", 492, 590),
    ("Rådgivningen Bag Facaden", "Hele byen", 214, 218),
    ("Motionsholdet Gå Sammen", "Amager Vest", 1_372, 1_559),
    ("Foreningen Åben Dør", "Vesterbro", 1_106, 1_172),
    ("Ungdomshuset Broen", "Nørrebro", 1_284, 1_297),
    ("Foreningen Sammen om Bolig", "Bispebjerg", 1_056, 1_099),
    ("Gældsrådgivningen Valby", "Valby", 293, 349),
    ("Klubben for Seniorer med Handicap", "Hele byen", 747, 726),
)
TILSKUD = Budget(
    tabeltitel="Tilskud fra puljen til frivilligt socialt arbejde (§ 18) 2026",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=("Bevilget 2025", "Indstillet 2026"),
    tekstkolonner=(Kolonne("Bydel", Kolonneart.TEKST),),
    linjer=(
        *(
            _linje(forening, bevilget, indstillet, tekster=(bydel,))
            for forening, bydel, bevilget, indstillet in _TILSKUD
        ),
        # The cells add to 20.151 and 20.861; the grants' kroner to 20.862 t. kr.
        _linje("Hovedtotal", 20_151, 20_862, type=TOTAL, tekster=("",)),
    ),
    bevillingsomraade="Udsatte voksne og misbrug",
    funktion="5.38.42",
)

BUDGETTER = {
    "aar.xlsx": AAR,
    "regnskab.xlsx": REGNSKAB,
    "prognose.xlsx": PROGNOSE,
    "omraader.xlsx": OMRAADER,
    "tilskud.xlsx": TILSKUD,
}
"""Each example workbook's file name and budget, in the order the case shows them."""


def main() -> None:
    for navn, budget in BUDGETTER.items():
        target = MAPPE / navn
        target.unlink(missing_ok=True)
        write_budget_workbook(target, budget)
        print(target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target)


if __name__ == "__main__":
    main()
