"""Tests that model/ and export/ stay headless and only store/ imports tinydb (run time, source)."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mentortui

PACKAGE = Path(mentortui.__file__).resolve().parent
UI = ("textual", "rich")
MODEL_FORBIDDEN = (*UI, "tinydb")

# Runs in a fresh interpreter: imports a package and all its submodules, reports what got loaded.
PROBE = """
import importlib, json, pkgutil, sys
import mentortui
package = importlib.import_module({package!r})
names = [package.__name__]
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
    names.append(info.name)
print(json.dumps({{"file": mentortui.__file__, "imported": names, "loaded": sorted(sys.modules)}}))
"""


def import_fresh(package: str) -> dict:
    """Import a package and every submodule in a new interpreter; what was loaded."""
    env = dict(os.environ)
    # The child must import the very package under test, wherever it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE.parent), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(package=package)],
        capture_output=True,
        text=True,
        env=env,
        cwd=PACKAGE.parent,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["file"]).resolve() == PACKAGE / "__init__.py"
    return report


def loaded(report: dict, top_levels: tuple[str, ...]) -> list[str]:
    return [name for name in report["loaded"] if name.split(".")[0] in top_levels]


def test_model_and_all_its_submodules_load_no_ui_or_database() -> None:
    report = import_fresh("mentortui.model")
    expected = {"codec", "validation", "signing", "merge", "summary", "sample", "agreement"}
    assert {f"mentortui.model.{name}" for name in expected} <= set(report["imported"])
    assert loaded(report, MODEL_FORBIDDEN) == []


def test_export_and_all_its_submodules_load_no_ui_or_database() -> None:
    report = import_fresh("mentortui.export")
    expected = {"markdown", "escape", "files"}
    assert {f"mentortui.export.{name}" for name in expected} <= set(report["imported"])
    assert loaded(report, MODEL_FORBIDDEN) == []


def test_store_loads_no_ui() -> None:
    report = import_fresh("mentortui.store")
    assert "mentortui.store.store" in report["imported"]
    assert loaded(report, UI) == []
    # The store does use tinydb: seeing it here shows the probe sees third-party loads.
    assert "tinydb" in loaded(report, ("tinydb",))


def imported_top_levels(source: str, filename: str = "<source>") -> set[str]:
    """Top-level names of every absolute import in the source, including import_module("x")."""
    names = set()
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value.split(".")[0])
    return names


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import textual", {"textual"}),
        ("import rich.text as t", {"rich"}),
        ("from tinydb.table import Document", {"tinydb"}),
        ("if True:\n    from textual import on", {"textual"}),
        ("import importlib\nimportlib.import_module('tinydb')", {"importlib", "tinydb"}),
        ("from . import codec\nfrom .base import Record", set()),
    ],
)
def test_the_static_scan_finds_imports(source: str, expected: set[str]) -> None:
    assert imported_top_levels(source) == expected


def test_model_sources_import_no_ui_or_database() -> None:
    files = python_files(PACKAGE / "model")
    assert PACKAGE / "model" / "codec.py" in files
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(found)
        for path in files
        if (found := imported_top_levels(path.read_text("utf-8"), str(path)) & set(MODEL_FORBIDDEN))
    }
    assert offenders == {}


def test_export_sources_import_no_ui_or_database() -> None:
    files = python_files(PACKAGE / "export")
    assert PACKAGE / "export" / "markdown.py" in files
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(found)
        for path in files
        if (found := imported_top_levels(path.read_text("utf-8"), str(path)) & set(MODEL_FORBIDDEN))
    }
    assert offenders == {}


def test_export_sources_import_only_the_model_and_text_from_mentortui() -> None:
    allowed = ("model", "text")
    offenders = []
    for path in python_files(PACKAGE / "export"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            if node.level == 0 and module.split(".")[0] == "mentortui":
                offenders.append(f"{path.name}: from {module} (use a relative import)")
            elif node.level == 2 and module.split(".")[0] not in allowed:
                offenders.append(f"{path.name}: from ..{module}")
            elif node.level > 2:
                offenders.append(f"{path.name}: from {'.' * node.level}{module}")
    assert offenders == []


def test_model_sources_import_nothing_above_the_model() -> None:
    offenders = []
    for path in python_files(PACKAGE / "model"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                offenders.append(f"{path.name}: from {'.' * node.level}{node.module or ''}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mentortui"):
                offenders.append(f"{path.name}: from {node.module}")
    assert offenders == []


def test_only_the_store_imports_tinydb() -> None:
    store = PACKAGE / "store"
    files = [path for path in python_files(PACKAGE) if store not in path.parents]
    assert PACKAGE / "model" / "codec.py" in files and PACKAGE / "store" / "store.py" not in files
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in files
        if "tinydb" in imported_top_levels(path.read_text("utf-8"), str(path))
    ]
    assert offenders == []


# Runs a subcommand in a fresh interpreter, as `mentortui ...` would, then reports what it loaded.
RUN_PROBE = """
import json, sys, contextlib, io
from mentortui.__main__ import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "loaded": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--json"],
        ["status"],
        ["status", "--json"],
        ["export", "{id}"],
        ["meetings", "{id}"],
        ["meetings", "{id}", "--json"],
        ["calendar", "{id}"],
        ["export", "{id}", "--format", "json"],
        ["goals", "{id}"],
        ["action", "{id}"],
        ["show", "{id}"],
        ["completion", "bash"],
        ["report"],
        ["defaults"],
        ["trash", "list"],
        ["people", "list"],
    ],
)
def test_the_command_line_never_loads_textual(tmp_path, command: list[str]) -> None:
    from mentortui.model.sample import sample_agreement
    from mentortui.store import Store

    created = Store(tmp_path).create(sample_agreement(meetings=3))
    argv = ["--data-dir", str(tmp_path), *(part.format(id=created.id) for part in command)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE.parent), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", RUN_PROBE, *argv], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] in (0, 1)
    assert [name for name in report["loaded"] if name.split(".")[0] in UI] == []
