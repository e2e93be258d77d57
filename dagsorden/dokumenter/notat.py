"""A notat as a Word document: `templates/notat.docx` filled from a notat already
read (`kilder.notat.read_notat`). The template holds every fixed word and the
layout; this module only hands it the notat's facts and body.
"""

from __future__ import annotations

from pathlib import Path

from dagsorden.dokumenter.docx_body import BodyWriter
from dagsorden.dokumenter.render import Skabelon
from dagsorden.kerne.sager import Notat

__all__ = ["build_notat", "output_path"]


def output_path(notat: Notat, ud: Path) -> Path:
    """`<UD>/<filstamme>.docx`: the notat keeps its Markdown file's name."""
    return ud / f"{notat.fil.stem}.docx"


def build_notat(notat: Notat, ud: Path, skabelon: Skabelon, target: Path | None = None) -> Path:
    """Writes one notat to `<ud>/<filstamme>.docx` (or `target`), whole or not at all."""
    document = skabelon.new_document()
    indhold = document.new_subdoc()
    writer = BodyWriter(indhold)
    for section in notat.afsnit:
        if section.titel:
            # A section title is the author's text: added as text, never as markup.
            indhold.add_heading(section.titel, 2)
        writer.add_blocks(section.blocks)
    context = {
        "til": notat.til,
        "dato": notat.dato,
        "bilagsnr": notat.bilagsnr,
        "titel": notat.titel,
        "sagsnr": notat.sagsnr,
        "dokumentnr": notat.dokumentnr,
        "sagsbehandler": notat.sagsbehandler,
        "afsender": notat.afsender,
        "indhold": indhold,
    }
    forfatter = notat.afsender.forvaltning if notat.afsender else ""
    target = target or output_path(notat, ud)
    return skabelon.write(document, context, target, titel=notat.titel, forfatter=forfatter)
