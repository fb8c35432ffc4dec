"""A lean HTTP/1.1 load generator: keep-alive connections posting on asyncio."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from dataclasses import dataclass

# Between the event loop being ready and the first post.
START_DELAY = 0.2
# A post not answered in this long counts as an error.
TIMEOUT = 30.0

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_CONNECTION_CLOSE = re.compile(rb"\r\nconnection:[ \t]*close", re.IGNORECASE)


@dataclass(frozen=True)
class LoadPlan:
    host: str
    port: int
    path: str
    token: str
    text: str
    clients: int
    seconds: float
    rate: float | None = None


@dataclass(frozen=True)
class LoadOutcome:
    latencies_ms: list[float]
    errors: int
    seconds: float
    # CPU the generator itself used over the run, so a report can show what the
    # measurement took from the machine it measures.
    cpu_seconds: float


def run_load(plan: LoadPlan) -> LoadOutcome:
    """Post for ``plan.seconds`` from ``plan.clients`` connections; time each answer.

    Without ``rate`` each client posts as soon as it is answered. With ``rate`` the
    clients together post that many a second on a fixed schedule and each latency
    counts from the post's scheduled time, so a stall shows in the figures instead
    of only slowing the senders down. One event loop drives every connection: a
    request costs it tens of microseconds, where a thread per client on
    ``http.client`` cost about a millisecond of the same two cores the service runs on.
    """
    return asyncio.run(_drive(plan))


async def _drive(plan: LoadPlan) -> LoadOutcome:
    loop = asyncio.get_running_loop()
    start_at = loop.time() + START_DELAY
    stop_at = start_at + plan.seconds
    # A paced run sends exactly this many posts, the i-th due at i / rate: counted
    # in whole posts, since a schedule summed in floating point can end one early
    # or late.
    scheduled = round(plan.rate * plan.seconds) if plan.rate else 0
    head = _request_head(plan)
    text = json.dumps(plan.text)
    latencies: list[float] = []
    errors = 0

    async def client(number: int) -> None:
        nonlocal errors
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        await asyncio.sleep(max(0.0, start_at - loop.time()))
        count = 0
        # Clients take every clients-th post, so they start spread out.
        index = number
        while True:
            if plan.rate:
                if index >= scheduled:
                    break
                sent_at = start_at + index / plan.rate
                await asyncio.sleep(max(0.0, sent_at - loop.time()))
            else:
                sent_at = loop.time()
                if sent_at >= stop_at:
                    break
            body = (
                f'{{"text": {text}, "external_id": '
                f'"load-{number}-{count}-{uuid.uuid4().hex[:6]}"}}'
            ).encode()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(plan.host, plan.port)
                status, keep = await asyncio.wait_for(
                    _post(connection, head, body), TIMEOUT
                )
            except (OSError, ValueError, asyncio.IncompleteReadError, TimeoutError):
                status, keep = 0, False
            latencies.append((loop.time() - sent_at) * 1000)
            if status != 202:
                errors += 1
            if not keep and connection is not None:
                connection[1].close()
                connection = None
            count += 1
            index += plan.clients
        if connection is not None:
            connection[1].close()

    cpu_before = time.process_time()
    await asyncio.gather(*(client(number) for number in range(plan.clients)))
    return LoadOutcome(
        latencies,
        errors,
        loop.time() - start_at,
        time.process_time() - cpu_before,
    )


def _request_head(plan: LoadPlan) -> bytes:
    return (
        f"POST {plan.path} HTTP/1.1\r\n"
        f"Host: {plan.host}:{plan.port}\r\n"
        f"Authorization: Bearer {plan.token}\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: "
    ).encode()


async def _post(
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    head: bytes,
    body: bytes,
) -> tuple[int, bool]:
    """Send one request; return its status and whether the connection stays open."""
    reader, writer = connection
    writer.write(b"%s%d\r\n\r\n%s" % (head, len(body), body))
    await writer.drain()
    response_head = await reader.readuntil(b"\r\n\r\n")
    status = int(response_head[9:12])
    length = _CONTENT_LENGTH.search(response_head)
    if length is None:
        # Every answer of the intake carries a length; without one the end of the
        # body is unknown and the connection cannot be reused.
        raise ValueError("response without Content-Length")
    await reader.readexactly(int(length.group(1)))
    return status, _CONNECTION_CLOSE.search(response_head) is None
