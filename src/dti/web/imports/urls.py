from django.urls import path

from dti.web.imports import views

app_name = "imports"
urlpatterns = [
    path("ky/<slug:slug>/mau-excel/", views.template_download, name="template"),
    path("ky/<slug:slug>/nhap-excel/", views.upload, name="upload"),
]
