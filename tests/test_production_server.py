"""The production server (`make serve`: gunicorn with gunicorn.conf.py and production settings)
starts with the worker count from WEB_CONCURRENCY, answers through the whole middleware, keeps
query strings out of its access log, and refuses to start without SECRET_KEY."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp_path, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kohtaamo.settings.production",
        SECRET_KEY="prod-test-" + "k3y" * 20,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_ACCESS_LOG=str(tmp_path / "access.log"),
        **extra,
    )
    return env


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = environment(tmp_path, WEB_CONCURRENCY="2")
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        try:
            urllib.request.urlopen(f"{url}/robots.txt", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                pytest.fail((tmp_path / "gunicorn.log").read_text())
            time.sleep(0.2)
    yield {"url": url, "process": process, "tmp": tmp_path}
    process.terminate()
    process.wait(timeout=30)
    log.close()


def test_gunicorn_serves_with_production_settings_and_the_worker_count_from_env(server):
    # As from nginx in front, which terminates HTTPS (gunicorn trusts it from 127.0.0.1).
    request = urllib.request.Request(
        server["url"] + "/robots.txt?lat=60.1&lon=24.9", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
        assert answer.headers["Strict-Transport-Security"].startswith("max-age=")
        assert "Sitemap: https://" in answer.read().decode()
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    workers = subprocess.run(
        ["pgrep", "-P", str(server["process"].pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(workers) == 2
    time.sleep(0.5)  # the access log is written after the answer
    log = (server["tmp"] / "access.log").read_text()
    assert "GET /robots.txt HTTP/1.1" in log
    assert "lat=" not in log and "60.1" not in log


def test_gunicorn_refuses_to_start_without_secret_key(tmp_path):
    env = environment(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stdout + result.stderr
