"""One session per concern; plain ``nox`` runs them all with the running interpreter.

``nox -l`` lists them. CI runs ``nox`` (see ``.ci/run``).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import sys
import tempfile

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
TEST_REQUIREMENTS = [
    "pytest>=8",
    "coverage[toml]>=7.10",  # [run] patch = ["subprocess"] measures the xdist workers
    "pytest-xdist>=3.6",  # the suite on every core: under coverage it took 11 of CI's 15 minutes
    "hypothesis>=6.100",
    "tomli-w>=1.0",
    "hatchling>=1.24",
    "numpy>=1.26",  # numpy scalars in reports are read exactly (tests only)
    "httpx2>=2.16",  # starlette's TestClient (tests/test_server.py, docs/server.md)
    "selenium>=4.20",  # the form page in headless Chromium (tests/test_server.py)
    "nbclient>=0.10",  # the example notebook, executed (tests/test_notebook.py)
    "nbformat>=5.10",
    "ipykernel>=6.29",
    "griffelib>=2",  # docs/hooks/docstrings.py is collected for its doctests (testpaths has docs)
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
    session.install("-e", ".[testing,toml,excel,columns,cli,pandas,plot,server]")
    session.run("mypy")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Pytest with branch coverage (100% is the floor), warnings as errors, doctests included.

    The Excel forms are opened with LibreOffice (``soffice --headless``) in
    tests/test_forms.py, and the server's form page in headless Chromium in
    tests/test_server.py; when one is missing, its Debian package is installed.
    """
    _debian(
        session,
        {"soffice": "libreoffice-calc", "chromium": "chromium", "chromedriver": "chromium-driver"},
    )
    session.install(*TEST_REQUIREMENTS)
    session.install("-e", ".[testing,toml,excel,columns,cli,pandas,plot,server]")
    env = {"HYPOTHESIS_PROFILE": "ci"} if os.environ.get("CI") else {}
    session.run("coverage", "erase")
    # one worker per core; a file's tests stay on one worker (--dist loadfile), so its
    # LibreOffice and Chromium runs never overlap and its module fixtures are built once
    xdist = ("-n", "auto", "--dist", "loadfile")
    session.run("coverage", "run", "-m", "pytest", *xdist, *session.posargs, env=env)
    session.run("coverage", "combine")
    session.run("coverage", "report")


def _debian(session: nox.Session, packages: dict[str, str]) -> None:
    """Install with apt the Debian package of each command (key) that is not on the PATH."""
    missing = [package for command, package in packages.items() if shutil.which(command) is None]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    apt = {"DEBIAN_FRONTEND": "noninteractive"}
    session.run(*sudo, "apt-get", "update", "-q", external=True, env=apt)
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
    session.run(*sudo, *install, external=True, env=apt)


def _check_reference(session: nox.Session, page: pathlib.Path) -> None:
    """Fail unless the API reference shows the docstrings, their doctests as code, and no role.

    docs/hooks/docstrings.py makes them Markdown; without it the page would still build.
    """
    text = page.read_text(encoding="utf-8")
    prompt = '<span class="gp">&gt;&gt;&gt; </span>'  # a highlighted doctest prompt
    missing = [s for s in (prompt, "rounded once, as the") if s not in text]
    roles = [role for role in (":class:`", ":func:`", ":meth:`") if role in text]
    if missing or roles:
        session.error(f"{page}: missing {missing}, unconverted roles {roles}")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Doctest README.md and docs/*.md, build the site in strict mode, and the changelog."""
    session.install(
        "pytest>=8",
        "hypothesis>=6.100",
        "towncrier>=23",
        "httpx2>=2.16",
        "mkdocs>=1.6",
        "mkdocs-material>=9.5",
        "mkdocstrings[python]>=0.26",
    )
    session.install("-e", ".[testing,toml,excel,columns,pandas,plot,server]")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "README.md",
        "docs",
        "--no-header",
        "-q",
        "-o",
        "addopts=--doctest-glob=*.md --doctest-modules",
        "-o",
        "testpaths=",
    )
    with tempfile.TemporaryDirectory() as site:  # broken links and references fail the build
        session.run(
            "mkdocs", "build", "--strict", "--site-dir", site, env={"NO_MKDOCS_2_WARNING": "1"}
        )
        _check_reference(session, pathlib.Path(site) / "reference" / "index.html")
    session.run("towncrier", "build", "--draft", "--version", "next")
