"""API writes: the entries' one write path plus, for data sources, the push recorded in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from dti.web.api.models import MachineToken
from dti.web.audit.services import audit_record
from dti.web.entries.models import Entry
from dti.web.entries.write import entry_write
from dti.web.rounds.models import Round
from dti.web.units.models import OrgUnit


@transaction.atomic
def entry_push(
    *, round: Round, unit: OrgUnit, criterion_code: str, values: dict[str, Any], expected_version: int,
    actor: AbstractBaseUser, token: MachineToken | None = None, ip: str | None = None,
) -> Entry:
    """Save through the entries' write path; a machine push also names its source and token in the audit."""
    entry = entry_write(
        round=round, unit=unit, criterion_code=criterion_code, values=values,
        expected_version=expected_version, actor=actor, ip=ip,
    )
    if token is not None:
        audit_record(
            actor=actor, action="entry.push", obj=entry, ip=ip,
            new={"source": token.source.name, "token": token.pk, "version": entry.version},
        )
    return entry
