"""Writes templates/indstilling.docx, the docxtpl template of an indstilling.

    uv run python scripts/make_templates.py

The template is an ordinary Word document a person may open and restyle: the
Jinja tags ({{ ... }}, {%p ... %}) stand in paragraphs of their own or in single
runs, so Word keeps them intact. It starts from python-docx's default document so
its style ids (List Bullet, List Number, Table Grid, Caption) are the ones the
renderer's generated content refers to. Re-run after changing this script;
existing templates are replaced.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def set_danish(document) -> None:
    """Danish language tag on the document defaults, so Word spell-checks in Danish."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "da-DK")
    lang.set(qn("w:eastAsia"), "da-DK")
    document.core_properties.language = "da-DK"


def style_document(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = True
    caption = document.styles["Caption"]
    caption.font.name = "Arial"
    caption.font.size = Pt(10)
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.font.bold = True
    at_punkt = document.styles.add_style("At-punkt", 1)
    at_punkt.base_style = normal
    at_punkt.paragraph_format.left_indent = Cm(0.75)
    at_punkt.paragraph_format.first_line_indent = Cm(-0.75)
    note = document.styles.add_style("Fodnote", 1)
    note.base_style = normal
    note.font.size = Pt(8.5)
    resume = document.styles.add_style("Resumé", 1)
    resume.base_style = normal
    resume.font.italic = True
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2.5)


def add_field(paragraph, instruction: str) -> None:
    """A Word field such as PAGE, which Word and LibreOffice fill in when shown."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("{% if sag.sagsnr %}Sagsnr. {{ sag.sagsnr }} · {% endif %}Side ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" af ")
    add_field(paragraph, "NUMPAGES")


def indstilling() -> Document:
    document = Document()
    set_danish(document)
    style_document(document)
    footer(document)
    p = document.add_paragraph
    p("{%p if sag.lukket %}")
    p("Lukket punkt").runs[0].bold = True
    p("{%p endif %}")
    p("Mødedato: {{ sag.moededato|moededato }}")
    p("{%p if sag.moedested %}")
    p("Mødested: {{ sag.moedested }}")
    p("{%p endif %}")
    document.add_heading(
        "{{ sag.punkt }}. {{ sag.titel }}{% if sag.sagsnr %} ({{ sag.sagsnr }}){% endif %}", 1
    )
    p("{%p if sag.resume %}")
    p("{{ sag.resume }}", style="Resumé")
    p("{%p endif %}")
    document.add_heading("Indstilling og beslutning", 2)
    p("{{ sag.indstiller|og }} indstiller over for {{ sag.udvalg|og }},")
    p("{%p for punkt in indstilling %}")
    p("{{ loop.index }}. at {{ punkt }}", style="At-punkt")
    p("{%p endfor %}")
    p("{%p if anbefaling %}")
    p(
        "{{ sag.indstiller|og }} indstiller, at {{ sag.udvalg|og }} anbefaler "
        "{{ anbefaling.til|og }} at godkende,"
    )
    p("{%p for punkt in anbefaling.punkter %}")
    p("{{ indstilling|length + loop.index }}. at {{ punkt }}", style="At-punkt")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p for afsnit in afsnit %}")
    document.add_heading("{{ afsnit.titel }}", 2)
    p("{%p if afsnit.ingen_oekonomi %}")
    p("Indstillingen har ingen økonomiske konsekvenser.")
    p("{%p else %}")
    p("{{p afsnit.indhold }}")
    p("{%p endif %}")
    p("{%p endfor %}")
    p("{%p if sag.bilag %}")
    document.add_heading("Bilag", 2)
    p("{%p for bilag in sag.bilag %}")
    p("Bilag {{ loop.index }}. {{ bilag.titel }}")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if sag.underskrift %}")
    p("{{ sag.underskrift|join(' / ') }}")
    p("{%p endif %}")
    document.add_heading("Beslutning", 2)
    p("{%p if beslutninger|length > 1 %}")
    document.add_heading("Oversigt over politisk behandling", 3)
    p("{%p endif %}")
    p("{%p for beslutning in beslutninger %}")
    decision = p(
        "{{ beslutning.udvalg|genitiv }} beslutning"
        "{% if beslutning.dato %} i mødet {{ beslutning.dato|dato }}{% endif %}"
    )
    decision.runs[0].bold = True
    p("{{ beslutning.tekst }}")
    p("{%p endfor %}")
    p("{%p if referat and not beslutninger %}")
    p("Punktet er endnu ikke behandlet.").runs[0].italic = True
    p("{%p endif %}")
    return document


def dagsorden() -> Document:
    """The agenda of a meeting, or with `referat` its minutes."""
    document = Document()
    set_danish(document)
    style_document(document)
    p = document.add_paragraph
    document.add_heading("{{ overskrift }}", 1)
    p("{{ moede.udvalg }}").runs[0].bold = True
    p("Mødedato: {{ moede.moededato|moededato }}")
    p("{%p if moede.moedested %}")
    p("Mødested: {{ moede.moedested }}")
    p("{%p endif %}")
    document.add_heading("Punkter", 2)
    p("{%p for punkt in punkter %}")
    p("{{ punkt.nummer }}. {{ punkt.titel }}", style="At-punkt")
    p("{%p for beslutning in punkt.beslutninger %}")
    p("{{ beslutning.udvalg|genitiv }} beslutning: {{ beslutning.tekst }}", style="Resumé")
    p("{%p endfor %}")
    p("{%p if referat and punkt.ubehandlet %}")
    p("Punktet er endnu ikke behandlet.", style="Resumé")
    p("{%p endif %}")
    p("{%p endfor %}")
    return document


def oekonomi() -> Document:
    """A page holding only an Økonomi table, for a budget officer to paste elsewhere."""
    document = Document()
    set_danish(document)
    style_document(document)
    document.add_paragraph("{{p tabel }}")
    return document


def statusbilag() -> Document:
    """The status appendix of seed 002: overview, then a section per pejlemærke."""
    document = Document()
    set_danish(document)
    style_document(document)
    footer(document)
    p = document.add_paragraph
    p("{%p if undertitel %}")
    p("{{ undertitel }}").runs[0].bold = True
    p("{%p endif %}")
    document.add_heading("{{ titel }}", 1)
    document.add_heading("Læsevejledning", 2)
    p("{%p for linje in laesevejledning %}")
    p("{{ linje }}")
    p("{%p endfor %}")
    p("{{ farvesaetning }}")
    p("{{p oversigt }}")
    p("{%p for pm in pejlemaerker %}")
    document.add_heading("{{ pm.nummer }}. {{ pm.titel }}", 2)
    p("{{p pm.tabel }}")
    p("{{p pm.barometer }}")
    sections = (
        ("aarsager", "Årsager til status/udvikling", None),
        ("aktiviteter", "Aktiviteter der skal understøtte pejlemærket", "List Bullet"),
        (
            "risici",
            "Hvad har forvaltningen igangsat for at imødegå risici/udfordringer",
            "List Bullet",
        ),
    )
    for key, heading, style in sections:
        p(f"{{%p if pm.{key} %}}")
        document.add_heading(heading, 3)
        p(f"{{%p for tekst in pm.{key} %}}")
        p("{{ tekst }}", style=style)
        p("{%p endfor %}")
        p("{%p endif %}")
    p("{%p if pm.budgetforslag %}")
    document.add_heading("Følgende budgetforslag vil understøtte målene i pejlemærket", 3)
    p("{%p for forslag in pm.budgetforslag %}")
    proposal = p(style="List Bullet")
    proposal.add_run("{{ forslag.kode }}").bold = True
    proposal.add_run(": {{ forslag.tekst }}")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p if pm.opmaerksomhed %}")
    document.add_heading("Særlige opmærksomhedspunkter", 3)
    p("{%p for tekst in pm.opmaerksomhed %}")
    p("{{ tekst }}")
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{%p for note in pm.noter %}")
    p("{{ note.nummer }}. {{ note.tekst }}", style="Fodnote")
    p("{%p endfor %}")
    p("{%p endfor %}")
    return document


def borderless(table) -> None:
    """No borders at all: a layout table only places text side by side."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr = table._tbl.tblPr
    # The schema orders tblPr's children; tblBorders comes before these.
    after = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    successor = next((c for c in tbl_pr if c.tag in {qn(t) for t in after}), None)
    if successor is None:
        tbl_pr.append(borders)
    else:
        successor.addprevious(borders)


