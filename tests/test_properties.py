"""Property tests (issue 6, section 4): whatever is typed into the figure cells of a
standard workbook gives a status or a WorkbookError, never another exception; Danish
number text round-trips through format and parse."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from decimal import Decimal
from pathlib import Path

from eksempeldata import PEJLEMAERKE_1
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dagsorden import danish
from dagsorden.cells import EXCEL_ERRORS
from dagsorden.errors import WorkbookError
from dagsorden.model import ManglendeStatus
from dagsorden.pejlemaerke_workbook import read_pejlemaerke
from dagsorden.scoring import score_pejlemaerke
from dagsorden.workbook_writer import build_pejlemaerke_workbook

# Text openpyxl can store: no control characters, no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
CELL_VALUES = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(["", " ", "-", "–", "1.581", "97,5", "95,9%", "<1,1%", "> 80", "<", "1.58"]),
    st.sampled_from(sorted(EXCEL_ERRORS)),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
)
# Delmål rows 2 (A), 4 (C, pct) and 8 (F1): Baseline, Status and Mål.
CELLS = [f"{column}{row}" for row in (2, 4, 8) for column in "CDE"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.fixed_dictionaries({cell: CELL_VALUES for cell in CELLS}))
def test_any_cell_values_give_a_status_or_a_workbook_error(values):
    workbook = build_pejlemaerke_workbook(PEJLEMAERKE_1)
    try:
        for coordinate, value in values.items():
            workbook["Delmål"][coordinate] = value
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pejlemaerke.xlsx"
            workbook.save(path)
            try:
                pejlemaerke = read_pejlemaerke(path)
            except WorkbookError as error:
                assert error.problems
                assert all(p.file == str(path) for p in error.problems)
                return
    finally:
        workbook.close()
    for rule in ManglendeStatus:
        status = score_pejlemaerke(pejlemaerke, rule)
        assert status.samlet is None or math.isfinite(status.samlet)


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_danish_number_text_round_trips(x, decimals):
    text = danish.tal(x, decimals)
    expected = float(danish.afrundet(x, decimals))
    assert danish.parse_tal(text) == expected
    assert math.isclose(expected, round(x, decimals), abs_tol=10.0**-decimals)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_danish_decimals_round_trip_exactly(x: Decimal):
    assert danish.parse_tal(danish.tal(x)) == float(x)
