"""Relay settings: where data lives, and every limit, in one value passed to the app factory."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from crypto.content_digest import CONTENT_CHUNK
from crypto.errors import ScelleError
from crypto.httpsig import DEFAULT_MAX_SKEW

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    max_envelope_size: int = 2 * GiB
    max_chunk_size: int = 8 * MiB
    max_json_body: int = 64 * KiB
    max_recipients: int = 100
    min_availability_days: int = 1
    max_availability_days: int = 30
    upload_ttl: int = 24 * 3600  # an upload not committed within this is swept
    clock_skew: int = DEFAULT_MAX_SKEW
    rate_per_second: float = 20.0  # per member, token bucket
    rate_burst: int = 200
    anonymous_rate_per_second: float = 1.0  # per client address, for unsigned endpoints
    anonymous_rate_burst: int = 30
    sweep_interval: int = 60
    invitation_hours: int = 72
    # Small deposits handled at once: one per core is enough (the work is Python under the
    # interpreter lock, plus short fsyncs); more only make them all slower (docs/relay.md).
    deposit_workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 2))
    # The intake point (docs/relay.md "Intake"): the largest request an intake document may
    # announce, the proof of work of a deposit (leading zero bits; 0: none), and the per-address
    # buckets of its routes, kept in memory only (relay/intake_limits.py).
    intake_max_bytes: int = 100_000_000
    intake_pow_bits: int = 18
    intake_rate_per_second: float = 1.0
    intake_rate_burst: int = 60
    intake_deposits_per_hour: float = 10.0
    intake_deposit_burst: int = 10

    def __post_init__(self) -> None:
        # One chunk is one leaf of the content digest: a relay taking smaller chunks could never
        # accept a protocol-2 upload, which every client sends in CONTENT_CHUNK pieces.
        if self.max_chunk_size < CONTENT_CHUNK:
            raise ValueError(f"max_chunk_size must be at least {CONTENT_CHUNK} bytes (one "
                             "content-digest chunk).")


@dataclass(frozen=True)
class TimestampAuthority:
    """The RFC 3161 authority that dates every proof (relay/timestamping.py, docs/relay.md)."""

    url: str
    ca_file: Path  # its root certificate(s), PEM: tokens are checked against them before use
    timeout: float = 2.0  # seconds a deposit waits for its token before leaving it pending
    retry: int = 300  # seconds between two attempts at a pending token (the sweeper's)


@dataclass(frozen=True)
class RelayConfig:
    data_dir: Path
    database_url: str | None = None  # None: SQLite file in data_dir
    limits: Limits = field(default_factory=Limits)
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses or networks). None by
    # default: the peer's address is the client's, whatever headers it sends (relay/forwarded.py).
    trusted_proxies: tuple[str, ...] = ()
    # `/metrics` (relay/observability.py): off unless asked for; then loopback peers and these
    # networks (addresses or networks) only.
    metrics: bool = False
    metrics_networks: tuple[str, ...] = ()
    # Issue 17: the time-stamping authority (None: proofs are kept undated), and how long proofs
    # are kept after their envelope is gone (relay/evidence.py).
    timestamp_authority: TimestampAuthority | None = None
    proof_retention_days: int = 365

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "relay.sqlite3"

    @property
    def key_path(self) -> Path:
        return self.data_dir / "relay-key.pem"

    @property
    def key_history_path(self) -> Path:
        """Rotation statements and earlier public keys (relay/keys.py, docs/relay.md)."""
        return self.data_dir / "relay-key-history.json"


# The settings file of deploy/relay/scelle-relay.env: what systemd's EnvironmentFile= gives the
# service, and what `scelle-relay --env-file` reads for the admin commands (sudo clears the
# environment, so without it they would not see SCELLE_RELAY_DATABASE).
ENV_FILE_KEYS = ("SCELLE_RELAY_DATA", "SCELLE_RELAY_DATABASE", "SCELLE_RELAY_OPTIONS")


class SettingsFileError(ScelleError):
    """A settings file that cannot be read or holds a line the relay does not know."""


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines, blank lines and `#` comments; only ENV_FILE_KEYS, each once. Errors name
    the line, never its value (it may be a database password)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise SettingsFileError(f"Cannot read the settings file {path}: {reason}.") from None
    settings: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        key, value = key.strip(), value.strip()
        where = f"{path}, line {number}"
        if not equals or not key:
            raise SettingsFileError(f"{where}: expected KEY=VALUE.")
        if key not in ENV_FILE_KEYS:
            raise SettingsFileError(f"{where}: unknown setting {key[:64]!r} (known: "
                                    f"{', '.join(ENV_FILE_KEYS)}).")
        if key in settings:
            raise SettingsFileError(f"{where}: {key} is set twice.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]  # systemd's EnvironmentFile= strips one pair of quotes too
        settings[key] = value
    return settings
