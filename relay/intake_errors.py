"""The intake point's error answers (docs/relay.md "Intake", "Errors"): stable codes like every
other relay error. Messages never hold a requester's address, a name or anything they wrote."""

from __future__ import annotations

from relay.errors import RelayError


def _error(name: str, status: int, code: str, doc: str) -> type[RelayError]:
    return type(name, (RelayError,), {"status": status, "code": code, "__doc__": doc,
                                      "__module__": __name__})


InvalidIntake = _error("InvalidIntake", 422, "invalid_intake",
                       "The intake document is refused.")
IntakeNameTaken = _error("IntakeNameTaken", 409, "intake_name_taken",
                         "This intake point's name belongs to another organisation.")
IntakeVersionOutdated = _error("IntakeVersionOutdated", 409, "intake_version_outdated",
                               "An intake document as new or newer is already published.")
IntakeOutdated = _error("IntakeOutdated", 409, "intake_outdated",
                        "The intake document lists a recipient who is no longer valid.")
ChallengeInvalid = _error("ChallengeInvalid", 403, "challenge_invalid",
                          "The proof-of-work challenge is refused.")
ChallengeUsed = _error("ChallengeUsed", 409, "challenge_used",
                       "The proof-of-work challenge was already used.")
PowInsufficient = _error("PowInsufficient", 403, "pow_insufficient",
                         "The nonce does not solve the challenge.")
LengthRequired = _error("LengthRequired", 411, "length_required",
                        "The request has no Content-Length.")
ReplyNotRequested = _error("ReplyNotRequested", 409, "reply_not_requested",
                           "The requester asked for no reply.")

#: The codes above, for the test that keeps docs/relay.md in step.
INTAKE_ERROR_CODES = sorted(cls.code for cls in (
    InvalidIntake, IntakeNameTaken, IntakeVersionOutdated, IntakeOutdated, ChallengeInvalid,
    ChallengeUsed, PowInsufficient, LengthRequired, ReplyNotRequested))
