from django.apps import AppConfig


class CycleConfig(AppConfig):
    """Pages of the assessment cycle: unit approval, appraisal queue, feedback, publication, deadlines."""

    name = "dti.web.cycle"
    label = "cycle"
    verbose_name = "Quy trình đánh giá"
