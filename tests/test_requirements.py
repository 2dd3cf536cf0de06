"""The lock files install the same on any machine, and nothing is installed unlocked.

requirements/*.txt are made by `make lock` (pip-compile). These tests catch a lock made
with a machine's own package folders in it, a pin without hashes, two locks that
disagree on a shared package, and a `pip install` in the Makefile that skips the hashes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_helpers import ROOT

REQUIREMENTS = ROOT / "requirements"
LOCKS = sorted(REQUIREMENTS.glob("*.txt"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")
MACHINE_OPTIONS = re.compile(r"^\s*(-i|-f|--index-url|--extra-index-url|--find-links|--trusted-host)\b")


def pins(path: Path) -> dict[str, str]:
    """Package name (normalised) → pinned version."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def test_every_in_file_has_its_lock() -> None:
    names = {p.stem for p in REQUIREMENTS.glob("*.in")}
    assert names == {p.stem for p in LOCKS}
    assert {"site", "dev", "tools", "properdocs"} <= names


@pytest.mark.parametrize("path", LOCKS, ids=lambda p: p.name)
def test_lock_names_no_package_folder_of_a_machine(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bad = [line for line in text.splitlines() if MACHINE_OPTIONS.match(line) or "file://" in line or "/opt/" in line]
    assert not bad, f"{path.name}: re-lock with `make lock` (no index URL or --find-links): {bad}"


@pytest.mark.parametrize("path", LOCKS, ids=lambda p: p.name)
def test_every_pin_carries_hashes(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    requirements = [(i, line) for i, line in enumerate(lines) if line and not line[0].isspace() and line[0] != "#"]
    assert requirements, f"{path.name} pins nothing"
    for i, line in requirements:
        assert PIN.match(line), f"{path.name}:{i + 1}: not an exact pin: {line}"
        assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{path.name}:{i + 1}: no hash"


@pytest.mark.parametrize("name", ["dev", "properdocs"])
def test_locks_agree_with_the_site_lock(name: str) -> None:
    site, other = pins(REQUIREMENTS / "site.txt"), pins(REQUIREMENTS / f"{name}.txt")
    differ = {package: (site[package], other[package]) for package in site.keys() & other.keys()}
    differ = {package: versions for package, versions in differ.items() if versions[0] != versions[1]}
    assert not differ, f"{name}.txt is stale against site.txt (run `make lock`): {differ}"


def test_the_engines_stay_on_mkdocs_1() -> None:
    assert pins(REQUIREMENTS / "site.txt")["mkdocs"].startswith("1.")
    assert pins(REQUIREMENTS / "properdocs.txt")["properdocs"].startswith("1.6.")


def test_the_makefile_installs_python_packages_only_from_locks() -> None:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    installs = [line for line in text.splitlines() if re.search(r"\bpip install\b", line)]
    assert installs
    for line in installs:
        assert "--require-hashes" in line and "--no-deps" in line, line
        assert re.search(r"-r requirements/\w+\.txt", line), line
