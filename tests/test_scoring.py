"""Scoring against the seeds' published figures, and its properties."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dagsorden.kerne.model import (
    Delmaal,
    Maal,
    ManglendeStatus,
    Pejlemaerke,
    Retning,
    Vaegtning,
)
from dagsorden.kerne.scoring import (
    Farve,
    Farvemetode,
    Farveregel,
    Skala,
    farve,
    forventet_fremdrift,
    fremdrift,
    gennemsnit,
    score_delmaal,
    score_pejlemaerke,
)


def leaf(id_: str, b: float | None, s: float | None, m: float | None, **kw) -> Delmaal:
    return Delmaal(id_, id_, b, s, None if m is None else Maal(m), **kw)


# Seed 002, pejlemærke 1, as DOMAIN.md checks it.
PEJLEMAERKE_1 = Pejlemaerke(
    nummer=1,
    titel="Flere udsatte københavnere har en bolig",
    delmaal=(
        leaf("A", 859, 828, 1000),
        leaf("B", 538, 474, 458),
        leaf("C", 95.9, 97.1, 97.5),
        leaf("D", 1581, None, 1255),
        leaf("E", 225, None, 190),
        Delmaal(
            "F",
            "Højst 100 venter på et botilbud",
            underpunkter=(leaf("F1", 129, 124, 100), leaf("F2", 102, 100, 100)),
        ),
    ),
)


@pytest.mark.parametrize(
    ("baseline", "status", "maal", "expected"),
    [
        (859, 828, 1000, -1.10),
        (538, 474, 458, 4.00),
        (95.9, 97.1, 97.5, 3.75),
        (129, 124, 100, 0.86),
        (102, 100, 100, 5.00),
        # Seed 002, pejlemærke 5 (clipped at -5).
        (14, 11, 15, -5.0),
        (5, 7, 10, 2.0),
        (6, 6, 7, 0.0),
    ],
)
def test_progress_matches_seed_002(baseline, status, maal, expected):
    assert fremdrift(baseline, status, Maal(maal)) == pytest.approx(expected, abs=0.005)


def test_sub_rows_are_averaged_into_their_delmaal():
    f = score_delmaal(PEJLEMAERKE_1.delmaal[5], ManglendeStatus.UDELAD, Vaegtning.INGEN)
    assert f.score == pytest.approx(2.93, abs=0.005)
    assert [u.id for u in f.underpunkter] == ["F1", "F2"]


def test_pejlemaerke_1_published_1_6_counts_missing_status_as_zero():
    status = score_pejlemaerke(PEJLEMAERKE_1, ManglendeStatus.NUL)
    assert status.samlet == pytest.approx(1.597, abs=0.001)
    assert status.manglende_status is ManglendeStatus.NUL


def test_pejlemaerke_1_leaving_missing_status_out_gives_2_4():
    status = score_pejlemaerke(PEJLEMAERKE_1, ManglendeStatus.UDELAD)
    assert status.samlet == pytest.approx(2.395, abs=0.001)
    assert status.med_status == 4
    assert len(status.delmaal) == 6


def test_forced_rule_beats_the_workbooks_own():
    workbook_says_nul = Pejlemaerke(
        1, "x", PEJLEMAERKE_1.delmaal, manglende_status=ManglendeStatus.NUL
    )
    forced = score_pejlemaerke(workbook_says_nul, tving=ManglendeStatus.UDELAD)
    assert forced.samlet == pytest.approx(2.395, abs=0.001)
    assert score_pejlemaerke(workbook_says_nul).samlet == pytest.approx(1.597, abs=0.001)


def test_only_baseline_is_zero_and_marked():
    p = Pejlemaerke(3, "x", (leaf("A", 1.1, None, 1.0), leaf("B", 8.6, None, 7.5)))
    status = score_pejlemaerke(p, ManglendeStatus.NUL)
    assert status.kun_baseline
    assert status.samlet == 0.0
    assert not status.maalt


def test_no_baseline_at_all_is_no_status():
    p = Pejlemaerke(6, "x", (leaf("A", None, None, 44), leaf("B", None, None, None)))
    status = score_pejlemaerke(p)
    assert status.samlet is None
    assert not status.kun_baseline


def test_population_weights_sub_rows_and_delmaal():
    p = Pejlemaerke(
        5,
        "x",
        (
            Delmaal(
                "A",
                "a",
                underpunkter=(
                    leaf("A1", 0, 5, 5, population=300),  # 5
                    leaf("A2", 0, 0, 5, population=100),  # 0
                ),
            ),
            leaf("B", 0, -5, 5, population=600),  # -5
        ),
        vaegtning=Vaegtning.POPULATION,
    )
    status = score_pejlemaerke(p)
    assert status.delmaal[0].score == pytest.approx(3.75)
    # A weighs its 400 people, B its 600: (3.75*400 - 5*600) / 1000.
    assert status.samlet == pytest.approx(-1.5)


def test_unweighted_delmaal_count_once_however_many_sub_rows():
    p = Pejlemaerke(
        1,
        "x",
        (
            Delmaal("A", "a", underpunkter=(leaf("A1", 0, 5, 5), leaf("A2", 0, 5, 5))),
            leaf("B", 0, 0, 5),
        ),
    )
    assert score_pejlemaerke(p).samlet == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(1.0, 5.0), (1.1, 0.0), (1.2, -5.0)],
)
def test_below_baseline_target_scores_by_direction(status, expected):
    assert fremdrift(1.1, status, Maal(1.1, Retning.UNDER)) == expected


def test_below_target_beyond_baseline_is_a_distance():
    assert fremdrift(10, 8, Maal(6, Retning.UNDER)) == pytest.approx(2.5)
    assert fremdrift(10, 5, Maal(6, Retning.UNDER)) == 5.0


def test_above_target_at_baseline():
    assert fremdrift(80, 81, Maal(80, Retning.OVER)) == 5.0
    assert fremdrift(80, 79, Maal(80, Retning.OVER)) == -5.0


def test_target_equal_to_baseline_without_direction_is_refused():
    with pytest.raises(ValueError, match="equals the baseline"):
        fremdrift(5, 6, Maal(5))


# Seed 000: ten end-of-period scores on the 0..10 scale (baseline 5, mål 10).
SEED_000_SCORES = [0, 10, 10, 9.7, 5.5, 5.2, 5.9, 7.9, 5.7, 3.4]


def test_seed_000_colours_with_default_thresholds():
    # Thresholds work on the -5..5 scale: seed 000's 9,7 is 4,7 there.
    colours = [farve(s - 5, Farveregel()) for s in SEED_000_SCORES]
    assert colours.count(Farve.GROEN) == 3
    assert colours.count(Farve.GUL) == 5
    assert colours.count(Farve.ROED) == 2
    assert colours[0] is Farve.ROED and colours[-1] is Farve.ROED


def test_seed_000_average_is_6_3():
    # Baseline 0 and mål 10 make a status of 2(s - 5) score s - 5 on the -5..5 scale.
    statusser = [
        score_pejlemaerke(Pejlemaerke(i, "x", (leaf("A", 0, 2 * (s - 5), 10),)))
        for i, s in enumerate(SEED_000_SCORES, start=1)
    ]
    average = gennemsnit(statusser)
    assert average is not None
    assert Skala.NUL_10.vis(average) == pytest.approx(6.33, abs=0.001)


def test_colour_thresholds_are_settings():
    strict = Farveregel(roed_under=1.0, groen_fra=5.0)
    assert farve(0.5, strict) is Farve.ROED
    assert farve(4.7, strict) is Farve.GUL
    assert farve(None, strict) is None


def test_colour_by_expected_progress():
    regel = Farveregel(metode=Farvemetode.FORVENTET)
    expected = forventet_fremdrift(2013, 2014, 2017)
    assert expected == pytest.approx(1.25)
    assert farve(1.6, regel, expected) is Farve.GROEN
    assert farve(1.0, regel, expected) is Farve.GUL
    assert farve(-0.1, regel, expected) is Farve.ROED


figures = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(baseline=figures, maal=figures)
def test_zero_at_baseline(baseline, maal):
    assume(abs(maal - baseline) > 1e-6)
    assert fremdrift(baseline, baseline, Maal(maal)) == 0.0


@given(baseline=figures, maal=figures)
def test_five_at_target(baseline, maal):
    assume(abs(maal - baseline) > 1e-6)
    assert fremdrift(baseline, maal, Maal(maal)) == pytest.approx(5.0)


@given(baseline=figures, status=figures, maal=figures)
def test_bounded(baseline, status, maal):
    assume(abs(maal - baseline) > 1e-6)
    assert -5.0 <= fremdrift(baseline, status, Maal(maal)) <= 5.0


@given(baseline=figures, maal=figures, a=figures, b=figures)
def test_monotone_toward_the_target(baseline, maal, a, b):
    """A status closer to the target (along its direction) never scores lower."""
    assume(abs(maal - baseline) > 1e-6)
    direction = 1 if maal > baseline else -1
    nearer, farther = (a, b) if a * direction >= b * direction else (b, a)
    assert fremdrift(baseline, nearer, Maal(maal)) >= fremdrift(baseline, farther, Maal(maal))
