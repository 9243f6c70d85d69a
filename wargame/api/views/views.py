"""``/state/`` and ``/events/``: what the calling role sees of a game, now or at a seq."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import EVENTS, ROLE_PARAMETER, SEQ_AFTER, SEQ_AT, STATE, errors
from wargame.api.views.base import GameView, seq_param, viewing_role
from wargame.api.views.commands import events_for_role
from wargame.games import store
from wargame.games.projections import role_view

AT = OpenApiParameter(
    "at",
    SEQ_AT,
    description="the seq to view the game at (default: now); a seq the game has not reached "
    "is a 404",
)
AS = OpenApiParameter(
    "as",
    ROLE_PARAMETER,
    description="view as this role (a seat, observer, control): control always, the others "
    "once the record is open for the replay (403 before); a role the game does not have is a 404",
)
AFTER = OpenApiParameter("after", SEQ_AFTER, description="only events after this seq (default: 0)")
LIMIT = 1000


class StateView(GameView):
    @extend_schema(
        summary="The caller's view of the game, now or at a seq",
        parameters=[AT, AS],
        responses={200: STATE, **errors(400, 401, 403, 404)},
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        at = seq_param(request, "at", minimum=1)
        if at is not None and at > self.game.seq:
            raise ApiError(404, "not_found", f"no seq {at} yet: the game is at seq {self.game.seq}")
        if at is not None and self.game.fork_seq is not None and at < self.game.fork_seq:
            raise ApiError(
                404,
                "not_found",
                f"this branch begins at seq {self.game.fork_seq}; the seqs before it are its "
                f"parent's ({self.game.parent_id})",
            )
        found = role_view(self.game.id, role, at_seq=at)
        # The view is cached already encoded: send those bytes rather than decode and re-encode.
        return HttpResponse(found.response_body(), content_type="application/json")


class EventList(GameView):
    @extend_schema(
        summary=f"The events the caller may see, after a seq (at most {LIMIT} at a time)",
        parameters=[AFTER, AS],
        responses={200: EVENTS, **errors(400, 401, 403, 404)},
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        after = seq_param(request, "after", default=0)
        upto = after + LIMIT
        events = store.read_events(game_id=self.game.id, after=after, upto=upto)
        return Response(
            {
                "events": events_for_role(
                    events,
                    role,
                    record_open=self.game.replay_open,
                    # The study's own events: for analysts and the White Cell, whatever the chair.
                    analysis=self.reads_study(),
                ),
                # The role may see none of a window of events: these say whether to ask again.
                "seq": self.game.seq,
                "next_after": upto if upto < self.game.seq else None,
            }
        )
