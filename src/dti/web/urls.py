from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from dti.web.accounts import views as account_views
from dti.web.accounts.forms import AdminLoginForm
from dti.web.core import errors
from dti.web.core.health import healthz

admin.site.site_header = "Quản trị nền tảng Chỉ số chuyển đổi số"
admin.site.site_title = "Quản trị DTI"
admin.site.index_title = "Danh mục quản trị"
# the admin's login shares the product's throttle (same counters, same limit)
admin.site.login_form = AdminLoginForm

accounts = ([
    path("dang-nhap/", account_views.ThrottledLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", account_views.password_change_view, name="password_change"),
    path("quen-mat-khau/", account_views.ResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", account_views.ResetDoneView.as_view(), name="password_reset_done"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", account_views.ResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("dat-lai-mat-khau/xong/", account_views.ResetCompleteView.as_view(), name="password_reset_complete"),
], "accounts")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
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
    path("", include("dti.web.office.urls")),
    path("api/", include("dti.web.api.urls")),
    # last: an unknown address gets the Vietnamese 404 page, under DEBUG too (see dti.web.core.errors)
    re_path(r"^.*/$", errors.not_found_view),
]

handler400 = "dti.web.core.errors.bad_request"
handler403 = "dti.web.core.errors.permission_denied"
handler404 = "dti.web.core.errors.page_not_found"
handler500 = "dti.web.core.errors.server_error"
