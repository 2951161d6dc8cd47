from django.urls import path

from dti.web.notifications import views

app_name = "notifications"
urlpatterns = [
    path("hop-thu/", views.inbox, name="inbox"),
    path("hop-thu/da-doc/", views.mark_read, name="mark_read"),
]
