"""environment.yml is the source of truth; requirements.txt must match it."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONDA_ONLY = {"python", "nodejs", "pip"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    pins = {}
    for dep in env["dependencies"]:
        assert isinstance(dep, str), "no pip section: everything comes from conda-forge"
        name, _, version = dep.partition("=")
        assert version, f"{dep} is not pinned"
        pins[_norm(name)] = version
    return pins


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"{line} is not pinned with =="
            pins[_norm(name)] = version
    return pins


def test_pins_match():
    conda = {k: v for k, v in conda_pins().items() if k not in CONDA_ONLY}
    assert conda == pip_pins()


def test_python_and_node_in_environment():
    pins = conda_pins()
    assert pins["python"].startswith("3.")
    assert "nodejs" in pins
