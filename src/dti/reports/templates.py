"""Document wording kept in editable YAML files (``templates/<kind>.yaml``), not in code.

Values are ``string.Template`` strings: ``${unit}``, ``${period}``… A user may pass their own file;
a placeholder that does not exist is reported by name instead of being printed as is.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
KINDS = ("bao-cao", "ke-hoach", "tong-hop", "cong-bo")


class TemplateError(ValueError):
    """A template file that cannot be used; the message is Vietnamese."""


def load_template(kind: str, path: str | Path | None = None) -> dict[str, Any]:
    """The built-in wording of ``kind``, overlaid with the keys of ``path`` when given."""
    if kind not in KINDS:
        raise TemplateError(f"loại văn bản '{kind}' không hợp lệ (có: {', '.join(KINDS)})")
    data = _read(TEMPLATE_DIR / f"{kind}.yaml")
    if path is not None:
        data.update(_read(Path(path)))
    return data


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"{path.name}: không đọc được tệp mẫu ({exc.strerror})") from None
    except yaml.YAMLError:
        raise TemplateError(f"{path.name}: tệp mẫu không phải YAML hợp lệ") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name}: tệp mẫu cần một bảng khóa → nội dung")
    return data


class Wording:
    """Renders template entries with the document's variables."""

    def __init__(self, data: dict[str, Any], variables: dict[str, Any]):
        self.data = data
        self.variables = {k: "" if v is None else str(v) for k, v in variables.items()}

    def render(self, text: str, key: str = "") -> str:
        try:
            return string.Template(text).substitute(self.variables)
        except KeyError as exc:
            raise TemplateError(f"mẫu văn bản, mục '{key}': biến ${{{exc.args[0]}}} không tồn tại") from None
        except ValueError:
            raise TemplateError(f"mẫu văn bản, mục '{key}': dấu $ đặt sai (viết $$ để in ký tự $)") from None

    def text(self, key: str) -> str:
        value = self.data.get(key, "")
        if not isinstance(value, str):
            raise TemplateError(f"mẫu văn bản, mục '{key}' phải là một đoạn văn")
        return self.render(value, key)

    def lines(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise TemplateError(f"mẫu văn bản, mục '{key}' phải là danh sách đoạn văn")
        return [self.render(str(v), key) for v in value]
