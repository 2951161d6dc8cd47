"""``dti`` — the command-line front door."""

from __future__ import annotations

import click

from dti.cli.evidence_cmds import evidence
from dti.cli.framework_cmds import framework
from dti.cli.io_cmds import register as register_io
from dti.cli.report_cmds import export, report
from dti.cli.score_cmds import score
from dti.cli.web_cmds import register as register_web


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


# Web-backed commands import Django only when one of them runs (``dti.web.core.cli_env.django_setup``), so the
# engine commands above work on an install without the ``web`` extra.
register_web(cli)
