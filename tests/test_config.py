"""dagsorden.toml: documented keys, defaults, and loud errors for typos."""

from __future__ import annotations

import pytest

from dagsorden.errors import ConfigError
from dagsorden.kerne.model import ManglendeStatus
from dagsorden.kerne.sager import AtPunktform, Papirform, Papirformer
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


# --- [indstilling]: the papers' form (issue 13) ---------------------------------------


def test_indstilling_every_key_and_an_udvalg_table(tmp_path):
    (tmp_path / "dagsorden.toml").write_text(
        '[indstilling]\noverskrift = "Indstilling"\nat_punkter = "Punkttegn"\n'
        'indledning = "{indstiller} indstiller,"\nresume_overskrift = "Resumé"\n'
        'afsnit = ["Problemstilling", "Løsning", "Politisk handlerum", "Økonomi"]\n'
        'valgfri = ["politisk  handlerum"]\n\n'
        '[indstilling."Økonomiudvalget"]\noverskrift = "Indstilling og beslutning"\n',
        encoding="utf-8",
    )
    former = load_config(tmp_path).indstilling
    form = former.standard
    assert (form.overskrift, form.at_punkter, form.resume_overskrift) == (
        "Indstilling",
        AtPunktform.PUNKTTEGN,
        "Resumé",
    )
    assert form.indledning == "{indstiller} indstiller,"
    assert form.afsnit == ("Problemstilling", "Løsning", "Politisk handlerum", "Økonomi")
    assert form.valgfri == ("Politisk handlerum",)  # in the afsnit's spelling
    oeu = former.for_udvalg(["Økonomiudvalget"])
    assert oeu.overskrift == "Indstilling og beslutning"
    assert oeu.at_punkter is AtPunktform.PUNKTTEGN  # the rest from [indstilling]
    assert former.for_udvalg(["Socialudvalget"]) == form
    assert Config().indstilling == Papirformer()
    assert Papirformer().standard == Papirform()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[indstilling]\nat_punkter = 'bullets'\n", 2,
         "at_punkter = 'bullets' er ikke gyldig. Brug 'tal', 'punkttegn'"),
        ("[indstilling]\noverskrfit = 'X'\n", 2,
         "ukendt nøgle 'overskrfit'. Kendte nøgler: overskrift, at_punkter"),
        ("[indstilling]\n\nindledning = '{forvaltning} indstiller'\n", 3,
         r"pladsholderen \{forvaltning\}, som ikke findes. Brug \{indstiller\}, \{udvalg\}"),
        ("[indstilling]\nindledning = '{indstiller:>9} indstiller'\n", 2,
         "pladsholderen"),
        ("[indstilling]\nindledning = '{indstiller indstiller'\n", 2,
         "krøllet parentes uden sin mage"),
        ("[indstilling]\nafsnit = 'Løsning'\n", 2, "afsnit skal være en liste"),
        ("[indstilling]\nafsnit = ['Løsning', 'løsning']\n", 2, "nævner 'løsning' to gange"),
        ("[indstilling]\noverskrift = ''\n", 2, "overskrift er tom"),
        ("[indstilling]\nresume_overskrift = 3\n", 2, "resume_overskrift skal være en tekst"),
        ('[indstilling."Økonomiudvalget"]\nvalgfri = ["Høring"]\n', 2,
         "valgfri nævner 'Høring', som ikke står i afsnit"),
        ('[indstilling."Økonomiudvalget".x]\noverskrift = "y"\n', None, "ukendt nøgle 'x'"),
        ("indstilling = 'tal'\n", None, r"indstilling skal være et afsnit"),
    ],
)  # fmt: skip
def test_bad_indstilling_names_file_line_and_choices(tmp_path, text, line, message):
    path = tmp_path / "dagsorden.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path)
    where = f"{path}, linje {line}:" if line else f"{path}"
    assert str(caught.value).startswith(where)


def test_command_line_overrides(tmp_path):
    config = load_config(tmp_path).with_overrides(skala="0..10", manglende_status="nul")
    assert config.skala is Skala.NUL_10
    assert config.tving_manglende_status is ManglendeStatus.NUL


# --- finding dagsorden.toml and templates/ (helper N, issue 13 §5) -------------------

from pathlib import Path  # noqa: E402

from dagsorden.errors import ConfigError as _ConfigError  # noqa: E402
from dagsorden.kilder.config import Projektfiler, find_projektfiler  # noqa: E402


def _templates(folder: Path) -> Path:
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "indstilling.docx").write_bytes(b"")
    return folder / "templates"


def test_the_nearest_of_each_is_found_upwards_from_a_file(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    projekt = tmp_path / "projekt"
    sag = projekt / "cases" / "sag"
    sag.mkdir(parents=True)
    (sag / "sag.md").write_text("", "utf-8")
    (projekt / "dagsorden.toml").write_text("", "utf-8")
    templates = _templates(projekt)
    assert find_projektfiler(sag / "sag.md") == Projektfiler(projekt / "dagsorden.toml", templates)
    (projekt / "cases" / "dagsorden.toml").write_text("", "utf-8")  # nearer: wins alone
    assert find_projektfiler(sag) == Projektfiler(projekt / "cases" / "dagsorden.toml", templates)


def test_the_working_folder_plays_no_part(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cwd = tmp_path / "her"
    (cwd).mkdir()
    (cwd / "dagsorden.toml").write_text("", "utf-8")
    _templates(cwd)
    andet = tmp_path / "andet"
    andet.mkdir()
    monkeypatch.chdir(cwd)
    assert find_projektfiler(andet / "moede.yaml") == Projektfiler(None, None)
    assert load_config(None) == Config()


def test_the_search_stops_at_the_home_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "moeder").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    (tmp_path / "dagsorden.toml").write_text("", "utf-8")  # above home: not seen
    _templates(tmp_path)
    assert find_projektfiler(home / "moeder") == Projektfiler(None, None)
    (home / "dagsorden.toml").write_text("", "utf-8")  # home itself: seen
    assert find_projektfiler(home / "moeder").config == home / "dagsorden.toml"


def test_a_templates_folder_without_word_documents_is_passed_over(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    ydre = _templates(tmp_path / "ydre")
    indre = tmp_path / "ydre" / "web"
    (indre / "templates").mkdir(parents=True)
    (indre / "templates" / "side.html").write_text("", "utf-8")
    assert find_projektfiler(indre).skabeloner == ydre


def test_a_found_dagsorden_toml_that_is_no_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "dagsorden.toml").mkdir()
    found = find_projektfiler(tmp_path)
    assert found.config == tmp_path / "dagsorden.toml"
    with pytest.raises(_ConfigError, match="filen kan ikke læses"):
        load_config(found.config)
