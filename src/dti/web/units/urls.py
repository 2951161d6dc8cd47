from django.urls import path

from dti.web.units import views

app_name = "units"
urlpatterns = [path("don-vi/<str:ref>/", views.unit_detail, name="detail")]
