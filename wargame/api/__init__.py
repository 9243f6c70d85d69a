"""The REST API: thin views over the game service."""
