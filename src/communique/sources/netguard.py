"""Keeps the crawler off the machine's own network: no request to a loopback, private,
link-local, reserved or multicast address unless the user allows it (--allow-private).

    check_url(url, allow_private) -> None | "refused: ..."    (before each request and hop)
    guarded_client(options) -> httpx.Client                    (checks again at connect time)

A URL is checked by resolving its host and testing *every* address it resolves to. The
check is repeated when the connection is opened, and the connection goes to the address
that was checked, so a name that resolves to a public address for the check and to
127.0.0.1 a moment later (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from communique.sources.options import SourceOptions

__all__ = ["PRIVATE_REFUSAL", "address_allowed", "check_url", "guarded_client", "resolve"]

PRIVATE_REFUSAL = "refused: resolves to a private address (use --allow-private to allow)"

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_v4(ip: _Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (::ffff:10.0.0.1, 2002:0a00:0001::)."""
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ip.sixtofour
    return None


def address_allowed(address: str) -> bool:
    """Is this a public unicast address? Anything unparsable is refused."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return False
    inner = _embedded_v4(ip)
    if inner is not None and not address_allowed(str(inner)):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback)


def resolve(host: str, port: int | None) -> list[str]:
    """Every address the host resolves to (an IP literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port or 0, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _refusal(addresses: Iterable[str]) -> str | None:
    addresses = list(addresses)
    if not addresses or not all(address_allowed(a) for a in addresses):
        return PRIVATE_REFUSAL
    return None


def check_url(url: str, allow_private: bool) -> str | None:
    """Why this URL may not be fetched (one line), or None when it may."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "invalid URL"
    if parts.scheme not in ("http", "https"):
        return f"refused: only http and https URLs are fetched, not {parts.scheme or 'a bare path'}"
    if not parts.hostname:
        return "invalid URL: no host"
    if allow_private:
        return None
    try:
        addresses = resolve(parts.hostname, port)
    except (OSError, UnicodeError) as exc:
        return f"cannot resolve host {parts.hostname}: {getattr(exc, 'strerror', None) or exc}"
    return _refusal(addresses)


class _GuardedBackend(httpcore.NetworkBackend):
    """Opens TCP connections only to public addresses, to the very address it checked."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {exc}") from exc
        if _refusal(addresses):
            raise httpcore.ConnectError(PRIVATE_REFUSAL)
        # TLS still verifies and sends SNI for `host`: httpcore passes the origin's name to start_tls.
        return self.inner.connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # type: ignore[no-untyped-def]
        raise httpcore.ConnectError("refused: unix sockets are never used")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _guard_transport(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """Put the connect-time check under httpx's connection pool.

    httpx exposes no public hook for name resolution, so this sets the pool's network
    backend (httpcore's documented extension point) on the pool httpx built. Should a later
    httpx rename the attribute, the URL-level check_url() before every request still holds."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is not None:
        pool._network_backend = _GuardedBackend(backend)  # type: ignore[union-attr]
    return transport


def guarded_client(options: SourceOptions) -> httpx.Client:
    """An httpx client that never follows redirects itself, ignores proxy settings from the
    environment (a proxy would hide where a request goes) and, unless private addresses are
    allowed, connects only to public addresses."""
    transport = httpx.HTTPTransport(retries=0)
    if not options.allow_private:
        transport = _guard_transport(transport)
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
        },
    )
