"""Top-level routes: the pages, the API and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wargame import pages

urlpatterns = [
    path("", pages.facilitator_app, name="lobby"),
    path("control/<str:game_id>/", pages.facilitator_app, name="control"),
    path("play/<str:game_id>/", pages.app, name="play"),
    path("plenary/<str:game_id>/", pages.app, name="plenary"),
    path("replay/<str:game_id>/", pages.app, name="replay"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("wargame.api.urls")),
    path("admin/", admin.site.urls),
]
