#!/usr/bin/env python
"""Update the gettext catalogues (fi, sv, en) of every part of the project.

Each app owns its catalogue in `<app>/locale/` and the core (kohtaamo/ and the shared
templates in site/templates) owns `locale/`, so that work on one app never touches another's
catalogue. An app's templates live in site/templates/<app>/; they are scanned with the app through
a temporary symlink. msgids are English; Finnish and Swedish must be complete (a test checks).

    python scripts/makemessages.py            # every part
    python scripts/makemessages.py locations  # one app
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "brand", "locations", "news", "quality", "search", "generator"]
LANGUAGES = ["fi", "sv", "en"]
DJANGO_ADMIN = Path(sys.executable).parent / "django-admin"
COMMON = [
    str(DJANGO_ADMIN),
    "makemessages",
    "--no-obsolete",
    "--no-location",
    "--add-location=file",
]


def run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(args, cwd=cwd, env=env, check=True)


def update_app(app):
    app_dir = ROOT / app
    (app_dir / "locale").mkdir(exist_ok=True)
    link = app_dir / "_templates"
    templates = ROOT / "site" / "templates" / app
    if templates.is_dir() and not link.exists():
        link.symlink_to(templates, target_is_directory=True)
    try:
        args = [*COMMON, "--symlinks", "--ignore=migrations", "--ignore=__pycache__"]
        for lang in LANGUAGES:
            args += ["-l", lang]
        run(args, cwd=app_dir)
    finally:
        if link.is_symlink():
            link.unlink()


def update_core():
    args = [*COMMON]
    for ignored in [
        ".venv",
        "var",
        "node_modules",
        "tests",
        "benchmarks",
        "scripts",
        "build",
        "migrations",
        *APPS,
    ]:
        args.append(f"--ignore={ignored}")
    for lang in LANGUAGES:
        args += ["-l", lang]
    run(args, cwd=ROOT)


def main(parts):
    for part in parts or ["core", *APPS]:
        print(f"updating messages: {part}")
        update_core() if part == "core" else update_app(part)


if __name__ == "__main__":
    main(sys.argv[1:])
