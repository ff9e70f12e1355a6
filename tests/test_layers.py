"""The layout keeps itself: a module never imports one of a higher stage.

Stages, lowest first: the ground floor (errors, model and stats_model, config, dates
and the small shared helpers) -> parse -> store -> vault -> stats (with streaks, query, chains,
periods and brag) -> site -> export -> capture, team -> live -> cli. Imports inside
functions and under ``TYPE_CHECKING`` count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wins_md"
LAYERS = {
    "ground": 0,
    "parse": 1,
    "store": 2,
    "vault": 3,
    "stats": 4,
    "streaks": 4,
    "query": 4,
    "chains": 4,
    "periods": 4,
    "brag": 4,
    "site": 5,
    "export": 6,
    "capture": 7,
    "team": 7,
    "live": 8,
    "cli": 9,
}
GROUND = {
    "errors",
    "model",
    "stats_model",
    "config",
    "dates",
    "rest",
    "files",
    "jsonfmt",
    "locate",
    "resources",
}
FACADES = {"wins_md", "wins_md.__main__"}
"""The public API (names imported on first use) and ``python -m``: above every stage."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    """The stage of a ``wins_md`` module: its sub-package, or the ground floor."""
    parts = module.split(".")
    if len(parts) == 1:
        return "ground"  # ``from wins_md import __version__``
    if parts[1] in GROUND:
        return "ground"
    assert parts[1] in LAYERS, f"{module} belongs to no stage: add it to LAYERS or GROUND"
    return parts[1]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``wins_md`` module the file imports, with the line of the import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            assert node.module is not None
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "wins_md"]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda path: module_name(path))
def test_no_module_imports_a_higher_stage(path: Path) -> None:
    name = module_name(path)
    if name in FACADES:
        return
    own = LAYERS[layer_of(name)]
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target} ({layer_of(target)})"
        for line, target in imported_modules(path)
        if LAYERS[layer_of(target)] > own
    ]
    assert not upward, f"{name} is in stage '{layer_of(name)}':\n" + "\n".join(upward)


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The rule is not vacuous: an import from a higher stage is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from wins_md.site.render import render_site\n", "utf-8")
    assert imported_modules(bad) == [(2, "wins_md.site.render")]
    assert LAYERS[layer_of("wins_md.site.render")] > LAYERS[layer_of("wins_md.parse.entry")]


def test_every_module_is_in_a_stage() -> None:
    for path in modules():
        name = module_name(path)
        if name not in FACADES:
            layer_of(name)  # fails for a module outside every stage


def test_modules_and_functions_stay_small() -> None:
    """Modules aim at 300 lines and none passes 400; functions aim at 50 and none
    passes 60."""
    too_long = []
    for path in modules():
        source = path.read_text("utf-8")
        if source.count("\n") > 400:
            too_long.append(f"{path.name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}: {length} lines")
    assert not too_long
