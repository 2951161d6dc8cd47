"""Django's and DRF's own messages reach users in Vietnamese: the project's catalogue fills what their
"vi" catalogues leave in English, and the committed .mo is the .po compiled."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.messages.pofile import read_po
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from dti.web.core.catalog import LOCALE_DIR, compiled

PO = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"


def _vietnamese(text: str) -> bool:
    return any(ord(c) > 127 for c in text)


def test_the_committed_catalogue_is_the_po_compiled() -> None:
    assert PO.with_suffix(".mo").read_bytes() == compiled(PO), "run `make locale`"


def test_every_message_of_the_catalogue_is_active_under_vi() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    with translation.override("vi"):
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            got = translation.gettext(msgid) if isinstance(message.id, str) else translation.ngettext(
                message.id[0], message.id[1], 2)
            expected = message.string if isinstance(message.string, str) else message.string[0]
            assert got == expected, msgid


class _Form(forms.Form):
    name = forms.CharField(max_length=5)
    count = forms.IntegerField(min_value=0)
    email = forms.EmailField(required=False)
    day = forms.DateField(required=False)
    code = forms.SlugField(required=False)


@pytest.mark.parametrize(("data", "field"), [
    ({"count": "1"}, "name"),  # required
    ({"name": "dài quá năm", "count": "1"}, "name"),  # max_length
    ({"name": "a\x00b", "count": "1"}, "name"),  # NUL characters
    ({"name": "a", "count": "mười"}, "count"),  # invalid number
    ({"name": "a", "count": "-1"}, "count"),  # min_value
    ({"name": "a", "count": "1", "email": "không-phải"}, "email"),
    ({"name": "a", "count": "1", "day": "31/02/2024"}, "day"),
    ({"name": "a", "count": "1", "code": "có dấu"}, "code"),
])
def test_form_errors_are_vietnamese(data: dict[str, str], field: str) -> None:
    with translation.override("vi"):
        form = _Form(data)
        assert not form.is_valid()
        messages = form.errors[field]
    assert messages and all(_vietnamese(m) for m in messages), messages


def test_model_validation_messages_are_vietnamese() -> None:
    from dti.web.rounds.models import Round

    with translation.override("vi"):
        with pytest.raises(ValidationError) as exc:
            Round(slug="có dấu", name="x", period_kind="year", year=2024, start=dt.date(2024, 1, 1),
                  end=dt.date(2024, 12, 31)).full_clean(exclude=["framework", "owner_unit"])
    for messages in exc.value.message_dict.values():
        assert all(_vietnamese(m) for m in messages), messages


class _Serializer(serializers.Serializer):
    text = serializers.CharField(max_length=3)
    number = serializers.IntegerField(max_value=10)
    ratio = serializers.FloatField(required=False)
    items = serializers.ListField(child=serializers.CharField(), max_length=1, required=False)
    flag = serializers.BooleanField(required=False)
    day = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=["a", "b"], required=False)


@pytest.mark.parametrize("data", [
    {},  # required
    {"text": "dài", "number": None},  # null
    {"text": "", "number": 1},  # blank
    {"text": "quá dài", "number": 11},  # max_length, max_value
    {"text": "a", "number": "x", "ratio": "y"},  # invalid numbers
    {"text": "a", "number": 1, "items": ["a", "b"]},  # list too long
    {"text": "a", "number": 1, "items": "không phải danh sách"},
    {"text": "a", "number": 1, "flag": "có lẽ", "day": "31/02", "kind": "c"},
    {"text": "a\x00", "number": 1},
])
def test_drf_field_errors_are_vietnamese(data: dict[str, object]) -> None:
    with translation.override("vi"):
        ser = _Serializer(data=data)
        assert not ser.is_valid()
        messages = [str(m) for ms in ser.errors.values() for m in ms]
    assert messages and all(_vietnamese(m) for m in messages), messages
