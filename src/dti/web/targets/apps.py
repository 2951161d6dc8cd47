from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "dti.web.targets"
    label = "targets"
    verbose_name = "Chỉ tiêu"
