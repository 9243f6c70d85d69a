"""Live push: the websocket consumer that sends each role its view as the game moves."""
