from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "dti.web.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"
