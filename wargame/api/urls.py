"""The API's routes, under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from wargame.api.csp import ApiDocs
from wargame.api.views import (
    adjudicators,
    analysis,
    analysts,
    branches,
    commands,
    export,
    games,
    imports,
    members,
    notifications,
    presence,
    reports,
    scenarios,
    simulations,
    views,
)

urlpatterns = [
    path("scenarios/", scenarios.ScenarioList.as_view(), name="scenarios"),
    path("keys/", imports.Keys.as_view(), name="keys"),
    path("games/", games.GameList.as_view(), name="games"),
    path("games/import/", imports.Import.as_view(), name="import"),
    path("games/<str:game_id>/", games.GameDetail.as_view(), name="game"),
    path("games/<str:game_id>/commands/", commands.Commands.as_view(), name="commands"),
    path("games/<str:game_id>/branches/", branches.Branches.as_view(), name="branches"),
    path("games/<str:game_id>/family/", branches.Family.as_view(), name="family"),
    path("games/<str:game_id>/state/", views.StateView.as_view(), name="state"),
    path("games/<str:game_id>/events/", views.EventList.as_view(), name="events"),
    path("games/<str:game_id>/export/", export.Export.as_view(), name="export"),
    path("games/<str:game_id>/presence/", presence.Presence.as_view(), name="presence"),
    path("games/<str:game_id>/report/", reports.Report.as_view(), name="report"),
    path("games/<str:game_id>/indicators/", reports.IndicatorSeries.as_view(), name="indicators"),
    path("games/<str:game_id>/initiative/", analysis.Initiative.as_view(), name="initiative"),
    path("games/<str:game_id>/dataset/", analysis.Dataset.as_view(), name="dataset"),
    path(
        "games/<str:game_id>/seats/<str:role>/token/",
        games.SeatToken.as_view(),
        name="seat-token",
    ),
    path(
        "games/<str:game_id>/simulations/",
        simulations.GameSimulations.as_view(),
        name="game-simulations",
    ),
    path(
        "simulations/<str:simulation_id>/",
        simulations.SimulationDetail.as_view(),
        name="simulation",
    ),
    path(
        "simulations/<str:simulation_id>/cancel/",
        simulations.SimulationCancel.as_view(),
        name="simulation-cancel",
    ),
    path(
        "simulations/<str:simulation_id>/runs/<int:index>/game/",
        simulations.SimulationRunGame.as_view(),
        name="simulation-run-game",
    ),
    path("games/<str:game_id>/members/", members.MemberList.as_view(), name="members"),
    path("games/<str:game_id>/members/me/", members.Me.as_view(), name="member-me"),
    path(
        "games/<str:game_id>/members/<str:member_id>/",
        members.MemberDetail.as_view(),
        name="member",
    ),
    path(
        "games/<str:game_id>/members/<str:member_id>/link/",
        members.MemberLink.as_view(),
        name="member-link",
    ),
    path(
        "games/<str:game_id>/notifications/",
        notifications.GameNotifications.as_view(),
        name="notifications",
    ),
    path(
        "games/<str:game_id>/notifications/me/",
        notifications.MyNotifications.as_view(),
        name="notifications-me",
    ),
    path("games/<str:game_id>/analysis/", analysts.Analysis.as_view(), name="analysis"),
    path("games/<str:game_id>/analysts/", analysts.AnalystList.as_view(), name="analysts"),
    path(
        "games/<str:game_id>/analysts/<str:analyst_id>/",
        analysts.AnalystDetail.as_view(),
        name="analyst",
    ),
    path(
        "games/<str:game_id>/analysts/<str:analyst_id>/link/",
        analysts.AnalystLink.as_view(),
        name="analyst-link",
    ),
    path(
        "games/<str:game_id>/adjudicators/",
        adjudicators.AdjudicatorList.as_view(),
        name="adjudicators",
    ),
    path(
        "games/<str:game_id>/adjudicators/<str:adjudicator>/",
        adjudicators.AdjudicatorDetail.as_view(),
        name="adjudicator",
    ),
    path(
        "games/<str:game_id>/adjudicators/<str:adjudicator>/link/",
        adjudicators.AdjudicatorLink.as_view(),
        name="adjudicator-link",
    ),
    path("games/<str:game_id>/estimates/", adjudicators.Estimates.as_view(), name="estimates"),
    path(
        "games/<str:game_id>/calibration/", adjudicators.Calibration.as_view(), name="calibration"
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(url_name="schema"), name="docs"),
]
