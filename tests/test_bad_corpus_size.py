"""The bad-input corpus stays big enough to keep the failures of issue 9 impossible."""

from __future__ import annotations

from collections import Counter

from badinput import all_cases


def test_the_corpus_covers_every_input_kind_with_150_cases():
    cases = all_cases()
    ids = Counter(case.id for case in cases)
    assert not [name for name, count in ids.items() if count > 1], "duplicate case ids"
    assert len(cases) >= 150, f"only {len(cases)} bad-input cases"
