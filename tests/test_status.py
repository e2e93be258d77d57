"""The status report: texts exactly as documents print them, colours, JSON."""

from __future__ import annotations

import pytest

from dagsorden.kerne.model import Delmaal, Maal, ManglendeStatus, Pejlemaerke
from dagsorden.kerne.scoring import Config, Farvemetode, Farveregel, Skala
from dagsorden.kerne.status import build_report, report_json, samlet_tekst


def leaf(id_, b, s, m):
    return Delmaal(id_, id_, b, s, None if m is None else Maal(m))


MEASURED = Pejlemaerke(
    1,
    "Målt",
    (leaf("A", 0, 4, 5), leaf("B", 0, None, 5)),
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.NUL,
)
ONLY_BASELINE = Pejlemaerke(2, "Kun baseline", (leaf("A", 3, None, 5),))
NOTHING = Pejlemaerke(3, "Intet", (leaf("A", None, None, 5),))


def test_texts_as_documents_print_them():
    report = build_report([MEASURED, ONLY_BASELINE, NOTHING], Config())
    texts = [samlet_tekst(linje.status, Skala.MINUS5_5) for linje in report.linjer]
    assert texts == ["2,0", "0 (kun baseline-målinger)", "-"]
    texts_0_10 = [samlet_tekst(linje.status, Skala.NUL_10) for linje in report.linjer]
    assert texts_0_10 == ["7,0", "5 (kun baseline-målinger)", "-"]


def test_only_measured_pejlemaerker_get_a_colour():
    report = build_report([MEASURED, ONLY_BASELINE, NOTHING], Config())
    assert [linje.farve and linje.farve.value for linje in report.linjer] == ["gul", None, None]


def test_expected_progress_colours_by_the_straight_line():
    config = Config(farveregel=Farveregel(metode=Farvemetode.FORVENTET))
    report = build_report([MEASURED], config)
    # 2014 of 2013-2017 expects 1,25; 2,0 is ahead of the line.
    assert report.linjer[0].forventet == pytest.approx(1.25)
    assert report.linjer[0].farve.value == "grøn"


def test_expected_progress_needs_the_years():
    from dagsorden.errors import DagsordenError

    config = Config(farveregel=Farveregel(metode=Farvemetode.FORVENTET))
    with pytest.raises(DagsordenError, match="Baselineår, Statusår og Målår"):
        build_report([ONLY_BASELINE], config)


def test_json_says_which_rule_was_used():
    data = report_json(build_report([MEASURED, ONLY_BASELINE], Config()))
    first, second = data["pejlemaerker"]
    assert first["samlet"] == pytest.approx(2.0)
    assert first["manglende_status"] == "nul"
    assert first["regel"] == "Delmål uden status tæller som 0."
    assert second["manglende_status"] == "udelad"
    assert second["samlet"] == 0.0
    assert second["farve"] is None
    assert [d["id"] for d in first["delmaal"]] == ["A", "B"]
    assert first["delmaal"][1]["score"] == 0.0
