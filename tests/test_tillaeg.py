"""`dagsorden byg --tillaeg`: the supplementary agenda after the agenda was published.

The bundled meeting is built once (without --pdf, the fast way); each test works on
its own copy of the project and its published build, changes the meeting as a
secretary would after sending the agenda, and opens what --tillaeg wrote.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from dagsorden.byg import byggemappe
from dagsorden.cli import main

ROOT = Path(__file__).resolve().parents[1]
CLOSED_TITLE = "Klage over afgørelse om botilbud"
SECRET = "forsorgshjemmet Lindevang"
"""A phrase only the closed item's text holds."""
NEW_TITLE = "Tilskud til værestederne i 2015"
BIF_SOF = "Evaluering af strategi og handleplan for de fælles borgere i BIF og SOF"


def run(*args: str):
    return CliRunner().invoke(main, ["byg", *args, "--stille"])


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The bundled meeting built into ud/ as it was sent out."""
    root = tmp_path_factory.mktemp("udsendt")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "workbooks", root / "workbooks")
    result = run(str(root / "cases" / "moede.yaml"), "-o", str(root / "ud"))
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def project(published, tmp_path) -> Path:
    """This test's own copy of the project and its published build."""
    root = tmp_path / "projekt"
    shutil.copytree(published, root, symlinks=True)
    return root


def tillaeg(project: Path, *extra: str):
    return run(
        str(project / "cases" / "moede.yaml"), "-o", str(project / "ud"), "--tillaeg", *extra
    )


def checksums(ud: Path, *, uden: str | None = "tillaeg-") -> dict[str, str]:
    """Every file of the build (the marker aside, and those under `uden`) and its SHA-256."""
    files = (p for p in sorted(ud.rglob("*")) if p.is_file() and p.name != byggemappe.MARKER)
    return {
        p.relative_to(ud).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in files
        if uden is None or not p.relative_to(ud).as_posix().startswith(uden)
    }


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def add_case(project: Path, *, before_eventuelt: bool = False) -> None:
    """A new case (a copy of forebyggelse with its own title and no history)."""
    new = project / "cases" / "vaeresteder"
    shutil.copytree(project / "cases" / "forebyggelse", new)
    sag = new / "sag.md"
    text = sag.read_text("utf-8")
    text = re.sub(r"(?m)^titel: .*$", f"titel: {NEW_TITLE}", text, count=1)
    text = re.sub(r"(?m)^beslutning:\n(  .*\n)+", "", text, count=1)
    sag.write_text(text, "utf-8")
    moede = project / "cases" / "moede.yaml"
    if before_eventuelt:
        edit(moede, "  - titel: Eventuelt", "  - vaeresteder\n  - titel: Eventuelt")
    else:
        edit(moede, "\n\n# After the meeting", "\n  - vaeresteder\n\n# After the meeting")


def change_case(project: Path, name: str = "bif-sof") -> None:
    sag = project / "cases" / name / "sag.md"
    sag.write_text(sag.read_text("utf-8") + "\nEn rettelse efter udsendelsen.\n", "utf-8")


# --- what a tillæg holds -----------------------------------------------------------------


