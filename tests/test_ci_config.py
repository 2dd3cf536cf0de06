"""The GitHub workflows follow the hardening rules, and the auditing tools really catch breaches.

`make lint-ci` runs zizmor, actionlint and the JSON schemas on `.github/`; these tests
prove those tools work offline here (each flags a known-bad workflow) and pin down
rules of ours that the tools do not check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_helpers import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # PyYAML reads the key `on` as True (YAML 1.1).
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses_lines(path: Path) -> list[str]:
    return [
        line.split("uses:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line
    ]


def test_the_workflows_exist() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"check.yml", "publish.yml", "links.yml", "engines.yml", "upstream.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_hardening(path: Path) -> None:
    workflow = load(path)
    text = path.read_text(encoding="utf-8")
    assert workflow["permissions"] == {}, "permissions: {} at the top"
    assert "pull_request_target" not in workflow["on"]
    assert workflow.get("concurrency"), "a concurrency group"
    for line in uses_lines(path):
        assert PINNED.match(line), f"not pinned to a full commit SHA with its version: {line}"
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: timeout-minutes"
        assert "permissions" in job, f"{name}: job permissions"
        for scope in job["permissions"]:
            assert re.search(rf"^\s+{scope}: (read|write) # \S", text, re.MULTILINE), f"{name}: comment on {scope}"
        image = job.get("container", {}).get("image", "")
        assert not image or re.search(r"@sha256:[0-9a-f]{64}$", image), f"{name}: container image by digest"
    for step in steps(workflow):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in str(step.get("run", "")), f"an expression inside run: {step.get('name')}"


def test_publish_deploys_only_a_checked_build() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [s.get("run", "") for s in build["steps"]]
    assert ".ci/run" in runs and "make site" in runs
    uploads = [s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    site_url = next(s for s in build["steps"] if s.get("run") == "make site")["env"]["SITE_URL"]
    assert site_url == "${{ steps.pages.outputs.base_url }}"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_pull_requests_run_every_check_and_upload_a_preview() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    job = workflow["jobs"]["check"]
    assert job["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in job["steps"]]
    assert {".ci/run", "make site", "make linkcheck"} <= set(runs)
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in job["steps"])


def test_weekly_external_link_check_opens_nothing() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "links.yml")
    assert workflow["on"]["schedule"]
    job = workflow["jobs"]["links"]
    assert job["permissions"] == {"contents": "read"}  # cannot open issues or pull requests
    assert any("make linkcheck-external" in s.get("run", "") for s in job["steps"])


def test_dependabot_covers_pip_and_actions_with_cooldown() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"pip", "github-actions"} <= set(ecosystems)
    for update in ecosystems.values():
        assert update["cooldown"]["default-days"] >= 3


def runs_of(job: dict[str, Any]) -> list[str]:
    return [str(step.get("run", "")) for step in job.get("steps", [])]


def makefile_recipe(target: str) -> str:
    """The recipe lines of one Makefile target, continuation lines joined."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert match, f"no Makefile target {target}"
    return match[1]


def test_pull_requests_compare_the_mkdocs_and_properdocs_builds() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "engines.yml")
    assert "pull_request" in workflow["on"] and "pull_request_target" not in workflow["on"]
    job = workflow["jobs"]["compare"]
    assert job["permissions"] == {"contents": "read"}
    assert "make compare-engines" in runs_of(job)
    recipe = makefile_recipe("compare-engines")
    assert "properdocs build --strict" in recipe
    assert "-m plan179.publish.compare site " in recipe
    venv = makefile_recipe("$(PROPERDOCS_STAMP)")
    assert "-r requirements/properdocs.txt" in venv
    assert "uninstall --quiet --disable-pip-version-check --yes mkdocs" in venv  # ProperDocs alone answers `mkdocs`


