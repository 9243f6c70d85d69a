"""The pure game engine: scenario schema, decide / evolve / fold / view. No Django, no I/O.

The Django layer calls exactly the names exported here; see docs/engine.md for the commands,
the events, the views and the rejection codes.
"""

from .analysis import analysts, collection_plan
from .analysis import record as analysis_record
from .codec import canonical_json, kept_json, state_hash
from .common import ANALYST, CONTROL, ENGINE_VERSION, OBSERVER, Rejection
from .lifecycle import branch_game, create_game
from .members import roster
from .registry import COMMANDS, MODELS, decide
from .scenario import PHASES, ScenarioError, load_scenario_file, validate_scenario
from .state import (
    EVENT_TYPES,
    FIRST_EVENTS,
    Journal,
    evolve,
    fold,
    fold_steps,
    recorded_engine_version,
)
from .views import journal_view, project_event, view

COMMAND_TYPES = frozenset(COMMANDS)

__all__ = [
    "ANALYST",
    "analysis_record",
    "analysts",
    "collection_plan",
    "COMMAND_TYPES",
    "CONTROL",
    "ENGINE_VERSION",
    "EVENT_TYPES",
    "FIRST_EVENTS",
    "Journal",
    "MODELS",
    "OBSERVER",
    "PHASES",
    "Rejection",
    "ScenarioError",
    "branch_game",
    "canonical_json",
    "kept_json",
    "create_game",
    "decide",
    "evolve",
    "fold",
    "fold_steps",
    "journal_view",
    "load_scenario_file",
    "project_event",
    "recorded_engine_version",
    "state_hash",
    "roster",
    "validate_scenario",
    "view",
]
