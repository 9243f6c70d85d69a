"""The game log: models, the event store, snapshots and the game service."""