def test_weekly_build_and_browser_tests_with_the_newest_upstream_releases() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "upstream.yml")
    assert workflow["on"]["schedule"] and "workflow_dispatch" in workflow["on"]
    job = workflow["jobs"]["upstream"]
    assert job["permissions"] == {"contents": "read"}
    runs = "\n".join(runs_of(job))
    upgrade = next(line for line in runs.splitlines() if "pip install --upgrade" in line)
    for package in ('"mkdocs<2"', '"mkdocs-material>=9,<10"', "mkdocs-static-i18n", "Markdown"):
        assert package in upgrade.split(), package
    assert runs.index("make install") < runs.index("pip install --upgrade") < runs.index("make browser-tests")
    assert '-m "build or browser"' in makefile_recipe("browser-tests")


def test_pip_audit_runs_in_ci_and_fails_on_what_it_cannot_audit() -> None:
    check = load(ROOT / ".github" / "workflows" / "check.yml")
    upstream = load(ROOT / ".github" / "workflows" / "upstream.yml")
    for workflow in (check, upstream):
        assert any("make audit-deps" in runs_of(job) for job in workflow["jobs"].values())
    recipe = makefile_recipe("audit-deps")
    for lock in sorted((ROOT / "requirements").glob("*.txt")):
        assert f"--strict --progress-spinner off --disable-pip --require-hashes -r requirements/{lock.name}" in recipe


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_ci_uses_a_supported_node_lts(path: Path) -> None:
    """Debian 12's Node 18 left support in April 2025: jobs that run Node set up an LTS first."""
    for name, job in load(path)["jobs"].items():
        runs = runs_of(job)
        if not any(".ci/run" in run or "browser-tests" in run for run in runs):
            continue
        steps = job["steps"]
        node = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/setup-node@")]
        assert node, f"{name}: no actions/setup-node"
        assert int(steps[node[0]]["with"]["node-version"]) in {22, 24}, f"{name}: Node 22 or 24 (LTS)"
        first_use = min(i for i, run in enumerate(runs) if ".ci/run" in run or "browser-tests" in run)
        assert node[0] < first_use, f"{name}: Node is set up after it is needed"


BAD_WORKFLOW = """\
on: pull_request_target
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_zizmor_flags_a_naive_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    done = run(
        str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--strict-collection", ".github/", cwd=tmp_path
    )
    assert done.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "excessive-permissions", "artipacked"):
        assert audit in done.stdout, audit


def test_zizmor_strict_collection_fails_on_an_invalid_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "broken.yml").write_text("on: push\njobs: [not, a, mapping]\n", encoding="utf-8")
    done = run(
        str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--strict-collection", ".github/", cwd=tmp_path
    )
    assert done.returncode != 0


def test_actionlint_flags_a_broken_workflow(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(
        BAD_WORKFLOW.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: nothing"), encoding="utf-8"
    )
    done = run(str(BIN / "actionlint"), str(path), cwd=tmp_path)
    assert done.returncode != 0
    assert "nothing" in done.stdout


def test_dependabot_schema_rejects_a_misspelt_key(tmp_path: Path) -> None:
    path = tmp_path / "dependabot.yml"
    path.write_text(
        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    shedule: {}\n", encoding="utf-8"
    )
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(path), cwd=tmp_path)
    assert done.returncode != 0


def test_main_records_new_addresses_after_deploying() -> None:
    """A communicator's new page needs no urls.txt line: CI on main commits it after the deploy."""
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    job = workflow["jobs"]["record-urls"]
    assert job["needs"] == "deploy"
    assert job["permissions"] == {"contents": "write"}
    runs = "\n".join(str(s.get("run", "")) for s in job["steps"])
    assert "make urls" in runs and "git push" in runs and "git diff --quiet -- urls.txt" in runs


def test_a_communicators_first_pull_request_is_played_through_ci() -> None:
    workflow = load(ROOT / ".github" / "workflows" / "communicator.yml")
    runs = "\n".join(str(s.get("run", "")) for s in steps(workflow))
    assert "scripts/communicator-trial.sh" in runs
    script = (ROOT / "scripts" / "communicator-trial.sh").read_text(encoding="utf-8")
    assert "bash .ci/run" in script and 'agency: "so-y-te"' in script
    assert "mkdocs.yml" not in script.split("git clone", 1)[1]  # no hand-kept line anywhere
