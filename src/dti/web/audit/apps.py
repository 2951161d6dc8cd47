from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dti.web.audit"
    label = "audit"
    verbose_name = "Nhật ký thao tác"
