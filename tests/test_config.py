"""dagsorden.toml: documented keys, defaults, and loud errors for typos."""

from __future__ import annotations

import pytest

from dagsorden.errors import ConfigError
from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.scoring import Config, Farvemetode, Skala
from dagsorden.kilder.config import load_config


def test_defaults_without_file(tmp_path):
    config = load_config(tmp_path)
    assert config == Config()
    assert config.farveregel.roed_under == 0.0
    assert config.farveregel.groen_fra == 4.5


def test_every_documented_key(tmp_path):
    (tmp_path / "dagsorden.toml").write_text(
        "[status]\nskala = '0..10'\nmanglende_status = 'nul'\n"
        "[farver]\nmetode = 'forventet'\nroed_under = -1\ngroen_fra = 4.0\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    assert config.skala is Skala.NUL_10
    assert config.manglende_status is ManglendeStatus.NUL
    assert config.farveregel.metode is Farvemetode.FORVENTET
    assert config.farveregel.roed_under == -1.0
    assert config.farveregel.groen_fra == 4.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[farver]\ngroen_fraa = 4\n", "ukendt nøgle farver.groen_fraa"),
        ("[farve]\ngroen_fra = 4\n", r"ukendt afsnit \[farve\]"),
        ("[farver]\ngroen_fra = '4,5'\n", "farver.groen_fra skal være et tal"),
        ("[status]\nskala = '1..10'\n", "status.skala = '1..10' er ikke gyldig"),
        ("[farver]\nroed_under = 5\ngroen_fra = 4\n", "roed_under må ikke være større"),
        ("[farver\n", "kan ikke læses som TOML"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path, text, message):
    (tmp_path / "dagsorden.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path)
    assert str(tmp_path / "dagsorden.toml") in str(caught.value)


def test_command_line_overrides(tmp_path):
    config = load_config(tmp_path).with_overrides(skala="0..10", manglende_status="nul")
    assert config.skala is Skala.NUL_10
    assert config.tving_manglende_status is ManglendeStatus.NUL
