from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "dti.web.results"
    label = "results"
    verbose_name = "Kết quả đánh giá"
