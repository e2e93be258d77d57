"""Bad sources (issue 9, section 3, and the Markdown items of section 4): case files,
notater, meeting files, templates and bilag a tired or hostile user could hand over.

Each ends in one Danish message naming the user's own file and the line, exit 1, and
nothing written. Cases that once hung (a named pipe) or ran without end (a template
loop) run under an alarm, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from badinput import Bad, run_bad
from click.testing import CliRunner
from docx import Document

from dagsorden.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "indstilling.docx"
LOCK = (".ud.lock",)
"""The build lock beside UD may stay behind (it is empty and harmless)."""
ALARM_SECONDS = 60
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"

Setup = Callable[[Path], None]

FRONT_MATTER = """udvalg: Socialudvalget
moededato: 21.09.2011
punkt: 3
titel: En sag
indstiller: Socialforvaltningen
indstilling:
  - at udvalget godkender det
"""
"""Seven lines: a sag.md's front matter runs from line 2 to line 8."""

BODY = """
## Problemstilling

{tekst}

## Løsning

Løsning.

## Videre proces

Videre.
"""
"""`{tekst}` stands on line 13 of a sag.md made by `sag_md`."""

NOTAT_FRONT_MATTER = """til: Socialudvalget
dato: 07-11-2014
titel: Et notat
"""
"""Three lines: a notat's body starts on line 6; its first text line is line 7."""


def sag_md(extra: str = "", tekst: str = "Tekst.", front: str = FRONT_MATTER) -> str:
    return f"---\n{front}{extra}---\n" + BODY.format(tekst=tekst)


def notat_md(extra: str = "", tekst: str = "Tekst.") -> str:
    return f"---\n{NOTAT_FRONT_MATTER}{extra}---\n\n{tekst}\n"


def write(rel: str, content: str | bytes) -> Setup:
    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return setup


def fifo(rel: str) -> Setup:
    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return setup


def folder(rel: str) -> Setup:
    return lambda work: (work / rel).mkdir(parents=True, exist_ok=True)


def sparse(rel: str, size: int, head: bytes = b"%PDF-1.4\n") -> Setup:
    """A file of `size` bytes that takes no room on disk."""

    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.write(head)
            handle.truncate(size)

    return setup


def docx_with(rel: str, *fields: str, base: Path = TEMPLATE) -> Setup:
    """A Word file: the bundled indstilling template with paragraphs added."""

    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        document = Document(str(base))
        for field in fields:
            document.add_paragraph(field)
        document.save(str(path))

    return setup


def docx_rewritten(rel: str, change: Callable[[str, bytes], bytes]) -> Setup:
    """The bundled template with every part passed through `change(name, data)`."""

    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(path, "w") as target:
            for info in source.infolist():
                target.writestr(info, change(info.filename, source.read(info)))

    return setup


def utf16_with_dtd(name: str, data: bytes) -> bytes:
    if name != "word/document.xml":
        return data
    text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    dtd = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    return text.replace("?>", "?>" + dtd, 1).encode("utf-16")


def ascii_dtd(name: str, data: bytes) -> bytes:
    if name != "word/document.xml":
        return data
    return data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "a">]>', 1)


def big_stream(rel: str) -> Setup:
    """A .docx holding a 201 MB stream of zeros (it packs to a few hundred kB)."""

    def setup(work: Path) -> None:
        docx_with(rel)(work)
        chunk = b"\0" * (1024 * 1024)
        with (
            zipfile.ZipFile(work / rel, "a", zipfile.ZIP_DEFLATED) as archive,
            archive.open("word/media/stor.bin", "w", force_zip64=True) as stream,
        ):
            for _ in range(201):
                stream.write(chunk)

    return setup


