// boardgame.io 0.50.2 serving the burst's game (bgio_game.js), in memory, nothing durable.
const { Server, Origins } = require("boardgame.io/server");
const { Burst } = require("./bgio_game.js");

const port = Number(process.argv[2]);
const server = Server({ games: [Burst], origins: [Origins.LOCALHOST] });
server.run(port, () => console.log(`listening ${port}`));
