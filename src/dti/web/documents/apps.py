from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "dti.web.documents"
    label = "documents"
    verbose_name = "Văn bản báo cáo, kế hoạch"

    def ready(self) -> None:
        from dti.web.documents.services import round_settings_copy
        from dti.web.rounds.signals import round_copied

        def _copy(sender: object, **kwargs: object) -> None:
            round_settings_copy(**kwargs)  # type: ignore[arg-type]

        round_copied.connect(_copy, weak=False, dispatch_uid="documents.round_settings_copy")
