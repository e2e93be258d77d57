"""Standing items (issue 13, section 2): `- titel: Eventuelt` in moede.yaml is a punkt
without a case. It takes its number in the agenda, the packet and the referat, and has
no paper, no indstilling and no Økonomi; a bad one is refused naming moede.yaml and
its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.cli import main

SAG = """---
udvalg: Socialudvalget
moededato: 19.11.2014 kl. 16:00
punkt: 1
titel: Tilskud til varmestuer
indstiller: Socialforvaltningen
indstilling:
  - at Socialudvalget godkender tilskuddet
---

## Problemstilling

Varmestuerne mangler penge.

## Løsning

Et tilskud.

## Videre proces

Forvaltningen udbetaler tilskuddet.
"""

MOEDE = """udvalg: Socialudvalget
moededato: 19.11.2014 kl. 16:00
moedested: Rådhuset
punkter:
  - titel: Godkendelse af dagsorden
  - varmestuer
  - titel: Meddelelser
    tekst: |
      Orientering om vinterberedskabet for hjemløse.

      Status på
      ventelisten til botilbud.
  - titel: Eventuelt
"""
"""Four punkter; the standing items are 1, 3 and 4 (lines 5, 7 and 13)."""

MEDDELELSER = (
    "Orientering om vinterberedskabet for hjemløse.",
    "Status på ventelisten til botilbud.",
)


def project(root: Path, moede: str = MOEDE) -> Path:
    (root / "cases" / "varmestuer").mkdir(parents=True)
    (root / "cases" / "varmestuer" / "sag.md").write_text(SAG, encoding="utf-8")
    (root / "cases" / "moede.yaml").write_text(moede, encoding="utf-8")
    return root / "cases" / "moede.yaml"


def byg(moedefil: Path, ud: Path, *extra: str):
    return CliRunner().invoke(main, ["byg", str(moedefil), "-o", str(ud), "--stille", *extra])


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("staaende")
    result = byg(project(root), root / "ud")
    assert result.exit_code == 0, result.output
    return root / "ud"


@pytest.mark.parametrize("saet", ["medlemmer", "offentlig"])
def test_standing_items_take_their_numbers_in_the_agenda(built, saet):
    agenda = paragraphs(built / saet / "dagsorden.docx")
    assert agenda[agenda.index("Punkter") + 1 :] == [
        "1. Godkendelse af dagsorden",
        "2. Tilskud til varmestuer",
        "3. Meddelelser",
        *MEDDELELSER,
        "4. Eventuelt",
    ]


def test_a_standing_item_has_no_paper_and_the_case_keeps_its_number(built):
    assert sorted(p.name for p in (built / "medlemmer").iterdir()) == [
        "2-varmestuer.docx",
        "dagsorden.docx",
        "samlet.docx",
    ]
    paper = Document(str(built / "medlemmer" / "2-varmestuer.docx"))
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["2. Tilskud til varmestuer"]


def test_the_packet_holds_the_standing_items_in_order(built):
    packet = paragraphs(built / "offentlig" / "samlet.docx")
    order = [
        packet.index("1. Godkendelse af dagsorden"),
        packet.index("3. Meddelelser"),
        packet.index(MEDDELELSER[1]),
        packet.index("4. Eventuelt"),
        len(packet) - 1 - packet[::-1].index("2. Tilskud til varmestuer"),  # its paper
    ]
    assert order == sorted(order)
    assert not any("Økonomi" in text for text in packet[: order[-1]])


def test_the_referat_numbers_standing_items_and_gives_their_decisions(tmp_path):
    moedefil = project(
        tmp_path,
        MOEDE
        + "beslutninger:\n"
        + "  - punkt: 1\n    beslutning: Dagsordenen blev godkendt.\n"
        + "  - sag: varmestuer\n    beslutning: Indstillingen blev godkendt.\n"
        + "  - punkt: 3\n    beslutning: Meddelelserne blev taget til efterretning.\n"
        + "  - punkt: 4\n    beslutning: Intet.\n",
    )
    result = byg(moedefil, tmp_path / "ud", "--referat", "--streng")
    assert result.exit_code == 0, result.output
    referat = paragraphs(tmp_path / "ud" / "offentlig" / "referat.docx")
    assert referat[referat.index("Punkter") + 1 :] == [
        "1. Godkendelse af dagsorden",
        "Socialudvalgets beslutning: Dagsordenen blev godkendt.",
        "2. Tilskud til varmestuer",
        "Socialudvalgets beslutning: Indstillingen blev godkendt.",
        "3. Meddelelser",
        *MEDDELELSER,
        "Socialudvalgets beslutning: Meddelelserne blev taget til efterretning.",
        "4. Eventuelt",
        "Socialudvalgets beslutning: Intet.",
    ]


def test_a_cpr_number_in_a_standing_items_text_is_not_published(tmp_path):
    moedefil = project(tmp_path, MOEDE.replace("for hjemløse.", "for borger 010203-1234."))
    result = byg(moedefil, tmp_path / "ud")
    assert result.exit_code == 1
    assert "offentlig/dagsorden.docx" in result.output and "moede.yaml" in result.output
    assert "010203-XXXX" in result.output and "010203-1234" not in result.output
    assert not (tmp_path / "ud").exists()


BAD = [
    (
        "  - titel:\n",
        7,
        "'titel' i punkt nr. 4 er tom. Skriv punktets titel, fx 'titel: Eventuelt'.",
    ),
    ("  - titel: ''\n", 7, "'titel' i punkt nr. 4 er tom."),
    (
        "  - sag: varmestuer\n    titel: Varmestuer\n",
        7,
        "Punkt nr. 4 har både 'sag' og 'titel'. Et punkt er enten en sag",
    ),
    (
        "  - titel: Orientering\n    tekts: Noget\n",
        8,
        "Ukendt nøgle 'tekts' i punkt nr. 4. Mente du 'tekst'?",
    ),
    (
        "  - titel: Status\n    statusbilag: ../workbooks/eksempler\n",
        8,
        "Punkt nr. 4 ('Status') er et stående punkt uden sag og kan ikke have 'statusbilag'.",
    ),
    (
        "  - sag: varmestuer\n    tekst: Noget\n",
        8,
        "'tekst' i punkt nr. 4: kun et stående punkt ('titel: ...') har 'tekst'.",
    ),
    ("  - tekst: Noget\n", 7, "Punkt nr. 4 mangler 'sag' (sagsmappen) eller 'titel'"),
    ("  - titel: [Eventuelt, Meddelelser]\n", 7, "'titel' i punkt nr. 4 skal være tekst"),
    (
        "  - titel: '  eventuelt '\n",
        7,
        "'eventuelt' står allerede som punkt 3. Et punkt kan kun stå én gang på dagsordenen.",
    ),
    ("  - titel: Orientering\n    tekst: {a: b}\n", 8, "'tekst' i punkt nr. 4 skal være tekst"),
]
"""(a fourth punkt appended to a meeting of three, its line, the message)."""


@pytest.mark.parametrize(("punkt", "line", "message"), BAD, ids=[b[2][:30] for b in BAD])
def test_a_bad_standing_item_is_refused_naming_the_file_and_line(tmp_path, punkt, line, message):
    moede = (
        "udvalg: Socialudvalget\nmoededato: 19.11.2014 kl. 16:00\npunkter:\n"
        "  - titel: Godkendelse af dagsorden\n  - varmestuer\n  - titel: Eventuelt\n" + punkt
    )
    moedefil = project(tmp_path, moede)
    result = byg(moedefil, tmp_path / "ud")
    assert result.exit_code == 1, result.output
    assert f"{moedefil}, linje {line}: {message}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "ud").exists()
