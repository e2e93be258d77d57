"""Bad outputs (issue 9, sections 1 and 3): every command that writes refuses to
delete or overwrite what it did not write, and a fault while writing (a full disk,
no right to write, a busy folder, a name too long) ends in one Danish message
naming the user's own target, exit 1, with nothing half-written."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from badinput import Bad, run_bad

ROOT = Path(__file__).resolve().parents[1]
EKSEMPLER = ROOT / "workbooks" / "eksempler"
BUDGET = ROOT / "cases" / "forebyggelse" / "budget.xlsx"
SEKSBY = ROOT / "cases" / "notater" / "seksby.md"
LONG = "a" * 250
"""A case folder name the file system holds, but not as `1-<name>.docx`."""

LOCK = (".ud.lock",)
"""The build lock beside UD may stay behind (it is empty and harmless)."""


def sag_md(punkt: int = 1, titel: str = "En lille sag") -> str:
    return f"""---
udvalg: Socialudvalget
moededato: 19.11.2014 kl. 16:00
punkt: {punkt}
titel: {titel}
indstiller: Socialforvaltningen
indstilling:
  - at udvalget godkender det
---

## Problemstilling

Tekst.

## Løsning

Tekst.

## Videre proces

Tekst.
"""


def write_sag(folder: Path, punkt: int = 1) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sag.md").write_text(sag_md(punkt), encoding="utf-8")


def meeting(work: Path, *, sag: str = "sag1", statusbilag: bool = False) -> None:
    """A meeting of one small case: cases/moede.yaml, cases/<sag>/sag.md."""
    write_sag(work / "cases" / sag)
    punkt = (
        f"  - sag: {sag}\n    statusbilag: ../workbooks/eksempler\n"
        if statusbilag
        else (f"  - {sag}\n")
    )
    if statusbilag:
        shutil.copytree(EKSEMPLER, work / "workbooks" / "eksempler")
    (work / "cases" / "moede.yaml").write_text(
        "udvalg: Socialudvalget\nmoededato: 19.11.2014 kl. 16:00\npunkter:\n" + punkt,
        encoding="utf-8",
    )


def marked_build(folder: Path, files: dict[str, bytes] | None = None) -> None:
    """A build folder as `byg` leaves it: its files and the marker listing them."""
    files = files or {"medlemmer/dagsorden.docx": b"gammel", "offentlig/dagsorden.docx": b"x"}
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    (folder / ".dagsorden-byg").write_text(
        "Denne mappe er bygget af dagsorden.\n\n" + json.dumps({"filer": sorted(files)}),
        encoding="utf-8",
    )


def with_meeting(extra=None, **kwargs):
    def setup(work: Path) -> None:
        meeting(work, **kwargs)
        if extra is not None:
            extra(work)

    return setup


def fault(target: str, name: str, code: int, when=None):
    """A monkeypatch hook: `module.name` raises OSError(code) (when `when(args)`)."""

    def patch(monkeypatch) -> None:
        import importlib

        module = importlib.import_module(target)
        original = getattr(module, name)

        def failing(*args, **kwargs):
            if when is None or when(args):
                raise OSError(code, os.strerror(code))
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, failing)

    return patch


def docx_save_fault(code: int):
    """python-docx/docxtpl saving a document meets `code` (a full disk, ...)."""

    def patch(monkeypatch) -> None:
        from docxtpl import DocxTemplate

        def failing(self, filename, *args, **kwargs):
            Path(filename).write_bytes(b"PK\x03\x04 halvt")
            raise OSError(code, os.strerror(code))

        monkeypatch.setattr(DocxTemplate, "save", failing)

    return patch


def set_home(monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(Path.cwd() / "hjem"))


def _folder(path: str, files: dict[str, str] | None = None):
    def make(work: Path) -> None:
        (work / path).mkdir(parents=True, exist_ok=True)
        for name, text in (files or {}).items():
            (work / path / name).write_text(text, encoding="utf-8")

    return make


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _recorded(folder: str, name: str, data: bytes, recorded_as: bytes):
    """`folder/name` holding `data`, noted in .dagsorden-filer as `recorded_as`."""

    def make(work: Path) -> None:
        (work / folder).mkdir(parents=True, exist_ok=True)
        (work / folder / name).write_bytes(data)
        (work / folder / ".dagsorden-filer").write_text(
            json.dumps({"filer": {name: _sha(recorded_as)}}), encoding="utf-8"
        )

    return make


def _setup(*steps):
    def setup(work: Path) -> None:
        for step in steps:
            step(work)

    return setup


def _sag(path: str, punkt: int = 1):
    return lambda work: write_sag(work / path, punkt)


def _copy(source: Path, target: str):
    def make(work: Path) -> None:
        (work / target).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, work / target)
        else:
            shutil.copyfile(source, work / target)

    return make


def _link(name: str, to: str):
    return lambda work: (work / name).symlink_to(work / to, target_is_directory=True)


def _write(path: str, data: bytes = b"mine egne noter"):
    def make(work: Path) -> None:
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_bytes(data)

    return make


FOREIGN = "dagsorden sletter aldrig filer, det ikke selv har skrevet"
HOLDS = "byggemappen rummer mødets egne filer"
NOT_OURS = "filen findes allerede og er ikke skrevet af dagsorden"
IN_BUILD = "er bygget af 'dagsorden byg', som erstatter den helt ved næste byg"
FULL = "der er ikke plads nok på disken til at skrive filen"
NO_RIGHT = "dagsorden har ikke lov at skrive i"
TOO_LONG = "filnavnet er for langt til filsystemet"

CASES = [
    # --- byg: folders that hold, are or lie in the meeting's inputs -----------------
    Bad(
        "ud-byg-sagsmappen-cases",
        with_meeting(),
        ("byg", "--stille", "-o", "cases"),
        HOLDS,
        ("cases: ", "cases/moede.yaml"),
    ),
    Bad(
        "ud-byg-punktum",
        with_meeting(),
        ("byg", "--stille", "-o", "."),
        HOLDS,
        (".: ",),
    ),
    Bad(
        "ud-byg-forældermappen",
        with_meeting(),
        ("byg", "--stille", "-o", ".."),
        HOLDS,
        ("..: ",),
    ),
    Bad(
        "ud-byg-en-sag",
        with_meeting(),
        ("byg", "--stille", "-o", "cases/sag1"),
        HOLDS,
        ("cases/sag1: ", "cases/sag1/sag.md"),
    ),
    Bad(
        "ud-byg-arbejdsbøger",
        with_meeting(statusbilag=True),
        ("byg", "--stille", "-o", "workbooks"),
        HOLDS,
        ("workbooks: ", "workbooks/eksempler"),
    ),
    Bad(
        "ud-byg-inde-i-sagsmappe",
        with_meeting(),
        ("byg", "--stille", "-o", "cases/sag1/ud"),
        "byggemappen ligger inde i cases/sag1, som mødet læser fra",
        ("cases/sag1/ud: ",),
    ),
    Bad(
        "ud-byg-inde-i-arbejdsbogsmappe",
        with_meeting(statusbilag=True),
        ("byg", "--stille", "-o", "workbooks/eksempler/ud"),
        "byggemappen ligger inde i workbooks/eksempler",
        ("workbooks/eksempler/ud: ",),
    ),
    Bad(
        "ud-byg-link-til-sagerne",
        with_meeting(_link("genvej", "cases")),
        ("byg", "--stille", "-o", "genvej"),
        HOLDS,
        ("genvej: ",),
    ),
    Bad(
        "ud-byg-link-til-anden-mappe",
        with_meeting(_setup(_folder("andet", {"noter.txt": "x"}), _link("genvej", "andet"))),
        ("byg", "--stille", "-o", "genvej"),
        "byggemappen er et symbolsk link",
        ("genvej: ",),
    ),
    Bad(
        "ud-byg-egen-skabelon",
        with_meeting(_copy(ROOT / "templates" / "dagsorden.docx", "templates/dagsorden.docx")),
        ("byg", "--stille", "-o", "templates"),
        HOLDS,
        ("templates/dagsorden.docx",),
    ),
    Bad(
        "ud-byg-hjemmemappen",
        with_meeting(_folder("hjem", {"breve.txt": "x"})),
        ("byg", "--stille", "-o", "hjem"),
        "byggemappen kan ikke være din hjemmemappe",
        ("hjem: ",),
        monkeypatch=set_home,
    ),
    Bad(
        "ud-byg-over-hjemmemappen",
        with_meeting(_folder("brugere/hjem")),
        ("byg", "--stille", "-o", "brugere"),
        "din hjemmemappe eller en mappe over den",
        ("brugere: ",),
        monkeypatch=lambda mp: mp.setenv("HOME", str(Path.cwd() / "brugere" / "hjem")),
    ),
    Bad(
        "ud-byg-roden",
        with_meeting(),
        ("byg", "--stille", "-o", "/"),
        "byggemappen kan ikke være filsystemets rod",
        ("/: ",),
    ),
    # --- byg: folders that are not ours ---------------------------------------------
    Bad(
        "ud-byg-fremmed-mappe",
        with_meeting(_folder("noter", {"noter.txt": "vigtigt"})),
        ("byg", "--stille", "-o", "noter"),
        "mappen findes allerede og er ikke bygget af dagsorden",
        ("noter: ", "noter.txt", FOREIGN),
    ),
    Bad(
        "ud-byg-fremmed-fil-i-byggemappe",
        with_meeting(_setup(lambda w: marked_build(w / "ud"), _write("ud/noter.txt"))),
        ("byg", "--stille", "-o", "ud"),
        "mappen rummer filer, som 'dagsorden byg' ikke har skrevet: noter.txt",
        ("ud: ", FOREIGN),
    ),
    Bad(
        "ud-byg-fremmed-mappe-i-sæt",
        with_meeting(_setup(lambda w: marked_build(w / "ud"), _write("ud/medlemmer/egne/a.txt"))),
        ("byg", "--stille", "-o", "ud"),
        "ikke har skrevet: medlemmer/egne/",
        ("ud: ",),
    ),
    Bad(
        "ud-byg-indstilling-i-ud",
        with_meeting(_recorded("ud", "3-forebyggelse.docx", b"papir", b"papir")),
        ("byg", "--stille"),
        "ikke bygget af dagsorden",
        ("ud: ", "3-forebyggelse.docx"),
    ),
    Bad(
        "ud-byg-mærke-er-link",
        with_meeting(
            _setup(
                lambda w: marked_build(w / "andet"),
                _folder("ud", {"noter.txt": "x"}),
                lambda w: (w / "ud" / ".dagsorden-byg").symlink_to(w / "andet" / ".dagsorden-byg"),
            )
        ),
        ("byg", "--stille", "-o", "ud"),
        "ikke bygget af dagsorden",
        ("ud: ",),
    ),
    Bad(
        "ud-byg-mærke-ulæseligt",
        with_meeting(
            _setup(_write("ud/.dagsorden-byg", b"\xff\xfe rod"), _write("ud/medlemmer/a.docx"))
        ),
        ("byg", "--stille", "-o", "ud"),
        "mærkefilen .dagsorden-byg kan ikke læses",
        ("ud: ",),
    ),
    Bad(
        "ud-byg-inde-i-byggemappe",
        with_meeting(lambda w: marked_build(w / "ud")),
        ("byg", "--stille", "-o", "ud/medlemmer/ny"),
        "ligger inde i",
        ("ud/medlemmer/ny: ", "ligger inde i ud,"),
    ),
    Bad(
        "ud-byg-er-en-fil",
        with_meeting(_write("ud")),
        ("byg", "--stille", "-o", "ud"),
        "er den forkerte slags sti",
        ("'ud'",),
        exit_code=2,
    ),
    Bad(
        "ud-byg-åben-i-word",
        with_meeting(
            _setup(lambda w: marked_build(w / "ud"), _write("ud/medlemmer/~$dagsorden.docx"))
        ),
        ("byg", "--stille", "-o", "ud"),
        "et dokument er åbent i Word eller Excel",
        ("ud/medlemmer", "~$dagsorden.docx"),
    ),
    # --- byg: names too long for the file system -------------------------------------
    Bad(
        "ud-byg-langt-sagsnavn",
        with_meeting(sag=LONG),
        ("byg", "--stille", "-o", "ud"),
        TOO_LONG,
        (f"ud/medlemmer/1-{LONG}.docx", f"Giv sagsmappen cases/{LONG} et kortere navn"),
        may_write=LOCK,
    ),
    Bad(
        "ud-byg-langt-mappenavn",
        with_meeting(),
        ("byg", "--stille", "-o", "u" * 245),
        "mappens navn er for langt til filsystemet",
        ("u" * 245,),
    ),
    # --- byg: faults while writing ---------------------------------------------------
    Bad(
        "ud-byg-disken-fuld",
        with_meeting(),
        ("byg", "--stille", "-o", "ud"),
        FULL,
        ("ud/offentlig/samlet-dagsorden.docx",),  # the first file written
        may_write=LOCK,
        monkeypatch=docx_save_fault(errno.ENOSPC),
    ),
    Bad(
        "ud-byg-kvote-opbrugt",
        with_meeting(lambda w: marked_build(w / "ud")),
        ("byg", "--stille", "-o", "ud"),
        FULL,
        ("ud/offentlig/samlet-dagsorden.docx",),  # the first file written
        may_write=LOCK,
        monkeypatch=docx_save_fault(errno.EDQUOT),
    ),
    Bad(
        "ud-byg-ingen-skriveadgang",
        with_meeting(),
        ("byg", "--stille", "-o", "ud"),
        NO_RIGHT,
        ("ud: ",),
        may_write=LOCK,
        monkeypatch=fault("tempfile", "mkdtemp", errno.EACCES),
    ),
    Bad(
        "ud-byg-skrivebeskyttet-drev",
        with_meeting(),
        ("byg", "--stille", "-o", "ud"),
        NO_RIGHT,
        ("ud/offentlig/samlet-dagsorden.docx",),  # the first file written
        may_write=LOCK,
        monkeypatch=docx_save_fault(errno.EROFS),
    ),
    Bad(
        "ud-byg-mappen-i-brug",
        with_meeting(lambda w: marked_build(w / "ud")),
        ("byg", "--stille", "-o", "ud"),
        "mappen kunne ikke erstattes, fordi den er i brug",
        ("ud: ", "Den forrige udgave er urørt"),
        may_write=LOCK,
        monkeypatch=fault("os", "replace", errno.EBUSY, when=lambda a: Path(a[0]).is_dir()),
    ),
    Bad(
        "ud-byg-tom-mappe-i-brug",
        with_meeting(_folder("ud")),
        ("byg", "--stille", "-o", "ud"),
        "mappen kunne ikke erstattes, fordi den er i brug",
        ("ud: ",),
        may_write=LOCK,
        monkeypatch=fault("os", "replace", errno.EBUSY, when=lambda a: Path(a[0]).is_dir()),
    ),
    # --- indstilling -----------------------------------------------------------------
    Bad(
        "ud-indstilling-samme-navn",
        _setup(_sag("a/sag"), _sag("b/sag")),
        ("indstilling", "a/sag", "b/sag"),
        "a/sag og b/sag ville begge blive skrevet til ud/1-sag.docx",
        ("Giv den ene sagsmappe et andet navn",),
    ),
    Bad(
        "ud-indstilling-fremmed-fil",
        _setup(_sag("sag"), _write("ud/1-sag.docx", b"min egen version")),
        ("indstilling", "sag"),
        NOT_OURS,
        ("ud/1-sag.docx",),
    ),
    Bad(
        "ud-indstilling-rettet-i-word",
        _setup(_sag("sag"), _recorded("ud", "1-sag.docx", b"rettet", b"som skrevet")),
        ("indstilling", "sag"),
        "filen er ændret, siden dagsorden skrev den",
        ("ud/1-sag.docx",),
    ),
    Bad(
        "ud-indstilling-notefil-er-rod",
        _setup(_sag("sag"), _write("ud/1-sag.docx", b"egen"), _write("ud/.dagsorden-filer", b"{[")),
        ("indstilling", "sag"),
        NOT_OURS,
        ("ud/1-sag.docx",),
    ),
    Bad(
        "ud-indstilling-i-byggemappe",
        _setup(_sag("sag"), lambda w: marked_build(w / "ud")),
        ("indstilling", "sag"),
        IN_BUILD,
        ("ud/1-sag.docx", "mappen ud er bygget"),
    ),
    Bad(
        "ud-indstilling-over-skabelonen",
        _setup(_sag("sag"), _copy(ROOT / "templates" / "indstilling.docx", "ud/1-sag.docx")),
        ("indstilling", "sag", "--skabelon", "ud/1-sag.docx"),
        "er en af de filer, kommandoen læser",
        ("ud/1-sag.docx",),
    ),
    Bad(
        "ud-indstilling-over-bilag",
        _setup(
            lambda w: write_sag(w / "sag"),
            lambda w: (w / "sag" / "sag.md").write_text(
                sag_md().replace(
                    "indstilling:", "bilag:\n  - titel: B\n    fil: 1-sag.docx\nindstilling:"
                ),
                encoding="utf-8",
            ),
            _copy(ROOT / "templates" / "indstilling.docx", "sag/1-sag.docx"),
        ),
        ("indstilling", "sag", "-o", "sag"),
        "er en af de filer, kommandoen læser",
        ("sag/1-sag.docx",),
    ),
    Bad(
        "ud-indstilling-langt-navn",
        _sag(LONG),
        ("indstilling", LONG),
        TOO_LONG,
        (f"ud/1-{LONG}.docx", "Giv sagsmappen eller filen et kortere navn"),
    ),
    Bad(
        "ud-indstilling-disken-fuld",
        _sag("sag"),
        ("indstilling", "sag"),
        FULL,
        ("ud/1-sag.docx",),
        monkeypatch=docx_save_fault(errno.ENOSPC),
    ),
    Bad(
        "ud-indstilling-ingen-skriveadgang",
        _sag("sag"),
        ("indstilling", "sag", "-o", "papirer"),
        NO_RIGHT,
        ("papirer/1-sag.docx",),
        monkeypatch=fault("tempfile", "mkstemp", errno.EACCES),
    ),
    Bad(
        "ud-indstilling-fil-i-brug",
        _setup(_sag("sag"), _folder("ud")),
        ("indstilling", "sag"),
        "filen eller mappen er i brug af et andet program",
        ("ud/1-sag.docx",),
        monkeypatch=fault("os", "replace", errno.EBUSY),
    ),
    Bad(
        "ud-indstilling-navn-afvist-af-drev",
        _setup(_sag("sag"), _folder("ud")),
        ("indstilling", "sag"),
        "navnet er for langt til filsystemet",
        ("ud/1-sag.docx",),
        monkeypatch=fault("os", "replace", errno.ENAMETOOLONG),
    ),
    Bad(
        "ud-indstilling-sti-gennem-fil",
        _setup(_sag("sag"), _write("noter.txt")),
        ("indstilling", "sag", "-o", "noter.txt/ud"),
        "en del af stien er en fil, ikke en mappe",
        ("noter.txt/ud",),
    ),
    Bad(
        "ud-indstilling-mappe-med-filnavnet",
        _setup(_sag("sag"), _folder("ud/1-sag.docx")),
        ("indstilling", "sag"),
        "der ligger en mappe med det navn",
        ("ud/1-sag.docx",),
    ),
    # --- notat, statusbilag, oekonomi, ny --------------------------------------------
    Bad(
        "ud-notat-fremmed-fil",
        _setup(_copy(SEKSBY, "seksby.md"), _write("ud/seksby.docx")),
        ("notat", "seksby.md"),
        NOT_OURS,
        ("ud/seksby.docx",),
    ),
    Bad(
        "ud-notat-i-byggemappe",
        _setup(_copy(SEKSBY, "seksby.md"), lambda w: marked_build(w / "ud")),
        ("notat", "seksby.md"),
        IN_BUILD,
        ("ud/seksby.docx",),
    ),
    Bad(
        "ud-notat-disken-fuld",
        _copy(SEKSBY, "seksby.md"),
        ("notat", "seksby.md", "-o", "notater"),
        FULL,
        ("notater/seksby.docx",),
        monkeypatch=docx_save_fault(errno.ENOSPC),
    ),
    Bad(
        "ud-statusbilag-over-arbejdsbog",
        _copy(EKSEMPLER, "workbooks/eksempler"),
        ("statusbilag", "workbooks/eksempler", "-o", "workbooks/eksempler/pejlemaerke-1.xlsx"),
        "filnavnet skal ende på .docx",
        ("-o",),
        exit_code=2,
    ),
    Bad(
        "ud-statusbilag-fremmed-docx",
        _setup(_copy(EKSEMPLER, "wb"), _write("rapport.docx")),
        ("statusbilag", "wb", "-o", "rapport.docx"),
        NOT_OURS,
        ("rapport.docx",),
    ),
    Bad(
        "ud-statusbilag-over-skabelonen",
        _setup(
            _copy(EKSEMPLER, "wb"),
            _copy(ROOT / "templates" / "statusbilag.docx", "templates/statusbilag.docx"),
        ),
        ("statusbilag", "wb", "-o", "templates/statusbilag.docx"),
        "er en af de filer, kommandoen læser",
        ("templates/statusbilag.docx",),
    ),
    Bad(
        "ud-statusbilag-åben-i-word",
        _setup(
            _copy(EKSEMPLER, "wb"), _recorded("ud", "s.docx", b"x", b"x"), _write("ud/~$s.docx")
        ),
        ("statusbilag", "wb", "-o", "ud/s.docx"),
        "filen er åben i Word eller Excel",
        ("ud/s.docx", "~$s.docx"),
    ),
    Bad(
        "ud-oekonomi-over-arbejdsbogen",
        _copy(BUDGET, "budget.xlsx"),
        ("oekonomi", "budget.xlsx", "-o", "budget.xlsx"),
        "filnavnet skal ende på .docx",
        ("-o",),
        exit_code=2,
    ),
    Bad(
        "ud-oekonomi-fremmed-docx",
        _setup(_copy(BUDGET, "budget.xlsx"), _write("tabel.docx")),
        ("oekonomi", "budget.xlsx", "-o", "tabel.docx"),
        NOT_OURS,
        ("tabel.docx",),
    ),
    Bad(
        "ud-oekonomi-disken-fuld",
        _copy(BUDGET, "budget.xlsx"),
        ("oekonomi", "budget.xlsx", "-o", "tabel.docx"),
        FULL,
        ("tabel.docx",),
        monkeypatch=docx_save_fault(errno.ENOSPC),
    ),
    Bad(
        "ud-ny-i-byggemappe",
        lambda w: marked_build(w / "ud"),
        ("ny", "pejlemaerke", "ud/p.xlsx"),
        IN_BUILD,
        ("ud/p.xlsx",),
    ),
    Bad(
        "ud-ny-over-dinglende-link",
        lambda w: (w / "p.xlsx").symlink_to(w / "findes-ikke.xlsx"),
        ("ny", "budget", "p.xlsx"),
        "filen findes allerede",
        ("p.xlsx",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case, tmp_path, monkeypatch):
    result = run_bad(case, tmp_path, monkeypatch)
    # No staging or temporary folder of ours is left anywhere in the working folder.
    work = tmp_path / "arbejde"
    left = [p.name for p in work.rglob(".*") if "-ny-" in p.name or "dagsorden-tmp" in p.name]
    assert left == [], left
    assert "Traceback" not in result.output
