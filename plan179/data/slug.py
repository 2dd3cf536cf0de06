"""ASCII slugs for Vietnamese text: readable anchors and URLs (Đà Nẵng → da-nang).

Python-Markdown's default slugify drops every accented letter and `đ`, turning
"Đà Nẵng địa điểm" into "a-nang-ia-iem". Folding tones away and `đ` to `d` keeps
anchors readable and stable across builds.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Vietnamese without tones or marks, `đ`/`Đ` as `d`/`D` (case kept)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(value: str, separator: str = "-") -> str:
    """Lowercase ASCII slug; the signature matches Python-Markdown's toc `slugify`."""
    ascii_text = fold(value).lower()
    return _NON_ALNUM.sub(separator, ascii_text).strip(separator)
