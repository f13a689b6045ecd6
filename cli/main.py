"""The ``policygraph`` command: assembles the command modules into one Typer app."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import (
    alerts,
    assessment,
    breakdown,
    corrections,
    documents,
    export,
    extract,
    ingest,
    lookup,
    migrations,
    overdue,
    serve,
    silence,
    successions,
    token,
    units,
    urge,
)
from cli.database import remember_database_url

app = typer.Typer(
    name="policygraph",
    help="Responsibility structure of Chinese government policy documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="DATABASE_URL",
            help="SQLAlchemy URL (default: data/policygraph.db).",
        ),
    ] = None,
) -> None:
    """Policy documents in, responsibility structure out."""
    remember_database_url(ctx, database_url)


app.command("ingest")(ingest.ingest)
app.command("extract")(extract.extract)
app.command("units")(lookup.units)
app.command("targets")(lookup.targets)
app.command("serve")(serve.serve)
app.command("overdue")(overdue.overdue)
app.command("export")(export.export)
app.command("assessment")(assessment.assessment)
app.command("urge")(urge.urge)
app.add_typer(migrations.app, name="db")
app.add_typer(token.app, name="token")
app.add_typer(documents.app, name="documents")
app.add_typer(units.app, name="unit")
app.add_typer(successions.app, name="succession")
app.add_typer(breakdown.app, name="breakdown")
app.add_typer(corrections.correct_app, name="correct")
app.add_typer(corrections.app, name="corrections")
alerts.app.command("silence")(silence.silence)
alerts.app.command("silences")(silence.silences)
app.add_typer(alerts.app, name="alerts")


if __name__ == "__main__":
    app()
