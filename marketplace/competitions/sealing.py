"""Rule 7: sealed bids.

Every bid's content (answers, price, breakdown, attachments and their names) is encrypted with AES-GCM under a
per-competition data key. The data key is stored only wrapped (AES-GCM again) by a key derived from the master
key, and the master key lives outside the database: a key file (SPARK_SEALING_KEY_FILE, created on first use
under var/keys/ in development, a mounted secret in production). It is never derived from SECRET_KEY.

Receipts and audit events carry a keyed HMAC of the content (HMAC-SHA256 under another key derived from the
master key), never a plain hash, which could be confirmed by guessing a short content such as a price.

Only this module handles keys. Who may unseal what is decided by the services that call it: a supplier's own
bid for that supplier (`bids`), and every counting bid only through `competition_open_bids`.
"""

import hashlib
import hmac
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

FORMAT = b"\x01"  # first byte of every sealed blob: the format, so it can change later
NONCE_BYTES = 12
KEY_BYTES = 32


class SealingKeyError(RuntimeError):
    """The master key is missing or is not the one that sealed this competition."""


def _key_path() -> Path:
    return Path(settings.SPARK_SEALING_KEY_FILE)


def _read_or_create_master_key() -> bytes:
    path = _key_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        if not settings.SPARK_SEALING_KEY_CREATE:
            raise SealingKeyError(
                f"The bid-sealing master key file {path} does not exist. Mount it, or set "
                "SPARK_SEALING_KEY_CREATE to create one (development only)."
            ) from None
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            # O_EXCL: if two processes start at once, one creates it and the other reads it.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raw = path.read_bytes()
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_hex(KEY_BYTES).encode())
            raw = path.read_bytes()
    key = bytes.fromhex(raw.decode().strip())
    if len(key) != KEY_BYTES:
        raise SealingKeyError(f"The bid-sealing master key in {path} must be {KEY_BYTES} bytes written as hex")
    return key


@lru_cache(maxsize=4)
def _derived(path: str, purpose: bytes) -> bytes:
    master = _read_or_create_master_key()
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"spark bid sealing: " + purpose).derive(
        master
    )


def _wrapping_key() -> bytes:
    return _derived(str(_key_path()), b"key wrapping")


def _hmac_key() -> bytes:
    return _derived(str(_key_path()), b"content hmac")


def master_key_id() -> str:
    """A short public name for the master key in use, recorded with each wrapped data key."""
    return _derived(str(_key_path()), b"key id")[:8].hex()


def forget_keys() -> None:
    """Drop derived keys (tests that swap the key file)."""
    _derived.cache_clear()


def _wrap_aad(competition_id: int) -> bytes:
    return f"spark:competition:{competition_id}:data-key".encode()


def new_wrapped_key(competition_id: int) -> tuple[bytes, str]:
    """A fresh data key for a competition, returned only wrapped, with the master key's id."""
    data_key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
    nonce = os.urandom(NONCE_BYTES)
    wrapped = FORMAT + nonce + AESGCM(_wrapping_key()).encrypt(nonce, data_key, _wrap_aad(competition_id))
    return wrapped, master_key_id()


def _unwrap(competition) -> bytes:
    wrapped = bytes(competition.wrapped_key or b"")
    if not wrapped:
        raise SealingKeyError(f"Competition {competition.pk} has no data key")
    if competition.master_key_id and competition.master_key_id != master_key_id():
        raise SealingKeyError(f"Competition {competition.pk} was sealed under another master key")
    nonce, body = wrapped[1 : 1 + NONCE_BYTES], wrapped[1 + NONCE_BYTES :]
    return AESGCM(_wrapping_key()).decrypt(nonce, body, _wrap_aad(competition.pk))


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _aad(competition_id: int, supplier_id: int, purpose: str) -> bytes:
    # Binds each blob to its competition, supplier and use, so blobs cannot be swapped between bids.
    return f"spark:competition:{competition_id}:supplier:{supplier_id}:{purpose}".encode()


def seal(competition, supplier_id: int, purpose: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT + nonce + AESGCM(_unwrap(competition)).encrypt(
        nonce, plaintext, _aad(competition.pk, supplier_id, purpose)
    )


def unseal(competition, supplier_id: int, purpose: str, blob: bytes, *, data_key: bytes | None = None) -> bytes:
    blob = bytes(blob)
    if blob[:1] != FORMAT:
        raise SealingKeyError("Unknown sealed format")
    key = data_key or _unwrap(competition)
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    return AESGCM(key).decrypt(nonce, body, _aad(competition.pk, supplier_id, purpose))


def seal_json(competition, supplier_id: int, purpose: str, content: dict) -> bytes:
    return seal(competition, supplier_id, purpose, canonical(content))


def unseal_json(competition, supplier_id: int, purpose: str, blob: bytes, *, data_key: bytes | None = None) -> dict:
    return json.loads(unseal(competition, supplier_id, purpose, blob, data_key=data_key))


def data_key_for_opening(competition) -> bytes:
    """The unwrapped data key, for `competition_open_bids` alone (it checks the deadline, the owner and audits)."""
    return _unwrap(competition)


def content_hmac(content: dict, attachment_digests: list[str] | None = None) -> str:
    """A keyed HMAC of a bid's content: provable to whoever holds the key, meaningless to anyone else."""
    message = canonical({"content": content, "attachments": sorted(attachment_digests or [])})
    return hmac.new(_hmac_key(), message, hashlib.sha256).hexdigest()


def bytes_hmac(data: bytes) -> str:
    return hmac.new(_hmac_key(), data, hashlib.sha256).hexdigest()
