from django.apps import AppConfig


class EntriesConfig(AppConfig):
    name = "dti.web.entries"
    label = "entries"
    verbose_name = "Số liệu"
