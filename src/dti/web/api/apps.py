from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dti.web.api"
    label = "api"
    verbose_name = "API và mã truy cập"
    default_auto_field = "django.db.models.BigAutoField"
