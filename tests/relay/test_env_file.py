"""`scelle-relay --env-file`, and admin commands that never create a relay, over real processes.

`sudo -u scelle-relay scelle-relay …` clears the environment: without `--env-file` an admin
command on a PostgreSQL relay would not see SCELLE_RELAY_DATABASE, and once made a new, empty
SQLite relay in the data folder instead of failing (docs/relay.md, "Deployment").
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.support.relay_process import SCELLE_RELAY

SECRET = "s3cret-Pa55word"


def relay(*argv: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCELLE_RELAY_")}
    return subprocess.run([SCELLE_RELAY, *map(str, argv)], env={**clean, **(env or {})},
                          capture_output=True, text=True, check=False)


def one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 1, done.stdout
    assert done.stderr.startswith("scelle-relay: error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in done.stderr, done.stderr


def settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "relay.env"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_env_file_is_honoured_and_a_postgres_relay_is_never_shadowed(
        tmp_path: Path, postgres_url: str) -> None:
    data = tmp_path / "data"
    env_file = settings(tmp_path, "# the service's settings\n\nSCELLE_RELAY_DATA=" + str(data) +
                        f"\nSCELLE_RELAY_DATABASE='{postgres_url}'\n"
                        "SCELLE_RELAY_OPTIONS=--log-level warning\n")
    assert relay("--env-file", env_file, "db", "init").returncode == 0
    assert relay("org", "create", "Barreau", "--admin-key", tmp_path / "b.pem", "--env-file",
                 env_file).returncode == 0
    listed = relay("--env-file", env_file, "org", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [o["name"] for o in json.loads(listed.stdout)] == ["Barreau"]
    # As after `sudo`: the data folder only, the PostgreSQL URL lost. Refused, nothing created.
    for argv in (["org", "list"], ["key", "rotate"], ["db", "status"], ["db", "migrate"],
                 ["backup", "--to", tmp_path / "backup"]):
        one_line_error(relay("--data", data, *argv), "no SQLite database", "--env-file")
    assert not (data / "relay.sqlite3").exists() and not (tmp_path / "backup").exists()
    # The command line still wins over the file.
    other = relay("--env-file", env_file, "--data", tmp_path / "none", "org", "list")
    one_line_error(other, "no relay key")


def test_a_bad_settings_file_is_refused_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = [
        (f"SCELLE_RELAY_DATA={data}\nSCELLE_RELAY_DATABSE=postgresql://u:{SECRET}@h/db\n",
         ["line 2", "unknown setting 'SCELLE_RELAY_DATABSE'"]),
        (f"SCELLE_RELAY_DATA={data}\nPASSWORD {SECRET}\n", ["line 2", "KEY=VALUE"]),
        (f"SCELLE_RELAY_DATA={data}\nSCELLE_RELAY_DATA={SECRET}\n", ["line 2", "set twice"]),
    ]
    for text, needles in cases:
        done = relay("--env-file", settings(tmp_path, text), "db", "init")
        one_line_error(done, *needles)
        assert SECRET not in done.stderr
        assert not data.exists()
    one_line_error(relay("--env-file", tmp_path / "missing.env", "key"),
                   "Cannot read the settings file")


def test_admin_commands_on_an_empty_folder_refuse_and_create_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o700)  # as systemd-tmpfiles leaves /var/lib/scelle-relay
    missing = tmp_path / "missing"
    for data in (empty, missing):
        for argv in (["backup", "--to", tmp_path / "b"], ["key", "rotate"], ["key"],
                     ["member", "certify", "ab" * 32, "--org-key", tmp_path / "org.pem"],
                     ["org", "list"], ["sweep"], ["db", "migrate"]):
            one_line_error(relay("--data", data, *argv), "no relay key", "db init")
        status = relay("--data", data, "db", "status", "--json")
        assert status.returncode == 0 and json.loads(status.stdout)["current"] == 0
    assert list(empty.iterdir()) == [] and not missing.exists()
    assert not (tmp_path / "b").exists()
    # `db init` is the one admin command that creates a relay, in the folder tmpfiles made.
    env_file = settings(tmp_path, f"SCELLE_RELAY_DATA={empty}\n")
    done = relay("--env-file", env_file, "db", "init")
    assert done.returncode == 0 and "Relay key id:" in done.stdout, done.stderr
    assert relay("--env-file", env_file, "org", "list").returncode == 0
