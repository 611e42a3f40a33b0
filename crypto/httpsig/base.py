"""The RFC 9421 signature base for our fixed profile: component values and signature parameters.

Only what the profile uses is implemented, and strictly: derived components @method,
@authority, @path, @query and @status; header fields without parameters; and, in responses,
the request's "@method";req "@path";req "@query";req and "signature";req;key="<label>".
Parameters are integers (created, expires) or strings (keyid, nonce, alg, tag); anything else is
refused. The output is byte for byte what the `http-message-signatures` library produces for the
same message (tests/relay/test_httpsig_fast.py checks it against the library).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv6Address
from typing import Any

Headers = Sequence[tuple[str, str]]
Param = int | str | bool
Component = tuple[str, dict[str, Param]]  # name, parameters (in order)


class Unusable(ValueError):
    """The message cannot be expressed in a signature base (bad URL, value or parameter)."""


# RFC 3986 (as the library parses it): an encoded absolute URL with a non-empty host.
_UNRESERVED = r"A-Za-z0-9._~\-"
_CHARS = _UNRESERVED + r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_IPV6 = rf"[0-9A-Fa-f:.]+(?:%25(?:[{_UNRESERVED}]|{_PCT})+)?"
_IPVFUTURE = rf"[vV][0-9A-Fa-f]+\.[{_CHARS}:]+"
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://"
    rf"(?:(?:[{_CHARS}:]|{_PCT})*@)?"
    rf"(?P<host>\[(?:{_IPV6}|{_IPVFUTURE})\]|(?:[{_CHARS}]|{_PCT})+)"
    r"(?::(?P<port>[0-9]*))?"
    rf"(?P<path>/(?:[{_CHARS}:@/]|{_PCT})*)?"
    rf"(?:\?(?P<query>(?:[{_CHARS}:@/?]|{_PCT})*))?"
    rf"(?:\#(?:[{_CHARS}:@/?]|{_PCT})*)?")
_DEFAULT_PORT = {"http": "80", "https": "443"}
_KEY = re.compile(r"[a-z*][a-z0-9_.*-]*")


@dataclass(frozen=True)
class Target:
    """@authority, @path and @query of a request URL."""

    authority: str
    path: str
    query: str


def parse_target(url: str) -> Target:
    match = _URL.fullmatch(url)
    if match is None:
        raise Unusable("not an encoded absolute URL with a host")
    host = match["host"]
    if host.startswith("[") and host[1] not in "vV":
        try:
            IPv6Address(host[1:-1].partition("%25")[0])
        except ValueError:
            raise Unusable("invalid IPv6 address") from None
    port = match["port"]
    if port and port.lstrip("0") == _DEFAULT_PORT.get(match["scheme"].lower()):
        port = None
    host = host.lower()
    return Target(f"{host}:{port}" if port else host, match["path"] or "/",
                  "?" + (match["query"] or ""))


def field_value(headers: Headers, name: str) -> str | None:
    """All lines of field `name` (lowercase), trimmed and joined by ", "; None if absent."""
    values = [v.strip(" \t") for n, v in headers if n.lower() == name]
    return ", ".join(values) if values else None


def sf_string(value: str) -> str:
    if not value.isascii() or not value.isprintable():
        raise Unusable("a Structured Field string must be printable ASCII")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _param(name: str, value: Any) -> str:
    if not _KEY.fullmatch(name):
        raise Unusable("bad parameter name")
    if value is True:
        return ";" + name
    if type(value) is int and -10**15 < value < 10**15:
        return f";{name}={value}"
    if type(value) is str:
        return f";{name}={sf_string(value)}"
    raise Unusable("unsupported parameter type")


def params_text(params: dict[str, Param]) -> str:
    return "".join(_param(k, v) for k, v in params.items())


def component_id(component: Component) -> str:
    name, params = component
    # The same few components come back on every message: remember their serialisation. The
    # key carries each value's type, so that True and 1 (equal in Python) stay apart.
    return _component_id(name, tuple((k, type(v), v) for k, v in params.items()))


@lru_cache(maxsize=256)
def _component_id(name: str, params: tuple[tuple[str, type, Param], ...]) -> str:
    return sf_string(name) + params_text({k: v for k, _, v in params})


def signature_params(components: Iterable[Component], params: dict[str, Param]) -> str:
    return "(" + " ".join(component_id(c) for c in components) + ")" + params_text(params)


def base_line(component: Component, value: str) -> str:
    name = component[0]
    if "\r" in value or "\n" in value:
        raise Unusable("a component value holds a line break")
    if name.startswith("@"):
        if value and (not value.isprintable() or value[0] == " " or value[-1] == " "):
            raise Unusable("a derived component must be printable with no surrounding space")
    elif value and not value.replace("\t", " ").isprintable():
        raise Unusable("a field holds control characters")
    return f"{component_id(component)}: {value}"


def signature_base(lines: list[str], components: Sequence[Component],
                   params: dict[str, Param]) -> bytes:
    lines.append('"@signature-params": ' + signature_params(components, params))
    text = "\n".join(lines)
    if not text.isascii():
        raise Unusable("the signature base holds non-ASCII characters")
    return text.encode("ascii")


def sf_bytes(value: bytes) -> str:
    return ":" + base64.b64encode(value).decode("ascii") + ":"
