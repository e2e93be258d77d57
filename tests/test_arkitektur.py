"""The package's layers, checked on its import graph.

Imports run one way: cli -> byg -> {kilder, dokumenter} -> kerne -> root guards
(errors, output, parallel, zipcheck). A module may import its own layer and any layer below it,
never one above; kilder (files in) and dokumenter (files out) never import each other,
so a renderer cannot open a source file; and no two modules import each other, even
through others. Every import counts: at the top, inside functions and under
TYPE_CHECKING, because a function-level import is still an arrow a reader must follow.

The root guards sit below kerne, so they format what they say themselves. zipcheck's
messages need a Danish thousands separator for byte counts, which it writes with plain
string formatting rather than borrowing kerne.danish: a guard used by every layer must
not depend on the domain, and "1.234" needs no locale data.

The check reads source with ast (no import is executed), so it sees every arrow, also
those a runtime import graph would miss, and it is fast enough to run with every test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dagsorden"

# Rank of each layer: a module may import its own rank or a lower one.
RANK = {"root": 0, "kerne": 1, "kilder": 2, "dokumenter": 2, "byg": 3, "cli": 4, "main": 5}
ROOT_GUARDS = {"errors", "output", "parallel", "zipcheck"}


def module_names() -> dict[str, Path]:
    """Every module under dagsorden/, by dotted name."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "main"  # the package itself
    if parts[1] == "__main__":
        return "main"
    if len(parts) == 2 and parts[1] in ROOT_GUARDS:
        return "root"
    return parts[1]


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an import names: the longest known prefix of it."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every dagsorden module `module` imports, anywhere in its source."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "dagsorden":
                    target = _resolve(alias.name, modules)
                    if target:
                        yield target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            if source.split(".")[0] != "dagsorden":
                continue
            for alias in node.names:
                # `from dagsorden.kerne import danish` imports the module danish.
                target = _resolve(f"{source}.{alias.name}", modules)
                if target:
                    yield target


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    return {
        module: {target for target in imports_of(module, path, modules) if target != module}
        for module, path in modules.items()
    }


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        own = layer(module)
        for target in sorted(targets):
            other = layer(target)
            upwards = RANK[other] > RANK[own]
            sideways = {own, other} == {"kilder", "dokumenter"}
            if upwards or sideways:
                found.append(f"{module} imports {target}")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_is_in_a_layer() -> None:
    strays = [module for module in module_names() if layer(module) not in RANK]
    assert strays == [], "modules outside the layers: " + ", ".join(strays)


def test_imports_never_go_upwards_or_between_kilder_and_dokumenter() -> None:
    found = layer_violations(import_graph())
    assert found == [], "\n" + "\n".join(found)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert found == [], "\n" + "\n".join(" <-> ".join(component) for component in found)


def test_the_check_sees_imports_inside_functions_and_type_checking(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from dagsorden.byg.moede import Plan\n"
        "def f():\n"
        "    from dagsorden.dokumenter import render\n"
        "    import dagsorden.cli.terminal\n"
        "from dagsorden.kerne import danish\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    modules = module_names()
    found = set(imports_of("dagsorden.kilder.probe", path, modules))
    assert found == {
        "dagsorden.byg.moede",
        "dagsorden.dokumenter.render",
        "dagsorden.cli.terminal",
        "dagsorden.kerne.danish",
    }
    graph = {"dagsorden.kilder.probe": found}
    assert layer_violations(graph) == [
        "dagsorden.kilder.probe imports dagsorden.byg.moede",
        "dagsorden.kilder.probe imports dagsorden.cli.terminal",
        "dagsorden.kilder.probe imports dagsorden.dokumenter.render",
    ]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
