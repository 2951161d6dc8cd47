from django.urls import path

from dti.web.entries import evidence_change_views, evidence_views, views

app_name = "entries"
urlpatterns = [
    path("ky/<slug:slug>/don-vi/<str:unit>/", views.unit_entries, name="unit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/xem-truoc/", views.preview, name="preview"),
    path("ky/<slug:slug>/don-vi/<str:unit>/gui/", views.submit, name="submit"),
    path("ky/<slug:slug>/don-vi/<str:unit>/sao-chep-ky-truoc/", views.copy_previous, name="copy_previous"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/tham-dinh/", views.review, name="review"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/minh-chung/", evidence_views.evidence_upload,
         name="evidence_upload"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/", evidence_views.evidence_download, name="evidence"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/kiem-tra-lai/", evidence_views.evidence_recheck_view,
         name="evidence_recheck"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/go/", evidence_change_views.evidence_remove_view,
         name="evidence_remove"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/thay/", evidence_change_views.evidence_replace_view,
         name="evidence_replace"),
    path("ky/<slug:slug>/don-vi/<str:unit>/minh-chung/<int:pk>/vi-tri/", evidence_change_views.evidence_note_view,
         name="evidence_note"),
    path("ky/<slug:slug>/don-vi/<str:unit>/tieu-chi/<str:code>/minh-chung/dung-lai/",
         evidence_change_views.evidence_link_view, name="evidence_link"),
    path("ky/<slug:slug>/so-minh-chung/", evidence_views.register, name="evidence_register"),
]
