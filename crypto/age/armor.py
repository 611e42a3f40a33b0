"""ASCII armor: strict PEM (RFC 7468) with the label "AGE ENCRYPTED FILE".

Reading is strict, as the specification recommends, because a lax PEM parser makes files
malleable: only whitespace is allowed around the block; inside it, no headers, no empty lines,
lines of exactly 64 columns except a shorter (or full) last one, canonical padded base64, no
checksum line. CRLF line endings are accepted. Decoding is streaming: full lines are validated and
decoded in bulk, so memory stays constant and armored files are not much slower than binary ones.
"""

from __future__ import annotations

import binascii
import io
import re
from typing import BinaryIO

from crypto.age.errors import ArmorError
from crypto.age.streamio import write_all

BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
END = b"-----END AGE ENCRYPTED FILE-----"
COLUMNS = 64
_WHITESPACE = b" \t\r\n"
_FULL_LINES = re.compile(rb"(?:[A-Za-z0-9+/]{64}\r?\n)+")
_LAST_LINE = re.compile(rb"[A-Za-z0-9+/]*={0,2}")
_READ_SIZE = 64 * 1024


def _strip_cr(line: bytes) -> bytes:
    return line[:-1] if line.endswith(b"\r") else line


class ArmorReader(io.RawIOBase):
    """Decodes an armored age file from `src` as a raw byte stream."""

    def __init__(self, src: BinaryIO) -> None:
        super().__init__()
        self._src = src
        self._raw = bytearray()  # armored text read but not yet processed
        self._eof = False
        self._decoded = bytearray()  # decoded bytes not yet handed out
        self._state = "begin"  # begin -> body -> last (final data line seen) -> done
        #: Armored bytes read from the source so far (for progress reports).
        self.raw_consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._decoded and self._state != "done":
            self._advance()
        count = min(len(buffer), len(self._decoded))
        buffer[:count] = self._decoded[:count]
        del self._decoded[:count]
        return count

    def _fetch(self) -> bool:
        """Read more armored text; False at end of input."""
        if self._eof:
            return False
        block = self._src.read(_READ_SIZE)
        if not block:
            self._eof = True
            return False
        self.raw_consumed += len(block)
        self._raw += block
        return True

    def _advance(self) -> None:
        if self._state == "begin":
            self._read_begin()
        elif self._state == "body" and self._decode_full_lines():
            return
        elif self._needs_more_for_a_line() and self._fetch():
            return  # judge a line only once it is complete
        else:
            self._read_single_line()

    def _needs_more_for_a_line(self) -> bool:
        """True if the buffer holds no complete line yet (and no over-long one either)."""
        return len(self._raw) <= COLUMNS + 2 and b"\n" not in self._raw

    def _read_begin(self) -> None:
        while True:
            stripped = self._raw.lstrip(_WHITESPACE)
            del self._raw[: len(self._raw) - len(stripped)]
            if self._raw or not self._fetch():
                break
        try:
            line = self._take_line()
        except ArmorError:
            line = None
        if line != BEGIN:
            raise ArmorError("the armored file does not start with the age armor line")
        self._state = "body"

    def _decode_full_lines(self) -> bool:
        """Decode a run of complete 64-column lines; False if none is available yet."""
        end = self._full_lines_end()
        if not end:
            return False
        text = bytes(self._raw[:end]).translate(None, b"\r\n")
        del self._raw[:end]
        try:
            # Unpadded full lines are canonical by construction: 64 characters are 48 bytes.
            self._decoded += binascii.a2b_base64(text, strict_mode=True)
        except binascii.Error:
            raise ArmorError("the armored file has a character that is not base64") from None
        return True

    def _full_lines_end(self) -> int:
        """Length of the leading run of full, unpadded 64-column lines in the buffer."""
        count = len(self._raw) // (COLUMNS + 1)
        block = self._raw[: count * (COLUMNS + 1)]
        # Fast path for LF files: every 65th byte is the only LF, no CR, no padding. The
        # characters themselves are checked by the strict base64 decoder.
        if (
            count
            and block[COLUMNS :: COLUMNS + 1] == b"\n" * count
            and block.count(b"\n") == count
            and b"=" not in block
            and b"\r" not in block
        ):
            return len(block)
        match = _FULL_LINES.match(self._raw)
        return match.end() if match else 0

    def _take_line(self) -> bytes | None:
        """Remove and return the next line (without EOL); None at end of input."""
        while (end := self._raw.find(b"\n")) < 0:
            if len(self._raw) > COLUMNS + 2:
                raise ArmorError("the armored file has a line longer than 64 columns")
            if not self._fetch():
                if not self._raw:
                    return None
                line = bytes(self._raw)  # last line without end-of-line
                self._raw.clear()
                return _strip_cr(line)
        line = bytes(self._raw[:end])
        del self._raw[: end + 1]
        return _strip_cr(line)

    def _read_single_line(self) -> None:
        line = self._take_line()
        if line is None:
            raise ArmorError("the armored file is truncated: its end line is missing")
        if line == END:
            self._check_trailer()
            self._state = "done"
            return
        if self._state == "last":
            raise ArmorError("the armored file has a line after its short last line")
        self._decoded += self._decode_last_line(line)
        self._state = "last"

    @staticmethod
    def _decode_last_line(line: bytes) -> bytes:
        if not line:
            raise ArmorError("the armored file has an empty line")
        if len(line) > COLUMNS:
            raise ArmorError("the armored file has a line longer than 64 columns")
        if _LAST_LINE.fullmatch(line) is None:
            raise ArmorError("the armored file has a character that is not base64")
        if len(line) % 4:
            raise ArmorError("the armored file's base64 is missing its padding")
        try:
            data = binascii.a2b_base64(line, strict_mode=True)
        except binascii.Error:
            raise ArmorError("the armored file's base64 is malformed") from None
        if binascii.b2a_base64(data, newline=False) != line:
            raise ArmorError("the armored file's base64 is not canonical")
        return data

    def _check_trailer(self) -> None:
        """Only whitespace may follow the end line."""
        while True:
            if self._raw.strip(_WHITESPACE):
                raise ArmorError("the armored file has data after its end line")
            self._raw.clear()
            if not self._fetch():
                return


