"""Documents from one template share nothing: what a template renders in one paper
(here a footnote) never reaches the next. A compiled template once gave every paper
after the first the first one's footnotes, and so a closed punkt's title could reach
the public set through a project's own template."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from click.testing import CliRunner

from dagsorden.cli import main

ROOT = Path(__file__).resolve().parents[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">FODNOTE: {{ sag.titel }}</w:t>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


def _with_footnote(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as zin:
        files = {name: zin.read(name) for name in zin.namelist()}
    files["word/footnotes.xml"] = FOOTNOTES.encode()
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ).encode()
    types = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    document = files["word/document.xml"].decode()
    files["word/document.xml"] = document.replace(
        "<w:body>",
        '<w:body><w:p><w:r><w:t>Se note</w:t></w:r><w:r><w:footnoteReference w:id="1"/>'
        "</w:r></w:p>",
        1,
    ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in files.items():
            zout.writestr(name, data)
    return target


def test_each_paper_gets_its_own_footnotes(tmp_path):
    template = _with_footnote(ROOT / "templates" / "indstilling.docx", tmp_path / "fn.docx")
    cases = [ROOT / "cases" / name for name in ("forebyggelse", "bif-sof", "pejlemaerker-2014")]
    result = CliRunner().invoke(
        main,
        ["indstilling", *map(str, cases), "-o", str(tmp_path / "ud"), "--skabelon", str(template)],
    )
    assert result.exit_code == 0, result.output
    papers = sorted((tmp_path / "ud").glob("*.docx"))
    assert len(papers) == 3
    notes = []
    for paper in papers:
        with zipfile.ZipFile(paper) as package:
            xml = package.read("word/footnotes.xml").decode()
            title = re.search(
                r"<dc:title>(.*?)</dc:title>", package.read("docProps/core.xml").decode()
            )
        notes.append(re.findall(r"FODNOTE: ([^<]*)", xml))
        assert title is not None
    assert all(len(found) == 1 for found in notes), notes
    assert len({found[0] for found in notes}) == 3, notes
