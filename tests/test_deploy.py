"""Deploying: every documented way to run the app serves Russian, and the system check
refuses a compiled catalogue that is missing or no longer matches its .po."""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks

BIN = Path(sys.executable).parent
PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
CATALOGUE_CHECKS = {"cstocal.E002", "cstocal.W003"}


def _compile(locale: Path) -> None:
    subprocess.run(  # noqa: S603
        [BIN / "pybabel", "--quiet", "compile", "-d", str(locale), "-D", "django"], check=True
    )


def _catalogue_problems() -> list[tuple[str, str]]:
    # The static checks only (no database named): a JSONField's check asks the
    # database what it supports, and these tests have none.
    return [
        (message.id, message.msg)
        for message in checks.run_checks(databases=[])
        if message.id in CATALOGUE_CHECKS
    ]


@pytest.fixture
def locale(settings, tmp_path) -> Path:
    """A copy of the project's Russian .po, and LOCALE_PATHS pointing at it."""
    folder = tmp_path / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO, folder / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    return tmp_path / "locale"


def test_check_refuses_a_missing_compiled_catalogue(locale):
    mo = locale / "ru" / "LC_MESSAGES" / "django.mo"

    problems = _catalogue_problems()

    assert problems == [
        ("cstocal.E002", f"{mo} is missing: the translations in django.po are not served.")
    ]


def test_check_refuses_a_language_with_no_translations_at_all(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]

    problems = _catalogue_problems()

    assert problems == [
        ("cstocal.E002", f"No translations into 'ru' in LOCALE_PATHS ({tmp_path}).")
    ]


def test_check_passes_a_catalogue_compiled_from_its_po(locale):
    _compile(locale)
    # A fresh clone writes files in any order: an older timestamp alone is no fault.
    os.utime(locale / "ru" / "LC_MESSAGES" / "django.mo", (0, 0))

    problems = _catalogue_problems()

    assert problems == []


@pytest.mark.parametrize(
    "edit",
    [
        lambda po: po + '\nmsgid "A message added after compiling"\nmsgstr "Добавлено позже"\n',
        lambda po: po.replace('msgstr "Хронология"', 'msgstr "Лента времени"'),
    ],
    ids=["new message", "changed translation"],
)
def test_check_warns_when_the_catalogue_is_older_than_its_po(locale, edit):
    _compile(locale)
    po = locale / "ru" / "LC_MESSAGES" / "django.po"
    po.write_text(edit(po.read_text(encoding="utf-8")), encoding="utf-8")

    problems = _catalogue_problems()

    assert problems == [
        (
            "cstocal.W003",
            f"{po.with_suffix('.mo')} is out of date with {po}: 1 message(s) differ, so they "
            "are served untranslated or out of date.",
        )
    ]


@pytest.mark.parametrize(
    ("target", "server"), [("run", "manage.py runserver"), ("serve", "gunicorn")]
)
def test_make_compiles_the_translations_before_it_serves(target, server):
    commands = subprocess.run(  # noqa: S603
        ["make", "-n", target],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()

    compiled = [n for n, line in enumerate(commands) if "pybabel --quiet compile" in line]
    served = [n for n, line in enumerate(commands) if server in line]
    assert compiled
    assert served
    assert compiled[0] < served[0]


# The README's deploy steps, run as written on a fresh checkout ----------------------------


def _readme_deploy_steps() -> list[str]:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Deploying\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("Each server:", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [
        line.split("#", 1)[0].strip()
        for line in block.splitlines()
        if line.startswith(".venv/bin/")
    ]


def _fresh_checkout(destination: Path) -> None:
    """The project's files as a fresh clone has them: only what git tracks."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = Path(settings.BASE_DIR) / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)


def _run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    words = shlex.split(command.replace(".venv/bin/", f"{BIN}/", 1))
    return subprocess.run(  # noqa: S603
        words, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310
        url, headers={"Host": "calendar.example.org", "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_readme_deploy_steps_serve_russian_on_a_fresh_checkout(tmp_path):
    checkout = tmp_path / "cstocal"
    _fresh_checkout(checkout)
    port = _free_port()
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "deploy-" + "x7Q2" * 16,
        "DJANGO_ALLOWED_HOSTS": "calendar.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://calendar.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_BEHIND_TLS_PROXY": "true",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "CSTOCAL_SITE_URL": "https://calendar.example.org",
        "CSTOCAL_FEED_DIR": str(tmp_path / "feeds"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    steps = _readme_deploy_steps()
    check = next(step for step in steps if "check --deploy" in step)
    assert not (checkout / "locale" / "ru" / "LC_MESSAGES" / "django.mo").exists()

    skipped = _run(check, checkout, env)
    results = {step: _run(step, checkout, env) for step in steps if "gunicorn" not in step}
    server = subprocess.Popen(  # noqa: S603
        shlex.split(steps[-1].replace(".venv/bin/", f"{BIN}/", 1)),
        cwd=checkout,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/ru/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert steps[0].startswith(".venv/bin/pybabel compile")
    assert steps[-1] == ".venv/bin/gunicorn -c gunicorn.conf.py"
    assert skipped.returncode != 0
    assert "(cstocal.E002)" in skipped.stderr
    assert "django.mo is missing" in skipped.stderr
    assert {step: result.returncode for step, result in results.items()} == dict.fromkeys(
        results, 0
    ), {step: result.stderr[-2000:] for step, result in results.items()}
    assert "System check identified no issues" in results[check].stdout
    assert status == 200
    assert re.search(r'<html lang="ru"', page)
    views = page.split('<nav class="views"', 1)[1].split("</nav>", 1)[0]
    nav = re.findall(r'<a href="/ru/(?:agenda|timeline)/">([^<]+)</a>', views)
    assert nav == ["Список", "Хронология"]
