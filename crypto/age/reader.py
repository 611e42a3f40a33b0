"""Streaming decryption of an age file: `AgeReader`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import BinaryIO

from crypto.age.armor import dearmor
from crypto.age.errors import (
    ChunkAuthenticationError,
    HeaderError,
    NoIdentityMatchError,
    PayloadError,
    StanzaError,
    TrailingDataError,
    TruncatedPayloadError,
)
from crypto.age.header import Header, parse_header, verify_mac
from crypto.age.primitives import FILE_KEY_SIZE
from crypto.age.stanza import Identity, Stanza
from crypto.age.streamio import read_full
from crypto.age.stream import (
    CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE,
    PAYLOAD_NONCE_SIZE,
    TAG_SIZE,
    ChunkOpener,
    payload_key,
)


def unwrap_file_key(stanzas: Sequence[Stanza], identities: Sequence[Identity]) -> bytes:
    """Ask each identity in turn for the file key; enforce header-wide stanza rules first."""
    if any(s.type == "scrypt" for s in stanzas) and len(stanzas) != 1:
        # The passphrase stanza must be alone, or a third party could add a recipient to a
        # file the user believes only their passphrase opens.
        raise StanzaError("a passphrase-protected file must not have any other recipient stanza")
    for identity in identities:
        file_key = identity.unwrap(stanzas)
        if file_key is not None:
            if len(file_key) != FILE_KEY_SIZE:
                raise HeaderError("a recipient stanza holds a file key of the wrong length")
            return file_key
    raise NoIdentityMatchError("none of the provided keys or passphrases can open this file")


class AgeReader:
    """Parses and authenticates the header at construction; then decrypts chunk by chunk.

    `chunks()` only ever yields chunks whose tag verified, so whatever was yielded before an
    error is genuine plaintext; callers must still discard it unless the iteration completes.
    """

    def __init__(
        self, src: BinaryIO, identities: Sequence[Identity], *, armor: bool | None = None
    ) -> None:
        """`armor`: None detects ASCII armor, True requires it, False refuses it."""
        self._src, self._armor = dearmor(src, armor)
        header = parse_header(self._src)
        file_key = unwrap_file_key(header.stanzas, identities)
        verify_mac(header, file_key)
        nonce = bytearray(PAYLOAD_NONCE_SIZE)
        if read_full(self._src, memoryview(nonce)) != PAYLOAD_NONCE_SIZE:
            raise HeaderError("the file is truncated: the payload nonce is missing")
        self._consumed = len(header.raw) + PAYLOAD_NONCE_SIZE
        self.header: Header = header
        self.header_bytes: bytes = header.raw
        self.nonce: bytes = bytes(nonce)
        self._opener = ChunkOpener(payload_key(file_key, self.nonce))
        self._started = False
        self._final_returned = False
        self._cipher: memoryview | None = None

    @property
    def consumed(self) -> int:
        """Bytes consumed from the source so far (armored bytes if armored): for progress."""
        return self._armor.raw_consumed if self._armor is not None else self._consumed

    def chunks(self) -> Iterator[bytes]:
        """Yield each authenticated plaintext chunk as a new `bytes` object."""
        for view in self.chunk_views():
            yield bytes(view)

    def chunk_views(self) -> Iterator[memoryview]:
        """Like `chunks()`, but each view is only valid until the next one is requested.

        Saves a copy per chunk for callers that write the plaintext out immediately.
        """
        if self._started:
            raise RuntimeError("the payload of an AgeReader can only be read once")
        self._started = True
        return self._iterate()

    def _iterate(self) -> Iterator[memoryview]:
        out = memoryview(bytearray(CHUNK_SIZE))
        while (size := self.read_chunk_into(out)) is not None:
            yield out[:size]

    def read_chunk_into(self, out: memoryview) -> int | None:
        """Decrypt the next chunk into `out` (CHUNK_SIZE bytes or more); return its size.

        None once the final chunk has been returned and nothing follows it. The alternative to
        `chunk_views()` (never mix the two) for callers that keep the plaintext of several
        chunks, e.g. in blocks hashed on another thread. The final chunk is authentic on its
        own, so it is returned (as the reference implementation and the vectors do) before the
        check for trailing data, which the next call makes.
        """
        if self._final_returned:
            if read_full(self._src, memoryview(bytearray(1))):
                raise TrailingDataError("the file has unexpected data after its final chunk")
            return None
        if self._cipher is None:
            self._cipher = memoryview(bytearray(ENCRYPTED_CHUNK_SIZE))
        size = read_full(self._src, self._cipher)
        self._consumed += size
        self._check_size(size)
        chunk = self._cipher[:size]
        if size == ENCRYPTED_CHUNK_SIZE:
            plain = self._opener.open_into(chunk, False, out)
            if plain is not None:
                return plain
        # A short chunk, or a full one that is not a valid middle chunk: it must be the last.
        plain = self._open_final(chunk, out)
        self._final_returned = True
        return plain

    def _check_size(self, size: int) -> None:
        index = self._opener.counter
        if size == 0:
            if index == 0:
                raise TruncatedPayloadError("the file is truncated: the payload has no chunk")
            raise TruncatedPayloadError("the file is truncated: the final chunk is missing")
        if size < TAG_SIZE:
            raise TruncatedPayloadError(
                f"the file is truncated: chunk {index + 1} is shorter than its authentication tag"
            )

    def _open_final(self, chunk: memoryview, out: memoryview) -> int:
        index = self._opener.counter
        size = self._opener.open_into(chunk, True, out)
        if size is None:
            raise ChunkAuthenticationError(
                f"chunk {index + 1} of the payload fails authentication: "
                "the file is damaged, truncated or was altered"
            )
        if size == 0 and index > 0:
            raise PayloadError("the final chunk is empty although the payload is not")
        return size
