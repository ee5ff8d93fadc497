"""`familywatch verify`: is the record as it was written?"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from familywatch.config import Config, local_timezone

EXIT_INTACT, EXIT_NOT_INTACT = 0, 1


def cmd_verify(args: argparse.Namespace, config: Config) -> int:
    from familywatch.cli import _open_store
    from familywatch.security.integrity_key import IntegrityKey
    from familywatch.security.keyring_slot import KeyringUnavailable
    from familywatch.store.integrity import chain_length, verify

    store = _open_store(config)
    try:
        engine = store.engine
        try:
            key = IntegrityKey().read()
        except KeyringUnavailable as error:
            return _say(args, False, f"unverifiable: {error}")
        sealed = chain_length(engine)
        if key is None:
            if sealed:
                return _say(args, False, "unverifiable: the record was sealed with a key that "
                            "is no longer in the keyring (was the keyring reset?)")
            return _say(args, False, "unverifiable: nothing is sealed yet (the monitor seals "
                        "the record while it runs, with a key it keeps in the keyring)")
        verdict = verify(engine, key)
    finally:
        store.close()
    if not verdict.intact:
        return _say(args, False, f"NOT intact: {verdict.problem}", sealed=verdict.sealed)
    since = ("(nothing sealed yet)" if verdict.since is None else
             f"since {verdict.since.astimezone(local_timezone()):%Y-%m-%d %H:%M}")
    purged = (f"; {verdict.purged} removed by recorded deletions (retention or a parent)"
              if verdict.purged else "")
    return _say(args, True, f"record intact {since} ({verdict.sealed} rows sealed{purged})",
                sealed=verdict.sealed, purged=verdict.purged,
                since=verdict.since.isoformat() if verdict.since else None)


def _say(args: argparse.Namespace, intact: bool, message: str, **extra: Any) -> int:
    if args.json:
        print(json.dumps({"intact": intact, "message": message, **extra}, indent=2))
    else:
        print(message, file=sys.stdout if intact else sys.stderr)
    return EXIT_INTACT if intact else EXIT_NOT_INTACT


def add_trust_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    p = command("verify", cmd_verify, "check that the record was not altered",
                "Check the tamper-evidence seals: prints 'record intact since ...' (exit 0) "
                "or the first altered or missing row, or why it cannot be checked (exit 1).")
    p.add_argument("--json", action="store_true", help="machine-readable output")
