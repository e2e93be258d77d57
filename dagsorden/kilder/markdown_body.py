"""The Markdown body of a case (everything after the front matter) as blocks.

markdown-it-py parses CommonMark plus GFM tables; this module turns its syntax tree
into the plain blocks of blocks.py and checks the sections. HTML is switched off in
the parser, so `<b>x</b>`, `a & b < c`, `{{ x }}` and `{% if %}` stay literal text:
nothing in a case is ever interpreted as markup or template code.

Before parsing, HTML comments (`<!-- ... -->`) are removed, wherever they stand, so a
note to a colleague is never printed; one that never ends is an error. Characters
Word can't hold are refused with their line, except Word's own manual line break
(a vertical tab) and a form feed, which become line breaks.

Line numbers are those of sag.md: the caller says on which line the body starts.
"""

from __future__ import annotations

import difflib
import errno
import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from dagsorden.errors import CaseError, CaseProblem
from dagsorden.kerne.blocks import (
    Block,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    OekonomiTableMarker,
    Paragraph,
    Run,
    Runs,
    Section,
    StatusTableMarker,
    Table,
    plain_text,
)
from dagsorden.kerne.sager import OEKONOMI, STANDARD_AFSNIT, Papirform, afsnit_noegle
from dagsorden.kilder.front_matter import FORBUDTE_TEGN, forbudt_tegn

VALGFRIE_AFSNIT = frozenset({OEKONOMI})
"""Standard sections any case may leave out: without Økonomi the paper says
"Indstillingen har ingen økonomiske konsekvenser." (or, where the form makes it
valgfri, has no Økonomi section). The form's `valgfri` adds others."""

MARKOERER: dict[str, type[StatusTableMarker | OekonomiTableMarker]] = {
    "statustabel": StatusTableMarker,
    "økonomitabel": OekonomiTableMarker,
    "oekonomitabel": OekonomiTableMarker,
}
"""Marker names (case-insensitive, spaces ignored) and the block each becomes."""

_MARKOER = re.compile(
    r"\[\[ [ \t]* (?P<navn>[^\]:\n]*?) [ \t]*"
    r"(?: : [ \t]* (?P<sti>[^\]\n]*?) [ \t]* )? \]\]",
    re.VERBOSE,
)
_KENDTE_MARKOERER = "[[statustabel: STI]] og [[økonomitabel: STI]]"
_EKSEMPEL: dict[type[StatusTableMarker | OekonomiTableMarker], str] = {
    StatusTableMarker: "pejlemaerker",
    OekonomiTableMarker: "budget.xlsx",
}


def _normal(titel: str) -> str:
    return "".join(titel.split()).casefold()


_STANDARD_BY_NORMAL = {_normal(t): t for t in STANDARD_AFSNIT}


def standard_afsnit(titel: str) -> str | None:
    """The standard section a title names, ignoring case and spaces, else None.

    standard_afsnit("videre  PROCES") -> "Videre proces"; standard_afsnit("Effekt") -> None.
    """
    return _STANDARD_BY_NORMAL.get(_normal(titel))


MAX_NIVEAUER = 50
"""Token nesting (a list level counts two: list and item) a body may reach. Beyond
the parser's own maxNesting markdown-it silently drops the rest of the text, so the
parser gets room above this and a body reaching it is refused with its line."""

LINJESKIFT = re.compile("[\x0b\x0c]")
"""Word's manual line break (vertical tab) and a form feed: a line break in the text."""

_CELLESKEL = re.compile(r"(?<!\\)\|")
"""A cell border in a table row: a `|` not escaped as `\\|`."""

_KOMMENTAR = re.compile(r"<!--.*?-->", re.DOTALL)
_KOMMENTAR_START = "<!--"

_FORBUDTE_LINKS = re.compile(r"^\s*(?:file|javascript|vbscript|data):", re.IGNORECASE)
"""Link schemes no committee paper links to; markdown-it leaves them as literal text,
so `![x](file:///etc/passwd)` would be printed rather than refused."""


def _accept_every_link(url: str) -> bool:
    # Every link and image becomes a token; _inline refuses the bad ones by name.
    return True


@functools.cache
def _parser() -> MarkdownIt:
    # html off: tags in the text stay literal text, never markup.
    parser = MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NIVEAUER + 10}).enable(
        "table"
    )
    parser.validateLink = _accept_every_link  # type: ignore[method-assign]
    return parser