def test_new_and_changed_punkter_numbered_on_published_untouched(project):
    ud = project / "ud"
    before = checksums(ud)
    add_case(project)
    change_case(project)
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    assert "Tillæg 1: 1 nyt punkt, 1 ændret punkt, 0 udgåede punkter." in result.output
    assert "Advarsel" not in result.output  # the new case stands last: numbers agree

    members = ud / "tillaeg-1" / "medlemmer"
    assert sorted(p.name for p in members.iterdir()) == [
        "3-bif-sof-bilag-1.docx",
        "3-bif-sof-bilag-2.docx",
        "3-bif-sof-bilag-3.docx",
        "3-bif-sof.docx",
        "6-vaeresteder.docx",
        "tillaeg-samlet.docx",
        "tillaegsdagsorden.docx",
    ]
    agenda = paragraphs(members / "tillaegsdagsorden.docx")
    assert agenda[:4] == [
        "Tillægsdagsorden",
        "Socialudvalget",
        "Mødedato: 19.11.2014, kl. 16:00",
        "Mødested: Rådhuset, stuen, værelse 8",
    ]
    assert agenda[4].startswith("Tillæg 1 til den udsendte dagsorden (bygget ")
    assert agenda[5:] == [
        "Ændringer siden den udsendte dagsorden",
        "Nye punkter",
        f"6. {NEW_TITLE}",
        "Ændrede punkter",
        f"3. {BIF_SOF} (ændret)",
    ]
    document = Document(str(members / "tillaegsdagsorden.docx"))
    assert document.core_properties.title == "Socialudvalget – tillægsdagsorden 1 19.11.2014"
    assert document.core_properties.language == "da-DK"
    # The new case's paper is punkt 6: its title property says so.
    paper = Document(str(members / "6-vaeresteder.docx"))
    assert paper.core_properties.title == f"Punkt 6: {NEW_TITLE}"
    changed = "\n".join(paragraphs(members / "3-bif-sof.docx"))
    assert "En rettelse efter udsendelsen." in changed

    packet = "\n".join(paragraphs(members / "tillaeg-samlet.docx"))
    assert packet.index("Ændringer siden den udsendte dagsorden") < packet.index(
        "En rettelse efter udsendelsen."
    )
    assert "\nDagsorden\n" not in packet  # the set's plain agenda is not in the packet

    # The published agenda and its papers: byte for byte what was sent.
    assert checksums(ud) == before
    assert (ud / "medlemmer" / "dagsorden.docx").is_file()
    listed = byggemappe.read_marker(ud) or []
    assert "tillaeg-1/medlemmer/tillaegsdagsorden.docx" in listed
    record = byggemappe.read_record(ud) or {}
    assert [u["navn"] for u in record["udgaver"]] == ["dagsorden", "tillaeg-1"]
    assert [(e["nummer"], e["titel"]) for e in record["punkter"]][-1] == (6, NEW_TITLE)


def test_public_set_shows_only_number_of_a_closed_punkt(project):
    change_case(project, "lukket-klagesag")
    add_case(project)
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    public = project / "ud" / "tillaeg-1" / "offentlig"
    assert sorted(p.name for p in public.iterdir()) == [
        "6-vaeresteder.docx",
        "tillaeg-samlet.docx",
        "tillaegsdagsorden.docx",
    ]
    agenda = paragraphs(public / "tillaegsdagsorden.docx")
    assert "4. Lukket punkt (ændret)" in agenda
    for name in ("tillaegsdagsorden.docx", "tillaeg-samlet.docx"):
        text = "\n".join(paragraphs(public / name))
        assert CLOSED_TITLE not in text
        assert SECRET not in text
    members = project / "ud" / "tillaeg-1" / "medlemmer"
    assert f"4. {CLOSED_TITLE} (lukket punkt) (ændret)" in paragraphs(
        members / "tillaegsdagsorden.docx"
    )
    assert (members / "4-lukket-klagesag.docx").is_file()


def test_withdrawn_punkt_is_listed_and_renumbering_warned(project):
    moede = project / "cases" / "moede.yaml"
    text = moede.read_text("utf-8")  # before the meeting: no decisions yet
    moede.write_text(text[: text.index("\n# After the meeting")] + "\n", "utf-8")
    edit(moede, "  - forebyggelse\n", "")
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    assert "Tillæg 1: 0 nye punkter, 0 ændrede punkter, 1 udgået punkt." in result.output
    agenda = paragraphs(project / "ud" / "tillaeg-1" / "offentlig" / "tillaegsdagsorden.docx")
    assert agenda[-2:] == [
        "Udgåede punkter",
        "2. Deltagelse i Socialministeriets forebyggelsesprojekt (udgår)",
    ]
    # The referat numbers by the file: punkt 3 would become 2. Said, not silently.
    assert "nummererer efter pladsen i mødefilen" in result.output
    assert f"'{BIF_SOF}' (linje 10): 3 i tillægget, 2 i referatet" in result.output
    assert "Efter et udgået punkt rykker de følgende punkter op i referatet." in result.output
    assert "Sæt nye punkter sidst" not in result.output
    members = project / "ud" / "tillaeg-1" / "medlemmer"
    assert sorted(p.name for p in members.iterdir()) == [
        "tillaeg-samlet.docx",
        "tillaegsdagsorden.docx",
    ]


