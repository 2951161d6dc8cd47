from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "dti.web.imports"
    label = "imports"
    verbose_name = "Nhập số liệu từ Excel"
