"""The after-action report and the indicator series, as the caller's role may see them."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from wargame.api.csp import allow_inline_styles
from wargame.api.errors import ApiError
from wargame.api.schema import errors
from wargame.api.views.base import GameView, viewing_role
from wargame.api.views.views import AS
from wargame.games import analysts, study
from wargame.games.comparison import family_views
from wargame.games.initiative import initiative
from wargame.games.models import Game
from wargame.games.projections import role_view
from wargame.games.record import role_record
from wargame.games.report import indicator_csv, record_of, render_html, render_markdown

FORMAT = OpenApiParameter("format", str, enum=["html", "md"], description="default: html")


class Report(GameView):
    def perform_content_negotiation(self, request, force=False):
        # Here ?format= picks the report's form (html or md), not one of DRF's renderers.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        summary="The after-action report (printable HTML or Markdown) from the caller's view",
        parameters=[FORMAT, AS],
        responses={
            200: OpenApiResponse(description="text/html or text/markdown"),
            **errors(400, 401, 403, 404),
        },
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        kind = request.query_params.get("format", "html")
        if kind not in {"html", "md"}:
            raise ApiError(400, "invalid_request", "'format' must be html or md")
        view = role_view(self.game.id, role).view
        plan = None
        if self.reads_study():  # the study's record: theirs alone, whatever chair
            record = analysts.study_record(self.game, request.user, self.role)
            plan = study.sections(view, record, str(self.game.id))
        # The game beside its what-ifs, each from the same chair as far as the caller may see it.
        comparison = family_views(request.user, self.game, role) if self.game_has_family() else []
        table = initiative(role_record(self.game, role, analysis=self.reads_study()))
        if kind == "md":
            return HttpResponse(
                render_markdown(
                    view, record_of(self.game), comparison, initiative=table, plan=plan
                ),
                content_type="text/markdown; charset=utf-8",
            )
        page = render_html(view, record_of(self.game), comparison, initiative=table, plan=plan)
        return allow_inline_styles(
            HttpResponse(page, content_type="text/html; charset=utf-8"), page
        )

    def game_has_family(self) -> bool:
        return (
            self.game.parent_id is not None or Game.objects.filter(parent_id=self.game.id).exists()
        )


class IndicatorSeries(GameView):
    @extend_schema(
        summary="Every indicator the caller may see, one CSV row per change",
        parameters=[AS],
        responses={200: OpenApiResponse(description="text/csv"), **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        response = HttpResponse(
            indicator_csv(role_view(self.game.id, role).view),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="indicators-{self.game.id}.csv"'
        return response
