"""The code's layers: no import cycle between project modules (imports inside
functions and under TYPE_CHECKING included), and nothing in domain/ reaching for
HTTP, the cache or the delivery and interface layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ABOVE_DOMAIN = ("events.delivery", "events.web", "events.api", "events.admin")
NOT_IN_DOMAIN = ("django.http", "django.core.cache", *ABOVE_DOMAIN)


def _modules() -> dict[str, Path]:
    found = {}
    for path in [*ROOT.glob("events/**/*.py"), *ROOT.glob("cstocal/**/*.py")]:
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            imported |= {base, *(f"{base}.{alias.name}" for alias in node.names)}
    return imported


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        for target in _imports(name, path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_project_modules():
    graph = _graph()

    assert len(graph) > 50  # the walk found the project
    assert _cycles(graph) == []


def test_the_checker_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_domain_uses_no_http_cache_or_layer_above_it():
    modules = _modules()
    reaching = {
        name: sorted(t for t in _imports(name, path) if t.startswith(NOT_IN_DOMAIN))
        for name, path in modules.items()
        if name.startswith("events.domain")
    }

    assert {name: found for name, found in reaching.items() if found} == {}


def test_no_module_over_five_hundred_lines():
    long = {
        name: length
        for name, path in _modules().items()
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }

    assert long == {}
