"""The three descriptions of the environment agree: constraints.txt (make, CI),
environment.yml (conda, Binder) and pyproject.toml (lower bounds for everyone else)."""

from __future__ import annotations

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def test_environment_yml_pins_match_constraints():
    pins = _constraints()
    found = re.findall(r"^\s+- ([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "environment.yml").read_text(), re.M)
    assert found, "environment.yml lists no pinned packages"
    for name, version in found:
        assert pins.get(name.lower()) == version, (
            f"{name}=={version} in environment.yml, {pins.get(name.lower())} in constraints.txt")


def test_pyproject_dependencies_are_lower_bounds_and_pinned_for_ci():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    pins = _constraints()
    for dep in deps:
        assert "==" not in dep, f"{dep}: itml's dependencies are lower bounds only"
        name = re.match(r"[A-Za-z0-9_.-]+", dep).group(0).lower()
        assert name in pins, f"{name} is not pinned in constraints.txt"
    assert pins["torch"] == "2.13.0"
