"""The pure chain: every link's MAC covers the one before, so any change to the chain or
to a sealed row is found; recorded purges explain missing rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from familywatch.core.integrity import GENESIS, Link, Purge, digest, mac_of, verify_links

KEY = b"k" * 32
T = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)


def chain(rows: dict[tuple[str, int], dict[str, object]], key: bytes = KEY) -> list[Link]:
    links, previous = [], GENESIS
    for seq, ((table, row_id), row) in enumerate(rows.items(), start=1):
        at = row["at"]
        assert isinstance(at, datetime)
        mac = mac_of(key, previous, table, row_id, at, digest(row))
        links.append(Link(seq, table, row_id, at, digest(row), mac))
        previous = mac
    return links


ROWS: dict[tuple[str, int], dict[str, object]] = {
    ("sessions", n): {"id": n, "at": T + timedelta(minutes=n), "process": "zoom"}
    for n in range(1, 6)
}


def lookup(rows: dict[tuple[str, int], dict[str, object]]):  # type: ignore[no-untyped-def]
    return lambda table, row_id: (digest(rows[(table, row_id)])
                                  if (table, row_id) in rows else None)


def test_intact_chain_and_since() -> None:
    verdict = verify_links(KEY, chain(ROWS), lookup(ROWS), list)
    assert verdict.intact and verdict.sealed == 5 and verdict.since == T + timedelta(minutes=1)


def test_wrong_key_removed_or_reordered_links_break_the_chain() -> None:
    links = chain(ROWS)
    assert not verify_links(b"x" * 32, links, lookup(ROWS), list).intact
    assert "link 4" in (verify_links(KEY, links[:2] + links[3:], lookup(ROWS), list).problem
                        or "")
    swapped = [links[1], links[0], *links[2:]]
    assert not verify_links(KEY, swapped, lookup(ROWS), list).intact
    forged = [*links[:4], replace(links[4], digest="0" * 64)]
    assert "link 5" in (verify_links(KEY, forged, lookup(ROWS), list).problem or "")


def test_altered_and_missing_rows_and_purges() -> None:
    links = chain(ROWS)
    edited = dict(ROWS) | {("sessions", 2): {**ROWS[("sessions", 2)], "process": "obs"}}
    assert "sessions row 2" in (verify_links(KEY, links, lookup(edited), list).problem or "")
    gone = {k: v for k, v in ROWS.items() if k != ("sessions", 1)}
    verdict = verify_links(KEY, links, lookup(gone), list)
    assert not verdict.intact and "missing" in (verdict.problem or "")
    purge = Purge(T + timedelta(days=181), timedelta(days=180), frozenset({"sessions"}))
    verdict = verify_links(KEY, links, lookup(gone), lambda: [purge])
    assert verdict.intact and verdict.purged == 1
    other = Purge(purge.at, purge.older_than, frozenset({"notes"}))
    assert not verify_links(KEY, links, lookup(gone), lambda: [other]).intact
