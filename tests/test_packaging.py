"""Set-up files agree with each other and with the README."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import ROOT


def _split(requirement: str) -> tuple[str, str]:
    name = re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
    spec = requirement[len(name) :].split("]")[-1].replace(" ", "")
    return name, spec


def test_environment_yml_and_pyproject_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_split(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    have: dict[str, str] = {}
    for dep in env["dependencies"]:
        for requirement in dep["pip"] if isinstance(dep, dict) else [dep]:
            have.update([_split(requirement)])
    have.pop("pip")
    assert have.pop("python") == ">=" + project["requires-python"].lstrip(">=")
    assert have == wanted
    assert all(spec.startswith(">=") for spec in wanted.values()), "every dependency pins a lower bound"


def test_readme_leads_with_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme[readme.index("\n## ") + 1 :].split("\n## ")[0]
    assert first_section.startswith("## Quick start")
    block = first_section.split("```bash\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.splitlines()] == ["make report", "make test"]
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert ci.index("make lint") < ci.index("make test") == len(ci) - 1
    targets = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("report", "test", "test-fast", "lint", "help"):
        assert f"\n{target}:" in targets, target


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout\n") :]
    return section[section.index("```\n") + 4 : section.index("\n```", section.index("```\n") + 4)]


def test_readme_layout_names_every_module_and_only_modules_that_exist():
    listed, folder = set(), []
    for line in _layout_block().splitlines():
        if not line.strip() or not line.lstrip()[0].isalnum():
            continue
        depth = (len(line) - len(line.lstrip())) // 2
        name = line.split()[0]
        folder = folder[:depth]
        if name.endswith("/"):
            folder.append(name.rstrip("/"))
        if name.endswith(".py"):
            listed.add("/".join([*folder, name]))
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "kit").rglob("*.py")
        if p.name not in {"__init__.py", "__main__.py"}
    }
    assert listed == modules, f"missing from the README: {sorted(modules - listed)}; gone: {sorted(listed - modules)}"
