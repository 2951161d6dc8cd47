from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "dti.web.frameworks"
    label = "frameworks"
    verbose_name = "Bộ chỉ số"
