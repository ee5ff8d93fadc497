"""The tamper-evidence chain, as pure functions (stdlib hmac/hashlib only).

Rows change while they are live (a session's last_seen moves every few seconds), so a
row is *sealed* once it is final: a session or monitor run when it ended; an audit
entry, a rule event or a note when written. Sealing appends a link to the chain:

    link n = (table, row id, row time, digest of the row's canonical content)
    mac n  = HMAC-SHA256(key, mac n-1 | table | row id | row time | digest)

with mac 0 = "". Verifying walks the chain in order and recomputes each MAC (an edited,
inserted or removed link breaks it), then compares every sealed row with its digest
(an edited row differs, a deleted row is missing). A missing row is not tampering when
an intact, sealed retention purge (`data-deleted` audit entry) covers its table and
time: purges are part of the record.

What it cannot see, said plainly: a row changed before it was sealed (the monitor
seals every few seconds while it runs), and the newest links removed together with
their rows (the chain does not know its own length; a later link would).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

GENESIS = ""


def canonical(row: Mapping[str, object]) -> str:
    """One text for a row's content: sorted keys, datetimes as ISO (UTC as stored)."""
    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return value.isoformat()
        return value
    return json.dumps({k: plain(v) for k, v in row.items()}, sort_keys=True, default=str,
                      ensure_ascii=False)


def digest(row: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical(row).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    seq: int
    table: str
    row_id: int
    at: datetime  # the row's own time (end of a session or run, time of an entry)
    digest: str
    mac: str


def mac_of(key: bytes, previous: str, table: str, row_id: int, at: datetime,
           row_digest: str) -> str:
    message = "\x1f".join((previous, table, str(row_id), at.isoformat(), row_digest))
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Purge:
    """A retention purge as the (sealed) audit log tells it."""

    at: datetime
    older_than: timedelta
    tables: frozenset[str]

    def covers(self, table: str, row_at: datetime) -> bool:
        return table in self.tables and row_at < self.at - self.older_than


@dataclass(frozen=True, slots=True)
class Verdict:
    intact: bool
    since: datetime | None  # the oldest sealed row's time
    sealed: int  # links checked
    problem: str | None = None  # the first altered, missing or out-of-chain row
    purged: int = 0  # rows missing because a recorded purge removed them


def verify_links(
    key: bytes,
    links: Iterable[Link],
    current: Callable[[str, int], str | None],
    purges: Callable[[], Iterable[Purge]],
) -> Verdict:
    """Check the chain, then each sealed row. `current(table, id)` gives the digest of the
    row as stored now (None when it is gone); `purges()` the recorded retention purges."""
    previous, count, since = GENESIS, 0, None
    checked: list[Link] = []
    for link in links:
        expected = mac_of(key, previous, link.table, link.row_id, link.at, link.digest)
        if not hmac.compare_digest(expected, link.mac):
            return Verdict(False, since, count,
                           f"the seal chain is broken at link {link.seq} ({link.table} row "
                           f"{link.row_id}): a link was altered, removed or added")
        previous, count = link.mac, count + 1
        since = link.at if since is None else min(since, link.at)
        checked.append(link)
    known_purges: list[Purge] | None = None
    purged = 0
    for link in checked:
        now = current(link.table, link.row_id)
        if now == link.digest:
            continue
        if now is None:
            if known_purges is None:
                known_purges = list(purges())
            if any(p.covers(link.table, link.at) for p in known_purges):
                purged += 1
                continue
            return Verdict(False, since, count,
                           f"{link.table} row {link.row_id} (of {link.at:%Y-%m-%d %H:%M} UTC) "
                           "is missing: it was deleted outside FamilyWatch", purged)
        return Verdict(False, since, count,
                       f"{link.table} row {link.row_id} (of {link.at:%Y-%m-%d %H:%M} UTC) "
                       "was altered after it was recorded", purged)
    return Verdict(True, since, count, None, purged)
