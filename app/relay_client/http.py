"""The signed HTTP transport to one relay: every request signed with the member's key (RFC 9421,
crypto/httpsig/), every response checked against the pinned relay key before it is believed.

TLS (`ConnectionOptions`):
  * default: the operating system's trust store (`ssl.create_default_context()`), not a bundle
    shipped with the program, so that a managed workstation's own CAs are honoured;
  * `ca_file`: trust only the certificates in this file (an internal CA, or the relay's own);
  * `pin_sha256`: the SHA-256 of the relay's certificate (DER). It is checked when the TLS
    handshake completes, before a byte of the request is sent, and again on every response;
    with a pin and no `ca_file`, the chain is not checked (a self-signed relay certificate).
Proxies: the workstation policy's `proxy` if it imposes one (then nothing else, not even
`NO_PROXY`, can route around it), else an explicit `proxy` URL, else the environment
(`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`), as managed workstations set them;
`use_env_proxy=False` ignores the environment. A relay the policy does not allow is refused
(`PolicyRefusal`) before any connection.

Network failures become `RelayUnreachable` (retryable), answers from something that is not the
relay (a proxy's error page) too; a response with a bad relay signature is
`RelayAuthenticityError`; a signed refusal is `RelayRefused` with the relay's stable code.
"""

from __future__ import annotations

import base64
import hashlib
import json
import ssl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any

import httpx

from app.policy import relay_proxy, require_relay_allowed
from app.relay_client.address import normalise_url
from app.relay_client.errors import (
    RelayAuthenticityError,
    RelayConfigError,
    RelayKeyMismatch,
    RelayProtocolError,
    RelayRefused,
    RelayTlsError,
    RelayUnreachable,
)
from crypto.httpsig import HttpSigError, RequestSigner, ResponseVerifier, relay_key_id
from crypto.relay_rotation import RotationError, follow_rotations, previous_keys
from crypto.identity import PrivateIdentity
from crypto.strict_json import load_strict
from crypto.text_rules import shown

Clock = Callable[[], float]
# Buffered answers are lists and small objects; envelope bytes are streamed, not decoded.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
DOWNLOAD_HEADERS = ("scelle-content-digest", "scelle-envelope-size")


@dataclass(frozen=True)
class ConnectionOptions:
    ca_file: str | None = None
    pin_sha256: str | None = None  # hex
    proxy: str | None = None
    use_env_proxy: bool = True
    timeout: float = 60.0
    max_retry_wait: float = 10.0  # a 429 asking to wait longer is reported, not waited for

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ConnectionOptions:
        try:
            values = json.loads(text or "{}")
            return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})
        except (ValueError, TypeError, AttributeError):
            raise RelayConfigError("The stored relay connection settings are damaged; join "
                                   "the relay again.") from None


class _PinnedContext(ssl.SSLContext):
    """An SSL context that refuses, right after the handshake, any certificate but the pinned."""

    pin: bytes = b""

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:  # type: ignore[override]
        sock = super().wrap_socket(*args, **kwargs)
        check_pin(sock.getpeercert(binary_form=True), self.pin, sock.close)
        return sock


def check_pin(der: bytes | None, pin: bytes, on_fail: Callable[[], None] = lambda: None) -> None:
    if not der or hashlib.sha256(der).digest() != pin:
        on_fail()
        raise ssl.SSLCertVerificationError("the relay's certificate is not the pinned one")


def tls_context(options: ConnectionOptions) -> ssl.SSLContext:
    """The TLS context for `options` (system trust store unless told otherwise)."""
    try:
        if options.pin_sha256 is None:
            return ssl.create_default_context(cafile=options.ca_file)
        pin = bytes.fromhex(options.pin_sha256)
        if len(pin) != 32:
            raise ValueError
        context = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
        context.pin = pin
        if options.ca_file:
            context.load_verify_locations(cafile=options.ca_file)
        else:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context
    except ValueError:
        raise RelayConfigError("The certificate pin must be a SHA-256 in hexadecimal "
                               "(64 digits).") from None
    except (OSError, ssl.SSLError):
        raise RelayConfigError("The relay's certificate file cannot be read or holds no "
                               "certificate.") from None


def _unreachable(exc: Exception) -> Exception:
    if isinstance(exc, httpx.ProxyError):
        return RelayUnreachable("The proxy refused to connect to the relay; check the proxy "
                                "settings.")
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return RelayTlsError("The relay's TLS certificate is not trusted (or is not the "
                                 "pinned one); the connection was refused.")
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.TimeoutException):
        return RelayUnreachable("The relay did not answer in time; it will be tried again.")
    return RelayUnreachable("The relay cannot be reached (network or relay down); it will be "
                            "tried again at the next sync.")


@dataclass
class Signed:
    """A request as sent: what the response must be bound to."""

    method: str
    url: str
    headers: list[tuple[str, str]]


