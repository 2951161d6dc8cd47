from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dti.web.core"
    label = "core"
    verbose_name = "Dùng chung"
