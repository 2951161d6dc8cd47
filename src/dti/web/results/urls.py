from django.urls import path

from dti.web.results import views

app_name = "results"
urlpatterns = [
    path("ky/<slug:slug>/ket-qua/", views.dashboard, name="dashboard"),
    path("ky/<slug:slug>/ket-qua/tinh-lai/", views.recompute, name="recompute"),
    path("ky/<slug:slug>/ket-qua/ban-do.json", views.dashboard_points, name="dashboard_points"),
    path("ky/<slug:slug>/ket-qua/<str:unit>/", views.scorecard, name="scorecard"),
    path("ky/<slug:slug>/ket-qua/<str:unit>/tieu-chi/<str:code>/", views.criterion, name="criterion"),
    path("ky/<slug:slug>/ket-qua/<str:unit>/nhom/<str:code>/", views.group, name="group"),
    path("ky/<slug:slug>/ket-qua/<str:unit>/mo-phong/", views.whatif, name="whatif"),
    path("don-vi/<str:ref>/qua-cac-ky/", views.history, name="history"),
    path("cong-khai/", views.public_index, name="public_index"),
    path("cong-khai/<slug:slug>/", views.public_round, name="public_round"),
    path("cong-khai/<slug:slug>/ban-do.json", views.public_points, name="public_points"),
    path("cong-khai/<slug:slug>/<str:unit>/", views.public_scorecard, name="public_scorecard"),
    path("cong-khai/<slug:slug>/<str:unit>/tieu-chi/<str:code>/", views.public_criterion, name="public_criterion"),
    path("cong-khai/<slug:slug>/<str:unit>/nhom/<str:code>/", views.public_group, name="public_group"),
]
