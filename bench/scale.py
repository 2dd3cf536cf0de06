"""Synthetic plans scaled from the real one, written as real `data/` and `docs/` files.

A national portal would carry the same plan for many provinces, so a plan scaled ×N is
the real plan plus N-1 copies of its provincial bodies (agencies, duty groups, section VI
headings, obligations) and of its awareness articles, each copy named after another
province. The model allows exactly five pillars (one per ASCC characteristic, A–E) and
ten task letters (a…k), so pillars are filled up to ten tasks each rather than multiplied.
New texts re-use the real plan's quotations with their own translations (the build checks
every quotation word for word against the official text, at every size), and names are
re-targeted at each province, so the pages carry realistic bilingual text with full
diacritics. Everything is validated by `plan_load.load`, the build's own loader; the
fidelity tests stay on the real `data/` only. The scratch project's `mkdocs.yml` lists
every page in `nav:` (the strict build fails otherwise), by province, in groups of about
√n provinces, as a site of that size would organise its navigation.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import bench  # noqa: F401  (puts hooks/ and tests/ on sys.path)
from build_helpers import copy_project
from plan179.data.load import SiteData, load
from plan179.data.model import TaskLetter, expected_task_id
from plan179.data.slug import slugify
from plan179.data.strict_yaml import parse_file

# Vietnam's 63 provincial units before the 2025 merger, less Tiền Giang (the real plan).
PROVINCES: tuple[tuple[str, str], ...] = tuple(
    [(f"thành phố {n}", f"{n} City") for n in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")]
    + [
        (f"tỉnh {n}", f"{n} Province")
        for n in (
            "An Giang",
            "Bà Rịa - Vũng Tàu",
            "Bắc Giang",
            "Bắc Kạn",
            "Bạc Liêu",
            "Bắc Ninh",
            "Bến Tre",
            "Bình Định",
            "Bình Dương",
            "Bình Phước",
            "Bình Thuận",
            "Cà Mau",
            "Cao Bằng",
            "Đắk Lắk",
            "Đắk Nông",
            "Điện Biên",
            "Đồng Nai",
            "Đồng Tháp",
            "Gia Lai",
            "Hà Giang",
            "Hà Nam",
            "Hà Tĩnh",
            "Hải Dương",
            "Hậu Giang",
            "Hòa Bình",
            "Hưng Yên",
            "Khánh Hòa",
            "Kiên Giang",
            "Kon Tum",
            "Lai Châu",
            "Lâm Đồng",
            "Lạng Sơn",
            "Lào Cai",
            "Long An",
            "Nam Định",
            "Nghệ An",
            "Ninh Bình",
            "Ninh Thuận",
            "Phú Thọ",
            "Phú Yên",
            "Quảng Bình",
            "Quảng Nam",
            "Quảng Ngãi",
            "Quảng Ninh",
            "Quảng Trị",
            "Sóc Trăng",
            "Sơn La",
            "Tây Ninh",
            "Thái Bình",
            "Thái Nguyên",
            "Thanh Hóa",
            "Thừa Thiên Huế",
            "Trà Vinh",
            "Tuyên Quang",
            "Vĩnh Long",
            "Vĩnh Phúc",
            "Yên Bái",
        )
    ]
)
HOME = ("tỉnh Tiền Giang", "Tiền Giang Province")
ARTICLES = "tim-hieu"  # the folder of hand-written awareness articles that is copied per province
AGENCY_INDEX = "ke-hoach/co-quan/index.md"
NATIONAL_KINDS = {"ministry"}  # bodies that exist once for the country: never copied per province
LETTERS: tuple[str, ...] = TaskLetter.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Place:
    """A province a copy of the plan's bodies is named after."""

    vi: str
    en: str
    slug: str


@dataclass(frozen=True)
class ScaledProject:
    """A scratch project and what the generator put into it."""

    root: Path
    factor: int
    site: SiteData
    articles_per_language: int


def places(count: int) -> list[Place]:
    """`count` distinct provinces; past the 62 real ones, a second round of plans."""
    out = []
    for i in range(count):
        vi, en = PROVINCES[i % len(PROVINCES)]
        round_ = i // len(PROVINCES) + 1
        if round_ > 1:
            vi, en = f"{vi} (đợt {round_})", f"{en} (round {round_})"
        out.append(Place(vi, en, slugify(vi)))
    return out


