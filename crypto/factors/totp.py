"""The TOTP gate of a vault slot (RFC 6238, via pyotp).

TOTP contributes **no key material**. A TOTP slot's VMK is wrapped under the passphrase and a
32-byte device share kept in the OS keyring; the TOTP secret is stored in the slot, sealed under a
key derived from that slot key. After the passphrase has opened the slot, the code is checked
here, and the VMK is released only if it passes. Anyone holding the passphrase, the device share
and the vault files can therefore bypass the gate with modified software; the gate stops someone
who knows the passphrase and uses Scellé on this computer without the user's phone.

Rules: codes of the current step ±1 are accepted; a step is never accepted twice (nor any step
at or before the last accepted one); after 3 consecutive failures every further failure imposes
an exponential delay (30 s, 60 s, 120 s … capped at 1 h) during which no code is even checked.
The state that enforces this (`TotpState`) is kept by the caller next to the device share, in the
same OS keyring entry (see storage/keyring_store.py): resetting it means rewriting that entry,
which requires the access that already bypasses the gate.

The clock is injectable (`clock()` returns Unix seconds) so tests never sleep.
"""

from __future__ import annotations

import base64
import enum
import hmac
import io
import os
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crypto.errors import ScelleError

ISSUER = "Scellé"
SECRET_LEN = 20
WINDOW = 1  # steps accepted either side of the current one
BACKOFF_AFTER = 3  # failures tolerated before delays start
BACKOFF_BASE = 30.0
BACKOFF_MAX = 3600.0

Clock = Callable[[], float]


class TotpRejectReason(enum.Enum):
    MALFORMED = "malformed"
    WRONG = "wrong"
    REPLAYED = "replayed"
    BACKOFF = "backoff"


