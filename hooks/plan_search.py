"""One search index per language, NFC-normalised, written after the whole site is built.

mkdocs-static-i18n 1.3.1 writes one merged `search/search_index.json` and the English
pages load it too, so each language's search returns the other's pages. This module
splits the merged index by URL prefix (`en/…` belongs to English), strips the prefix
so locations are relative to that language's root, and writes each index beside its
language root (`search/…` and `en/search/…`). Every title and text is NFC-normalised
so that the browser's accent folding (in `assets/javascripts/workers/plan-search.js`)
sees one spelling of each letter.

Pure functions on dicts and paths: no MkDocs import, so the split is testable alone.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INDEX_PATH = "search/search_index.json"

SearchIndex = dict[str, Any]


class SearchIndexError(ValueError):
    """The merged index is not shaped as Material writes it."""


@dataclass(frozen=True)
class LanguageIndex:
    """The index of one language and the folder (relative to the site) it belongs in."""

    lang: str
    prefix: str  # "" for the default language, "en/" for English
    index: SearchIndex

    @property
    def path(self) -> str:
        return f"{self.prefix}{INDEX_PATH}"


def nfc(value: Any) -> Any:
    """NFC-normalise strings, also inside lists (Material's `tags`)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    return value


def _owner(location: str, prefixes: Mapping[str, str]) -> tuple[str, str]:
    """The language a location belongs to and the location relative to its root."""
    for lang, prefix in prefixes.items():
        if prefix and location.startswith(prefix):
            return lang, location[len(prefix) :]
    default = next(lang for lang, prefix in prefixes.items() if not prefix)
    return default, location


def split_index(merged: Mapping[str, Any], languages: Iterable[str], default: str) -> list[LanguageIndex]:
    """Split Material's merged index into one index per language.

    `languages` lists every built language; `default` is the one served at the root.
    Each index keeps Material's config, with `lang` set to its own language only
    (so the browser loads only that language's lunr support).
    """
    if not isinstance(merged.get("docs"), list) or not isinstance(merged.get("config"), dict):
        raise SearchIndexError(f"{INDEX_PATH}: expected an object with 'config' and 'docs'")
    prefixes = {lang: ("" if lang == default else f"{lang}/") for lang in languages}
    if default not in prefixes:
        raise SearchIndexError(f"default language '{default}' is not among the built languages {sorted(prefixes)}")
    docs: dict[str, list[dict[str, Any]]] = {lang: [] for lang in prefixes}
    for doc in merged["docs"]:
        if not isinstance(doc, dict) or not isinstance(doc.get("location"), str):
            raise SearchIndexError(f"{INDEX_PATH}: every entry needs a 'location' string, got {doc!r:.80}")
        lang, location = _owner(doc["location"], prefixes)
        docs[lang].append({key: nfc(value) for key, value in doc.items()} | {"location": location})
    out = []
    for lang, prefix in prefixes.items():
        index: SearchIndex = {key: copy.deepcopy(value) for key, value in merged.items() if key != "docs"}
        index["config"]["lang"] = [lang]
        index["docs"] = docs[lang]
        out.append(LanguageIndex(lang, prefix, index))
    return out


def without_page(entries: Iterable[Mapping[str, Any]], url: str) -> list[Any]:
    """The search entries of pages other than `url` (a page has an entry and `url#…` sections)."""
    return [entry for entry in entries if str(entry.get("location", "")).split("#", 1)[0] != url]


def dumps(index: Mapping[str, Any]) -> str:
    """Compact UTF-8 JSON: Material's `\\uXXXX` escapes make Vietnamese 1.5× larger."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def write_language_indexes(site_dir: Path, languages: Iterable[str], default: str) -> list[LanguageIndex]:
    """Replace the merged index in `site_dir` by one index per language."""
    merged_path = site_dir / INDEX_PATH
    try:
        merged = json.loads(merged_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SearchIndexError(f"{merged_path}: cannot read the search index: {exc}") from None
    parts = split_index(merged, languages, default)
    for part in parts:
        target = site_dir / part.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dumps(part.index), encoding="utf-8")
    return parts