# --- YAML out: every string double-quoted, as the strict reader wants -------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _emit(value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                yield f"{pad}{key}:"
                yield from _emit(item, indent + 2)
            else:
                yield f"{pad}{key}: {'[]' if item == [] else '{}' if item == {} else _scalar(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                lines = list(_emit(item, indent + 2))
                yield f"{pad}- {lines[0].lstrip()}"
                yield from lines[1:]
            else:
                yield f"{pad}- {_scalar(item)}"
    else:
        yield pad + _scalar(value)


def dump_yaml(value: Any) -> str:
    """Block-style YAML with quoted strings, readable by `plan_yaml` without refusals."""
    return "\n".join(_emit(value, 0)) + "\n"


# --- text: the real plan's quotations, recombined in both languages --------------------


class TextPool:
    """The real plan's quotations with their translations, re-used as the texts of new records.

    Only pairs whose Vietnamese is word for word in the official text qualify: the build
    checks every quotation against it (plan_fidelity), at every size.
    """

    def __init__(self, documents: list[Any], official: str, seed: int) -> None:
        source = _fold(official)
        self.pairs: list[tuple[str, str]] = sorted(p for p in set(self._pairs(documents)) if _fold(p[0]) in source)
        if not self.pairs:
            raise ValueError("no quotation of data/ is found in the official text")
        self.rng = random.Random(seed)

    def _pairs(self, value: Any) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            vi, en = value.get("vi"), value.get("en")
            if set(value) == {"vi", "en"} and isinstance(vi, str) and isinstance(en, str) and len(vi) >= 60:
                yield vi, en
            for item in value.values():
                yield from self._pairs(item)
        elif isinstance(value, list):
            for item in value:
                yield from self._pairs(item)

    def pick(self) -> dict[str, str]:
        vi, en = self.rng.choice(self.pairs)
        return {"vi": vi, "en": en}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def localise(label: dict[str, str], place: Place) -> dict[str, str]:
    """An editorial name re-targeted at another province ('Sở Y tế' → 'Sở Y tế tỉnh An Giang').

    Only for labels: a quotation (headings, `listed_as`) stays word for word.
    """
    vi, en = label["vi"], label["en"]
    vi = vi.replace(HOME[0], place.vi) if HOME[0] in vi else f"{vi} {place.vi}"
    en = en.replace(HOME[1], place.en) if HOME[1] in en else f"{en}, {place.en}"
    return {"vi": vi, "en": en}


# --- data/ -------------------------------------------------------------------------------


def _read(path: Path) -> Any:
    return parse_file(path).data


def _retarget_slug(slug: str, place: Place) -> str:
    """'so-y-te' → 'so-y-te-tinh-an-giang'; 'ubnd-tinh-tien-giang' → 'ubnd-tinh-an-giang'."""
    home = slugify(HOME[0])
    return slug.replace(home, place.slug) if home in slug else f"{slug}-{place.slug}"


