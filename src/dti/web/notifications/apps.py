from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dti.web.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
