"""The wheel: built from a copy of the source, installed into a fresh venv, and used there.

An editable install reads package data from the source tree, so a file the wheel leaves out
(an ontology, a saved query, a template, a lexicon) goes unnoticed until a user installs it.
Here `import kg` can only come from the wheel: the fresh venv sees the project venv's
dependencies through a path entry, which, unlike the project venv's own site folder, runs none
of its .pth files, so the editable install's import hook is never installed. Besides build,
query, validate and serve, the CLI tests (marked `cli`) run again there, from a copy of tests/
beside no kg/ source.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, SHARED

pytestmark = pytest.mark.wheel

SOURCE = Path(__file__).resolve().parents[1]
# Python's own variables that would put the source tree (or anything else) before the wheel.
_LEAKY = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH")


@dataclass(frozen=True)
class Venv:
    """A venv with the wheel installed; `run` runs its python (or another of its commands) from a
    folder that holds no kg/."""

    root: Path
    site: Path
    wheel: Path
    work: Path
    source: Path  # the copy the wheel was built from

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _LEAKY}
        # its own kg command first; the dependencies' commands (the oxigraph server) last
        path = (str(self.root / "bin"), env.get("PATH", os.defpath), sysconfig.get_paths()["scripts"])
        return env | {"PATH": os.pathsep.join(path)}

    def run(
        self, *args: str | Path, program: str = "python", cwd: Path | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        # the cwd is not the source tree: `python -m` puts the cwd first on sys.path
        return subprocess.run(
            [str(self.root / "bin" / program), *map(str, args)],
            cwd=cwd or self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def kg(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        done = self.run("-m", "kg", *args)
        assert done.returncode == 0, f"kg {' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
        return done


def _copy_source(dest: Path) -> Path:
    """What the wheel is built from, copied so that the build's own files stay out of the tree."""

    def skipped(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__" or n.endswith((".pyc", ".egg-info"))}
        # a developer's kg/ontology link to ../ontology; the wheel maps ontology/ onto kg.ontology
        if Path(folder).resolve() == SOURCE / "kg" and (Path(folder) / "ontology").is_symlink():
            skip.add("ontology")
        return skip

    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(SOURCE / name, dest / name)
    for name in ("kg", "ontology"):
        shutil.copytree(SOURCE / name, dest / name, ignore=skipped)
    return dest


def _setuptools_builds_wheels() -> bool:
    """Whether this venv's setuptools has bdist_wheel built in (70.1 and later): the test extras
    ask for it so that the wheel is built offline."""
    try:
        major, minor = (int(part) for part in metadata.version("setuptools").split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (70, 1)


def _build_wheel(source: Path, dist: Path) -> Path:
    # Otherwise pip fetches a setuptools into an isolated build environment, as for any sdist.
    flags = ["--no-build-isolation"] if _setuptools_builds_wheels() else []
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *flags, str(source), "-w", str(dist)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"pip wheel failed:\n{done.stdout}\n{done.stderr}"
    (wheel,) = dist.glob("xuncha_kg-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Venv:
    tmp = tmp_path_factory.mktemp("wheel")
    source = _copy_source(tmp_path_factory.mktemp("source"))
    wheel = _build_wheel(source, tmp / "dist")
    root = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=300)
    # as a user installs it, with its kg command; before the path entry below, so that pip sees no
    # other xuncha-kg (the editable install) that it could take as installed or uninstall
    pip = [sys.executable, "-m", "pip", "--python", str(root / "bin" / "python")]
    subprocess.run(
        [*pip, "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300
    )
    site = Path(
        subprocess.run(
            [str(root / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies, from the venv running this test
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp / "work"
    work.mkdir()
    return Venv(root, site, wheel, work, source)


@pytest.fixture(scope="module")
def built(venv: Venv) -> Path:
    out = venv.work / "out"
    venv.kg("build", SOURCE / "examples", "--out", out)
    return out


def test_import_kg_comes_from_the_wheel(venv: Venv):
    done = venv.run(
        "-c",
        "import json, kg, importlib.metadata as m; print(json.dumps([kg.__file__, m.version('xuncha-kg')]))",
    )
    assert done.returncode == 0, done.stderr
    where, version = json.loads(done.stdout)
    assert Path(where).is_relative_to(venv.site), f"kg imported from {where}, not from the wheel"
    assert version == venv.wheel.name.split("-")[1]
    assert venv.kg("--version").stdout.strip() == f"xuncha-kg {version}"


def test_the_kg_command_from_the_wheel(venv: Venv):
    done = venv.run("--help", program="kg")
    assert done.returncode == 0, done.stderr
    assert {"build", "query", "serve", "validate"} <= set(done.stdout.split()), done.stdout


def test_the_wheel_holds_every_file_of_the_package(venv: Venv):
    """Each module and data file under kg/ and ontology/ is in the wheel, where the package reads it."""
    with zipfile.ZipFile(venv.wheel) as archive:
        shipped = {name for name in archive.namelist() if not name.startswith("xuncha_kg-")}
    source = venv.source
    wanted = {
        f"kg/{p.relative_to(source / 'kg').as_posix()}" for p in (source / "kg").rglob("*") if p.is_file()
    }
    wanted |= {
        f"kg/ontology/{p.relative_to(source / 'ontology').as_posix()}"
        for p in (source / "ontology").rglob("*")
        if p.is_file()
    }
    assert {n for n in wanted if n.endswith((".ttl", ".rq", ".txt", ".html", ".js", ".css"))}, (
        "no data files?"
    )
    assert wanted - shipped == set()


def test_build_query_and_validate_from_the_wheel(venv: Venv, built: Path):
    assert (built / "store").is_dir() and (built / "graph.ttl").stat().st_size > 0
    overview = venv.kg("query", "notices_overview", "--out", built, "--format", "csv").stdout.splitlines()
    assert overview[0] == "file,title,publisher,issued,problems"
    assert len(overview) == 1 + 4, "the examples hold four notices"
    assert "conforms" in venv.kg("validate", "--out", built).stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


@pytest.fixture
def endpoint(venv: Venv, built: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(venv.python), "-m", "kg", "serve", "--out", str(built), "--port", str(port), "--workers", "2"],
        cwd=venv.work,
        env=venv.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"kg serve ended at start:\n{proc.stdout.read() if proc.stdout else ''}"
                    f"{proc.stderr.read() if proc.stderr else ''}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("kg serve did not listen within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: the server stops its query processes
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def test_serve_from_the_wheel(endpoint: str):
    status, page = _get(endpoint + "/")
    assert status == 200 and "<html" in page.lower()
    assert "notices_overview" in page, "the query page lists the saved queries shipped in the wheel"
    query = "SELECT (COUNT(DISTINCT ?notice) AS ?n) WHERE { ?notice a xc:Notice }"
    status, body = _get(endpoint + "/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"}))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "7"


# Run by the wheel's python: import kg first, fail unless it is the wheel's, then run pytest on the
# remaining arguments. Every later `import kg.…` is served by that package, whatever folders
# pytest puts on sys.path.
_PYTEST_ON_THE_WHEEL = """
import sys
from pathlib import Path

import kg

if not Path(kg.__file__).is_relative_to(sys.argv[1]):
    sys.exit(f"kg was imported from {kg.__file__}, not from the wheel in {sys.argv[1]}")

import pytest

sys.exit(pytest.main(sys.argv[2:]))
"""


# pytest's arguments that pick the CLI tests, from the folder holding tests/
_CLI_TESTS = ("-q", "-p", "no:cacheprovider", "-m", "cli", "tests")


def _test_tree(folder: Path) -> Path:
    """The repository's layout less kg/: pytest's settings, a copy of tests/, and examples/ and
    ../shared linked where tests/conftest.py looks for them."""
    root = folder / "repo"
    root.mkdir()
    shutil.copy2(SOURCE / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(SOURCE / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "examples").symlink_to(EXAMPLES)
    if SHARED.is_dir():
        (folder / "shared").symlink_to(SHARED)
    return root


def test_the_cli_tests_pass_from_the_wheel(venv: Venv):
    root = _test_tree(venv.work)
    report = venv.work / "cli-tests.xml"
    args = [f"--basetemp={venv.work / 'cli-tmp'}", f"--junitxml={report}", *_CLI_TESTS]
    # the same tests as the project venv (the editable install) collects them, meanwhile
    with subprocess.Popen(
        [sys.executable, "-m", "pytest", "--collect-only", *_CLI_TESTS],
        cwd=SOURCE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as editable:
        done = venv.run("-c", _PYTEST_ON_THE_WHEEL, venv.site, *args, cwd=root, timeout=600)
        collected, errors = editable.communicate(timeout=300)
    assert editable.returncode == 0, f"collecting the CLI tests failed:\n{collected}\n{errors}"
    expected = [line for line in collected.splitlines() if "::" in line]
    summary = f"pytest from the wheel said:\n{done.stdout[-8000:]}\n{done.stderr[-4000:]}"
    assert done.returncode == 0, summary
    suite = ElementTree.parse(report).getroot().find("testsuite")
    assert suite is not None, summary
    counts = {k: int(suite.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {"tests": len(expected), "failures": 0, "errors": 0, "skipped": 0}, summary
