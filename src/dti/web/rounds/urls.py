from django.urls import path

from dti.web.rounds import views

app_name = "rounds"
urlpatterns = [
    path("", views.home, name="home"),
    path("ky/<slug:slug>/", views.round_detail, name="detail"),
    path("ky/<slug:slug>/trang-thai/", views.round_transition, name="transition"),
]