def test_new_punkt_before_eventuelt_keeps_published_numbers_and_warns(project):
    add_case(project, before_eventuelt=True)
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    members = project / "ud" / "tillaeg-1" / "medlemmer"
    assert (members / "6-vaeresteder.docx").is_file()
    assert f"'{NEW_TITLE}' (linje 14): 6 i tillægget, 5 i referatet" in result.output
    assert "'Eventuelt' (linje 15): 5 i tillægget, 6 i referatet" in result.output
    assert "Sæt nye punkter sidst under 'punkter', så numrene er de samme." in result.output
    assert result.output.count("Advarsel:") == 1


def test_changed_time_and_place(project):
    edit(project / "cases" / "moede.yaml", "19.11.2014 kl. 16:00", "19.11.2014 kl. 17:00")
    edit(project / "cases" / "moede.yaml", "værelse 8", "værelse 12")
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    agenda = paragraphs(project / "ud" / "tillaeg-1" / "medlemmer" / "tillaegsdagsorden.docx")
    assert agenda[-3:] == [
        "Mødet",
        "Mødet begynder nu kl. 17:00 (før kl. 16:00).",
        "Mødestedet er nu Rådhuset, stuen, værelse 12 (før: Rådhuset, stuen, værelse 8).",
    ]


def test_second_tillaeg_numbers_on_and_referat_keeps_both(project):
    ud = project / "ud"
    add_case(project)
    assert tillaeg(project).exit_code == 0
    first = checksums(ud, uden=None)
    # Nothing changed since tillæg 1: the record holds it.
    again = tillaeg(project)
    assert again.exit_code == 1
    assert "intet er ændret siden den udsendte dagsorden" in again.output
    assert "tillæg 1 bygget" in again.output

    change_case(project, "vaeresteder")
    edit(
        project / "cases" / "moede.yaml",
        "  - vaeresteder\n",
        "  - vaeresteder\n  - titel: Meddelelser\n    tekst: Nyt om budgettet.\n",
    )
    result = tillaeg(project)
    assert result.exit_code == 0, result.output
    agenda = paragraphs(ud / "tillaeg-2" / "offentlig" / "tillaegsdagsorden.docx")
    assert agenda[6:] == [
        "Nye punkter",
        "7. Meddelelser",
        "Nyt om budgettet.",
        "Ændrede punkter",
        f"6. {NEW_TITLE} (ændret)",
    ]
    assert checksums(ud, uden="tillaeg-2") == first  # the agenda and tillæg 1 as sent

    # The referat is built beside them: agenda and both tillæg stay, and so does the record.
    referat = run(str(project / "cases" / "moede.yaml"), "-o", str(ud), "--referat")
    assert referat.exit_code == 0, referat.output
    for kept in ("tillaeg-1", "tillaeg-2"):
        assert (ud / kept / "medlemmer" / "tillaegsdagsorden.docx").is_file()
    assert (ud / "medlemmer" / "referat.docx").is_file()
    assert (ud / "medlemmer" / "dagsorden.docx").is_file()
    assert (
        checksums(ud, uden=None).items()
        >= {k: v for k, v in first.items() if k.startswith("tillaeg-")}.items()
    )
    after = tillaeg(project)
    assert after.exit_code == 1
    assert "intet er ændret" in after.output


# --- refused -------------------------------------------------------------------------------


def test_nothing_changed_is_refused(project):
    ud = project / "ud"
    before = checksums(ud, uden=None)
    marker = (ud / byggemappe.MARKER).read_bytes()
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "intet er ændret siden den udsendte dagsorden" in result.output
    assert "byg så igen med --tillaeg" in result.output
    assert checksums(ud, uden=None) == before
    assert (ud / byggemappe.MARKER).read_bytes() == marker
    assert not (ud / "tillaeg-1").exists()


def test_decisions_are_no_change(project):
    edit(
        project / "cases" / "moede.yaml",
        "beslutning: Intet.",
        "beslutning: Udvalget drøftede julefrokosten.",
    )
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "intet er ændret" in result.output