def _uden_kommentarer(text: str, first_line: int, problem: Callable[[int, str], None]) -> str:
    """`text` without HTML comments; each comment's newlines stay, so lines still match.

    An unclosed `<!--` is a problem: the author meant everything after it to be hidden.
    """

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group().count("\n")

    stripped = _KOMMENTAR.sub(blank, text)
    start = stripped.find(_KOMMENTAR_START)
    if start >= 0:
        problem(
            first_line + stripped[:start].count("\n"),
            "En HTML-kommentar '<!--' slutter aldrig med '-->'. Afslut kommentaren, "
            "så teksten efter den ikke kommer med i dokumentet.",
        )
        stripped = stripped[:start]
    return stripped


def _forbudte_tegn(text: str, first_line: int, problem: Callable[[int, str], None]) -> None:
    """One problem per line holding a character Word can't hold (not \\v, \\f)."""
    for offset, line in enumerate(text.split("\n")):
        match = FORBUDTE_TEGN.search(LINJESKIFT.sub("", line))
        if match is not None:
            problem(
                first_line + offset,
                f"Linjen indeholder {forbudt_tegn(match.group())}, som ikke kan stå i et "
                "Word-dokument. Slet det.",
            )


def parse_body(
    text: str,
    first_line: int,
    fil: Path,
    *,
    frie_afsnit: bool = False,
    markoerer: bool = True,
    form: Papirform | None = None,
) -> tuple[Section, ...]:
    """The `## ` sections of a case body, with their blocks.

    `first_line` is the line in `fil` (1-based) where `text` begins, so every line
    reported is a line of `fil`. Marker paths resolve against `fil`'s folder.
    Raises CaseError with every problem found (text before the first section,
    unknown markers, standard sections missing, out of order or twice).

    With `frie_afsnit` (a notat's body) the sections are free: any titles, kept as
    written, in any order or none at all, and text before the first `## ` is an
    opening section whose title is "".

    Without `markoerer` (a body that has no workbooks to compute tables from) a
    marker paragraph is a problem rather than a table.

    `form` names the standard sections, their order and which may be left out
    (default: the seeds' Problemstilling, Løsning, Økonomi, Videre proces).
    """
    reader = _BodyReader(fil, first_line, frie_afsnit, markoerer, form or Papirform())
    _forbudte_tegn(text, first_line, reader.problem)
    if reader.problems:
        raise CaseError(reader.problems)
    text = _uden_kommentarer(text, first_line, reader.problem)
    if reader.problems:
        # The sections after an unclosed comment are not missing; say only that.
        raise CaseError(reader.problems)
    sections = reader.read(text)
    if not frie_afsnit:
        reader.check_sections(sections, text)
    if reader.problems:
        raise CaseError(reader.problems)
    return sections


