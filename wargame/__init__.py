"""Wargame: a server for multiplayer political-military seminar wargames."""