def test_no_published_build_is_refused(project, tmp_path):
    change_case(project)
    missing = tmp_path / "nyt-ud"
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(missing), "--tillaeg")
    assert result.exit_code == 1
    assert "der er ingen udsendt dagsorden at lave et tillæg til (mappen findes ikke)" in (
        result.output
    )
    assert "Byg og udsend dagsordenen først" in result.output
    assert not missing.exists()

    own = tmp_path / "egne"
    own.mkdir()
    (own / "noter.txt").write_text("mine", "utf-8")
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(own), "--tillaeg")
    assert result.exit_code == 1
    assert "er ikke bygget af dagsorden" in result.output
    assert sorted(p.name for p in own.iterdir()) == ["noter.txt"]


def test_build_without_record_is_refused(project):
    ud = project / "ud"
    byggemappe.write_marker(ud, byggemappe.read_marker(ud) or [])  # as an older version did
    change_case(project)
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "ingen registrering af, hvad der blev udsendt" in result.output
    assert not (ud / "tillaeg-1").exists()


def test_another_meeting_is_refused(project):
    ud = project / "ud"
    before = checksums(ud, uden=None)
    edit(project / "cases" / "moede.yaml", "19.11.2014 kl. 16:00", "17.12.2014 kl. 16:00")
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "rummer dagsordenen for Socialudvalget 19.11.2014" in result.output
    assert "Socialudvalget 17.12.2014" in result.output
    assert "Et tillæg hører til samme møde" in result.output
    assert checksums(ud, uden=None) == before

    edit(project / "cases" / "moede.yaml", "17.12.2014", "19.11.2014")
    edit(project / "cases" / "moede.yaml", "udvalg: Socialudvalget", "udvalg: Sundhedsudvalget")
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "Sundhedsudvalget 19.11.2014" in result.output


def test_tillaeg_with_referat_is_refused(project):
    change_case(project)
    result = tillaeg(project, "--referat")
    assert result.exit_code == 2
    assert "--tillaeg" in result.output
    assert "kan ikke bruges sammen med --referat" in result.output


def test_a_broken_new_case_writes_nothing(project):
    ud = project / "ud"
    before = checksums(ud, uden=None)
    add_case(project)
    edit(project / "cases" / "vaeresteder" / "sag.md", "indstiller:", "indstiller_x:")
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "vaeresteder" in result.output
    assert checksums(ud, uden=None) == before
    assert not (ud / "tillaeg-1").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".ud-")]


@pytest.mark.libreoffice
def test_tillaeg_pdf_packet(project, soffice):
    from pikepdf import Pdf

    add_case(project)
    change_case(project)
    result = tillaeg(project, "--pdf")
    assert result.exit_code == 0, result.output
    for name in ("medlemmer", "offentlig"):
        pdf_path = project / "ud" / "tillaeg-1" / name / "tillaeg-samlet.pdf"
        with Pdf.open(pdf_path) as pdf, pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            assert str(pdf.docinfo.get("/Title")) == (
                "Socialudvalget – tillægsdagsorden 1 19.11.2014"
            )
        assert titles == [
            "Tillægsdagsorden",
            f"Punkt 3. {BIF_SOF} (ændret)",
            f"Punkt 6. {NEW_TITLE}",
        ]


def test_a_new_agenda_build_does_not_replace_a_published_tillaeg(project):
    ud = project / "ud"
    add_case(project)
    assert tillaeg(project).exit_code == 0
    before = checksums(ud, uden=None)
    result = run(str(project / "cases" / "moede.yaml"), "-o", str(ud))
    assert result.exit_code == 1
    assert "rummer den udsendte dagsorden med tillaeg-1" in result.output
    assert "--tillaeg" in result.output
    assert checksums(ud, uden=None) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".ud-")]


def test_a_record_edited_by_hand_is_refused(project):
    ud = project / "ud"
    marker = ud / byggemappe.MARKER
    text = marker.read_text("utf-8")
    marker.write_text(text.replace('"nummer": 2,', '"nummer": "to",', 1), "utf-8")
    change_case(project)
    result = tillaeg(project)
    assert result.exit_code == 1
    assert "mærkefilen .dagsorden-byg er ændret" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
