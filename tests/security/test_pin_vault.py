"""The parent PIN vault with real keyring backends: hashing, lock-outs, persistence."""

from __future__ import annotations

import base64
import json
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import pytest
from keyring.backends import chainer, fail, null

from familywatch.core.clock import ManualClock
from familywatch.security import (
    KeyringUnavailable,
    LockedOut,
    PinAlreadySet,
    PinNotSet,
    PinVault,
    WeakPin,
    WrongPin,
)
from familywatch.security.integrity_key import IntegrityKey
from familywatch.security.keyring_slot import SERVICE, USERNAME
from familywatch.security.pin_hash import matches
from familywatch.security.pin_vault import LOCKOUT_FILE
from tests.security.keyring_backends import ForgetfulKeyring, MemoryKeyring

START = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def use_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Installs a backend with keyring.set_keyring; the previous one comes back after."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)

    def install(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install


@pytest.fixture
def memory(use_keyring) -> MemoryKeyring:
    return use_keyring(MemoryKeyring())


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def vault(tmp_path: Path, clock: ManualClock, memory: MemoryKeyring) -> PinVault:
    return PinVault(tmp_path / "data", clock)


def stored(backend: MemoryKeyring) -> str:
    return backend.secrets[(SERVICE, USERNAME)]


def test_set_then_verify(vault: PinVault) -> None:
    assert not vault.is_set()
    with pytest.raises(PinNotSet):
        vault.verify("1234")
    vault.set_pin("2580")
    assert vault.is_set()
    assert vault.verify("2580") is True
    assert vault.verify("2581") is False
    assert vault.failures == 1
    assert vault.verify("2580") is True
    assert vault.failures == 0


def test_only_a_salted_scrypt_hash_is_stored(tmp_path: Path, clock: ManualClock) -> None:
    first, second = MemoryKeyring(), MemoryKeyring()
    PinVault(tmp_path / "a", clock, backend=first).set_pin("2580")
    PinVault(tmp_path / "b", clock, backend=second).set_pin("2580")
    record = stored(first)
    assert "2580" not in record
    scheme, n, r, p, salt, digest = record.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert len(base64.b64decode(salt)) == 16
    assert len(base64.b64decode(digest)) == 32
    assert stored(second) != record  # same PIN, different salt
    assert matches("2580", record) and matches("2580", stored(second))
    assert not matches("2508", record)


def test_a_pin_is_set_once_then_changed_with_the_old_one(vault: PinVault, memory) -> None:
    vault.set_pin("2580")
    with pytest.raises(PinAlreadySet):
        vault.set_pin("9999")
    assert vault.verify("2580")
    with pytest.raises(WrongPin) as wrong:
        vault.change("1111", "9999")
    assert wrong.value.status.failures == 1
    before = stored(memory)
    with pytest.raises(WeakPin):
        vault.change("2580", "99")
    assert stored(memory) == before
    vault.change("2580", "a long passphrase")
    assert vault.verify("a long passphrase")
    assert not vault.verify("2580")


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("123", "at least 4 digits"),
        ("abc12", "at least 8 characters"),
        (" 1234", "start or end with a space"),
        ("1234\n", "start or end with a space"),
        ("9" * 300, "longer than"),
    ],
)
def test_weak_pins_are_refused_and_nothing_is_stored(vault: PinVault, memory, pin, why) -> None:
    with pytest.raises(WeakPin, match=why):
        vault.set_pin(pin)
    assert memory.secrets == {}


@pytest.mark.parametrize("pin", ["0000", "12345678", "correct horse", "Påskeæg 2025"])
def test_pins_and_passphrases_are_accepted(vault: PinVault, pin: str) -> None:
    vault.set_pin(pin)
    assert vault.verify(pin)


def test_a_passphrase_matches_however_its_accents_were_typed(vault: PinVault) -> None:
    vault.set_pin(unicodedata.normalize("NFC", "crème brûlée"))
    assert vault.verify(unicodedata.normalize("NFD", "crème brûlée"))


