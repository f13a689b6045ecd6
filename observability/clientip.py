"""Who the client is: the socket peer, or what a *trusted* proxy says it forwarded.

``X-Forwarded-For`` is believed only when the peer is one of the configured proxies
(``POLICYGRAPH_TRUSTED_PROXIES``, IP addresses or CIDR networks; none by default).
Then the client is the right-most address in the header that is not itself a trusted
proxy: every hop appends the address it saw, so anything to its left may be forged by
the client.  Anyone else sending the header, loopback included, is ignored.

``policygraph serve`` turns uvicorn's own proxy-header handling off, so the peer this
module sees is the real one (uvicorn would otherwise believe 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """The configured proxies as networks; entries that are not addresses are skipped.

    >>> [str(n) for n in parse_networks(["10.0.0.0/8", "192.168.1.5", "proxy.local"])]
    ['10.0.0.0/8', '192.168.1.5/32']
    """
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(scope: dict[str, Any], trusted: Sequence[Network] = ()) -> str:
    """The client of an ASGI request.

    >>> scope = {"client": ("127.0.0.1", 5), "headers": [(b"x-forwarded-for", b"6.6.6.6")]}
    >>> client_address(scope)  # loopback is no proxy unless configured
    '127.0.0.1'
    >>> proxies = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    >>> scope["headers"] = [(b"x-forwarded-for", b"1.1.1.1, 203.0.113.9, 10.0.0.2")]
    >>> client_address(scope, proxies)  # the forged 1.1.1.1 is left of the real client
    '203.0.113.9'
    """
    peer = str((scope.get("client") or ("unknown",))[0])
    if not trusted or not _trusted(peer, trusted):
        return peer
    forwarded = b",".join(v for k, v in scope.get("headers") or [] if k == b"x-forwarded-for")
    hops = [h.strip() for h in forwarded.decode("latin-1").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer
