from __future__ import annotations

from django import forms

from dti.web.documents.models import ReportNotes, RoundDocumentSettings, UnitDocumentSettings
from dti.web.documents.services import SETTINGS_FIELDS

_AREA = {"rows": 5, "cols": 80}


class NotesForm(forms.ModelForm):
    class Meta:
        model = ReportNotes
        fields = list(ReportNotes.TEXT_FIELDS)
        widgets = {f: forms.Textarea(attrs=_AREA) for f in ReportNotes.TEXT_FIELDS}
        help_texts = {
            "difficulties": "Mỗi dòng một đoạn; để trống thì văn bản dùng lời văn mẫu.",
            "objectives": "Dùng trong Kế hoạch nâng cao Chỉ số DTI.",
        }


class SettingsForm(forms.ModelForm):
    class Meta:
        model = UnitDocumentSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {"recipients": forms.Textarea(attrs={"rows": 5, "cols": 60})}


class RoundSettingsForm(forms.ModelForm):
    class Meta:
        model = RoundDocumentSettings
        fields = list(RoundDocumentSettings.FIELDS)
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "basis": forms.Textarea(attrs={"rows": 4, "cols": 80}),
            "recipients": forms.Textarea(attrs={"rows": 5, "cols": 60}),
            "proposals": forms.Textarea(attrs=_AREA),
        }
