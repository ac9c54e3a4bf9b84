"""The Finnish dictionary (pyvoikko, about 250 MB and seconds to load) is loaded on first use,
not by every process that starts Django; gunicorn loads it once before forking its workers."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
import django
django.setup()
print("after setup", "pyvoikko" in sys.modules)
from kohtaamo.language import place_name_candidates
print("candidates", place_name_candidates("helsingissä"))
print("after use", "pyvoikko" in sys.modules)
"""


def test_django_starts_without_the_dictionary_and_loads_it_on_first_use():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kohtaamo.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "after setup False" in result.stdout
    assert "candidates ['helsinki']" in result.stdout
    assert "after use True" in result.stdout


def test_gunicorn_loads_the_dictionary_in_the_master_before_forking(monkeypatch):
    import gc

    from kohtaamo import language

    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)  # noqa: S102 - the project's own file
    calls = []
    monkeypatch.setattr(language, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    config["when_ready"](server=None)
    assert calls == ["warm_up", "freeze"]
