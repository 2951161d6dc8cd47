from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dti.web.accounts.views import ThrottledLoginView

admin.site.site_header = "Quản trị nền tảng Chỉ số chuyển đổi số"
admin.site.site_title = "Quản trị DTI"
admin.site.index_title = "Danh mục quản trị"

accounts = ([
    path("dang-nhap/", ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
], "accounts")

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include(accounts)),
    path("", include("dti.web.rounds.urls")),
    path("", include("dti.web.entries.urls")),
    path("", include("dti.web.imports.urls")),
    path("", include("dti.web.units.urls")),
    path("", include("dti.web.results.urls")),
    path("", include("dti.web.documents.urls")),
    path("", include("dti.web.cycle.urls")),
    path("", include("dti.web.notifications.urls")),
    path("api/", include("dti.web.api.urls")),
]
