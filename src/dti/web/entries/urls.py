from django.urls import path

from dti.web.entries import views

app_name = "entries"
urlpatterns = [
    path("ky/<slug:slug>/don-vi/<str:unit>/", views.unit_entries, name="unit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/xem-truoc/", views.preview, name="preview"),
    path("ky/<slug:slug>/don-vi/<str:unit>/gui/", views.submit, name="submit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/tham-dinh/", views.review, name="review"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
