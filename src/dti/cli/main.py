"""``dti`` — the command-line front door."""

from __future__ import annotations

import click

from dti.cli.evidence_cmds import evidence
from dti.cli.framework_cmds import framework
from dti.cli.io_cmds import register as register_io
from dti.cli.report_cmds import export, report
from dti.cli.score_cmds import score


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dti-platform")
def cli() -> None:
    """Nền tảng Chỉ số chuyển đổi số (DTI): bộ chỉ số, chấm điểm, xếp hạng, báo cáo."""


cli.add_command(framework)
cli.add_command(score)
cli.add_command(evidence)
register_io(cli)
cli.add_command(report)
cli.add_command(export)


def _register_web_commands() -> None:
    # Web-backed commands need Django; the engine commands above must work without it.
    try:
        from dti.cli.web_cmds import register
    except ImportError:
        return
    register(cli)


_register_web_commands()
