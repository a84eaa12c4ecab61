"""The floor plan's import rules, read from the source: what each package may import.

`ehub/` is the core the services ship; `bot_api/` and `pipelines/` are the services; `sandbox/`
(made-up data, published keys) and `tools/` (the CLI, benchmarks, the process runtime) are never
imported by them. Every import statement counts, including lazy ones inside functions and those
under `TYPE_CHECKING`, so a rule cannot be dodged by moving an import into a function.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ehub.paths import PROJECT_ROOT

FORBIDDEN = {
    "ehub": {"dagster", "dagster_dbt", "dagster_postgres", "litestar", "sandbox", "tools", "pipelines", "bot_api"},
    "bot_api": {"dagster", "dagster_dbt", "sandbox", "tools", "pipelines"},
    "pipelines": {"litestar", "sandbox", "tools", "bot_api"},
    "sandbox": {"dagster", "dagster_dbt", "litestar", "tools", "pipelines", "bot_api"},
}


def _imported_by_call(node: ast.Call) -> str | None:
    """`importlib.import_module("x.y")` or `__import__("x")` with a literal name: that name."""
    called = getattr(node.func, "attr", getattr(node.func, "id", ""))
    literal = node.args[0] if node.args else None
    if called in ("import_module", "__import__") and isinstance(literal, ast.Constant):
        return str(literal.value)
    return None


def imported_roots(path: Path) -> set[str]:
    """The top-level names of every module `path` imports (relative imports stay in its package)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and (name := _imported_by_call(node)):
            roots.add(name.split(".")[0])
    return roots


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
        for name in sorted(imported_roots(path) & FORBIDDEN[package]):
            found.append(f"{path.relative_to(PROJECT_ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_package_imports_only_what_its_floor_allows(package: str) -> None:
    assert violations(package) == []


def test_the_rules_see_imports_hidden_in_functions(tmp_path: Path) -> None:
    """The checker itself: a lazy import, a TYPE_CHECKING import and import_module all count."""
    module = tmp_path / "leaky.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "import importlib\n"
        "if TYPE_CHECKING:\n    from tools.runtime import tool\n"
        "def f():\n    from sandbox.clock import advance\n    return importlib.import_module('dagster.core')\n"
    )
    assert {"sandbox", "tools", "dagster"} <= imported_roots(module)


def test_every_package_is_checked() -> None:
    """A new top-level package gets a rule here before it gets code (tests/, tools/ import freely)."""
    packages = {path.parent.name for path in PROJECT_ROOT.glob("*/__init__.py")}
    assert packages - {"tests", "tools"} == set(FORBIDDEN)


def test_the_core_and_the_services_load_neither_the_sandbox_nor_the_tools_nor_each_others_frameworks() -> None:
    """Importing every core module (as a process does) loads no Dagster, Litestar, sandbox or tools;
    the API on top of it then loads no Dagster, sandbox or tools either."""
    probe = (
        "import importlib, pkgutil, sys, ehub\n"
        "for module in pkgutil.walk_packages(ehub.__path__, 'ehub.'):\n"
        "    if '.migrations' not in module.name:\n"
        "        importlib.import_module(module.name)\n"
        "loaded = lambda names: sorted({name.split('.')[0] for name in sys.modules} & names)\n"
        "core = loaded({'dagster', 'dagster_dbt', 'litestar', 'sandbox', 'tools'})\n"
        "import bot_api.app\n"
        "print(','.join(core) + '|' + ','.join(loaded({'sandbox', 'tools', 'dagster'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    core, service = result.stdout.strip().split("|")
    assert core == "", f"the core loaded {core}"
    assert service == "", f"the API loaded {service}"


def _reads_app_state(node: ast.AST) -> bool:
    """`app.state` or `<anything>.app.state`: the service locator the bot API no longer uses."""
    if not (isinstance(node, ast.Attribute) and node.attr == "state"):
        return False
    owner = node.value
    return (isinstance(owner, ast.Name) and owner.id == "app") or (
        isinstance(owner, ast.Attribute) and owner.attr == "app"
    )


def test_the_bot_api_takes_its_services_as_dependencies_not_from_app_state() -> None:
    """Handlers declare what they use and get it from `bot_api/plugin.py`; none looks it up on `app.state`."""
    readers = [
        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
        for path in sorted((PROJECT_ROOT / "bot_api").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if _reads_app_state(node)
    ]
    assert readers == []
