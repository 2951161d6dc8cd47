from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "dti.web.office"
    label = "office"
    verbose_name = "Điều hành chỉ số"
