"""Which addresses the checker may connect to, decided where the connection is opened.

`GuardedBackend` is the httpcore network backend of the checker's client: every
connection (the first request and each redirect alike) resolves its host name
here, refuses private, loopback, link-local, multicast and reserved addresses
unless settings.LINKCHECKER_ALLOW_PRIVATE allows them, and connects to the address
it vetted, so a second DNS answer cannot swap in another one.
settings.LINKCHECKER_RESOLVE ({name: address}) answers for names before DNS does,
like curl's --resolve: tests and benchmarks give local servers public-looking names.
"""

import asyncio
import ipaddress
import socket

import httpcore
from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(Exception):
    """The host resolves to an address the checker must not request; str() says why."""


def allowed_private() -> bool | list[Network]:
    """settings.LINKCHECKER_ALLOW_PRIVATE read as True (all), False (none) or networks."""
    value = settings.LINKCHECKER_ALLOW_PRIVATE
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    return [ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()]


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_address(host: str, address: Address) -> None:
    if is_public(address):
        return
    allowed = allowed_private()
    if allowed is True or (allowed and any(address in network for network in allowed)):
        return
    raise AddressRefused(
        _("%(host)s resolves to %(address)s, a private or local address: not requested.")
        % {"host": host, "address": address}
    )


async def resolve(host: str, port: int) -> list[Address]:
    host = host.strip("[]")
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    override = settings.LINKCHECKER_RESOLVE.get(host.lower())
    if override:
        return [ipaddress.ip_address(override)]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"DNS: {exc.strerror or exc}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Vets every address before connecting; TLS still verifies the host name."""

    def __init__(self):
        self.backend = httpcore.AnyIOBackend()

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = await resolve(host, port)
        for address in addresses:  # one refused address refuses the name: no DNS games
            check_address(host, address)
        return await self.backend.connect_tcp(
            str(addresses[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise AddressRefused(_("Unix sockets are not requested."))

    async def sleep(self, seconds: float) -> None:
        await self.backend.sleep(seconds)
