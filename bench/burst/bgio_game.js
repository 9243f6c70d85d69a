// The burst's game for boardgame.io 0.50.2: 4 players all moving at once, each move a message
// that playerView shows only to its sender and its recipients.
const { ActivePlayers } = require("boardgame.io/core");

const Burst = {
  name: "burst",
  setup: () => ({ messages: [] }),
  turn: { activePlayers: ActivePlayers.ALL },
  moves: {
    // Decided on the server only: the sender's page shows the message once the server has it,
    // as a Wargame page does.
    send: {
      move: ({ G, playerID }, to, text) => {
        G.messages.push({ from: playerID, to, text });
      },
      client: false,
    },
  },
  playerView: ({ G, playerID }) => ({
    messages: G.messages.filter((m) => m.from === playerID || m.to.includes(playerID)),
  }),
};

module.exports = { Burst };
