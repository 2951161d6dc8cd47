"""FrameworkVersion (phiên bản bộ chỉ số): a framework's YAML text, validated and frozen once used."""

from __future__ import annotations

from functools import lru_cache

from django.db import models

from dti.engine.framework import Framework, parse_framework_text


class FrameworkVersion(models.Model):
    """The YAML text as loaded; immutable once a round uses it (see ``services.framework_load``)."""

    code = models.SlugField("mã", max_length=80)
    version = models.PositiveIntegerField("phiên bản")
    name = models.CharField("tên", max_length=300)
    kind = models.CharField("loại", max_length=20)
    yaml_text = models.TextField("nội dung YAML")
    sha256 = models.CharField("mã băm", max_length=64)
    loaded_at = models.DateTimeField("nạp lúc", auto_now=True)

    class Meta:
        verbose_name = "phiên bản bộ chỉ số"
        verbose_name_plural = "bộ chỉ số"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def parsed(self) -> Framework:
        return _parse(self.sha256, self.yaml_text)


@lru_cache(maxsize=32)
def _parse(sha256: str, text: str) -> Framework:
    # keyed by content hash: a parsed framework is immutable, so sharing it between requests is safe
    return parse_framework_text(text, source=sha256[:8])
