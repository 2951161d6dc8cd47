from django.urls import path

from dti.web.entries import evidence_views, views

app_name = "entries"
urlpatterns = [
    path("ky/<slug:slug>/don-vi/<str:unit>/", views.unit_entries, name="unit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/xem-truoc/", views.preview, name="preview"),
    path("ky/<slug:slug>/don-vi/<str:unit>/gui/", views.submit, name="submit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/tham-dinh/", views.review, name="review"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/minh-chung/", evidence_views.evidence_upload,
         name="evidence_upload"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/", evidence_views.evidence_download, name="evidence"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/kiem-tra-lai/", evidence_views.evidence_recheck_view,
         name="evidence_recheck"),
    path("ky/<slug:slug>/so-minh-chung/", evidence_views.register, name="evidence_register"),
]