def scale_data(data_dir: Path, copies: list[Place], official: str, seed: int = 179) -> dict[str, list[str]]:
    """Add one copy of the plan's provincial bodies per place, and fill pillars to ten tasks.

    Returns the new agencies' slugs per place, for the navigation.
    """
    plan = _read(data_dir / "plan.yml")
    agency_files = sorted((data_dir / "agencies").glob("*.yml"))
    pillar_files = sorted((data_dir / "pillars").glob("*.yml"))
    agencies = [_read(p) for p in agency_files]
    pillars = [_read(p) for p in pillar_files]
    pool = TextPool([plan, *agencies, *pillars], official, seed)

    for path, pillar in zip(pillar_files, pillars, strict=True):
        tasks = list(pillar["tasks"])
        for letter in LETTERS[len(tasks) :]:
            tasks.append({"letter": letter, "id": expected_task_id(pillar["number"], letter), "text": pool.pick()})
        pillar["tasks"] = tasks
        path.write_text(dump_yaml(pillar), encoding="utf-8")

    headings = list(plan["headings"])
    body_headings = [h for h in headings if h.get("agency") or h.get("group")]
    next_number = 1 + max(int(h["id"].split(".")[1]) for h in headings if h["id"].startswith("VI."))
    groups = list(plan.get("duty_groups", []))
    obligations = list(plan.get("obligations", []))
    new_groups: list[dict[str, Any]] = []
    new_obligations: list[dict[str, Any]] = []
    slugs: dict[str, list[str]] = {}
    for place in copies:
        slugs[place.slug] = []
        agency_id = {a["id"]: a["id"] if a["kind"] in NATIONAL_KINDS else f"{a['id']}-{place.slug}" for a in agencies}
        group_id = {g["id"]: f"{g['id']}-{place.slug}" for g in groups}
        section = {}
        for h in body_headings:
            new_id = f"VI.{next_number}"
            next_number += 1
            section[h["id"]] = new_id
            heading = {"id": new_id, "text": h["text"]}
            if h.get("agency"):
                heading["agency"] = agency_id[h["agency"]]
            if h.get("group"):
                heading["group"] = group_id[h["group"]]
            headings.append(heading)
        for g in groups:
            gid = group_id[g["id"]]
            new_groups.append(
                g
                | {
                    "id": gid,
                    "section": section.get(g["section"], g["section"]),
                    "duties": [{"id": f"{gid}.{j + 1}", "text": pool.pick()} for j in range(len(g["duties"]))],
                }
            )
        for ob in obligations:
            new_obligations.append(
                ob
                | {
                    "id": f"{ob['id']}-{place.slug}",
                    "section": section.get(ob["section"], ob["section"]),
                    "actors": [agency_id.get(a, group_id.get(a, a)) for a in ob["actors"]],
                    "recipients": [agency_id.get(r, r) for r in ob.get("recipients", [])],
                }
            )
        for agency in agencies:
            if agency["kind"] in NATIONAL_KINDS:
                continue
            aid = agency_id[agency["id"]]
            clone = agency | {
                "id": aid,
                "slug": _retarget_slug(agency["slug"], place),
                "name": localise(agency["name"], place),
                "sections": [section.get(s, s) for s in agency["sections"]],
                "duties": [{"id": f"{aid}.{j + 1}", "text": pool.pick()} for j in range(len(agency.get("duties", [])))],
                "groups": [group_id[g] for g in agency.get("groups", [])],
            }
            clone.pop("former_slugs", None)
            (data_dir / "agencies" / f"{clone['slug']}.yml").write_text(dump_yaml(clone), encoding="utf-8")
            slugs[place.slug].append(clone["slug"])
    plan["headings"] = headings
    plan["duty_groups"] = groups + new_groups
    plan["obligations"] = obligations + new_obligations
    (data_dir / "plan.yml").write_text(dump_yaml(plan), encoding="utf-8")
    return slugs


# --- docs/ and nav -----------------------------------------------------------------------

_TITLE = re.compile(r'^(title: )"(.*)"$', re.MULTILINE)
_H1 = re.compile(r"^# (.+)$", re.MULTILINE)


def scale_articles(docs_dir: Path, copies: list[Place]) -> None:
    """Copy the awareness articles once per place (same depth, so relative links hold)."""
    source = docs_dir / ARTICLES
    for place in copies:
        target = docs_dir / f"{ARTICLES}-{place.slug}"
        shutil.copytree(source, target)
        for page in sorted(target.rglob("*.md")):
            suffix = " – " + (place.en if page.name.endswith(".en.md") else place.vi)
            text = page.read_text(encoding="utf-8")
            text = _TITLE.sub(lambda m: f'{m[1]}"{m[2]}{suffix}"', text, count=1)  # noqa: B023  (used at once)
            text = _H1.sub(lambda m: f"# {m[1]}{suffix}", text, count=1)  # noqa: B023
            page.write_text(text, encoding="utf-8")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav only: `!ENV` and `!!python/…` tags become plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _section_with(nav: list[Any], page: str) -> list[Any] | None:
    """The nav list that directly holds `page`, searched depth-first."""
    for item in nav:
        if item == page:
            return nav
        values = item.values() if isinstance(item, dict) else ()
        for value in values:
            if isinstance(value, list) and (found := _section_with(value, page)) is not None:
                return found
    return None


def _retarget(item: Any, old: str, new: str) -> Any:
    if isinstance(item, str):
        return new + item[len(old) :] if item.startswith(old) else item
    if isinstance(item, dict):
        return {key: _retarget(value, old, new) for key, value in item.items()}
    return [_retarget(value, old, new) for value in item]