def notat() -> Document:
    """A memo like seed 001: "Til <udvalg>" beside the date, the case numbers and the
    sender block in a narrow right-hand column, then the title and the body."""
    document = Document()
    set_danish(document)
    style_document(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as the seed
    felt = document.styles.add_style("Notatfelt", 1)
    felt.base_style = document.styles["Normal"]
    felt.font.size = Pt(8.5)
    felt.paragraph_format.space_after = Pt(0)
    label = document.styles.add_style("Notatfelt overskrift", 1)
    label.base_style = felt
    label.font.bold = True
    label.paragraph_format.space_before = Pt(6)

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Side ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" af ")
    add_field(paragraph, "NUMPAGES")

    layout = document.add_table(rows=1, cols=2)
    borderless(layout)
    layout.autofit = False
    for column, width in zip(layout.columns, (Cm(11), Cm(5)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    left, right = layout.rows[0].cells
    addressee = left.paragraphs[0].add_run("Til {{ til|og }}")
    addressee.bold = True
    addressee.font.size = Pt(12)

    right.paragraphs[0].style = felt
    right.paragraphs[0].add_run("{{ dato|notatdato }}")
    cell = right.add_paragraph

    def field(condition: str, heading: str, value: str) -> None:
        cell(f"{{%p if {condition} %}}", style=felt)
        cell(heading, style=label)
        cell(value, style=felt)
        cell("{%p endif %}", style=felt)

    field("sagsnr", "Sagsnr.", "{{ sagsnr }}")
    field("dokumentnr", "Dokumentnr.", "{{ dokumentnr }}")
    field("sagsbehandler", "Sagsbehandler", "{{ sagsbehandler }}")
    cell("{%p if afsender %}", style=felt)
    cell("", style=label)
    for key in ("center", "forvaltning"):
        cell(f"{{%p if afsender.{key} %}}", style=felt)
        cell(style=felt).add_run(f"{{{{ afsender.{key} }}}}").bold = True
        cell("{%p endif %}", style=felt)
    cell("{%p for linje in afsender.adresse %}", style=felt)
    cell("{{ linje }}", style=felt)
    cell("{%p endfor %}", style=felt)
    field("afsender.telefon", "Telefon", "{{ afsender.telefon }}")
    field("afsender.email", "E-mail", "{{ afsender.email }}")
    field("afsender.ean", "EAN-nummer", "{{ afsender.ean }}")
    cell("{%p endif %}", style=felt)

    document.add_heading("{% if bilagsnr %}Bilag {{ bilagsnr }}: {% endif %}{{ titel }}", 1)
    document.add_paragraph("{{p indhold }}")
    return document


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    builders = (
        ("indstilling", indstilling),
        ("oekonomi", oekonomi),
        ("statusbilag", statusbilag),
        ("notat", notat),
        ("dagsorden", dagsorden),
    )
    for name, build in builders:
        target = TEMPLATES / f"{name}.docx"
        build().save(target)
        print(target)


if __name__ == "__main__":
    main()
