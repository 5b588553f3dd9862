"""One session per concern; plain ``nox`` runs them all with the running interpreter.

``nox -l`` lists them. CI runs ``nox`` (see ``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import sys

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
TEST_REQUIREMENTS = [
    "pytest>=8",
    "coverage[toml]>=7.4",
    "hypothesis>=6.100",
    "tomli-w>=1.0",
    "hatchling>=1.24",
    "numpy>=1.26",  # numpy scalars in reports are read exactly (tests only)
]


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff (check and format) and the import-linter layers of DESIGN.md §5."""
    session.install("ruff>=0.6", "import-linter>=2.0")
    session.install("-e", ".")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """Mypy --strict over src, tests, bench and this noxfile."""
    session.install(
        "mypy>=1.10",
        "nox",
        "types-openpyxl>=3.1",
        "types-tqdm>=4.66",
        "types-jsonschema>=4.18",
        "pandas-stubs>=2.1",
        *TEST_REQUIREMENTS,
    )
    session.install("-e", ".[testing,toml,excel,columns,cli,pandas,plot]")
    session.run("mypy")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Pytest with branch coverage (100% is the floor), warnings as errors, doctests included.

    The Excel forms are opened with LibreOffice (``soffice --headless``) in
    tests/test_forms.py; when it is missing, the Debian package is installed.
    """
    _debian(session, "soffice", "libreoffice-calc")
    session.install(*TEST_REQUIREMENTS)
    session.install("-e", ".[testing,toml,excel,columns,cli,pandas,plot]")
    env = {"HYPOTHESIS_PROFILE": "ci"} if os.environ.get("CI") else {}
    session.run("coverage", "erase")
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=env)
    session.run("coverage", "combine")
    session.run("coverage", "report")


def _debian(session: nox.Session, command: str, package: str) -> None:
    """Install the Debian ``package`` with apt when ``command`` is not on the PATH."""
    if shutil.which(command) is not None:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    apt = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*sudo, "apt-get", "update", "-q", external=True, env=apt)
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    session.run(*sudo, *install, external=True, env=apt)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Doctest README.md and docs/*.md, and check the changelog fragments build."""
    session.install("pytest>=8", "hypothesis>=6.100", "towncrier>=23")
    session.install("-e", ".[testing,toml,excel,columns,pandas,plot]")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "README.md",
        "docs",
        "--no-header",
        "-q",
        "-o",
        "addopts=--doctest-glob=*.md",
        "-o",
        "testpaths=",
    )
    session.run("towncrier", "build", "--draft", "--version", "next")
