"""Errors the relay answers with: a stable `code`, an HTTP status, a message a person understands.

Body: `{"error": {"code": "...", "message": "...", ...details}}`. Codes are part of the API (the
client maps them to its own messages); never rename one. Messages never carry a name, a card's
text, or anything from an envelope.
"""

from __future__ import annotations

from typing import Any

from crypto.errors import ScelleError


class RelayError(ScelleError):
    status = 400
    code = "invalid_request"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.details = details

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": str(self), **self.details}}


def _error(name: str, status: int, code: str, doc: str) -> type[RelayError]:
    return type(name, (RelayError,), {"status": status, "code": code, "__doc__": doc})


InvalidRequest = _error("InvalidRequest", 400, "invalid_request", "The request is malformed.")
Unauthenticated = _error("Unauthenticated", 401, "signature_invalid",
                         "The request signature is refused.")
Replayed = _error("Replayed", 401, "replayed_request", "This request was already received.")
MemberRevoked = _error("MemberRevoked", 403, "member_revoked", "The member's card was revoked.")
NotCertified = _error("NotCertified", 403, "not_certified",
                      "The member's card is not certified yet.")
CardExpiredError = _error("CardExpiredError", 403, "card_expired",
                          "The member's card is outside its validity period.")
InvitationUnknown = _error("InvitationUnknown", 403, "invitation_unknown",
                           "No such invitation code.")
InvitationExpired = _error("InvitationExpired", 403, "invitation_expired",
                           "The invitation code has expired.")
InvitationUsed = _error("InvitationUsed", 403, "invitation_used",
                        "The invitation code was already used.")
NotFound = _error("NotFound", 404, "not_found", "Nothing here (or nothing you may see).")
MethodNotAllowed = _error("MethodNotAllowed", 405, "method_not_allowed",
                          "This method is not allowed here.")
AlreadyEnrolled = _error("AlreadyEnrolled", 409, "already_enrolled",
                         "This identity is already registered.")
OffsetMismatch = _error("OffsetMismatch", 409, "offset_mismatch",
                        "The chunk does not start where the upload stands.")
ChunkBusy = _error("ChunkBusy", 409, "chunk_busy",
                   "Another request is sending this chunk of the upload.")
UploadIncomplete = _error("UploadIncomplete", 409, "upload_incomplete",
                          "The upload has not received all its bytes.")
NotUploading = _error("NotUploading", 409, "not_uploading",
                      "The envelope is not an upload in progress.")
EnvelopeExists = _error("EnvelopeExists", 409, "envelope_exists",
                        "This envelope id is taken; choose another.")
ReceiptExists = _error("ReceiptExists", 409, "receipt_exists",
                       "This receipt was already posted.")
DelegationExists = _error("DelegationExists", 409, "delegation_exists",
                          "This delegation id is already published with other content.")
BodyTooLarge = _error("BodyTooLarge", 413, "body_too_large", "The request body is too large.")
ChunkTooLarge = _error("ChunkTooLarge", 413, "chunk_too_large", "The chunk is too large.")
EnvelopeTooLarge = _error("EnvelopeTooLarge", 413, "envelope_too_large",
                          "The envelope is larger than this relay accepts.")
BeyondSize = _error("BeyondSize", 413, "beyond_declared_size",
                    "The chunk goes past the envelope's declared size.")
ContentDigestMismatch = _error("ContentDigestMismatch", 422, "content_digest_mismatch",
                               "The uploaded bytes do not have the announced content digest.")
ChunkMisaligned = _error("ChunkMisaligned", 400, "chunk_misaligned",
                         "A chunk must end at the next 8 MiB boundary or at the envelope's end.")
ProtocolOutdated = _error("ProtocolOutdated", 400, "protocol_outdated",
                          "This request is from relay protocol 1; update Scellé.")
InvalidCard = _error("InvalidCard", 422, "invalid_card", "The identity card is refused.")
UnknownRecipient = _error("UnknownRecipient", 422, "unknown_recipient",
                          "A recipient is not in your directory.")
InvalidReceipt = _error("InvalidReceipt", 422, "invalid_receipt", "The receipt is refused.")
InvalidPrekey = _error("InvalidPrekey", 422, "invalid_prekey", "The prekey is refused.")
InvalidDelegation = _error("InvalidDelegation", 422, "invalid_delegation",
                          "The delegation or its revocation is refused.")
InvalidRoster = _error("InvalidRoster", 422, "invalid_roster", "The duty roster is refused.")
RosterOutdated = _error("RosterOutdated", 409, "roster_outdated",
                        "A roster of this version or a newer one is already published.")
UnknownGroup = _error("UnknownGroup", 422, "unknown_group", "This group is not in your directory.")
UnknownMember = _error("UnknownMember", 404, "unknown_member",
                      "No member of your organisation has this fingerprint.")
InvalidCertification = _error("InvalidCertification", 422, "invalid_certification",
                              "The certified card is refused.")
MemberStateConflict = _error("MemberStateConflict", 409, "member_state",
                             "The member's state does not allow this change.")
RateLimited = _error("RateLimited", 429, "rate_limited", "Too many requests.")
RangeNotSatisfiable = _error("RangeNotSatisfiable", 416, "bad_range",
                             "The requested byte range cannot be served.")
InternalError = _error("InternalError", 500, "internal_error", "The relay failed.")
DatabaseUnavailable = _error("DatabaseUnavailable", 503, "database_unavailable",
                             "The relay's database cannot be reached.")


class SignatureError(RelayError):
    """Wraps a crypto.httpsig refusal, keeping its code."""

    status = 401

    def __init__(self, message: str, code: str, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


#: Every code the API may answer with (documented in docs/relay.md; a test keeps them in step).
ERROR_CODES = sorted({cls.code for cls in RelayError.__subclasses__()
                      if cls.__module__ == __name__ and cls is not SignatureError}
                     | {"signature_missing", "signature_malformed", "signature_expired",
                        "signature_invalid", "signature_coverage", "digest_mismatch"})
