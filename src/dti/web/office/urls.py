from django.urls import path

from dti.web.office import views, views_accounts, views_agencies, views_province, views_targets, views_trust

app_name = "office"
urlpatterns = [
    path("so/", views.home, name="home"),
    path("so/ky/moi/", views.round_new, name="round_new"),
    path("so/ky/<slug:slug>/", views.round_setup, name="round"),
    path("so/ky/<slug:slug>/phan-cong/", views.assignments, name="assignments"),
    path("so/ky/<slug:slug>/phan-cong/nhap/", views.assignments_upload, name="assignments_upload"),
    path("so/ky/<slug:slug>/du-lieu-tinh/", views_province.province_data, name="province"),
    path("so/ky/<slug:slug>/du-lieu-tinh/mau/", views_province.province_template, name="province_template"),
    path("so/ky/<slug:slug>/du-lieu-tinh/tai-len/", views_province.province_upload, name="province_upload"),
    path("so/ky/<slug:slug>/chi-tieu/", views_targets.targets, name="province_targets"),
    path("ky/<slug:slug>/don-vi/<str:unit>/chi-tieu/", views_targets.targets, name="unit_targets"),
    path("so/co-quan/", views_agencies.agencies, name="agencies"),
    path("so/chung-thu-goc/", views_trust.trust_roots, name="trust_roots"),
    path("so/tai-khoan/", views_accounts.accounts, name="accounts"),
    path("so/tai-khoan/<int:user_id>/", views_accounts.account_action, name="account_action"),
]
