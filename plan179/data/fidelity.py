"""Every quotation of the plan is verbatim, checked at build as well as in the tests.

A `Quote` is Vietnamese copied from the official text. An edit in the web editor that
changes one letter of it (or pastes a near copy from elsewhere) would publish words the
People's Committee never wrote; the build stops instead, naming the file and line.
Comparison is after NFC normalisation and whitespace folding: the official file mixes
NFC and NFD, and YAML folds lines.

Plain Python: no MkDocs import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from plan179.data.load import Located, SiteData, dotted
from plan179.data.model import Quote
from plan179.data.strict_yaml import Document, PathKey, YamlError, parse_file

SOURCE = Path("source") / "179-KH-UBND.txt"

_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFC, with every run of whitespace as one space."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def differences(quote: str, official: str, most: int = 3) -> str:
    """Where a quotation departs from the closest passage of the official text, in words.

    `; the official text has «…» where this has «…»` for the first few differences, so a
    communicator sees which words to fix; empty when no passage is close.
    """
    said = quote.split(" ")
    words = official.split(" ")
    matcher = difflib.SequenceMatcher(None, said, words, autojunk=False)
    longest = matcher.find_longest_match(0, len(said), 0, len(words))
    if longest.size < min(3, len(said)):
        return ": no passage of the official text is close to it"
    start = max(0, longest.b - longest.a)
    window = words[start : start + len(said)]
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, said, window, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if (
            i2 == len(said)
            and j2 == len(window)
            and window[j1:j2]
            and said[i1:i2] == [w.rstrip(",.;:") for w in window[j1:j2]]
        ):
            continue  # the quotation stops before the passage's punctuation
        mine = " ".join(said[i1:i2]) or "(nothing)"
        theirs = " ".join(window[j1:j2]) or "(nothing)"
        parts.append(f"the official text has «{theirs}» where this has «{mine}»")
        if len(parts) == most:
            break
    return "; " + "; ".join(parts) if parts else ""


def quotes(value: object, path: PathKey = ()) -> Iterator[tuple[PathKey, Quote]]:
    """Every Quote inside a model tree, with its field path (as in the YAML file)."""
    if isinstance(value, Quote):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from quotes(getattr(value, name), (*path, name))
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from quotes(item, (*path, i))


def check_quotes(site: SiteData, root: Path) -> list[Located]:
    """Every quotation that is not in the official text, as `file:line` problems."""
    source = root / SOURCE
    if not source.exists():
        return [Located(SOURCE.as_posix(), 1, "the official text is missing: restore it from the repository")]
    official = fold(source.read_text(encoding="utf-8"))
    records: list[tuple[str, BaseModel]] = [(site.files.get("plan", "data/plan.yml"), site.plan)]
    records += [(site.files[p.id], p) for p in site.pillars if p.id in site.files]
    records += [(site.files[a.id], a) for a in site.agencies if a.id in site.files]
    problems: list[Located] = []
    docs: dict[str, Document | None] = {}
    for file, record in records:
        for path, quote in quotes(record):
            if fold(quote.vi) in official:
                continue
            if file not in docs:
                try:
                    docs[file] = parse_file(root / file, file)
                except YamlError:
                    docs[file] = None
            doc = docs[file]
            line = doc.line_of((*path, "vi")) if doc is not None else 1
            problems.append(
                Located(
                    file,
                    line,
                    f"{dotted((*path, 'vi'))} is a quotation but is not word for word in {SOURCE.as_posix()}"
                    f"{differences(fold(quote.vi), official)}: copy it exactly from the official text "
                    "(or, if it is our own wording, it must not be a quotation)",
                )
            )
    return problems
