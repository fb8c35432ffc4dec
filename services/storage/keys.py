"""API keys: created once and shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.storage.models import ApiKey, utcnow

SCOPES = ("ingest", "read", "admin")
TOKEN_PREFIX = "ew_"


@dataclass(frozen=True, slots=True)
class KeyIdentity:
    id: str
    name: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return "admin" in self.scopes or scope in self.scopes


def hash_token(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast unsalted hash cannot be reversed.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """Store a new key; returns the row and the token, which is never stored."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)}; got {scopes}")
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(
        name=name, prefix=prefix, secret_hash=hash_token(token), scopes=",".join(scopes)
    )
    session.add(key)
    session.flush()
    return key, token


def revoke_key(session: Session, key_id_or_prefix: str) -> bool:
    key = session.scalars(
        select(ApiKey).where(
            (ApiKey.id == key_id_or_prefix) | (ApiKey.prefix == key_id_or_prefix)
        )
    ).first()
    if key is None or key.revoked_at is not None:
        return False
    key.revoked_at = utcnow()
    return True


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.created_at)))


def identify(session: Session, token: str) -> KeyIdentity | None:
    key = session.scalars(
        select(ApiKey).where(ApiKey.secret_hash == hash_token(token))
    ).first()
    if key is None or key.revoked_at is not None:
        return None
    return KeyIdentity(key.id, key.name, frozenset(key.scopes.split(",")))
