"""`ehub users create|disable|reset|list`: accounts for people (admins, agents, analysts).

A password is read from standard input with `--password-stdin` (never from an argument, which
other users can see in the process list), or generated and shown once.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from ehub.access import ROLES
from tools.cli.output import command_group, console, emit, options

if TYPE_CHECKING:
    from ehub.auth.users import User
    from ehub.bots.audit import Actor

users_app = command_group("User accounts for the API: admin, agent, analyst.")
STDIN_HELP = "Read the password from standard input instead of generating one."


def _operator(command: str) -> Actor:
    from ehub.bots.audit import Actor

    return Actor("cli", getpass.getuser(), f"ehub users {command}")


def _password(from_stdin: bool) -> str | None:
    return sys.stdin.readline().rstrip("\n") if from_stdin else None


def _show(user: User, password: str | None = None) -> None:
    emit({**user.public(), **({"password": password} if password else {})})
    if options.json:
        return
    console.print(f"{user.username} ({user.role}) {user.user_id}", highlight=False)
    if password:
        console.print(f"password: {password}\nGive it to them now: it is not shown again.", highlight=False)


@users_app.command("create", help="Create an account; an agent needs --ghl-user-id (their leads are theirs).")
def users_create(
    username: str = typer.Argument(..., help="A login handle (not an email address)."),
    role: str = typer.Option(..., "--role", help=f"One of {', '.join(ROLES)}."),
    ghl_user_id: str = typer.Option(None, "--ghl-user-id", help="The agent's GoHighLevel user id."),
    rate: int = typer.Option(100, "--rate", help="Requests a minute this user may make."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    from ehub.auth.users import create_user
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        user, password = create_user(
            database,
            username,
            role,
            _operator("create"),
            password=_password(password_stdin),
            ghl_user_id=ghl_user_id,
            requests_per_minute=rate,
        )
    _show(user, None if password_stdin else password)


@users_app.command("disable", help="Disable an account and revoke its sessions.")
def users_disable(username: str = typer.Argument(...)) -> None:
    from ehub.auth.users import disable_user
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        user = disable_user(database, username, _operator("disable"))
    _show(replace(user, disabled_at=user.disabled_at or datetime.now(UTC)))


@users_app.command(
    "reset", help="A new password (generated, or --password-stdin); enables the account, revokes sessions."
)
def users_reset(
    username: str = typer.Argument(...),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=STDIN_HELP),
) -> None:
    from ehub.auth.users import reset_password
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        user, password = reset_password(database, username, _operator("reset"), password=_password(password_stdin))
    _show(user, None if password_stdin else password)


@users_app.command("list", help="Every account, its role and whether it is disabled.")
def users_list() -> None:
    from ehub.auth.users import list_users
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        users = list_users(database)
    emit([user.public() for user in users])
    if not options.json:
        for user in users:
            state = "disabled" if user.disabled_at else "active"
            console.print(f"{user.username:24} {user.role:8} {state:8} {user.ghl_user_id or ''}", highlight=False)
