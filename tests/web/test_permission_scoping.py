"""The list querysets (``permissions.scoping``) answer exactly what the object predicates answer, row by row."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from dti.web import permissions as perm
from dti.web.accounts.models import Role
from dti.web.accounts.services import role_assign, user_ensure
from dti.web.permissions import office, scoping
from dti.web.rounds import services as rounds
from dti.web.rounds.models import ProvinceHeldCriterion, Round, RoundState
from dti.web.units.models import OrgUnit
from tests.factories import PASSWORD, World


def _people(w: World) -> dict[str, object]:
    """The world's users, the anonymous visitor, and the roles the world does not give anyone."""
    people: dict[str, object] = {**w.users, "anonymous": AnonymousUser()}
    extra = {
        "data_office": (Role.DATA_OFFICE, w.province, None),
        "leader_a": (Role.UNIT_LEADER, w.unit_a, None),
        "viewer_a": (Role.VIEWER, w.unit_a, None),
        "assessor_a": (Role.ASSESSOR, w.unit_a, None),
        "owner_everywhere": (Role.FRAMEWORK_OWNER, None, None),
        "agency_held": (Role.AGENCY_EDITOR, None, w.agency),
    }
    for name, (role, unit, agency) in extra.items():
        user = user_ensure(username=name, password=PASSWORD, full_name=name)
        role_assign(user=user, role=role, org_unit=unit, agency=agency)
        people[name] = user
    return people


def _other_round(w: World) -> Round:
    other = OrgUnit.objects.get(path=w.users["outsider"].roles.get().org_unit.path)
    rnd = rounds.round_create(slug="khac-2024", name="Kỳ tỉnh khác", framework=w.round.framework,
                              owner_unit=other, period_kind="year", year=2024, units=[])
    return rnd


@pytest.mark.parametrize("published, held", list(itertools.product([False, True], [False, True])))
def test_visible_querysets_match_the_predicates(world: World, published: bool, held: bool) -> None:
    Round.objects.filter(pk=world.round.pk).update(state=RoundState.PUBLISHED if published else RoundState.OPEN)
    if held:  # the agency's only criterion becomes the province's: the agency editor sees nothing
        ProvinceHeldCriterion.objects.create(round=world.round, criterion_code="I.3", source="Sở")
    _other_round(world)
    all_rounds = list(Round.objects.select_related("owner_unit", "framework"))
    for name, user in _people(world).items():
        for rnd in all_rounds:
            units = list(rnd.units.all())
            expected_units = {u.pk for u in units if perm.can_view_unit(user, rnd, u)}
            assert set(scoping.visible_units(user, rnd).values_list("pk", flat=True)) == expected_units, (name, rnd)
        expected = {r.pk for r in all_rounds if perm.can_view_round(user, r)}
        assert set(scoping.visible_rounds(user).values_list("pk", flat=True)) == expected, name
        managed = {r.pk for r in all_rounds if office.can_manage_round(user, r)}
        assert set(scoping.managed_rounds(user).values_list("pk", flat=True)) == managed, name


def test_the_scoping_is_not_trivial(world: World) -> None:
    """The equivalence above would hold for querysets that return everything to everyone: they do not."""
    assert not scoping.visible_rounds(world.users["outsider"]).filter(pk=world.round.pk).exists()
    assert list(scoping.visible_units(world.users["editor_a"], world.round)) == [world.unit_a]
    assert scoping.visible_units(world.users["admin"], world.round).count() == 2
