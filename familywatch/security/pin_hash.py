"""The parent PIN as a salted scrypt hash: make one, check one, refuse weak PINs.

Only the hash is ever stored ("scrypt$n$r$p$salt$hash", base64), so reading the
keyring entry does not reveal the PIN; checking costs ~50 ms, which slows guessing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PIN_DIGITS = 4
MIN_PASSPHRASE_CHARACTERS = 8
MAX_LENGTH = 256


class WeakPin(ValueError):
    """A new PIN or passphrase FamilyWatch won't accept; the message says why."""


class DamagedPinRecord(RuntimeError):
    """The stored PIN record can't be read (it was changed outside FamilyWatch)."""


def check_strength(secret: str) -> None:
    """Accept a PIN of at least 4 digits or a passphrase of at least 8 characters."""
    if not secret.strip():
        raise WeakPin("the PIN is empty")
    if secret != secret.strip():
        raise WeakPin("the PIN can't start or end with a space")
    if len(secret) > MAX_LENGTH:
        raise WeakPin(f"the PIN is longer than {MAX_LENGTH} characters")
    if secret.isascii() and secret.isdigit():
        if len(secret) < MIN_PIN_DIGITS:
            raise WeakPin(f"a PIN needs at least {MIN_PIN_DIGITS} digits")
    elif len(secret) < MIN_PASSPHRASE_CHARACTERS:
        raise WeakPin(
            f"a passphrase needs at least {MIN_PASSPHRASE_CHARACTERS} characters "
            f"(or use a PIN of {MIN_PIN_DIGITS} or more digits)"
        )


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # NFC: the same passphrase typed with composed or decomposed accents matches.
    data = unicodedata.normalize("NFC", secret).encode("utf-8")
    return hashlib.scrypt(
        data, salt=salt, n=n, r=r, p=p, dklen=length, maxmem=128 * n * r * p + 2**20
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str) -> str:
    """A new record for `secret`, with a fresh random salt."""
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def matches(secret: str, record: str) -> bool:
    """Whether `secret` is the one `record` was made from (constant-time compare)."""
    try:
        scheme, n_text, r_text, p_text, salt_text, digest_text = record.split("$")
        n, r, p = int(n_text), int(r_text), int(p_text)
        salt = base64.b64decode(salt_text, validate=True)
        digest = base64.b64decode(digest_text, validate=True)
    except ValueError:
        raise DamagedPinRecord("the stored PIN record is not in FamilyWatch's format") from None
    # Bounds keep a tampered record from asking for gigabytes of memory.
    sane = (
        scheme == "scrypt"
        and 2**10 <= n <= 2**17
        and n & (n - 1) == 0
        and 1 <= r <= 16
        and 1 <= p <= 4
        and len(salt) >= SALT_BYTES
        and 16 <= len(digest) <= 64
    )
    if not sane:
        raise DamagedPinRecord("the stored PIN record has parameters FamilyWatch won't use")
    return hmac.compare_digest(_scrypt(secret, salt, n, r, p, len(digest)), digest)
