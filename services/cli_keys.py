"""`eventwire keys`: create, list and revoke API keys."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session, sessionmaker

from services.config import Settings
from services.storage.keys import SCOPES


def _sessions() -> sessionmaker[Session]:
    from services.storage.db import make_engine, make_sessionmaker

    return make_sessionmaker(make_engine(Settings.from_env()))


@click.group()
def keys() -> None:
    """API keys (stored hashed; a token is shown only when created)."""


@keys.command("create")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice(SCOPES),
    help="Repeat for several scopes.",
)
@click.option("--name", default="key", show_default=True)
def create(scopes: tuple[str, ...], name: str) -> None:
    """Create a key and print its token once."""
    from services.storage.keys import create_key

    with _sessions().begin() as session:
        key, token = create_key(session, name, list(scopes))
        click.echo(f"id={key.id} prefix={key.prefix} scopes={key.scopes}")
    click.echo(token)


@keys.command("revoke")
@click.argument("key_id")
def revoke(key_id: str) -> None:
    """Revoke a key by id or prefix."""
    from services.storage.keys import revoke_key

    with _sessions().begin() as session:
        if not revoke_key(session, key_id):
            raise click.ClickException(f"no active key {key_id}")
    click.echo(f"revoked {key_id}")


@keys.command("list")
def list_() -> None:
    """List keys (never their tokens)."""
    from services.storage.keys import list_keys

    with _sessions()() as session:
        for key in list_keys(session):
            state = "revoked" if key.revoked_at else "active"
            click.echo(f"{key.id} {key.prefix} {key.name} {key.scopes} {state}")
