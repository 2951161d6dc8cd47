"""The per-criterion entry form: inputs chosen by the criterion's rule, Vietnamese numbers and dates."""

from __future__ import annotations

from typing import Any

from django import forms

from dti.engine import framework as fw
from dti.engine.numbers import NumberFormatError, fmt_date, fmt_number, parse_date, parse_number
from dti.engine.rules import rule_of
from dti.limits import TEXT_MAX, text_problem
from dti.web.entries.models import EntryStatus


class VNNumberField(forms.CharField):
    """Accepts ``1.627``, ``698,8``, ``97,36%`` — the engine's parser, so web and files agree."""

    def to_python(self, value: Any) -> float | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            number, _ = parse_number(text)
        except NumberFormatError:
            raise forms.ValidationError(f"'{text}' không phải là số (ví dụ: 1.627 hoặc 698,8)") from None
        return number


class VNDateField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise forms.ValidationError(f"'{text}' không phải ngày hợp lệ (dd/mm/yyyy)") from None


class LimitedTextField(forms.CharField):
    """Free text bounded by ``dti.limits.TEXT_MAX[limit]``, refused with the same message as the API's and
    the files'; the browser gets the ``maxlength`` too."""

    def __init__(self, *, limit: str, **kwargs: Any) -> None:
        self.limit = limit
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(TEXT_MAX[limit])

    def validate(self, value: Any) -> None:
        super().validate(value)
        found = text_problem(self.limit, value, label=str(self.label) if self.label else None)
        if found is not None:
            raise forms.ValidationError(found, code="max_length")


YES_NO = [("", "—"), ("1", "Có"), ("0", "Không")]


class EntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.TypedChoiceField(
        label="Tình trạng", required=False, coerce=int, empty_value=None,
        choices=[("", "— chưa chọn —"), *EntryStatus.choices],
    )
    done = forms.TypedChoiceField(
        label="Đã thực hiện", required=False, choices=YES_NO, coerce=lambda v: v == "1", empty_value=None
    )
    numerator = VNNumberField(label="Tử số", required=False)
    denominator = VNNumberField(label="Mẫu số", required=False)
    count = VNNumberField(label="Số lượng", required=False)
    value = VNNumberField(label="Giá trị", required=False)
    date = VNDateField(label="Ngày ban hành", required=False,
                       widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    text = LimitedTextField(limit="text", label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = LimitedTextField(limit="explanation", label="Giải trình", required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, node: fw.Node, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        self.input_names = inputs_for(node.rule)
        for name, label in rule_of(node.rule).input_labels().items():
            self.fields[name].label = label
        for name in ("numerator", "denominator", "count", "value", "date"):
            self.fields[name].widget.attrs.setdefault("inputmode", "decimal" if name != "date" else "numeric")

    def visible_inputs(self) -> list[forms.BoundField]:
        return [self[name] for name in self.input_names]

    def values(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["text"] = data.get("text") or ""
        data["explanation"] = data.get("explanation") or ""
        # "82%" is a rate, "82" a plain value: the engine scores them differently, so the sign is kept
        raw = self.data.get(self.add_prefix("value"), "") if self.is_bound else ""
        data["value_is_percent"] = data.get("value") is not None and "%" in str(raw)
        return data


def inputs_for(rule: fw.Rule | None) -> list[str]:
    """Which raw inputs the criterion's rule reads (the rule object says)."""
    return list(rule_of(rule).inputs())


def initial_from(entry: Any) -> dict[str, Any]:
    if entry is None:
        return {"version": 0}
    return {
        "version": entry.version, "status": entry.status,
        "done": "" if entry.done is None else ("1" if entry.done else "0"),
        "numerator": _n(entry.numerator), "denominator": _n(entry.denominator), "count": _n(entry.count),
        "value": _n(entry.value) + ("%" if entry.value_is_percent and entry.value is not None else ""), "date": fmt_date(entry.date), "text": entry.text, "explanation": entry.explanation,
    }


def _n(v: float | None) -> str:
    return "" if v is None else fmt_number(v, 4)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Duyệt"), ("return", "Trả lại"), ("expert", "Chấm điểm thẩm định")])
    comment = LimitedTextField(limit="review_comment", label="Ý kiến thẩm định", required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    expert_score = VNNumberField(label="Điểm thẩm định", required=False)
    expert_reason = LimitedTextField(limit="expert_reason", label="Lý do", required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    # an empty file reaches inspect_file, whose message says "0 byte" (not "no file chosen")
    file = forms.FileField(label="Tệp minh chứng", allow_empty_file=True)