class TotpRejected(ScelleError):
    """The TOTP gate refused: wrong code, code already used, or too many attempts."""

    def __init__(self, message: str, reason: TotpRejectReason, retry_after: int = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.retry_after = retry_after  # whole seconds before another code will be checked


@dataclass(frozen=True)
class TotpState:
    """Replay and back-off state of one TOTP slot (persisted by the caller)."""

    last_step: int = -1  # last accepted time step; that step and earlier ones are refused
    failures: int = 0  # consecutive failed codes
    not_before: float = 0.0  # Unix time before which no code is checked

    def to_json(self) -> dict[str, Any]:
        return {"last_step": self.last_step, "failures": self.failures,
                "not_before": self.not_before}

    @classmethod
    def from_json(cls, obj: Any) -> TotpState:
        if not isinstance(obj, dict) or set(obj) != {"last_step", "failures", "not_before"}:
            raise ValueError("malformed TOTP state")
        ints = (obj["last_step"], obj["failures"])
        if any(not isinstance(v, int) or isinstance(v, bool) for v in ints):
            raise ValueError("malformed TOTP state")
        nb = obj["not_before"]
        if not isinstance(nb, (int, float)) or isinstance(nb, bool) or nb < 0:
            raise ValueError("malformed TOTP state")
        if obj["last_step"] < -1 or obj["failures"] < 0:
            raise ValueError("malformed TOTP state")
        return cls(obj["last_step"], obj["failures"], float(nb))


@dataclass(frozen=True)
class TotpDecision:
    """Outcome of one code: persist `state` whatever happens, then raise `error` if set."""

    state: TotpState
    error: TotpRejected | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None


def backoff_delay(failures: int) -> float:
    """Seconds of enforced wait after `failures` consecutive failures."""
    if failures < BACKOFF_AFTER:
        return 0.0
    return min(BACKOFF_BASE * 2 ** (failures - BACKOFF_AFTER), BACKOFF_MAX)


def check_backoff(state: TotpState, now: float) -> TotpRejected | None:
    """The rejection to raise if a delay is still running (checked before anything costly)."""
    if now >= state.not_before:
        return None
    wait = int(state.not_before - now + 0.999)
    return TotpRejected(
        f"Too many wrong TOTP codes: try again in {wait} s.", TotpRejectReason.BACKOFF, wait
    )


class TotpGate:
    """Checks codes for one secret. The secret is copied into pyotp's base32 string (immutable)."""

    def __init__(
        self, secret: bytes | bytearray, digits: int = 6, period: int = 30,
        clock: Clock = time.time,
    ) -> None:
        import pyotp  # here: a vault opened with a token or a recovery code never needs it

        self._totp = pyotp.TOTP(base64.b32encode(bytes(secret)).decode("ascii"),
                                digits=digits, interval=period)
        self._digits = digits
        self._clock = clock

    def verify(self, code: str, state: TotpState) -> TotpDecision:
        """Apply back-off, format, window and replay rules to `code`."""
        now = self._clock()
        waiting = check_backoff(state, now)
        if waiting is not None:
            return TotpDecision(state, waiting)
        typed = "".join(str(code).split())
        if len(typed) != self._digits or not (typed.isascii() and typed.isdigit()):
            # A typo in the format reveals nothing about the secret: not counted as a failure.
            return TotpDecision(state, TotpRejected(
                f"A TOTP code is {self._digits} digits.", TotpRejectReason.MALFORMED))
        current = self._totp.timecode(now)
        matches = [
            step for step in range(current - WINDOW, current + WINDOW + 1)
            if step >= 0 and hmac.compare_digest(self._totp.generate_otp(step), typed)
        ]
        fresh = [step for step in matches if step > state.last_step]
        if fresh:
            return TotpDecision(TotpState(last_step=max(fresh)))
        reason = TotpRejectReason.REPLAYED if matches else TotpRejectReason.WRONG
        return TotpDecision(*_failure(state, now, reason))


def _failure(
    state: TotpState, now: float, reason: TotpRejectReason
) -> tuple[TotpState, TotpRejected]:
    failures = state.failures + 1
    delay = backoff_delay(failures)
    new_state = TotpState(state.last_step, failures, now + delay if delay else 0.0)
    if reason is TotpRejectReason.REPLAYED:
        message = "This TOTP code was already used: wait for the next code."
    else:
        message = "Wrong TOTP code."
    if delay:
        message += f" Too many failures: try again in {int(delay)} s."
    return new_state, TotpRejected(message, reason, int(delay))


def new_totp_secret() -> bytearray:
    return bytearray(os.urandom(SECRET_LEN))


@dataclass(frozen=True)
class TotpEnrollment:
    """What the user scans into an authenticator app. `uri` contains the secret: never log it."""

    uri: str

    def __repr__(self) -> str:
        return "TotpEnrollment(uri=<secret>)"

    def _matrix(self) -> list[list[bool]]:
        import qrcode  # here: it builds tables at import, and only enrolment draws a code

        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
        qr.add_data(self.uri)
        qr.make(fit=True)
        return qr.get_matrix()  # True = dark module; includes the quiet zone

    def qr_text(self, dark_terminal: bool = True) -> str:
        """The QR code drawn with half-block characters, two module rows per text line.

        On a dark terminal the light modules are drawn (so the code prints dark-on-light).
        """
        matrix = self._matrix()
        if len(matrix) % 2:
            matrix.append([False] * len(matrix[0]))
        glyphs = {(True, True): "█", (True, False): "▀",
                  (False, True): "▄", (False, False): " "}
        lines = []
        for top, bottom in zip(matrix[0::2], matrix[1::2]):
            cells = [(t != dark_terminal, b != dark_terminal) for t, b in zip(top, bottom)]
            lines.append("".join(glyphs[c] for c in cells))
        return "\n".join(lines) + "\n"

    def qr_png(self, scale: int = 8) -> bytes:
        """The QR code as a greyscale PNG (written here: qrcode needs PIL or pypng for PNG)."""
        matrix = self._matrix()
        size = len(matrix) * scale
        raw = io.BytesIO()
        for row in matrix:
            line = b"\x00" + b"".join((b"\x00" if dark else b"\xff") * scale for dark in row)
            raw.write(line * scale)

        def chunk(tag: bytes, data: bytes) -> bytes:
            body = tag + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        ihdr = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                + chunk(b"IDAT", zlib.compress(raw.getvalue(), 9)) + chunk(b"IEND", b""))


def account_label(vault_id: str) -> str:
    """The authenticator-app account name: derived from the vault id only, never a client name."""
    return f"Coffre {vault_id[:8]}"


def totp_enrollment(
    secret: bytes | bytearray, vault_id: str, digits: int = 6, period: int = 30
) -> TotpEnrollment:
    import pyotp

    totp = pyotp.TOTP(base64.b32encode(bytes(secret)).decode("ascii"), digits=digits,
                      interval=period)
    return TotpEnrollment(totp.provisioning_uri(name=account_label(vault_id), issuer_name=ISSUER))
