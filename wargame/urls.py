"""Top-level routes: the pages, the API and the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="lobby.html"), name="lobby"),
    path("api/", include("wargame.api.urls")),
    path("admin/", admin.site.urls),
]