class RelayTransport:
    """One member's HTTP connection to one relay. `call` may run in several threads at once
    (the chunked upload's PUTs share the connection pool; signing keeps no state); everything
    else, one thread at a time."""

    def __init__(self, base_url: str, *, relay_key: bytes | None,
                 identity: PrivateIdentity | None, options: ConnectionOptions | None = None,
                 clock: Clock = time.time) -> None:
        self.base_url = normalise_url(base_url)
        # The workstation policy, for every connection whoever asks (docs/security.md): a relay
        # it does not allow is refused before any socket opens, and its proxy is the one used.
        require_relay_allowed(self.base_url)
        options = options or ConnectionOptions()
        self.options = replace(options, proxy=relay_proxy(options.proxy))
        self.relay_key = relay_key
        # Earlier relay keys, listed in a signed relay_info on this connection (None: not asked).
        self.previous_keys: frozenset[bytes] | None = None
        self.clock = clock
        self._signer = (RequestSigner(identity.signing_key, identity.card.fingerprint_hex)
                        if identity is not None else None)
        self._host = httpx.URL(self.base_url).netloc.decode("ascii")
        self._max_chunk: int | None = None
        try:
            self._http = httpx.Client(timeout=self.options.timeout,
                                      verify=tls_context(self.options),
                                      proxy=self.options.proxy or None,
                                      trust_env=self.options.use_env_proxy,
                                      follow_redirects=False)
        except ValueError:
            raise RelayConfigError("The proxy address is not a usable URL.") from None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RelayTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public, unsigned -----------------------------------------------------------------------
    def relay_info(self, expected_key_id: str | None = None) -> dict[str, Any]:
        """GET /v1/relay: the relay's key and limits, checked against the pinned key (or the
        key id the admin announced); on first contact the key is taken from the answer."""
        signed = Signed("GET", self.base_url + "/v1/relay", [("Host", self._host)])
        response = self._send(signed, b"")
        try:
            info = decode_answer(response.content)
            key = base64.b64decode(info["relay_key"], validate=True)
        except (RelayProtocolError, ValueError, KeyError, TypeError):
            raise RelayProtocolError("This server did not answer like a Scellé relay.") from None
        if len(key) != 32:
            raise RelayProtocolError("This server did not answer like a Scellé relay.")
        rotated = self.relay_key is not None and key != self.relay_key
        try:  # a new key only through rotation statements chained from the pinned key
            if rotated:
                follow_rotations(self.relay_key, key, info.get("key_rotations"))
        except RotationError:
            raise RelayKeyMismatch("The relay's key changed and the pinned key does not vouch "
                                   "for the new one; ask the relay's administrator.") from None
        if expected_key_id is not None and relay_key_id(key) != expected_key_id.strip().lower():
            raise RelayKeyMismatch("The relay's key is not the one announced by its "
                                   "administrator: nothing was sent to it.")
        self._verify(response, signed, body=response.content, key=key)
        if response.status_code != 200:
            self._raise_refusal(response)
        if rotated:  # followed, and the new key signed this answer
            self.relay_key = key  # join.follow_key_rotation saves the new pin
        self.previous_keys = previous_keys(info.get("previous_keys"))  # signed by `key`
        return info

    def max_chunk_size(self) -> int:
        """The relay's largest chunk, which is also its largest single-request deposit; asked
        once (GET /v1/relay) for the life of this transport."""
        if self._max_chunk is None:
            limits = self.relay_info().get("limits")
            value = limits.get("max_chunk_size") if isinstance(limits, dict) else None
            if type(value) is not int or value < 1:
                raise RelayProtocolError("This server did not answer like a Scellé relay.")
            self._max_chunk = value
        return self._max_chunk

    # -- signed ---------------------------------------------------------------------------------
    def sign(self, method: str, path: str, body: bytes = b"",
             headers: Sequence[tuple[str, str]] = (), signer: RequestSigner | None = None,
             body_sha256: bytes | None = None) -> Signed:
        """`body_sha256`: the body's SHA-256 if the caller already has it (a chunk hashed on
        another thread while the previous one was in flight), so it is not hashed twice."""
        signer = signer or self._signer
        if signer is None:
            raise RelayConfigError("No identity to sign relay requests with.")
        url = self.base_url + path
        base = [("Host", self._host), *headers]
        return Signed(method, url, signer.sign(
            method, url, base, body=None if body_sha256 is not None else body,
            body_sha256=body_sha256, created=int(self.clock())))

    def call(self, method: str, path: str, *, json_body: Any = None, body: bytes | None = None,
             headers: Sequence[tuple[str, str]] = (), signer: RequestSigner | None = None,
             ok: Sequence[int] = (200, 201, 204), body_sha256: bytes | None = None) -> Any:
        """A signed request with a buffered answer; returns the decoded JSON (None if empty)."""
        content = body if body is not None else (
            json.dumps(json_body, separators=(",", ":")).encode() if json_body is not None
            else b"")
        extra = list(headers)
        if json_body is not None:
            extra.append(("Content-Type", "application/json"))
        for attempt in range(2):
            signed = self.sign(method, path, content, extra, signer, body_sha256)
            response = self._send(signed, content)
            self._verify(response, signed, body=response.content)
            if response.status_code in ok:
                return self._json(response) if response.content else None
            if attempt == 0 and self._waited_for_retry(response):
                continue
            self._raise_refusal(response)
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def stream(self, path: str, start: int = 0) -> Iterator[httpx.Response]:
        """A signed ranged GET of envelope bytes; yields the response once its signed headers
        (SHA-256, size, range) are verified. The caller checks the bytes against them."""
        headers = [("Range", f"bytes={start}-")] if start else []
        signed = self.sign("GET", path, b"", headers)
        request = self._http.build_request("GET", signed.url, headers=signed.headers)
        try:
            response = self._http.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None
        try:
            if response.status_code not in (200, 206):
                response.read()
                self._verify(response, signed, body=response.content)
                self._raise_refusal(response)
            required = [*DOWNLOAD_HEADERS] + (["content-range"] if start else [])
            self._verify(response, signed, required=required)
            yield response
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None
        finally:
            response.close()

    # -- internals ------------------------------------------------------------------------------
    def _send(self, signed: Signed, content: bytes) -> httpx.Response:
        try:
            return self._http.request(signed.method, signed.url, headers=signed.headers,
                                      content=content)
        except httpx.HTTPError as exc:
            raise _unreachable(exc) from None

    def _verify(self, response: httpx.Response, signed: Signed, *, body: bytes | None = None,
                required: Sequence[str] = (), key: bytes | None = None) -> None:
        self._check_tls(response)
        key = key or self.relay_key
        if key is None:
            raise RelayConfigError("No relay key is pinned yet; join the relay first.")
        if "signature" not in response.headers:
            # Not the relay: a proxy or a load balancer answering on its behalf.
            raise RelayUnreachable(f"Something other than the relay answered (HTTP status "
                                   f"{response.status_code}); check the relay address and the "
                                   "proxy settings.")
        verifier = ResponseVerifier(key, now=self.clock)
        try:
            verifier.verify(response.status_code, response.headers.multi_items(),
                            request_method=signed.method, request_url=signed.url,
                            request_headers=signed.headers, body=body,
                            required_headers=required)
        except HttpSigError as exc:
            if exc.code == "signature_expired":
                raise RelayAuthenticityError("The relay's answer is dated too far from this "
                                             "computer's clock; check the clock.") from None
            raise RelayAuthenticityError("An answer did not carry a valid signature of the "
                                         "pinned relay key; it was ignored.") from None

    def _check_tls(self, response: httpx.Response) -> None:
        if self.options.pin_sha256 is None or not self.base_url.startswith("https:"):
            return
        stream = response.extensions.get("network_stream")
        ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
        der = ssl_object.getpeercert(True) if ssl_object is not None else None
        try:
            check_pin(der, bytes.fromhex(self.options.pin_sha256))
        except ssl.SSLCertVerificationError:
            raise RelayTlsError("The relay's TLS certificate is not the pinned one; the answer "
                                "was ignored.") from None

    def _waited_for_retry(self, response: httpx.Response) -> bool:
        if response.status_code != 429:
            return False
        try:
            wait = float(response.headers.get("retry-after", "x"))
        except ValueError:
            return False
        if not 0 <= wait <= self.options.max_retry_wait:
            return False
        time.sleep(wait)
        return True

    def _json(self, response: httpx.Response) -> Any:
        return decode_answer(response.content)

    def _raise_refusal(self, response: httpx.Response) -> None:
        try:
            error = decode_answer(response.content)["error"]
            code, message = str(error["code"]), str(error["message"])
            details = {k: v for k, v in error.items() if k not in ("code", "message")}
        except (RelayProtocolError, KeyError, TypeError, AttributeError):
            code, message, details = "unknown", "", {}
        # The relay's words are shown to the user: escaped (they cannot fake a line or hide
        # characters) and cut to a sentence's length.
        text = shown(message[:500]) or f"HTTP status {response.status_code}"
        raise RelayRefused(f"The relay refused: {text} ({shown(code[:100])})", code=code,
                           status=response.status_code, details=details)


def decode_answer(content: bytes) -> Any:
    """A relay answer's JSON, read by the strict reader: a malicious or broken relay's deeply
    nested, oversized or duplicate-keyed answer is a `RelayProtocolError`, never a traceback."""
    return load_strict(content, RelayProtocolError, "The relay's answer",
                       max_bytes=MAX_ANSWER_BYTES, allow_floats=True)
