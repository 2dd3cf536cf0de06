"""Text as a contributor's editor may save it: bytes that are not UTF-8, invisible control
characters, nesting too deep to read. Each is located on its own line, so the message
points at the line to fix rather than at line 1 of the file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the
# non-characters U+FFFE/U+FFFF; a byte-order mark (U+FEFF) anywhere but at the start.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|(?!\\A)\ufeff")
MAX_DEPTH = 50  # the data files nest a few levels; far deeper is a mistake (and crashes the reader near 500)


def located_decode(raw: bytes) -> tuple[str | None, int, str]:
    """(text, 0, "") for UTF-8, else (None, line of the first bad byte, what is wrong)."""
    try:
        return raw.decode("utf-8"), 0, ""
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, line, f"not valid UTF-8 ({exc.reason}): save the file as UTF-8 (or retype the text of this line)"


def read_utf8(path: Path) -> tuple[str | None, int, str]:
    """The file's text with universal newlines, as `Path.read_text` gives it, or where it is not UTF-8."""
    text, line, message = located_decode(path.read_bytes())
    if text is not None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, line, message


def control_character(text: str) -> tuple[int, str] | None:
    """(line, message) for the first invisible control character, else None."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    char = match.group()
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    name = unicodedata.name(char, "a control character")
    return (
        line,
        f"invisible character U+{ord(char):04X} ({name}) at column {column}: delete it"
        " (it often comes from copying text out of another program)",
    )


def deepest(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """(line, depth) where YAML nesting first goes past `limit`, from the tokens (no recursion)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    starts = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken)
    opens = (*starts, yaml.FlowSequenceStartToken)
    ends = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, opens):
                depth += 1
                if depth > limit:
                    return token.start_mark.line + 1, depth
            elif isinstance(token, ends):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None
