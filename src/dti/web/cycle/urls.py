from django.urls import path

from dti.web.cycle import views_queue, views_round, views_unit

app_name = "cycle"
urlpatterns = [
    path("ky/<slug:slug>/cong-bo/", views_round.publication, name="publication"),
    path("ky/<slug:slug>/gia-han/", views_round.extensions, name="extensions"),
    path("ky/<slug:slug>/tham-dinh/", views_queue.queue, name="queue"),
    path("ky/<slug:slug>/y-kien/", views_unit.council_feedback, name="feedback"),
    path("ky/<slug:slug>/don-vi/<str:unit>/lanh-dao-duyet/", views_unit.unit_approval, name="unit_approval"),
    path("ky/<slug:slug>/don-vi/<str:unit>/y-kien/", views_unit.unit_feedback, name="unit_feedback"),
    path("so-lieu/<int:pk>/trao-doi/", views_queue.thread, name="thread"),
]