def truncated(rel: str) -> Setup:
    def setup(work: Path) -> None:
        data = TEMPLATE.read_bytes()
        write(rel, data[: len(data) // 2])(work)

    return setup


def both(*setups: Setup) -> Setup:
    def setup(work: Path) -> None:
        for one in setups:
            one(work)

    return setup


def meeting(*extra: Setup, punkter: str = "  - s\n", sag: str | None = None) -> Setup:
    """cases/moede.yaml with `punkter`, and cases/s/sag.md (`sag`, default a good one)."""
    moede = "udvalg: Socialudvalget\nmoededato: 19.11.2014 kl. 16:00\npunkter:\n" + punkter
    return both(
        write("cases/moede.yaml", moede),
        write("cases/s/sag.md", sag if sag is not None else sag_md()),
        *extra,
    )


def bilag(fil: str, *more: str) -> str:
    """A `bilag:` key (line 9 of sag.md, its first item on line 10)."""
    items = "".join(f"  - titel: Bilag\n    fil: {f}\n" for f in (fil, *more))
    return "bilag:\n" + items


def nested_yaml_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_yaml_map(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def nested_block_map(depth: int) -> str:
    return "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b: 1\n"


def alias_bomb(key: str) -> str:
    lines = [f'{key}: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        ref = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"x{level}: &{name} [" + ",".join([f"*{ref}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def nested_list(depth: int, word: str = "ord") -> str:
    return "\n".join("  " * i + f"- {word}{i}" for i in range(depth))


INDSTILLING = ("indstilling", "s", "-o", "ud")
SKABELON = (*INDSTILLING, "--skabelon", "t.docx")
NOTAT = ("notat", "n.md", "-o", "ud")
BYG = ("byg", "cases/moede.yaml", "-o", "ud", "--stille")
SAG = "s/sag.md"
CSAG = "cases/s/sag.md"
FORBUDT = "som ikke kan stå i et Word-dokument"
DYB_YAML = "indlejret mere end 20 niveauer dybt"
ALIAS = "YAML-ankre og -aliaser (& og *) kan ikke bruges"
PIPE = "Det er ingen almindelig fil (men fx en navngivet pipe eller en enhed)"
LANGT = "Navnet er for langt til filsystemet"
BILLEDE = "Billeder kan ikke stå i brødteksten"
LINK = "kan ikke bruges i et udvalgspapir"
KOMMENTAR = "En HTML-kommentar '<!--' slutter aldrig med '-->'"
AFVIST = "skabelonen er afvist"
DTD = "indeholder en DTD"


def template_case(id_: str, field: str, message: str) -> Bad:
    return Bad(
        f"kilde-skabelon-{id_}",
        both(write(SAG, sag_md()), docx_with("t.docx", field)),
        SKABELON,
        message,
        ("t.docx",),
    )


CASES = [
    # --- sag.md: characters Word can't hold -------------------------------------------
    Bad("kilde-sag-nul-i-tekst", write(SAG, sag_md(tekst="a\x00b")), INDSTILLING,
        f"Linjen indeholder tegnet U+0000 (et nul-tegn), {FORBUDT}", (SAG, "linje 13")),
    Bad("kilde-sag-escape-i-tekst", write(SAG, sag_md(tekst="a\x1b[31mb")), INDSTILLING,
        "tegnet U+001B (et escape-tegn)", (SAG, "linje 13")),
    Bad("kilde-sag-kontroltegn-i-tabel",
        write(SAG, sag_md(tekst="| a | b |\n|---|---|\n| c\x01 | d |")), INDSTILLING,
        "tegnet U+0001 (et kontroltegn)", (SAG, "linje 15")),
    Bad("kilde-sag-ikke-tegn-ufffe", write(SAG, sag_md(tekst="a\ufffeb")), INDSTILLING,
        "tegnet U+FFFE", (SAG, "linje 13")),
    Bad("kilde-sag-lodret-tab-i-titel",
        write(SAG, sag_md(front=FRONT_MATTER.replace("En sag", "En\x0bsag"))), INDSTILLING,
        "Front matter indeholder tegnet U+000B (en lodret tabulator, typisk et linjeskift",
        (SAG, "linje 5")),
    Bad("kilde-sag-sideskift-i-front-matter", write(SAG, sag_md("moedested: a\x0cb\n")),
        INDSTILLING, "tegnet U+000C (et sideskift)", (SAG, "linje 9")),
    Bad("kilde-sag-nul-som-escape", write(SAG, sag_md('resume: "a\\x00b"\n')), INDSTILLING,
        f"'resume' indeholder tegnet U+0000 (et nul-tegn), {FORBUDT}", (SAG, "linje 9")),
    Bad("kilde-sag-lodret-tab-som-escape", write(SAG, sag_md('sagsnr: "12\\v34"\n')),
        INDSTILLING, "'sagsnr' indeholder tegnet U+000B", (SAG, "linje 9")),
    Bad("kilde-sag-escape-i-at-punkt",
        write(SAG, sag_md(front=FRONT_MATTER.replace("- at udvalget", '- "at \\a udvalget'
                                                      ).replace("det\n", 'det"\n'))),
        INDSTILLING, "'indstilling' nr. 1 indeholder tegnet U+0007", (SAG, "linje 8")),
    # --- sag.md: YAML that would exhaust the reader -----------------------------------
    Bad("kilde-sag-yaml-dyb-liste", write(SAG, sag_md(f"resume: {nested_yaml_list(5000)}\n")),
        INDSTILLING, DYB_YAML, (SAG, "linje 9")),
    Bad("kilde-sag-yaml-dyb-mapping",
        write(SAG, sag_md(f"resume: {nested_yaml_map(5000)}\n")), INDSTILLING, DYB_YAML,
        (SAG, "linje 9")),
    Bad("kilde-sag-yaml-dyb-blok", write(SAG, sag_md(nested_block_map(40))), INDSTILLING,
        DYB_YAML, (SAG,)),
    Bad("kilde-sag-yaml-alias-bombe", write(SAG, sag_md(alias_bomb("resume"))), INDSTILLING,
        ALIAS, (SAG, "linje 9")),
    Bad("kilde-sag-stjerne-alias-i-titel",
        write(SAG, sag_md(front=FRONT_MATTER.replace("En sag", "*vigtig"))), INDSTILLING,
        ALIAS, (SAG, "linje 5")),
    Bad("kilde-sag-stjerne-foerst-i-titel",
        write(SAG, sag_md(front=FRONT_MATTER.replace("En sag", "*Vigtig* sag"))), INDSTILLING,
        "Begynder en tekst med * eller &, så sæt hele teksten i anførselstegn", (SAG, "linje 5")),
    Bad("kilde-sag-kaempe-fil",
        write(SAG, sag_md("resume: '" + "x" * (3 * 1024 * 1024) + "'\n")), INDSTILLING,
        "mere end de tilladte 2 MB; den læses ikke", (SAG,)),
    # --- sag.md: shapes a tired user makes --------------------------------------------
    Bad("kilde-sag-tom", write(SAG, ""), INDSTILLING,
        "sag.md skal begynde med front matter", (SAG, "linje 1")),
    Bad("kilde-sag-kun-front-matter", write(SAG, f"---\n{FRONT_MATTER}---\n"), INDSTILLING,
        "Afsnittet '## Problemstilling' mangler", (SAG,)),
    Bad("kilde-sag-bom-og-crlf",
        write(SAG, ("\ufeff" + sag_md("mødested: Rådhuset\n")).replace("\n", "\r\n")),
        INDSTILLING, "Ukendt nøgle 'mødested'. Mente du 'moedested'?", (SAG, "linje 9")),
    Bad("kilde-sag-front-matter-uafsluttet", write(SAG, f"---\n{FRONT_MATTER}\n## Løsning\n"),
        INDSTILLING, "men slutter aldrig med en linje '---'", (SAG, "linje 1")),
    Bad("kilde-sag-tabulator-i-yaml",
        write(SAG, sag_md(front=FRONT_MATTER.replace("  - at", "\t- at"))), INDSTILLING,
        "Tabulatortegn kan ikke bruges til indrykning", (SAG, "linje 8")),
    Bad("kilde-sag-liste-som-titel",
        write(SAG, sag_md(front=FRONT_MATTER.replace("En sag", "[En, sag]"))), INDSTILLING,
        "'titel' skal være tekst, ikke en liste", (SAG, "linje 5")),
    Bad("kilde-sag-dobbelt-noegle", write(SAG, sag_md("titel: Igen\n")), INDSTILLING,
        "Nøglen 'titel' står to gange (også i linje 5)", (SAG, "linje 9")),
    Bad("kilde-sag-cp1252", write(SAG, sag_md(tekst="Københavns Kommune").encode("cp1252")),
        INDSTILLING, "Filen er ikke gemt som UTF-8", (SAG, "linje 13")),
    Bad("kilde-sag-md-er-en-mappe", folder(SAG), INDSTILLING,
        "Det er en mappe, ikke en fil.", (SAG,)),
    Bad("kilde-sag-md-er-en-pipe", fifo(SAG), INDSTILLING, PIPE, (SAG,)),
    Bad("kilde-sag-oekonomi-for-langt-navn",
        write(SAG, sag_md("oekonomi: " + "q" * 300 + ".xlsx\n")), INDSTILLING, LANGT,
        (SAG, "linje 9")),
    Bad("kilde-sag-markoer-for-langt-navn",
        write(SAG, sag_md(tekst="[[statustabel: " + "q" * 300 + "]]")), INDSTILLING,
        "navnet er for langt til filsystemet", (SAG, "linje 13")),
    # --- sag.md: Markdown ---------------------------------------------------------------
    Bad("kilde-sag-kommentar-uafsluttet",
        write(SAG, sag_md(tekst="Synlig.\n\n<!-- hemmelig note\n\nmere")), INDSTILLING,
        KOMMENTAR, (SAG, "linje 15")),
    Bad("kilde-sag-billede-file-url", write(SAG, sag_md(tekst="![x](file:///etc/passwd)")),
        INDSTILLING, f"{BILLEDE} ('file:///etc/passwd')", (SAG, "linje 13")),
    Bad("kilde-sag-billede-absolut-sti",
        write(SAG, sag_md(tekst="Se her:\n![x](/absolut/sti.png)")), INDSTILLING, BILLEDE,
        (SAG, "linje 14")),
    Bad("kilde-sag-billede-uden-for-mappen",
        write(SAG, sag_md(tekst="![x](../../uden-for.png)")), INDSTILLING,
        f"{BILLEDE} ('../../uden-for.png')", (SAG, "linje 13")),
    Bad("kilde-sag-billede-http", write(SAG, sag_md(tekst="![x](http://example.dk/a.png)")),
        INDSTILLING, BILLEDE, (SAG, "linje 13")),
    Bad("kilde-sag-billede-reference",
        write(SAG, sag_md(tekst="![x][r]\n\n[r]: file:///etc/passwd")), INDSTILLING,
        BILLEDE, (SAG, "linje 13")),
    Bad("kilde-sag-link-javascript", write(SAG, sag_md(tekst="[klik](javascript:alert(1))")),
        INDSTILLING, f"Linket 'javascript:alert(1)' {LINK}", (SAG, "linje 13")),
    Bad("kilde-sag-link-file", write(SAG, sag_md(tekst="<file:///etc/passwd>")), INDSTILLING,
        LINK, (SAG, "linje 13")),
    Bad("kilde-sag-tabel-celle-for-meget",
        write(SAG, sag_md(tekst="| År | Antal |\n|---|---|\n| 2013 | 859 | 828 |")),
        INDSTILLING, "Rækken har 3 celler, men tabellens overskrift har 2", (SAG, "linje 15")),
    Bad("kilde-bilag-pdf-uden-slutning",
        meeting(write("cases/s/b.pdf", b"%PDF-1.4\n1 0 obj"), sag=sag_md(bilag("b.pdf"))), BYG,
        "Bilag 1: 'b.pdf' er ikke en hel PDF-fil", (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-docx-er-tekst",
        meeting(write("cases/s/b.docx", "ikke en zip"), sag=sag_md(bilag("b.docx"))), BYG,
        "er ingen Office-fil, men skulle være et Word-dokument (.docx)", (CSAG, "linje 10")),
    Bad("kilde-skabelon-omdoebt-xlsx",
        both(write(SAG, sag_md()),
             write("t.docx", (ROOT / "cases" / "forebyggelse" / "budget.xlsx").read_bytes())),
        SKABELON, "skabelonen er ikke et Word-dokument (.docx), men en anden Office-fil",
        ("t.docx",)),
    Bad("kilde-moede-to-yaml-dokumenter",
        meeting(write("cases/moede.yaml",
                      "udvalg: U\nmoededato: 19.11.2014\npunkter:\n  - s\n---\nudvalg: V\n")),
        BYG, "Filen indeholder mere end ét YAML-dokument", ("cases/moede.yaml", "linje 5"),
        may_write=LOCK),
    Bad("kilde-moede-tom", meeting(write("cases/moede.yaml", "")), BYG,
        "Nøglerne 'udvalg', 'moededato', 'punkter' mangler", ("cases/moede.yaml, linje 1",),
        may_write=LOCK),
    Bad("kilde-sag-liste-30-niveauer", write(SAG, sag_md(tekst=nested_list(30))), INDSTILLING,
        "Lister eller citater er indlejret for dybt her", (SAG,)),
    Bad("kilde-sag-citat-60-niveauer", write(SAG, sag_md(tekst="> " * 60 + "dybt")),
        INDSTILLING, "indlejret for dybt", (SAG, "linje 13")),
    # --- notat ----------------------------------------------------------------------------
    Bad("kilde-notat-lodret-tab-i-front-matter",
        write("n.md", notat_md("sagsbehandler: Brit\x0bBuchhave\n")), NOTAT,
        "tegnet U+000B", ("n.md", "linje 5")),
    Bad("kilde-notat-nul-i-tekst", write("n.md", notat_md(tekst="a\x00b")), NOTAT,
        "tegnet U+0000", ("n.md", "linje 7")),
    Bad("kilde-notat-escape-i-afsender",
        write("n.md", notat_md('afsender:\n  center: "a\\x1bb"\n')), NOTAT,
        "'center' i 'afsender' indeholder tegnet U+001B", ("n.md", "linje 6")),
    Bad("kilde-notat-yaml-dyb", write("n.md", notat_md(f"sagsnr: {nested_yaml_list(3000)}\n")),
        NOTAT, DYB_YAML, ("n.md", "linje 5")),
    Bad("kilde-notat-yaml-alias-bombe", write("n.md", notat_md(alias_bomb("sagsnr"))), NOTAT,
        ALIAS, ("n.md", "linje 5")),
    Bad("kilde-notat-pipe", fifo("n.md"), NOTAT, PIPE, ("n.md",)),
    Bad("kilde-notat-tom", write("n.md", ""), NOTAT, "n.md skal begynde med front matter",
        ("n.md", "linje 1")),
    Bad("kilde-notat-kommentar-uafsluttet", write("n.md", notat_md(tekst="<!-- udkast")),
        NOTAT, KOMMENTAR, ("n.md", "linje 7")),
    Bad("kilde-notat-billede", write("n.md", notat_md(tekst="![kort](file:///etc/passwd)")),
        NOTAT, BILLEDE, ("n.md", "linje 7")),
    Bad("kilde-notat-cp1252", write("n.md", notat_md(tekst="Århus").encode("cp1252")), NOTAT,
        "Filen er ikke gemt som UTF-8", ("n.md", "linje 7")),
    Bad("kilde-notat-kaempe", sparse("n.md", 3 * 1024 * 1024, b"---\n"), NOTAT,
        "mere end de tilladte 2 MB", ("n.md",)),
    # --- moede.yaml -----------------------------------------------------------------------
    Bad("kilde-moede-yaml-dyb",
        both(meeting(), write("cases/moede.yaml", f"udvalg: {nested_yaml_map(4000)}\n")), BYG,
        DYB_YAML, ("cases/moede.yaml", "linje 1"), may_write=LOCK),
    Bad("kilde-moede-yaml-alias-bombe",
        both(meeting(), write("cases/moede.yaml", alias_bomb("udvalg"))), BYG, ALIAS,
        ("cases/moede.yaml", "linje 1"), may_write=LOCK),
    Bad("kilde-moede-pipe", both(write(CSAG, sag_md()), fifo("cases/moede.yaml")), BYG, PIPE,
        ("cases/moede.yaml",), may_write=LOCK),
    Bad("kilde-moede-lodret-tab",
        both(meeting(), write("cases/moede.yaml",
                              "udvalg: Social\x0budvalget\nmoededato: 19.11.2014\n"
                              "punkter:\n  - s\n")),
        BYG, "tegnet U+000B", ("cases/moede.yaml", "linje 1"), may_write=LOCK),
    Bad("kilde-moede-sag-mangler", meeting(punkter="  - s\n  - findes-ikke\n"), BYG,
        "Sagsmappen 'findes-ikke' findes ikke", ("cases/moede.yaml", "linje 5"),
        may_write=LOCK,
    ),
    Bad("kilde-moede-sag-to-gange", meeting(punkter="  - s\n  - sag: s\n"), BYG,
        "Sagsmappen 's' står allerede som punkt 1",
        ("cases/moede.yaml", "linje 5"), may_write=LOCK),
    Bad("kilde-moede-sag-for-langt-navn", meeting(punkter=f"  - {'y' * 300}\n"), BYG, LANGT,
        ("cases/moede.yaml", "linje 4"), may_write=LOCK),
    Bad("kilde-moede-statusbilag-for-langt-navn",
        meeting(punkter=f"  - sag: s\n    statusbilag: {'w' * 300}\n"), BYG, LANGT,
        ("cases/moede.yaml", "linje 4"), may_write=LOCK),
    # --- bilag ----------------------------------------------------------------------------
    Bad("kilde-bilag-pipe-pdf", meeting(fifo("cases/s/b.pdf"), sag=sag_md(bilag("b.pdf"))),
        BYG, f"Bilag 1: 'b.pdf' kan ikke bruges. {PIPE}", (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-pipe-notat", meeting(fifo("cases/s/b.md"), sag=sag_md(bilag("b.md"))),
        BYG, PIPE, (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-pipe-docx", meeting(fifo("cases/s/b.docx"), sag=sag_md(bilag("b.docx"))),
        BYG, PIPE, (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-pdf-210-mb",
        meeting(sparse("cases/s/b.pdf", 210 * 1024 * 1024), sag=sag_md(bilag("b.pdf"))), BYG,
        "Bilag 1: 'b.pdf' kan ikke bruges. Filen fylder 210 MB, mere end de tilladte 100 MB",
        (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-docx-med-200-mb-stroem",
        meeting(big_stream("cases/s/b.docx"), sag=sag_md(bilag("b.docx"))), BYG,
        "mere end de tilladte 200 MB", (CSAG, "linje 10", "'b.docx'"), may_write=LOCK),
    Bad("kilde-bilag-docx-med-dtd",
        meeting(docx_rewritten("cases/s/b.docx", ascii_dtd), sag=sag_md(bilag("b.docx"))), BYG,
        DTD, (CSAG, "linje 10", "'b.docx'"), may_write=LOCK),
    Bad("kilde-bilag-docx-beskadiget",
        meeting(truncated("cases/s/b.docx"), sag=sag_md(bilag("b.docx"))), BYG,
        "Filen er beskadiget", (CSAG, "linje 10", "'b.docx'"), may_write=LOCK),
    Bad("kilde-bilag-for-langt-navn", meeting(sag=sag_md(bilag("x" * 300 + ".pdf"))), BYG,
        LANGT, (CSAG, "linje 10"), may_write=LOCK),
    Bad("kilde-bilag-to-gange",
        meeting(write("cases/s/b.pdf", PDF), sag=sag_md(bilag("b.pdf", "./b.pdf"))), BYG,
        "Bilag 2: './b.pdf' er også bilag 1", (CSAG, "linje 12"), may_write=LOCK),
    # --- templates ------------------------------------------------------------------------
    template_case("include", "{% include 'andet.docx' %}", "'{% include %}' kan ikke bruges"),
    template_case("import", "{% import 'makroer' as m %}", "'{% import %}' kan ikke bruges"),
    template_case("from-import", "{% from 'm' import x %}", "'{% from ... import %}' kan ikke"),
    template_case("extends", "{% extends 'grund.docx' %}", "'{% extends %}' kan ikke bruges"),
    template_case("potens", "{{ 9**(9**9) }}", f"{AFVIST}: '9 ** 387420489' giver et for stort"),
    template_case("tekst-gange-ti-mia", "{{ 'x' * 10**10 }}",
                  f"{AFVIST}: Gentagelsen med '*' giver mere end 1.000.000 tegn"),
    template_case("liste-gange-en-mia", "{{ [1] * 10**9 }}", "Gentagelsen med '*'"),
    template_case("range-en-mia", "{% for i in range(10**9) %}x{% endfor %}",
                  "skabelonen prøver at bruge noget, den ikke må"),
    template_case(
        "seks-indlejrede-loekker",
        "{% for a in [1,2,3,4,5,6,7,8,9,10] %}" * 6 + "x" + "{% endfor %}" * 6,
        f"{AFVIST}: Skabelonens løkker gennemløbes mere end 100.000 gange",
    ),
    template_case("loekke-over-lang-tekst",
                  "{% for c in sag.titel * 150000 %}{{ c }}{% endfor %}", "gennemløbes mere end"),
    template_case("center-filter", "{{ 'x'|center(10**10) }}",
                  "filtret 'center' findes ikke eller er ikke tilladt"),
    template_case("safe-filter", "{{ sag.titel|safe }}", "filtret 'safe' findes ikke"),
    template_case("formatbredde", "{{ '%0999999999d' % 1 }}", "for stor bredde"),
    template_case("sammensaetning-vokser",
                  "{% set a = 'x' * 600000 %}{% set b = a ~ a %}{{ b }}", "Sammensætningen"),
    template_case("replace-vokser", "{{ ('x' * 1000)|replace('x', 'y' * 1000) }}",
                  "Filtret 'replace' giver mere end"),
    template_case("join-vokser", "{{ (['a'] * 1000)|join('b' * 2000) }}", "Filtret 'join'"),
    template_case("division-med-nul", "{{ 1 / 0 }}", "ZeroDivisionError"),
    template_case("tal-med-5000-cifre", "{{ " + "9" * 5000 + " }}",
                  "skabelonen kunne ikke udfyldes"),
    template_case("tusind-parenteser", "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
                  "skabelonen kunne ikke udfyldes"),
    Bad("kilde-skabelon-utf16-med-dtd",
        both(write(SAG, sag_md()), docx_rewritten("t.docx", utf16_with_dtd)), SKABELON,
        f"skabelonen kan ikke bruges. Delen 'word/document.xml' {DTD}", ("t.docx",)),
    Bad("kilde-skabelon-egen-utf16-med-dtd",
        both(write(SAG, sag_md()), docx_rewritten("templates/indstilling.docx", utf16_with_dtd)),
        INDSTILLING, DTD, ("templates/indstilling.docx",)),
    Bad("kilde-skabelon-pipe", both(write(SAG, sag_md()), fifo("t.docx")), SKABELON, PIPE,
        ("t.docx",)),
    Bad("kilde-skabelon-egen-er-en-mappe",
        both(write(SAG, sag_md()), folder("templates/indstilling.docx")), INDSTILLING,
        "Det er en mappe, ikke en fil.", ("templates/indstilling.docx",)),
]  # fmt: skip


def _alarm(signum: int, frame: object) -> None:
    raise TimeoutError(f"more than {ALARM_SECONDS} s: a hang")


@contextmanager
def alarm(seconds: int = ALARM_SECONDS) -> Iterator[None]:
    """Fails a test that hangs (a named pipe opened for reading, a loop without end)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, tmp_path, monkeypatch):
    with alarm():
        run_bad(case, tmp_path, monkeypatch)


# --- what must work, and print every word ------------------------------------------------


def invoke(*argv: str):
    with alarm():
        return CliRunner().invoke(main, list(argv), prog_name="dagsorden")


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def words_of(path: Path) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document_xml(path)))


def make(work: Path, rel: str, content: str) -> None:
    write(rel, content)(work)


@pytest.mark.parametrize("depth", [10, 12, 20, 24])
def test_a_list_nested_ten_or_more_deep_keeps_every_word(tmp_path, monkeypatch, depth):
    monkeypatch.chdir(tmp_path)
    text = nested_list(depth, "ordet") + "\n\nTeksten efter listen."
    make(tmp_path, SAG, sag_md(tekst=text))
    result = invoke(*INDSTILLING)
    assert result.exit_code == 0, result.output
    words = words_of(tmp_path / "ud" / "3-s.docx")
    missing = [w for w in [f"ordet{i}" for i in range(depth)] if w not in words]
    assert not missing
    for after in ("Teksten efter listen.", "Løsning.", "Videre."):
        assert after in words


def test_a_numbered_list_nested_deep_keeps_every_word(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "\n".join("    " * i + f"1. tal{i}" for i in range(14)) + "\n\nEfter."
    make(tmp_path, SAG, sag_md(tekst=text))
    assert invoke(*INDSTILLING).exit_code == 0
    words = words_of(tmp_path / "ud" / "3-s.docx")
    assert all(f"tal{i}" in words for i in range(14)) and "Efter." in words


def test_words_line_break_from_word_becomes_a_break(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make(tmp_path, SAG, sag_md(tekst="Første\x0blinje og\x0cnæste &#12; slut"))
    result = invoke(*INDSTILLING)
    assert result.exit_code == 0, result.output
    xml = document_xml(tmp_path / "ud" / "3-s.docx")
    assert "\x0b" not in xml and "\x0c" not in xml
    assert re.search(r"Første</w:t></w:r><w:r><w:br/></w:r><w:r>(<w:rPr/>)?<w:t[^>]*>linje", xml), (
        xml
    )


@pytest.mark.parametrize(
    "command, rel, content",
    [
        (INDSTILLING, SAG, lambda tekst: sag_md(tekst=tekst)),
        (NOTAT, "n.md", lambda tekst: notat_md(tekst=tekst)),
    ],
    ids=["sag", "notat"],
)
def test_html_comments_are_never_printed_other_html_is(
    tmp_path, monkeypatch, command, rel, content
):
    monkeypatch.chdir(tmp_path)
    tekst = (
        "Før <!-- skjultA --> efter.\n\n"
        "<!--\nskjultB\n\nskjultC\n-->\n\n"
        "- punkt <!-- skjultD -->\n\n"
        "| a | b |\n|---|---|\n| <!-- skjultE --> c | <b>fed</b> |\n\n"
        "<div>blok</div> og <span>spænd</span>"
    )
    make(tmp_path, rel, content(tekst))
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    written = next((tmp_path / "ud").glob("*.docx"))
    words = words_of(written)
    assert "skjult" not in document_xml(written)
    for shown in (
        "Før",
        "efter.",
        "punkt",
        "c",
        "&lt;b&gt;fed&lt;/b&gt;",
        "&lt;div&gt;blok",
        "&lt;span&gt;spænd&lt;/span&gt;",
    ):
        assert shown in words, shown


HOSTILE = "A & B <C> \"D\" 'E' </w:t> {{ x }}"


def test_xml_characters_in_every_text_field_come_out_literally(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    q = quoted
    front = "".join(
        [
            f'udvalg: "{q}"\nmoededato: 21.09.2011\nmoedested: "{q}"\npunkt: 3\n',
            f'titel: "{q}"\nsagsnr: "{q}"\nresume: "{q}"\nindstiller: "{q}"\n',
            f'indstilling:\n  - "{q}"\n',
            f'anbefaling:\n  til: "{q}"\n  punkter:\n    - "{q}"\n',
            f'bilag:\n  - "{q}"\nunderskrift: ["{q}"]\n',
            f'beslutning:\n  - tekst: "{q}"\n',
        ]
    )
    make(tmp_path, SAG, sag_md(front=front, tekst=HOSTILE))
    result = invoke("indstilling", "s", "-o", "ud")
    assert result.exit_code == 0, result.output
    xml = document_xml(tmp_path / "ud" / "3-s.docx")
    escaped = "A &amp; B &lt;C&gt; \"D\" 'E' &lt;/w:t&gt; {{ x }}"
    # titel, moedested, sagsnr, resume, indstiller, indstilling, anbefaling (til and
    # punkt), bilag, underskrift, the body; the udvalg in the at-line.
    assert xml.count("A &amp; B &lt;C&gt;") >= 10, xml.count("A &amp; B &lt;C&gt;")
    assert escaped in words_of(tmp_path / "ud" / "3-s.docx").replace("&quot;", '"')


def test_xml_characters_in_a_notat_come_out_literally(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quoted = HOSTILE.replace('"', '\\"')
    q = quoted
    extra = (
        f'sagsnr: "{q}"\ndokumentnr: "{q}"\nsagsbehandler: "{q}"\n'
        f'afsender:\n  center: "{q}"\n  adresse: ["{q}"]\n  email: "{q}"\n'
    )
    make(tmp_path, "n.md", notat_md(extra, tekst=f"## {HOSTILE}\n\n{HOSTILE}"))
    result = invoke(*NOTAT)
    assert result.exit_code == 0, result.output
    xml = document_xml(tmp_path / "ud" / "n.docx")
    assert xml.count("A &amp; B &lt;C&gt;") >= 8


def test_a_template_loop_is_bounded_in_time(tmp_path, monkeypatch):
    """Nine literal loops of ten: 10^9 iterations without the budget."""
    monkeypatch.chdir(tmp_path)
    make(tmp_path, SAG, sag_md())
    loops = "{% for a in [0,1,2,3,4,5,6,7,8,9] %}" * 9 + "{% endfor %}" * 9
    docx_with("t.docx", loops)(tmp_path)
    with alarm(20):
        result = CliRunner().invoke(main, list(SKABELON), prog_name="dagsorden")
    assert result.exit_code == 1
    assert "gennemløbes mere end 100.000 gange" in result.output
    assert not (tmp_path / "ud" / "3-s.docx").exists()


def test_a_template_may_still_use_its_filters_and_loops(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make(tmp_path, SAG, sag_md())
    docx_with(
        "t.docx",
        "{{ sag.titel|upper }} / {{ sag.indstiller|join(', ') }} / {{ 2 ** 10 }} / "
        "{{ sag.udvalg|og }} / {% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }}"
        "{% endfor %}{% endfor %} / {{ (sag.titel ~ '!')|replace('!', '?') }}",
    )(tmp_path)
    result = invoke(*SKABELON)
    assert result.exit_code == 0, result.output
    assert "EN SAG / Socialforvaltningen / 1024 / Socialudvalget / 1x1y2x2y / En sag?" in (
        words_of(tmp_path / "ud" / "3-s.docx")
    )
