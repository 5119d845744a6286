"""The only way `bot.ingest` fetches a URL: SSRF checks, size and time limits, retries, manual redirects.

Feed URLs and article links come from users and from third-party feeds, so any of them may point at the
bot's own network (a database admin page, a cloud metadata service). `SafeFetcher.get`:

1. accepts only http/https URLs;
2. resolves the host and refuses it (`BlockedAddressError`, before any connection) when ANY address is
   loopback, private, link-local, multicast, reserved, unspecified, shared (CGNAT) or a cloud metadata
   address, including IPv4-mapped / 6to4 / NAT64 IPv6 forms;
3. pins the connection to the address it checked: the request goes to the IP literal, with the original
   `Host` header and the TLS SNI / certificate check done against the original host name, so a DNS answer
   that changes between the check and the connect (DNS rebinding) cannot redirect the request;
4. follows at most `max_redirects` redirects itself, repeating the checks on every hop;
5. streams the body and stops at `max_bytes`;
6. bounds each attempt (connect, headers and body) by `timeout_s` and retries timeouts, connection errors,
   5xx and 429 with exponential backoff, honouring `Retry-After` up to `max_retry_after_s`.

Hosts in `allowed_hosts` (and every host when `allow_private`) skip steps 2-3 and are fetched by name;
metadata addresses stay blocked under `allow_private`, only an explicit `allowed_hosts` entry exempts them.
Known gap: a pinned HTTPS connection is pooled by IP, so two host names on one IP may share a connection
whose certificate was checked for the first name. Proxies from the environment are not used by an owned
client (`trust_env=False`), since a proxy would defeat the address check.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import logging
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from bot.ingest.errors import BlockedAddressError, FetchError, redact_url

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one `SafeFetcher`; tests use `allowed_hosts=("127.0.0.1",)` and `backoff_s=0`."""

    allow_private: bool = False
    allowed_hosts: tuple[str, ...] = ()
    max_bytes: int = 5_000_000
    timeout_s: float = 15.0
    max_redirects: int = 3
    retries: int = 2
    backoff_s: float = 0.5
    user_agent: str = "newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)"
    max_retry_after_s: float = 30.0


@dataclass(frozen=True)
class FetchResult:
    """A completed response: final URL, status, lower-case headers, the (bounded) body."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes


def describe_size(n: int) -> str:
    """5_000_000 -> "5 MB": sizes in messages users read."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def blocked_reason(ip: IPAddress) -> str | None:
    """Why this address must not be contacted, or None when it is a public unicast address."""
    if ip in METADATA_ADDRESSES:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return blocked_reason(embedded)
        if ip.teredo:
            return blocked_reason(ip.teredo[1])
    for attribute, reason in (
        ("is_loopback", "loopback address"),
        ("is_link_local", "link-local address"),
        ("is_multicast", "multicast address"),
        ("is_unspecified", "unspecified address"),
        ("is_reserved", "reserved address"),
        ("is_private", "private address"),
    ):
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "non-public address"
    return None


