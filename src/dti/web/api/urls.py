from django.http import Http404
from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.routers import DefaultRouter

from dti.web.api.errors import MESSAGES
from dti.web.api.views.catalog import FrameworkViewSet, RoundViewSet, UnitViewSet
from dti.web.api.views.cycle import (
    EntryApproveView,
    EntryFeedbackView,
    EntryReturnView,
    EntrySubmitView,
    RoundTransitionView,
)
from dti.web.api.views.entries import EntryViewSet
from dti.web.api.views.office import AgencyListView, AssignmentTableView
from dti.web.api.views.reports import AuditView, RankingView, UnitResultView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("frameworks", FrameworkViewSet, basename="framework")
router.register("units", UnitViewSet, basename="unit")
router.register("rounds", RoundViewSet, basename="round")
router.register("entries", EntryViewSet, basename="entry")


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
def not_found(request: Request, rest: str = "") -> None:
    """Unknown addresses under /api/ answer in the API's error shape, not Django's HTML page."""
    raise Http404(MESSAGES["not_found"])


app_name = "api"
urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # the split view serves its start-up script as a file: no inline script, so the CSP holds there too
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("rounds/<slug:slug>/rankings/", RankingView.as_view(), name="rankings"),
    path("rounds/<slug:slug>/results/<str:unit>/", UnitResultView.as_view(), name="result"),
    path("rounds/<slug:slug>/transition/", RoundTransitionView.as_view(), name="round-transition"),
    path("entries/<int:pk>/submit/", EntrySubmitView.as_view(), name="entry-submit"),
    path("entries/<int:pk>/approve/", EntryApproveView.as_view(), name="entry-approve"),
    path("entries/<int:pk>/return/", EntryReturnView.as_view(), name="entry-return"),
    path("entries/<int:pk>/feedback/", EntryFeedbackView.as_view(), name="entry-feedback"),
    path("audit/", AuditView.as_view(), name="audit"),
    path("rounds/<slug:slug>/assignments/", AssignmentTableView.as_view(), name="assignments"),
    path("agencies/", AgencyListView.as_view(), name="agencies"),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
