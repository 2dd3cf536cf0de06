"""`make new-article SLUG=…`: a new bilingual article or news post, ready to fill in.

It writes `docs/<section>/<slug>.vi.md` and `.en.md` with front matter that already
passes validation (today's date, one tag) and `TODO:` placeholders that the page
check refuses, so an unfinished article can be previewed but never published. Neither
needs a line anywhere else: the menu and the section's list of articles come from the
folder (plan179.content.navigation), and news posts from the news listing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plan179.content.gitdates import VIETNAM
from plan179.content.news import NEWS_DIR
from plan179.data.model import SLUG_PATTERN

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = "tim-hieu"
SECTIONS = (ARTICLES_DIR, NEWS_DIR)

_TEMPLATES = {
    "vi": """---
title: "TODO: tiêu đề bài viết"
description: "TODO: một câu tóm tắt bài viết, hiện trong kết quả tìm kiếm."
date: "{date}"
tags:
  - "TODO: chủ đề"
---

# TODO: tiêu đề bài viết

TODO: đoạn mở đầu, nói rõ bài viết giúp người đọc hiểu điều gì.

## TODO: tiêu đề mục

TODO: nội dung. Thông tin về Kế hoạch lấy từ [toàn văn Kế hoạch](../ke-hoach/toan-van.md); thông tin bên ngoài ghi số nguồn, ví dụ (nguồn 2).

## Nguồn

1. Ủy ban nhân dân tỉnh Tiền Giang, [Kế hoạch số 179/KH-UBND ngày 15/6/2017 (toàn văn)](../ke-hoach/toan-van.md).
2. TODO: cơ quan ban hành, [tên văn bản hoặc trang](https://địa-chỉ-chính-thức), ngày.
""",
    "en": """---
title: "TODO: article title"
description: "TODO: one sentence summing up the article, shown in search results."
date: "{date}"
tags:
  - "TODO: topic"
---

# TODO: article title

??? note plan-notice "Unofficial translation"
    The English text on this site, including the English text of Plan 179/KH-UBND, is an unofficial translation. Only the Vietnamese text of the plan is official.

TODO: translation of the Vietnamese article, paragraph by paragraph.

## TODO: section title

TODO: text, with the same numbered sources as the Vietnamese article, e.g. (source 2).

## Sources

1. People's Committee of Tiền Giang province, [Plan No. 179/KH-UBND of 15 June 2017 (full text)](../ke-hoach/toan-van.md).
2. TODO: issuing body, [title of the document or page](https://official-address), date.
""",
}


class ScaffoldError(Exception):
    """A request the scaffold refuses, with what to do instead."""


@dataclass(frozen=True)
class Scaffolded:
    files: list[Path]


def today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


def scaffold(root: Path, slug: str, section: str = ARTICLES_DIR, date: dt.date | None = None) -> Scaffolded:
    """Write the pair; refuse to overwrite anything."""
    if not re.match(SLUG_PATTERN, slug):
        raise ScaffoldError(
            f"SLUG '{slug}' is not a valid page name: use lowercase ASCII letters, digits and hyphens,"
            " e.g. ngay-asean-2026 (no accents, no spaces)"
        )
    if section not in SECTIONS:
        raise ScaffoldError(f"SECTION '{section}' is not known: use {' or '.join(SECTIONS)}")
    folder = root / "docs" / section
    if not folder.is_dir():
        raise ScaffoldError(f"docs/{section}/ does not exist in {root}")
    files = [folder / f"{slug}.{lang}.md" for lang in ("vi", "en")]
    for path in files:
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root).as_posix()} already exists: choose another SLUG")
    stamp = (date or today()).isoformat()
    for path, lang in zip(files, ("vi", "en"), strict=True):
        path.write_text(_TEMPLATES[lang].format(date=stamp), encoding="utf-8")
    return Scaffolded(files)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make new-article", description=__doc__)
    parser.add_argument("slug", nargs="?", default="", help="the page name in the address, e.g. ngay-asean-2026")
    parser.add_argument("--section", default=ARTICLES_DIR, help=f"{' or '.join(SECTIONS)} (default {ARTICLES_DIR})")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if not args.slug:
        print("Give the new page's name: make new-article SLUG=ngay-asean-2026 [SECTION=tin-tuc]", file=sys.stderr)
        return 2
    try:
        done = scaffold(args.root, args.slug, args.section)
    except ScaffoldError as exc:
        print(f"new-article: {exc}", file=sys.stderr)
        return 1
    for path in done.files:
        print(f"created {path.relative_to(args.root).as_posix()}")
    print("Next: replace every TODO (the build refuses pages that still have one), then `make serve` to preview.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
