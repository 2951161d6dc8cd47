"""Official documents generated from data: báo cáo, kế hoạch (DOCX/PDF, Decree 30/2020/NĐ-CP layout)
and XLSX workbooks. Everything takes plain data — the engine's results, the framework and a settings
dict — never ORM objects."""

from dti.reports.checks import Problem, preflight
from dti.reports.data import unit_document_data
from dti.reports.generate import ReportError, build_document, check_document, write_batch, write_document
from dti.reports.pdf import PdfError, convert_to_pdf
from dti.reports.settings import DocumentSettings, SettingsError, load_settings, settings_from_dict
from dti.reports.templates import TemplateError

__all__ = [
    "DocumentSettings",
    "PdfError",
    "Problem",
    "ReportError",
    "SettingsError",
    "TemplateError",
    "build_document",
    "check_document",
    "convert_to_pdf",
    "load_settings",
    "preflight",
    "settings_from_dict",
    "unit_document_data",
    "write_batch",
    "write_document",
]