class ArmorWriter:
    """Encodes what is written to it as armor into `out`; call `finish()` once at the end."""

    _BLOCK = 48 * 1024  # a multiple of 48 bytes: encodes to whole 64-column lines

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._pending = bytearray()
        write_all(self._out, BEGIN + b"\n")

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._pending += data
        if len(self._pending) >= self._BLOCK:
            whole = len(self._pending) - len(self._pending) % 48
            write_all(self._out, _encode_lines(self._pending[:whole]))
            del self._pending[:whole]
        return len(data)

    def finish(self) -> None:
        if self._pending:
            write_all(self._out, _encode_lines(self._pending))
            self._pending.clear()
        write_all(self._out, END + b"\n")


def _encode_lines(data: bytes | bytearray) -> bytes:
    text = binascii.b2a_base64(data, newline=False)
    lines = [text[i : i + COLUMNS] for i in range(0, len(text), COLUMNS)]
    return b"\n".join(lines) + b"\n"


def _first_byte(src: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first byte of `src` without consuming it (wrapping `src` if it cannot peek)."""
    seekable = getattr(src, "seekable", None)
    if callable(seekable) and seekable():
        position = src.tell()
        first = src.read(1)
        src.seek(position)
        return first, src
    peek = getattr(src, "peek", None)
    if callable(peek):
        return peek(1)[:1], src
    first = src.read(1)
    return first, _Prefixed(first, src)


class _Prefixed(io.RawIOBase):
    """`prefix` followed by the rest of `src`."""

    def __init__(self, prefix: bytes, src: BinaryIO) -> None:
        super().__init__()
        self._prefix = prefix
        self._src = src

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        readinto = getattr(self._src, "readinto", None)
        if readinto is not None:
            return readinto(buffer) or 0
        data = self._src.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def dearmor(src: BinaryIO, armor: bool | None) -> tuple[BinaryIO, ArmorReader | None]:
    """Return a stream of the binary age file and the armor decoder if one is used.

    With `armor=None` the format is detected: a binary age file starts with "age-encryption.org/",
    so input starting with whitespace or "-" is taken as armor.
    """
    if armor is None:
        first, src = _first_byte(src)
        armor = bool(first) and (first in _WHITESPACE or first == b"-")
    if not armor:
        if isinstance(src, _Prefixed):
            return io.BufferedReader(src), None  # type: ignore[arg-type]
        return src, None
    reader = ArmorReader(src)
    return io.BufferedReader(reader, buffer_size=_READ_SIZE), reader  # type: ignore[arg-type]
