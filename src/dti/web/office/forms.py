"""Forms of the office's pages: bounded inputs, Vietnamese labels; the rules live in the services."""

from __future__ import annotations

from django import forms

from dti.web.rounds.models import PeriodKind


class RoundForm(forms.Form):
    framework = forms.ChoiceField(label="Bộ chỉ số")
    period_kind = forms.ChoiceField(label="Loại kỳ", choices=PeriodKind.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100,
                              error_messages={"min_value": "Năm phải từ 2000 đến 2100",
                                              "max_value": "Năm phải từ 2000 đến 2100",
                                              "invalid": "Năm phải là một số"})
    number = forms.IntegerField(label="Kỳ số (quý 1–4, 6 tháng 1–2)", required=False, min_value=1, max_value=4,
                                error_messages={"min_value": "Kỳ số từ 1 đến 4", "max_value": "Kỳ số từ 1 đến 4",
                                                "invalid": "Kỳ số phải là một số"})
    copy_from = forms.ChoiceField(label="Sao chép từ kỳ", required=False)
    name = forms.CharField(label="Tên kỳ (để trống: tự đặt)", required=False, max_length=300)
    submission_deadline = forms.DateField(label="Hạn nộp của đơn vị", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    agency_submission_deadline = forms.DateField(label="Hạn nộp của cơ quan", required=False,
                                                 widget=forms.DateInput(attrs={"type": "date"}))
    review_deadline = forms.DateField(label="Hạn thẩm định", required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))


class DeadlinesForm(forms.Form):
    submission_deadline = forms.DateField(label="Hạn nộp của đơn vị", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    agency_submission_deadline = forms.DateField(label="Hạn nộp của cơ quan", required=False,
                                                 widget=forms.DateInput(attrs={"type": "date"}))
    review_deadline = forms.DateField(label="Hạn thẩm định", required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Lý do điều chỉnh (bắt buộc khi kỳ đã mở)", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
