"""Top-level routes: the pages, the API and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wargame import pages
from wargame.api.errors import handlers

urlpatterns = [
    path("", pages.facilitator_app, name="lobby"),
    path("control/<str:game_id>/", pages.facilitator_app, name="control"),
    path("play/<str:game_id>/", pages.app, name="play"),
    path("plenary/<str:game_id>/", pages.app, name="plenary"),
    path("replay/<str:game_id>/", pages.app, name="replay"),
    path("adjudicate/<str:game_id>/", pages.app, name="adjudicate"),
    path("compare/", pages.facilitator_app, name="compare"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("wargame.api.urls")),
    path("admin/", admin.site.urls),
]

# Under /api/ every error Django itself answers (an unknown path, a bad Host) is the API's JSON
# error body, not an HTML page.
handler400, handler403, handler404, handler500 = handlers()
