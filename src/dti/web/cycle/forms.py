"""Forms of the cycle pages (bounded inputs; Vietnamese labels and messages)."""

from __future__ import annotations

from django import forms

from dti.web.entries.forms import VNDateField, VNNumberField
from dti.web.entries.services import MAX_COMMENT

ROUND_ACTIONS = [
    ("open", "Mở nhập liệu"), ("review", "Chuyển sang thẩm định"), ("preliminary", "Gửi kết quả sơ bộ"),
    ("publish", "Công bố kết quả"), ("close", "Khóa kỳ đánh giá"), ("reopen", "Mở lại kỳ đã công bố"),
]


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=ROUND_ACTIONS)
    reason = forms.CharField(label="Lý do", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label="Tôi đã xem danh mục kiểm tra và xác nhận", required=False)


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("preview", "Xem trước"), ("approve", "Duyệt"), ("return", "Trả lại")])
    entries = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)
    comment = forms.CharField(label="Ý kiến trả lại (một ý kiến cho mọi tiêu chí đã chọn)", required=False,
                              max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["entries"].choices = [(i, str(i)) for i in ids]  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label="Nội dung trao đổi", max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    criterion = forms.CharField(max_length=40, widget=forms.HiddenInput)
    text = forms.CharField(label="Ý kiến", max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(label="Giải trình", required=False, max_length=MAX_COMMENT,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label="Minh chứng kèm theo (nếu có)", required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Chấp nhận"), ("reject", "Không chấp nhận")])
    answer = forms.CharField(label="Lý do của hội đồng", max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 2}))
    score = VNNumberField(label="Điểm điều chỉnh (nếu chấp nhận và đổi điểm)", required=False)


class ExtensionForm(forms.Form):
    unit = forms.CharField(label="Đơn vị (mã)", max_length=40)
    agency = forms.CharField(label="Cơ quan (mã, để trống = cả đơn vị)", max_length=60, required=False)
    until = VNDateField(label="Gia hạn đến ngày", widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    reason = forms.CharField(label="Lý do", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reopen = forms.BooleanField(label="Mở lại nhập liệu của đơn vị (trả lại mọi tiêu chí cho đơn vị)", required=False)


class LeaderForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Duyệt và gửi thẩm định"), ("return", "Trả lại")])
    criterion = forms.CharField(max_length=40, required=False)
    comment = forms.CharField(label="Ý kiến", max_length=MAX_COMMENT, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