def _retry_after(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = parsed.timestamp() - time.time()
    return max(0.0, min(seconds, cap))


class SafeFetcher:
    """Fetches URLs under a `FetchPolicy`; owns an httpx client unless one is given."""

    def __init__(self, policy: FetchPolicy, client: httpx.AsyncClient | None = None) -> None:
        self.policy = policy
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            follow_redirects=False,
            timeout=policy.timeout_s,
            trust_env=False,
        )

    async def __aenter__(self) -> SafeFetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def get(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url`; returns 2xx and 304 results, raises `FetchError` (with `status`) for the rest."""
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            status, response_headers, content = await self._get_with_retries(current, headers)
            location = response_headers.get("location")
            if status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                logger.debug("redirect %s -> %s", redact_url(url), redact_url(current))
                continue
            if status >= 400:
                raise FetchError(url, f"HTTP {status}", status=status)
            return FetchResult(url=current, status=status, headers=response_headers, content=content)
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    async def _get_with_retries(self, url: str, headers: dict[str, str] | None) -> tuple[int, dict[str, str], bytes]:
        policy = self.policy
        attempts = max(0, policy.retries) + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                status, response_headers, content = await self._get_once(url, headers)
            except (httpx.TimeoutException, TimeoutError):
                if last:
                    raise FetchError(url, f"timed out after {policy.timeout_s:g} s") from None
                delay = policy.backoff_s * 2**attempt
                logger.info("fetch %s timed out; retrying in %.1f s", redact_url(url), delay)
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(url, f"connection failed ({type(exc).__name__})") from None
                delay = policy.backoff_s * 2**attempt
                logger.info("fetch %s failed (%s); retrying in %.1f s", redact_url(url), type(exc).__name__, delay)
            except httpx.HTTPError as exc:  # e.g. a corrupt gzip body: retrying will not help
                raise FetchError(url, f"request failed ({type(exc).__name__})") from None
            else:
                if status not in _RETRY_STATUSES or last:
                    return status, response_headers, content
                delay = policy.backoff_s * 2**attempt
                hinted = _retry_after(response_headers.get("retry-after"), policy.max_retry_after_s)
                if hinted is not None:
                    delay = max(delay, hinted)
                logger.info("fetch %s got HTTP %s; retrying in %.1f s", redact_url(url), status, delay)
            if delay > 0:
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get_once(self, url: str, headers: dict[str, str] | None) -> tuple[int, dict[str, str], bytes]:
        request = await self._build_request(url, headers)
        async with asyncio.timeout(self.policy.timeout_s):
            response = await self._client.send(request, stream=True)
            try:
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if status in _REDIRECTS or status in _RETRY_STATUSES or status >= 400 or status == 304:
                    return status, response_headers, b""
                return status, response_headers, await self._read_bounded(url, response)
            finally:
                await response.aclose()

    async def _read_bounded(self, url: str, response: httpx.Response) -> bytes:
        limit = self.policy.max_bytes
        too_large = FetchError(url, f"response larger than {describe_size(limit)}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def _build_request(self, url: str, headers: dict[str, str] | None) -> httpx.Request:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(url, f"invalid URL ({exc})") from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(url, f"only http and https URLs can be fetched, not {parsed.scheme or 'none'!r}")
        host = parsed.raw_host.decode("ascii")  # IDNA-encoded, brackets stripped for IPv6
        if not host:
            raise FetchError(url, "URL has no host")
        request_headers = {"User-Agent": self.policy.user_agent, **(headers or {})}
        extensions: dict[str, object] = {}
        if host.lower() not in {h.lower() for h in self.policy.allowed_hosts}:
            ip = await self._checked_address(url, host, parsed.port or (443 if parsed.scheme == "https" else 80))
            if ip is not None:
                request_headers["Host"] = parsed.netloc.decode("ascii")
                if parsed.scheme == "https":
                    extensions["sni_hostname"] = host
                parsed = parsed.copy_with(host=str(ip))
        return self._client.build_request("GET", parsed, headers=request_headers, extensions=extensions)

    async def _checked_address(self, url: str, host: str, port: int) -> IPAddress | None:
        """Resolve and check `host`; returns the address to pin to (None: connect by name)."""
        try:
            literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            addresses = await self._resolve(url, host, port)
        for ip in addresses:
            if ip in METADATA_ADDRESSES or not self.policy.allow_private:
                reason = blocked_reason(ip)
                if reason is not None:
                    if literal is not None:
                        problem = f"refusing to fetch a {reason}"
                    else:
                        problem = f"refusing to fetch {host}: it resolves to {ip}, a {reason}"
                    raise BlockedAddressError(url, problem)
        if self.policy.allow_private:
            return None
        return addresses[0]

    async def _resolve(self, url: str, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=self.policy.timeout_s
            )
        except (OSError, TimeoutError) as exc:
            raise FetchError(url, f"cannot resolve host {host} ({exc})") from None
        addresses: list[IPAddress] = []
        for info in infos:
            raw = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone id
            ip = ipaddress.ip_address(raw)
            if ip not in addresses:
                addresses.append(ip)
        if not addresses:
            raise FetchError(url, f"cannot resolve host {host}")
        return addresses
