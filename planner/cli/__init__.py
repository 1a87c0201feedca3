"""The `planner` command line: campaigns, demo data and the app.

Every command reads DATABASE_URL (default: SQLite under ~/.local/share/persona-campaign-planner).
Errors are reported as one clear line and exit code 2, never a traceback.

Commands are imported only when they run (or when their help is shown): `planner lint` should not
pay for scipy, SQLAlchemy and the Facebook SDK. Register a command in COMMANDS as "module:attribute".
"""

from __future__ import annotations

import importlib

import click

from planner.cli.common import CliError, clean_terminal_output, one_line

#: Command name -> "module:attribute", imported on first use.
COMMANDS: dict[str, str] = {
    "ab": "planner.cli.ab:ab",
    "campaign": "planner.cli.campaign:campaign",
    "db": "planner.cli.db:db",
    "demo": "planner.cli.demo:demo",
    "enquiry": "planner.cli.enquiry:enquiry",
    "experiment": "planner.cli.experiment:experiment",
    "export": "planner.cli.export:export",
    "lint": "planner.cli.lint:lint",
    "print": "planner.cli.print:print_leaflet",
    "profile": "planner.cli.questions:profile",
    "readiness": "planner.cli.questions:readiness",
    "results": "planner.cli.results:results",
    "translate": "planner.cli.translate:translate",
    "ui": "planner.cli.ui:ui",
    "variants": "planner.cli.variants:variants",
}

#: Shown by `planner --help` without importing the command modules.
SUMMARIES: dict[str, str] = {
    "ab": "Compare two or more arms from counts typed on the command line.",
    "campaign": "Create, list, show, import and export campaigns.",
    "db": "Database migrations.",
    "demo": "Load the demo campaigns.",
    "enquiry": "Log a call by its spoken code, list enquiries, purge old lead details.",
    "experiment": "Plan a headline test (or call to action, or image) and judge it under every guard.",
    "export": "Export a campaign to Excel, to Facebook Ads, or as job-board data.",
    "lint": "Flag wallpaper, stereotypes, barriers, jargon and personal-attribute copy.",
    "print": "A variant as a print-ready PDF leaflet or poster.",
    "profile": "The printable 'Could this be you?' profile.",
    "readiness": "What a campaign still needs before it can advertise.",
    "results": "Import results and report the funnel with honest statistics.",
    "translate": "Translation packs for community languages (export for a translator, import).",
    "ui": "Serve the app.",
    "variants": "Generate and list advert variants.",
}


class LazyGroup(click.Group):
    """A click group that imports each command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)])

    def invoke(self, ctx: click.Context):
        """Run the command; a failure no command anticipated still ends as one line and exit 2."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except RecursionError:
            raise CliError("the input is nested too deeply to read") from None
        except MemoryError:
            raise CliError("the input is too large to read in the memory available") from None
        except Exception as error:
            raise CliError(f"failed: {one_line(error)} ({type(error).__name__})") from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="persona-campaign-planner")
def main() -> None:
    """Persona Campaign Planner: values-based recruitment campaigns for adult social care."""
    clean_terminal_output()


__all__ = ["CliError", "main"]
