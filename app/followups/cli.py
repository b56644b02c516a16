"""`flask --app app vapid-keys` and `flask --app app send-due` (from cron)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from app.followups import push


@click.command("vapid-keys")
@with_appcontext
def vapid_keys():
    """Make the VAPID key pair in the instance folder if missing; print the public key."""
    path = push.key_path()
    existed = path.exists()
    key = push.public_key(push.ensure_keys(path))
    click.echo(f"{'Kept' if existed else 'Made'} {path} (keep it out of version control).")
    click.echo(f"Public key: {key}")
    if not push.enabled():
        click.echo("Set ALLO_VAPID_SUB (mailto: or https://) to send notifications.")


@click.command("send-due")
@with_appcontext
def send_due():
    """Send the follow-up notifications that are due (safe to run twice at once)."""
    if not push.enabled():
        raise click.ClickException("Set ALLO_VAPID_SUB (mailto: or https://) first.")
    counts = push.send_due()
    current_app.logger.info("send-due: %s", counts)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()))


COMMANDS = (vapid_keys, send_due)
