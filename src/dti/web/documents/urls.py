from django.urls import path

from dti.web.documents import views, views_drafting

app_name = "documents"
urlpatterns = [
    path("ky/<slug:slug>/van-ban/", views.batches, name="batches"),
    path("ky/<slug:slug>/van-ban/hang-loat/<int:pk>/tai/", views.batch_download, name="batch_download"),
    path("ky/<slug:slug>/van-ban-ky/<str:kind>/the-thuc/", views.round_settings, name="round_settings"),
    path("ky/<slug:slug>/van-ban-ky/<str:kind>.<str:fmt>", views.round_document, name="round_document"),
    path("ky/<slug:slug>/bang-tinh/<str:kind>/", views.round_workbook, name="round_workbook"),
    path("ky/<slug:slug>/van-ban/<str:unit>/", views.unit_page, name="unit"),
    path("ky/<slug:slug>/van-ban/<str:unit>/so-van-ban/", views_drafting.register, name="register"),
    path("ky/<slug:slug>/van-ban/<str:unit>/noi-dung-nhom/", views_drafting.group_texts, name="texts"),
    path("ky/<slug:slug>/van-ban/<str:unit>/soan/<str:kind>/", views_drafting.draft, name="draft"),
    path("ky/<slug:slug>/van-ban/<str:unit>/soan/<str:kind>/xem-truoc/", views_drafting.preview, name="preview"),
    path("ky/<slug:slug>/van-ban/<str:unit>/da-ban-hanh/<int:pk>/", views_drafting.issued_download,
         name="issued_download"),
    path("ky/<slug:slug>/van-ban/<str:unit>/bang-tinh/", views.unit_workbook, name="unit_workbook"),
    path("ky/<slug:slug>/van-ban/<str:unit>/<str:kind>.<str:fmt>", views.document, name="document"),
]
