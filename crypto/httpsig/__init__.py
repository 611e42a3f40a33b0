"""HTTP Message Signatures (RFC 9421) between Scellé clients and the relay, Ed25519 only.

A direct, strict implementation of one fixed profile (the general `http-message-signatures`
library is kept in the tests as the reference: same signature base, byte for byte, and the
RFC 9421 B.2.6 vector). Anything outside the profile is refused:

Requests (signed by a member; key id = the member's card fingerprint, 64 lowercase hex):
  covered   exactly "@method" "@authority" "@path" "@query" "content-digest"
  params    created (integer seconds), keyid, nonce (random, 22-64 base64url chars),
            alg="ed25519", tag="scelle-relay"; label "scelle"
  digest    Content-Digest with exactly one member, sha-256, even for an empty body.

Responses (signed by the relay; key id = `relay_key_id(public key)`):
  covered   "@status", then "content-digest" (buffered bodies) or the headers the relay names
            for streamed bodies ("scelle-sealed-sha256", "scelle-envelope-size", "content-range"),
            and, when the request was signed, "@method";req "@path";req "@query";req and
            "signature";req;key="scelle", which binds the response to that one request
            (and so to its nonce): a response cannot be replayed or swapped.

Created times are checked against the caller's clock within `max_skew` seconds, both ways. Replay
protection (remembering nonces) is the verifier's caller's job: `VerifiedRequest.nonce` is what
to remember, until `created + max_skew`.

Modules: `base` (signature base), `fields` (Signature-Input/Signature), `digest`
(Content-Digest), `signer`, `verifier`, `errors`.
"""

from crypto.httpsig.base import Headers
from crypto.httpsig.digest import (
    content_digest,
    content_digest_from_sha256,
    parse_content_digest,
)
from crypto.httpsig.errors import (
    DigestMismatch,
    HttpSigError,
    SignatureCoverage,
    SignatureExpired,
    SignatureInvalid,
    SignatureMalformed,
    SignatureMissing,
)
from crypto.httpsig.fields import ALGORITHM, LABEL, TAG
from crypto.httpsig.signer import (
    REQUEST_BINDING,
    REQUEST_COMPONENTS,
    RequestSigner,
    ResponseSigner,
    new_nonce,
    relay_key_id,
)
from crypto.httpsig.verifier import (
    DEFAULT_MAX_SKEW,
    RequestVerifier,
    ResponseVerifier,
    VerifiedRequest,
    check_body,
)

__all__ = [
    "ALGORITHM", "DEFAULT_MAX_SKEW", "LABEL", "REQUEST_BINDING", "REQUEST_COMPONENTS", "TAG",
    "DigestMismatch", "Headers", "HttpSigError", "RequestSigner", "RequestVerifier",
    "ResponseSigner", "ResponseVerifier", "SignatureCoverage", "SignatureExpired",
    "SignatureInvalid", "SignatureMalformed", "SignatureMissing", "VerifiedRequest",
    "check_body", "content_digest", "content_digest_from_sha256", "new_nonce",
    "parse_content_digest", "relay_key_id",
]
