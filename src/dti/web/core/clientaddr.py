"""The client's address, as the throttle and the audit trail must see it.

Behind a reverse proxy every request arrives from the proxy's address; the real client is in
``X-Forwarded-For``. That header is written by whoever sends the request, so it is believed only when
the request comes from a proxy listed in ``DTI_TRUSTED_PROXIES`` (addresses or networks), and only the
hops those proxies appended: the list is read from the right, skipping trusted proxies, and the first
other address is the client. Anything a client put at the left of the header is never reached.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "DTI_TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(addr: Address, networks: Iterable[Network]) -> bool:
    return any(addr.version == net.version and addr in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent the request (see the module docstring)."""
    remote = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for hop in reversed([h for h in header.split(",") if h.strip()]):
        addr = _parse(hop)
        if addr is None:  # a malformed hop: stop at the last address a trusted proxy vouched for
            break
        client = addr
        if not _trusted(addr, networks):
            break
    return str(client)
