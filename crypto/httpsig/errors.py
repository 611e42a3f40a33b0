"""The reasons a signed HTTP message is refused (each has a stable machine-readable `code`)."""

from __future__ import annotations

from crypto.errors import ScelleError


class HttpSigError(ScelleError):
    """A signed HTTP message is refused. `code` is the stable machine-readable reason."""

    code = "signature_invalid"


def _error(name: str, code: str) -> type[HttpSigError]:
    return type(name, (HttpSigError,), {"code": code, "__module__": "crypto.httpsig"})


SignatureMissing = _error("SignatureMissing", "signature_missing")
SignatureMalformed = _error("SignatureMalformed", "signature_malformed")
SignatureExpired = _error("SignatureExpired", "signature_expired")  # created outside the skew
SignatureCoverage = _error("SignatureCoverage", "signature_coverage")
SignatureInvalid = _error("SignatureInvalid", "signature_invalid")  # also: unknown key id
DigestMismatch = _error("DigestMismatch", "digest_mismatch")
