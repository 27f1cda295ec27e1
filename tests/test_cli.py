"""kg.cli: one option for a build's folder in every command, one way errors are said, --version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.cli.errors import exit_code
from kg.errors import BuildFailed, EmptyInput, EntityNotFound, KgError, PushFailed, QueryError, StoreError

pytestmark = pytest.mark.cli

BUILD_COMMANDS = ("build", "push", "query", "serve", "show", "notice-pages", "validate", "export")


@pytest.mark.parametrize("name", BUILD_COMMANDS)
def test_every_command_on_a_build_names_its_folder_the_same(name: str):
    command = get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    options = {p.name: p for p in command.commands[name].params}
    assert set(options["out"].opts) == {"--out", "-o", "--dir"}
    assert not any("--store" in p.opts for p in options.values())


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (EmptyInput("a.txt", "the file is empty"), 1),
        (BuildFailed("nothing was written"), 1),
        (StoreError("no store"), 2),
        (QueryError("not a SPARQL query"), 2),
        (EntityNotFound("某某", []), 2),
        (PushFailed("refused"), 2),
        (KgError("anything else"), 2),
        (PermissionError(13, "Permission denied"), 2),
    ],
)
def test_one_exit_code_per_kind_of_error(exc: BaseException, code: int):
    assert exit_code(exc) == code


def test_an_error_is_one_line_on_stderr_printed_as_it_is(tmp_path: Path):
    """A path holding rich markup, in a message wider than any terminal, is printed unchanged."""
    folder = tmp_path / ("[/b][red]" + "长" * 90)
    result = CliRunner().invoke(app, ["query", "timeline", "--out", str(folder)], env={"COLUMNS": "60"})
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {folder}: no Oxigraph store here")


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"xuncha-kg {kg.__version__}\n"


def test_python_dash_m_kg_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == f"xuncha-kg {kg.__version__}"


def test_library_modules_neither_print_nor_import_typer():
    package = Path(kg.__file__).parent
    for path in package.rglob("*.py"):
        if path.parent.name == "cli":
            continue
        text = path.read_text(encoding="utf-8")
        assert "typer" not in text, path
        assert not any(line.lstrip().startswith("print(") for line in text.splitlines()), path
