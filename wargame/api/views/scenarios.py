"""``GET /api/scenarios/``: the scenarios a game can be created from."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response

from wargame.api.schema import SCENARIO
from wargame.api.views.base import WargameView
from wargame.games.models import Scenario


def scenario_summary(scenario: Scenario) -> dict:
    document = scenario.document
    return {
        "slug": scenario.slug,
        "title": scenario.title,
        "summary": scenario.summary,
        "roles": document["roles"],
        "turns": document.get("turns"),
        # Its phases, in order: what the lobby's clock settings are given per phase.
        "phases": document.get("phases") or [],
    }


class ScenarioList(WargameView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="The scenarios a game can be created from",
        responses={200: {"type": "array", "items": SCENARIO}},
    )
    def get(self, request):
        # Shortest first: the tutorial, meant for a first game, leads the list.
        summaries = sorted(
            (scenario_summary(s) for s in Scenario.objects.all()),
            key=lambda summary: (summary["turns"], summary["title"]),
        )
        return Response(summaries)