def test_lockouts_start_at_the_fifth_failure_and_double_up_to_15_minutes(
    vault: PinVault, clock: ManualClock
) -> None:
    vault.set_pin("2580")
    for attempt in range(1, 5):
        assert vault.verify("0000") is False
        assert (vault.failures, vault.locked_until) == (attempt, None)
    expected = [30, 60, 120, 240, 480, 900, 900]
    for number, seconds in enumerate(expected, start=5):
        assert vault.verify("0000") is False
        assert vault.failures == number
        assert vault.locked_until == clock.now() + timedelta(seconds=seconds)
        clock.advance(seconds - 1)
        with pytest.raises(LockedOut) as locked:
            vault.verify("2580")  # even the right PIN is not checked
        assert locked.value.until == clock.now() + timedelta(seconds=1)
        assert vault.failures == number  # refused tries while locked are not counted
        clock.advance(1)
        assert vault.locked_until is None
    assert vault.verify("2580") is True
    assert (vault.failures, vault.locked_until) == (0, None)


def test_change_is_refused_while_locked_out(vault: PinVault, clock: ManualClock) -> None:
    vault.set_pin("2580")
    for _ in range(5):
        vault.verify("0000")
    with pytest.raises(LockedOut):
        vault.change("2580", "1357")
    clock.advance(30)
    vault.change("2580", "1357")
    assert vault.verify("1357")


def test_failures_and_lockouts_survive_a_restart(tmp_path: Path, clock, memory) -> None:
    PinVault(tmp_path, clock).set_pin("2580")
    first = PinVault(tmp_path, clock)
    for _ in range(5):
        first.verify("0000")
    restarted = PinVault(tmp_path, clock)
    assert restarted.failures == 5
    assert restarted.locked_until == START + timedelta(seconds=30)
    with pytest.raises(LockedOut):
        restarted.verify("2580")
    state = json.loads((tmp_path / LOCKOUT_FILE).read_text(encoding="utf-8"))
    assert state == {"failures": 5, "locked_until": "2025-03-01T18:00:30+00:00"}


@pytest.mark.parametrize("damage", ["delete", "garble"])
def test_removing_the_lockout_file_gives_no_fresh_tries(
    tmp_path: Path, clock: ManualClock, memory, damage: str
) -> None:
    vault = PinVault(tmp_path, clock)
    vault.set_pin("2580")
    vault.verify("0000")
    if damage == "delete":
        (tmp_path / LOCKOUT_FILE).unlink()
    else:
        (tmp_path / LOCKOUT_FILE).write_text("{not json", encoding="utf-8")
    assert vault.verify("0000") is False
    assert vault.locked_until == START + timedelta(seconds=30)


def test_a_clock_set_back_cannot_stretch_a_lockout(tmp_path: Path, clock, memory) -> None:
    vault = PinVault(tmp_path, clock)
    vault.set_pin("2580")
    for _ in range(5):
        vault.verify("0000")
    clock.jump(-86400)  # a day back: the stored end is now a day and 30 s away
    assert vault.locked_until == clock.now() + timedelta(minutes=15)


def test_no_keyring_backend_says_what_to_do(tmp_path: Path, clock, use_keyring) -> None:
    use_keyring(fail.Keyring())
    vault = PinVault(tmp_path, clock)
    for attempt in (vault.is_set, lambda: vault.set_pin("2580"), lambda: vault.verify("2580")):
        with pytest.raises(KeyringUnavailable) as error:
            attempt()
        message = str(error.value)
        for words in ("GNOME Keyring", "KWallet", "PYTHON_KEYRING_BACKEND", "plain file"):
            assert words in message


def test_a_keyring_that_keeps_nothing_is_unusable(tmp_path: Path, clock, use_keyring) -> None:
    use_keyring(null.Keyring())
    with pytest.raises(KeyringUnavailable, match="keeps nothing"):
        PinVault(tmp_path, clock).set_pin("2580")
    vault = PinVault(tmp_path, clock, backend=ForgetfulKeyring())
    with pytest.raises(KeyringUnavailable, match="did not keep the PIN record"):
        vault.set_pin("2580")


def test_a_chainer_with_no_backends_is_unusable(
    tmp_path: Path, clock, use_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.backend, "_limit", lambda backend: False)
    use_keyring(chainer.ChainerBackend())
    with pytest.raises(KeyringUnavailable, match="no keyring backend is available"):
        PinVault(tmp_path, clock).is_set()


def test_an_unusable_keyring_names_the_tamper_evidence_key_not_the_pin() -> None:
    with pytest.raises(KeyringUnavailable) as error:
        IntegrityKey(null.Keyring()).read()
    message = str(error.value)
    assert message.startswith("No usable keyring for the tamper-evidence key: the 'null' ")
    assert "keeps the tamper-evidence key only in the system keyring, never in a plain " \
           "file. To fix this:" in message
    assert "PIN" not in message
