"""`ehub privacy export|erase --email|--phone`: one person's data, exported whole or erased for good."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import typer

from ehub.errors import ValidationError
from tools.cli.output import command_group, console, emit, options

privacy_app = command_group("A person's data: export it or erase it everywhere.")
EMAIL = typer.Option(None, "--email", help="The person's email address.")
PHONE = typer.Option(None, "--phone", help="The person's phone number.")


def _needs_someone(email: str | None, phone: str | None) -> None:
    if not email and not phone:
        raise ValidationError("Give --email or --phone (or both)", field="email", code="PERSON_UNSPECIFIED")


@privacy_app.command("export", help="Everything held about one person, decrypted, as JSON (audited).")
def privacy_export(
    email: str = EMAIL,
    phone: str = PHONE,
    output: Path = typer.Option(None, "--output", "-o", help="Write the JSON here (mode 0600) instead of stdout."),
) -> None:
    from ehub.bots.audit import Actor
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.privacy.export import export_person
    from ehub.settings import load_settings

    _needs_someone(email, phone)
    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        actor = Actor("cli", getpass.getuser(), "ehub privacy export")
        document = export_person(database, cipher_from_settings(settings), actor, email=email, phone=phone)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if output is None:
        print(text)
        return
    output.touch(mode=0o600)
    output.chmod(0o600)
    output.write_text(text)
    console.print(f"Export {document['request_id']} written to {output}.", highlight=False)


@privacy_app.command("erase", help="Erase one person everywhere and keep them out of later syncs (audited).")
def privacy_erase(
    email: str = EMAIL,
    phone: str = PHONE,
    delete_in_crm: bool = typer.Option(False, "--delete-in-crm", help="Also ask GoHighLevel to delete the contacts."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    from ehub.bots.audit import Actor
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.privacy.erase import erase_person
    from ehub.settings import load_settings

    _needs_someone(email, phone)
    if not yes and not options.json:
        typer.confirm("This cannot be undone. Erase this person everywhere?", abort=True)
    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        actor = Actor("cli", getpass.getuser(), "ehub privacy erase")
        if delete_in_crm:
            from ehub.sources.factory import ghl_client
            from tools.offline import stand_ins

            with ghl_client(settings, offline=stand_ins(settings)) as client:
                summary = erase_person(
                    database,
                    cipher_from_settings(settings),
                    actor,
                    email=email,
                    phone=phone,
                    delete_contact=client.delete_contact,
                )
        else:
            summary = erase_person(database, cipher_from_settings(settings), actor, email=email, phone=phone)
    emit(summary)
    if not options.json:
        console.print(
            f"Erasure {summary['request_id']}: {summary['contacts']} CRM contact(s), {summary['leads']} lead(s), "
            f"{summary['tombstones']} tombstones; CRM deletion {summary['crm_deletion']}.",
            highlight=False,
        )