def _emit_nav(items: list[Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in items:
        if isinstance(item, str):
            yield f"{pad}- {item}"
            continue
        for key, value in item.items():
            if isinstance(value, list):
                yield f"{pad}- {json.dumps(key, ensure_ascii=False)}:"
                yield from _emit_nav(value, indent + 4)
            else:
                yield f"{pad}- {json.dumps(key, ensure_ascii=False)}: {value}"


BY_PROVINCE = ("Theo tỉnh, thành phố", "By province and city")


def _grouped(items: list[tuple[Place, list[Any]]]) -> tuple[list[Any], dict[str, str]]:
    """Province sections in groups of about √n, so no nav level grows linearly with the plan.

    Material renders the active branch of the nav into every page (and, with
    `navigation.prune`, only that branch): a flat list of n provinces would put n entries
    on each of their pages, a cost that grows with the square of the plan.
    """
    size = max(1, math.isqrt(len(items) - 1) + 1) if items else 1
    groups: list[Any] = []
    titles: dict[str, str] = {}
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        first, last = start + 1, start + len(chunk)
        vi, en = f"Tỉnh, thành phố {first}–{last}", f"Provinces and cities {first}–{last}"
        titles[vi] = en
        groups.append({vi: [{place.vi: pages} for place, pages in chunk]})
    return groups, titles


def scale_nav(config: Path, copies: list[Place], agency_slugs: dict[str, list[str]]) -> None:
    """Rewrite `nav:` with the copies under agencies and under articles, grouped by province."""
    text = config.read_text(encoding="utf-8")
    nav: list[Any] = yaml.load(text, Loader=_ConfigLoader)["nav"]
    agencies = _section_with(nav, AGENCY_INDEX)
    articles = _section_with(nav, f"{ARTICLES}/index.md")
    if agencies is None or articles is None:
        raise ValueError(f"mkdocs.yml nav has no {AGENCY_INDEX} or {ARTICLES}/index.md: update bench/scale.py")
    article_items = list(articles)
    agency_groups, titles = _grouped(
        [(place, [f"ke-hoach/co-quan/{slug}.md" for slug in agency_slugs[place.slug]]) for place in copies]
    )
    article_groups, _ = _grouped(
        [(place, _retarget(article_items, f"{ARTICLES}/", f"{ARTICLES}-{place.slug}/")) for place in copies]
    )
    agencies.append({BY_PROVINCE[0]: agency_groups})
    articles.append({BY_PROVINCE[0]: article_groups})
    titles |= {BY_PROVINCE[0]: BY_PROVINCE[1]} | {p.vi: p.en for p in copies}
    block = "nav:\n" + "\n".join(_emit_nav(nav, 2)) + "\n"
    text, count = re.subn(r"^nav:\n(?:(?:[ \-].*)?\n)*", lambda _: block, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise ValueError("mkdocs.yml has no top-level nav: block")
    found = re.search(r"^ *nav_translations:\n( *)", text, flags=re.MULTILINE)
    if found:
        extra = "".join(
            f"{found[1]}{json.dumps(vi, ensure_ascii=False)}: {json.dumps(en, ensure_ascii=False)}\n"
            for vi, en in titles.items()
        )
        text = text[: found.start(1)] + extra + text[found.start(1) :]
    config.write_text(text, encoding="utf-8")


# --- the whole project ---------------------------------------------------------------------


def commit_all(root: Path) -> None:
    """Make the scratch project a git checkout with one commit, as the real site is built from.

    The build reads "last updated" dates from one `git log`; without history it skips them,
    which would leave that cost out of the benchmark.
    """
    when = "2026-01-01T00:00:00+07:00"
    env = {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.test",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.test",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
    }
    (root / ".gitignore").write_text("/site/\n/docs/ke-hoach/\n__pycache__/\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "scaled plan"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def make_project(target: Path, factor: int, seed: int = 179, git: bool = True) -> ScaledProject:
    """A scratch copy of the project scaled ×`factor` (1 = the real plan), validated by the loader."""
    if factor < 1 or factor > 1 + 2 * len(PROVINCES):
        raise ValueError(f"factor must be 1..{1 + 2 * len(PROVINCES)}, got {factor}")
    if target.exists():
        shutil.rmtree(target)
    copy_project(target)
    copies = places(factor - 1)
    if copies:
        official = (target / "source" / "179-KH-UBND.txt").read_text(encoding="utf-8")
        agency_slugs = scale_data(target / "data", copies, official, seed)
        scale_articles(target / "docs", copies)
        scale_nav(target / "mkdocs.yml", copies, agency_slugs)
    site = load(target / "data", root=target)  # raises PlanDataError, exactly as the build would
    if git:
        commit_all(target)
    articles = len(list((target / "docs").glob("*.vi.md"))) + sum(
        len(list(folder.rglob("*.vi.md")))
        for folder in (target / "docs").iterdir()
        if folder.is_dir() and folder.name != "ke-hoach"
    )
    return ScaledProject(target, factor, site, articles)