class _BodyReader:
    def __init__(
        self,
        fil: Path,
        first_line: int,
        frie_afsnit: bool = False,
        markoerer: bool = True,
        form: Papirform | None = None,
    ) -> None:
        self.form = form or Papirform()
        self.standard = {afsnit_noegle(t): t for t in self.form.afsnit}
        self.fil = fil
        self.first_line = first_line
        self.frie_afsnit = frie_afsnit
        self.markoerer = markoerer
        self.problems: list[CaseProblem] = []
        self.lines: list[str] = []
        """The body's source lines, for checks the parser's tree can't answer."""

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(CaseProblem(str(self.fil), line, message))

    def line_of(self, node: SyntaxTreeNode) -> int:
        return self.first_line + (node.map[0] if node.map else 0)

    # --- sections ---------------------------------------------------------------

    def read(self, text: str) -> tuple[Section, ...]:
        self.lines = text.split("\n")
        tokens = _parser().parse(text)
        deep = next((t for t in tokens if t.level >= MAX_NIVEAUER), None)
        if deep is not None:
            line = self.first_line + (deep.map[0] if deep.map else 0)
            self.problem(
                line,
                "Lister eller citater er indlejret for dybt her (mere end "
                f"{MAX_NIVEAUER // 2} niveauer). Ryk punkterne færre niveauer ind.",
            )
            return ()
        self.check_heading_levels(tokens)
        root = SyntaxTreeNode(tokens)
        sections: list[Section] = []
        current: tuple[str, int] | None = None
        blocks: list[Block] = []
        text_before_reported = False

        def close() -> None:
            if current is not None:
                sections.append(Section(current[0], tuple(blocks), current[1]))

        for node in root.children:
            if node.type == "heading" and node.tag == "h2":
                close()
                written = " ".join(plain_text(self.runs(node)).split())
                if not written:
                    self.problem(self.line_of(node), "Afsnittet har ingen titel efter '## '.")
                standard = self.standard.get(afsnit_noegle(written))
                titel = written if self.frie_afsnit else standard or written
                current = (titel, self.line_of(node))
                blocks = []
            elif node.type == "heading" and node.tag == "h1":
                self.problem(
                    self.line_of(node),
                    "Overskrift med '# '. Titlen står i 'titel' i front matter; afsnit "
                    "skrives med '## ' og underoverskrifter med '### '.",
                )
            elif current is None and self.frie_afsnit:
                current = ("", self.line_of(node))
                blocks = list(self.blocks(node))
            elif current is None:
                if not text_before_reported:
                    self.problem(
                        self.line_of(node),
                        "Tekst før første afsnit. Skriv resuméet i 'resume' i front matter, "
                        "eller sæt teksten under et afsnit ('## Problemstilling' ...).",
                    )
                    text_before_reported = True
            else:
                blocks.extend(self.blocks(node))
        close()
        return tuple(sections)

    def check_heading_levels(self, tokens: Sequence[Token]) -> None:
        """Headings go down one level at a time: a '#### ' right after a '## ' skips a
        level, which a screen reader and the PDF's structure tree (H2, then H4) can't
        follow. The paper's title is level 1, so the first heading is a '## '."""
        previous, previous_line = 1, None
        for token in tokens:
            if token.type != "heading_open":
                continue
            level = int(token.tag[1:])
            line = self.first_line + (token.map[0] if token.map else 0)
            if level > previous + 1:
                after = (
                    f"efter '{'#' * previous} ' i linje {previous_line}"
                    if previous_line is not None
                    else "direkte under titlen"
                )
                self.problem(
                    line,
                    f"Overskriften '{'#' * level} ' springer et niveau over ({after}). "
                    f"Skriv den med '{'#' * (previous + 1)} ', så overskrifterne kan følges "
                    "af en skærmlæser og i PDF-filens struktur.",
                )
            previous, previous_line = level, line

    def check_sections(self, sections: tuple[Section, ...], text: str) -> None:
        afsnit = self.form.afsnit
        order = {titel: i for i, titel in enumerate(afsnit)}
        first_seen: dict[str, Section] = {}
        latest: Section | None = None
        for section in sections:
            if section.titel not in order:
                continue
            if section.titel in first_seen:
                self.problem(
                    section.linje,
                    f"Afsnittet '## {section.titel}' står to gange "
                    f"(første gang i linje {first_seen[section.titel].linje}).",
                )
                continue
            first_seen[section.titel] = section
            if latest is not None and order[section.titel] < order[latest.titel]:
                self.problem(
                    section.linje,
                    f"Afsnittet '## {section.titel}' skal stå før '## {latest.titel}' "
                    f"(linje {latest.linje}). Rækkefølgen er " + ", ".join(afsnit) + ".",
                )
            else:
                latest = section

        last_line = self.first_line + max(text.count("\n") - (text.endswith("\n")), 0)
        for i, titel in enumerate(afsnit):
            if titel in first_seen or titel in VALGFRIE_AFSNIT or self.form.er_valgfrit(titel):
                continue
            after = [first_seen[t] for t in afsnit[i + 1 :] if t in first_seen]
            before = [first_seen[t] for t in afsnit[:i] if t in first_seen]
            if after:
                where = f"; det skal stå før '## {after[0].titel}'"
                line = after[0].linje
            elif before:
                where = f"; det skal stå efter '## {before[-1].titel}'"
                line = last_line
            else:
                where = ""
                line = self.first_line
            self.problem(line, f"Afsnittet '## {titel}' mangler{where}. {self.form_text()}")

    def form_text(self) -> str:
        """ "En sag har afsnittene Problemstilling, Løsning, Økonomi (kan udelades) og
        Videre proces, i den rækkefølge." and where that form is set, if not the default."""
        names = [
            f"{t} (kan udelades)" if t in VALGFRIE_AFSNIT or self.form.er_valgfrit(t) else t
            for t in self.form.afsnit
        ]
        listed = ", ".join(names[:-1]) + f" og {names[-1]}" if len(names) > 1 else names[0]
        text = f"En sag har afsnittene {listed}, i den rækkefølge."
        if self.form.kilde:
            text += f" (Formen er sat i {self.form.kilde}.)"
        return text

    # --- blocks -----------------------------------------------------------------

    def blocks(self, node: SyntaxTreeNode) -> list[Block]:
        kind = node.type
        if kind == "paragraph":
            marker = self.marker(node)
            return [marker] if marker is not None else [Paragraph(self.runs(node))]
        if kind == "heading":
            return [Heading(self.runs(node), int(node.tag[1:]))]
        if kind == "bullet_list":
            return [BulletList(tuple(self.list_items(node, 0)))]
        if kind == "ordered_list":
            start = int(str(node.attrs.get("start", 1)))
            return [NumberedList(tuple(self.list_items(node, 0)), start)]
        if kind == "table":
            return [self.table(node)]
        if kind in ("fence", "code_block"):
            return [Paragraph((Run(_tekst(node.content.rstrip("\n"))),))]
        if kind == "blockquote":
            return [block for child in node.children for block in self.blocks(child)]
        if kind == "hr":
            # A thematic break has no place in the committee's paper.
            return []
        self.problem(self.line_of(node), f"Markdown-elementet '{kind}' understøttes ikke her.")
        return []

    def list_items(self, node: SyntaxTreeNode, level: int) -> list[ListItem]:
        items: list[ListItem] = []
        for item in node.children:
            runs: list[Run] = []
            nested: list[ListItem] = []
            for child in item.children:
                if child.type in ("paragraph", "heading"):
                    if runs:
                        runs.append(Run("\n"))
                    runs.extend(self.runs(child))
                elif child.type in ("fence", "code_block"):
                    if runs:
                        runs.append(Run("\n"))
                    runs.append(Run(_tekst(child.content.rstrip("\n"))))
                elif child.type in ("bullet_list", "ordered_list"):
                    # Nested lists flatten into levels of the outer list.
                    nested.extend(self.list_items(child, level + 1))
                else:
                    self.problem(
                        self.line_of(child),
                        "En tabel eller et citat kan ikke stå inde i en liste. "
                        "Sæt det efter listen, med en tom linje før.",
                    )
            items.append(ListItem(_merged(runs), level))
            items.extend(nested)
        return items

    def table(self, node: SyntaxTreeNode) -> Table:
        header: tuple[Runs, ...] = ()
        rows: list[tuple[Runs, ...]] = []
        for part in node.children:
            for row in part.children:
                cells = tuple(self.runs(cell) for cell in row.children)
                if part.type == "thead":
                    header = cells
                else:
                    self.check_row_width(row, len(header))
                    rows.append(cells)
        return Table(header, tuple(rows))

    def check_row_width(self, row: SyntaxTreeNode, columns: int) -> None:
        """GFM drops a cell beyond the header's without a word; a typed figure must
        not vanish, so a row with more cells than the header is a problem."""
        if not row.map or not self.lines:
            return
        source = self.lines[row.map[0]].strip()
        source = source.removeprefix("|")  # (a `|` inside backticks splits too, as in GFM)
        source = source[:-1] if source.endswith("|") and not source.endswith("\\|") else source
        written = len(_CELLESKEL.split(source))
        if written > columns:
            self.problem(
                self.line_of(row),
                f"Rækken har {written} celler, men tabellens overskrift har {columns}; den "
                "sidste celle ville blive tabt. Tilføj en kolonne i overskriften, eller slet "
                "cellen.",
            )

    def marker(self, node: SyntaxTreeNode) -> StatusTableMarker | OekonomiTableMarker | None:
        inline = node.children[0] if node.children else None
        source = inline.content if inline is not None else ""
        lines = source.split("\n")
        if not self.markoerer:
            for offset, text in enumerate(lines):
                if _MARKOER.fullmatch(text.strip()):
                    self.problem(
                        self.line_of(node) + offset,
                        f"Markøren '{text.strip()}' kan ikke bruges her: tabelmarkører virker "
                        "kun i en sags sag.md. Skriv tabellen som en Markdown-tabel.",
                    )
            return None
        whole = _MARKOER.fullmatch(source.strip())
        if whole is None:
            for offset, text in enumerate(lines):
                if len(lines) > 1 and _MARKOER.fullmatch(text.strip()):
                    self.problem(
                        self.line_of(node) + offset,
                        f"Markøren '{text.strip()}' skal stå alene i sit afsnit, "
                        "med en tom linje før og efter.",
                    )
            return None

        written = source.strip()
        line = self.line_of(node)
        name = "".join(whole["navn"].split()).casefold()
        kind = MARKOERER.get(name)
        if kind is None:
            close = difflib.get_close_matches(name, ["statustabel", "økonomitabel"], n=1)
            hint = f" Mente du '{close[0]}'?" if close else ""
            self.problem(
                line,
                f"Ukendt markør '{written}'.{hint} Kendte markører: {_KENDTE_MARKOERER}.",
            )
            return None
        sti = (whole["sti"] or "").strip()
        if not sti:
            self.problem(
                line,
                f"Markøren '{written}' mangler en sti: skriv fx [[{name}: {_EKSEMPEL[kind]}]].",
            )
            return None
        path = self.fil.parent / sti
        try:
            exists = path.exists()
        except OSError as exc:  # a name too long for the file system, a loop of links
            self.problem(line, f"Markøren '{written}' kan ikke bruges: {_stat_message(exc)}")
            return None
        if not exists:
            self.problem(line, f"Markøren '{written}' peger på '{path}', som ikke findes.")
        return kind(path, line)

    # --- inline -----------------------------------------------------------------

    def runs(self, node: SyntaxTreeNode) -> Runs:
        """The runs of a block's inline content (a paragraph, heading or cell)."""
        runs: list[Run] = []
        for child in node.children:
            if child.type == "inline":
                self._inline(child, runs, fed=False, kursiv=False, link=None)
        return _merged(runs)

    def _inline(
        self, node: SyntaxTreeNode, runs: list[Run], fed: bool, kursiv: bool, link: str | None
    ) -> None:
        for child in node.children:
            kind = child.type
            if kind in ("text", "code_inline"):
                runs.append(Run(_tekst(child.content), fed, kursiv, link))
            elif kind == "softbreak":
                runs.append(Run(" ", fed, kursiv, link))
            elif kind == "hardbreak":
                runs.append(Run("\n", fed, kursiv, link))
            elif kind == "strong":
                self._inline(child, runs, True, kursiv, link)
            elif kind == "em":
                self._inline(child, runs, fed, True, link)
            elif kind == "link":
                href = str(child.attrs.get("href", ""))
                if _FORBUDTE_LINKS.match(href):
                    self.problem(
                        self._line_of_inline(node, href),
                        f"Linket '{href}' kan ikke bruges i et udvalgspapir. Brug et link, "
                        "der begynder med https://, http:// eller mailto:.",
                    )
                self._inline(child, runs, fed, kursiv, href)
            elif kind == "image":
                src = str(child.attrs.get("src", ""))
                self.problem(
                    self._line_of_inline(node, src),
                    f"Billeder kan ikke stå i brødteksten ('{src}'). Vedlæg billedet som bilag.",
                )
            else:
                runs.append(Run(_tekst(child.content), fed, kursiv, link))

    def _line_of_inline(self, node: SyntaxTreeNode, written: str = "") -> int:
        """The line of an inline element: its block's first line, moved down to the
        line of the block's source that holds `written` (a link's or image's target)."""
        source = node.content if node.type == "inline" else ""
        while node.map is None and node.parent is not None:
            node = node.parent
        line = self.line_of(node)
        if written and source:
            for offset, text in enumerate(source.split("\n")):
                if written in text:
                    return line + offset
        return line


def _stat_message(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "navnet er for langt til filsystemet (højst 255 tegn pr. mappe- eller filnavn)."
    return f"stien kan ikke læses ({exc.strerror or exc})."


def _tekst(text: str) -> str:
    """Text of a run: Word's manual line break (vertical tab) and a form feed become
    line breaks, which the document writes as breaks."""
    return LINJESKIFT.sub("\n", text)


def _merged(runs: list[Run]) -> Runs:
    """Neighbouring runs with the same formatting joined into one."""
    merged: list[Run] = []
    for run in runs:
        if not run.tekst:
            continue
        if merged and _same_format(merged[-1], run):
            last = merged.pop()
            run = Run(last.tekst + run.tekst, run.fed, run.kursiv, run.link)
        merged.append(run)
    return tuple(merged)


def _same_format(a: Run, b: Run) -> bool:
    return (a.fed, a.kursiv, a.link) == (b.fed, b.kursiv, b.link)
