from django.urls import path

from dti.web.documents import views

app_name = "documents"
urlpatterns = [
    path("ky/<slug:slug>/van-ban/", views.batches, name="batches"),
    path("ky/<slug:slug>/van-ban/hang-loat/<int:pk>/tai/", views.batch_download, name="batch_download"),
    path("ky/<slug:slug>/bang-tinh/<str:kind>/", views.round_workbook, name="round_workbook"),
    path("ky/<slug:slug>/van-ban/<str:unit>/", views.unit_page, name="unit"),
    path("ky/<slug:slug>/van-ban/<str:unit>/bang-tinh/", views.unit_workbook, name="unit_workbook"),
    path("ky/<slug:slug>/van-ban/<str:unit>/<str:kind>.<str:fmt>", views.document, name="document"),
]
