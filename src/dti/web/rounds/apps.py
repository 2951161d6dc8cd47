from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "dti.web.rounds"
    label = "rounds"
    verbose_name = "Kỳ đánh giá"
