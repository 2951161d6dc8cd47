from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dti.web.documents"
    label = "documents"
    verbose_name = "Văn bản báo cáo, kế hoạch"
