"""scripts/elasticsearch.sh refuses what it cannot do with a message and a non-zero exit, and never
prints anything but the export line on stdout (these cases need no Java and no network)."""

import http.server
import subprocess
import threading
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch.sh"


def run(*args, env=None):
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_unknown_command_prints_usage_and_exits_2():
    result = run("restart")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert result.stdout == ""


@pytest.fixture
def foreign_server():
    """Some other HTTP server on a loopback port."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_up_refuses_a_port_taken_by_another_server(foreign_server, tmp_path):
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "ES_PORT": str(foreign_server),
        "ES_DIR": str(tmp_path / "node"),
    }
    result = run("up", env=env)
    assert result.returncode == 1
    assert f"port {foreign_server} is taken" in result.stderr
    assert result.stdout == ""


def test_down_without_a_running_node_succeeds_quietly(tmp_path):
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "ES_DIR": str(tmp_path / "node")}
    result = run("down", env=env)
    assert result.returncode == 0
    assert result.stdout == ""
