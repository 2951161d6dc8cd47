"""Document settings and editable wording: clear Vietnamese errors, per-unit overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from dti.reports import SettingsError, TemplateError, build_document, load_settings, unit_document_data
from dti.reports.settings import DocumentSettings, settings_from_dict

from .conftest import texts


def test_place_and_date_follow_decree_30():
    s = DocumentSettings(place="Nam Đông", date=dt.date(2024, 2, 5))
    assert s.place_date() == "Nam Đông, ngày 05 tháng 02 năm 2024"
    assert DocumentSettings(place="Hà Tân").place_date(2023).startswith("Hà Tân, ngày")
    assert DocumentSettings(symbol="BC-UBND").number_symbol.endswith("/BC-UBND")


def test_unknown_fields_and_bad_dates_are_named():
    with pytest.raises(SettingsError, match="trường 'signer' không hợp lệ"):
        settings_from_dict({"signer": "X"})
    with pytest.raises(SettingsError, match="trường 'date'.*31/02/2024"):
        settings_from_dict({"date": "31/02/2024"})
    with pytest.raises(SettingsError, match="'recipients' phải là danh sách"):
        settings_from_dict({"recipients": {"a": 1}})


def test_a_settings_file_has_defaults_and_units(tmp_path):
    path = tmp_path / "vanban.yaml"
    path.write_text(
        "defaults:\n  symbol: BC-BCĐ\n  recipients: [UBND tỉnh, Lưu VT]\n"
        "units:\n  A:\n    signer_name: Nguyễn Văn An\n  Huyện Bắc Sơn:\n    number: '7'\n",
        encoding="utf-8",
    )
    settings = load_settings(path)
    a = settings.for_unit("A", "Huyện An Bình")
    assert (a.symbol, a.signer_name, a.recipients) == ("BC-BCĐ", "Nguyễn Văn An", ["UBND tỉnh", "Lưu VT"])
    assert settings.for_unit("B", "Huyện Bắc Sơn").number == "7"


def test_a_bad_settings_file_fails_before_anything_is_written(tmp_path):
    path = tmp_path / "vanban.yaml"
    path.write_text("units:\n  A:\n    ngay: 1/1/2024\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="vanban.yaml, đơn vị A: trường 'ngay' không hợp lệ"):
        load_settings(path)


def test_wording_comes_from_an_editable_template(small_result, tmp_path):
    custom = tmp_path / "mau.yaml"
    custom.write_text("subject: Tình hình chuyển đổi số ${period} của ${unit}\n", encoding="utf-8")
    data = unit_document_data(small_result, "A")
    doc = build_document("bao-cao", data, DocumentSettings(period="6 tháng đầu năm 2024"), template=str(custom))
    assert texts(doc)[1] == "Tình hình chuyển đổi số 6 tháng đầu năm 2024 của huyện An Bình"


def test_an_unknown_placeholder_is_reported(small_result, tmp_path):
    custom = tmp_path / "mau.yaml"
    custom.write_text("subject: Kết quả ${ky_bao_cao}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"mục 'subject': biến \$\{ky_bao_cao\} không tồn tại"):
        build_document("bao-cao", unit_document_data(small_result, "A"), template=str(custom))
