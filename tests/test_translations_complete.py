"""Every gettext catalogue of the project (the core's `locale/` and each app's `<app>/locale/`) is
complete in Finnish and Swedish, has no fuzzy entry left, and keeps the placeholders of the English
msgids. English msgstrs may stay empty: the msgid is the English text."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "var", "node_modules", "build", ".git"}
MUST_TRANSLATE = {"fi", "sv"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


def catalogues():
    found = []
    for path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS.intersection(relative.parts):
            continue
        found.append(relative)
    return found


CATALOGUES = catalogues()


def language_of(relative):
    return relative.parts[relative.parts.index("locale") + 1]


def describe(entry):
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{entry.msgid[:70]!r}{context}"


def placeholders(text):
    return {match.group(0) for match in PLACEHOLDER.finditer(text or "")}


def test_every_part_of_the_project_has_a_catalogue_per_language():
    languages = {language_of(path) for path in CATALOGUES if path.parts[0] == "locale"}
    assert languages == {"fi", "sv", "en"}


@pytest.mark.parametrize("relative", CATALOGUES, ids=str)
def test_catalogue_is_complete_and_has_no_fuzzy_entries(relative):
    lang = language_of(relative)
    catalogue = polib.pofile(str(ROOT / relative))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {describe(entry)}")
        if lang in MUST_TRANSLATE:
            if entry.msgid_plural:
                forms = [entry.msgstr_plural.get(i, "") for i in range(2)]
                if not all(form.strip() for form in forms):
                    problems.append(f"untranslated plural: {describe(entry)}")
            elif not entry.msgstr.strip():
                problems.append(f"untranslated: {describe(entry)}")
        # A translation keeps the msgid's placeholders (a missing %(name)s loses data, an
        # unknown one raises at render time).
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
        translations = (
            [s for s in entry.msgstr_plural.values() if s]
            if entry.msgid_plural
            else [entry.msgstr]
            if entry.msgstr
            else []
        )
        for translated in translations:
            if entry.msgid_plural:
                # Plural forms may drop the count (Finnish "1 tulos" vs "tulosta"), never add.
                if not placeholders(translated) <= expected:
                    problems.append(f"placeholders differ: {describe(entry)}")
            elif placeholders(translated) != expected:
                problems.append(f"placeholders differ: {describe(entry)}")
    assert not problems, f"{relative}: {len(problems)} problem(s)\n  " + "\n  ".join(problems)
