"""`ehub audit verify [--anchors LOG]` and `ehub audit anchor`: the audit log's hash chain."""

from __future__ import annotations

from pathlib import Path

import typer

from ehub.errors import EXIT_FAILURE
from tools.cli.output import command_group, console, emit, options

audit_app = command_group("The audit log's hash chain: verify it, anchor it.")


@audit_app.command("verify", help="Recompute the chain; name the first changed, deleted or inserted row (exit 1).")
def audit_verify(
    anchors: list[Path] = typer.Option(
        None, "--anchors", help="Log files holding `audit anchor seq=N hash=H` lines to check the chain against."
    ),
) -> None:
    from ehub.bots.audit import read_anchors, verify_chain
    from ehub.db import open_database
    from ehub.settings import load_settings

    found = [anchor for path in anchors or [] for anchor in read_anchors(path.read_text(errors="replace").splitlines())]
    with open_database(load_settings()) as database:
        database.check()
        report = verify_chain(database, found)
    emit(report.as_dict())
    if not options.json:
        if report.intact:
            console.print(
                f"[green]intact[/]: {report.rows} rows, head {report.head_seq} {report.head_hash}, "
                f"{report.anchors_checked} anchors checked",
                highlight=False,
            )
        else:
            broken = report.broken
            console.print(
                f"[red]broken[/] at audit_id {broken.audit_id} (chain row {broken.chain_seq}): {broken.problem}",
                highlight=False,
            )
    if not report.intact:
        raise typer.Exit(EXIT_FAILURE)


@audit_app.command("anchor", help="Write the chain's head to the log (and print it): run it from cron.")
def audit_anchor() -> None:
    from ehub.bots.audit import log_anchor
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        seq, digest = log_anchor(database)
    emit({"seq": seq, "hash": digest})
    if not options.json:
        console.print(f"audit anchor seq={seq} hash={digest}", highlight=False)
