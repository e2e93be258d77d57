"""Danish forms of numbers and dates, as the seeds print them."""

from __future__ import annotations

import datetime as dt

import pytest

from dagsorden.errors import TalError
from dagsorden.kerne import danish


@pytest.mark.parametrize(
    ("value", "decimaler", "expected"),
    [
        (1581, None, "1.581"),
        (10598, None, "10.598"),
        (95.9, None, "95,9"),
        (1.597, 1, "1,6"),
        (3.75, 1, "3,8"),  # half up, as by hand; babel alone would give 3,8 too
        (0.25, 1, "0,3"),  # babel alone rounds half to even: 0,2
        (-0.04, 1, "0,0"),  # never "-0,0"
        (-1.099, 1, "-1,1"),
        (-690, 0, "-690"),
        (None, 1, "-"),
    ],
)
def test_tal(value, decimaler, expected):
    assert danish.tal(value, decimaler) == expected


def test_percent_in_tables_and_prose():
    assert danish.procent(95.9) == "95,9%"
    assert danish.pct(37.4) == "37,4 pct."
    assert danish.pct(40) == "40 pct."


def test_money():
    assert danish.kr(308416) == "308.416 kr."
    assert danish.mio_kr(690_000) == "0,69 mio. kr."
    assert danish.mio_kr(1_380_000, 3) == "1,380 mio. kr."


def test_dates_in_each_form_of_the_seeds():
    assert danish.moededato(dt.datetime(2013, 12, 4, 16, 0)) == "04.12.2013, kl. 16:00"
    assert danish.notatdato(dt.date(2014, 11, 7)) == "07-11-2014"
    assert danish.dato(dt.date(2011, 9, 21)) == "21. september 2011"
    assert danish.dato(dt.date(2014, 5, 14)) == "14. maj 2014"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.581", 1581), ("97,5", 97.5), ("-100", -100), ("12.345,6", 12345.6), ("\u2212590", -590)],
)
def test_parse_tal(text, expected):
    assert danish.parse_tal(text) == expected


def test_parse_tal_refuses_text_and_suggests():
    with pytest.raises(TalError, match=r"'ca\. 800' er ikke et tal\."):
        danish.parse_tal("ca. 800")
    with pytest.raises(TalError, match="Mente du '1,58'"):
        danish.parse_tal("1.58")


@pytest.mark.parametrize(
    ("kroner", "expected"),
    [
        (690_000, "0,69 mio. kr."),  # seed 003: one decimal would hide the amount
        (700_000, "0,7 mio. kr."),  # ... but no trailing 0
        (100_000, "0,1 mio. kr."),
        (999_996, "1,0 mio. kr."),  # decided on the rounded figure
        (877_278_000, "877,3 mio. kr."),
        (1_250_000, "1,3 mio. kr."),  # half up
        (-41_568_000, "41,6 mio. kr."),  # unsigned by default
        (1_234_000_000, "1,2 mia. kr."),
        (999_960_000, "1,0 mia. kr."),
        (45_000, "45.000 kr."),
        (99_999.4, "99.999 kr."),
        (0, "0 kr."),
    ],
)
def test_beloeb_in_prose(kroner, expected):
    assert danish.beloeb(kroner) == expected


def test_beloeb_signed_on_request():
    assert danish.beloeb(-41_568_000, fortegn=True) == "-41,6 mio. kr."
    assert danish.beloeb(-690_000, fortegn=True) == "-0,69 mio. kr."
    assert danish.beloeb(-45_000, fortegn=True) == "-45.000 kr."
    assert danish.beloeb(41_568_000, fortegn=True) == "41,6 mio. kr."  # no "+"
    assert danish.beloeb(-0.4, fortegn=True) == "0 kr."  # never "-0 kr."
    # the minus is the one tables print
    assert danish.beloeb(-690_000, fortegn=True)[0] == danish.tal(-690, 0)[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2014, 11, 19, 16, 0), "onsdag den 19. november 2014 kl. 16.00"),
        (dt.datetime(2013, 12, 4, 9, 5), "onsdag den 4. december 2013 kl. 09.05"),
        (dt.date(2026, 3, 2), "mandag den 2. marts 2026"),  # no time: none written
        (dt.datetime(2025, 5, 31, 23, 59), "lørdag den 31. maj 2025 kl. 23.59"),
        (dt.date(2024, 2, 29), "torsdag den 29. februar 2024"),
    ],
)
def test_dato_i_ord(value, expected):
    assert danish.dato_i_ord(value) == expected
