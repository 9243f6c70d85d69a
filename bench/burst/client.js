// The burst's clients, one process for both systems so that each gets the same client:
// GAMES games x 8 seat sockets; each round every game sends one move at the same moment; a
// move's latency runs from its send to the moment the last socket of its game holds the new
// state. Prints one JSON line: {"latencies_ms": [...], "missed": n, "errors": [...]}.
//
//   node client.js bgio    PORT GAMES ROUNDS
//   node client.js wargame SETUP_JSON ROUNDS    (SETUP_JSON: [{"urls": [8], "sender": [..]}])
//
// BURST_SETTLE_MS (default 0): a pause between every socket holding its first state and the
// first round, the same for every system, so that the first round does not also wait for the
// server to finish with the connections.
const fs = require("fs");

const TIMEOUT_MS = 10000;
const now = () => Number(process.hrtime.bigint()) / 1e6;

function waitAll(waiters, timeoutMs) {
  return Promise.race([
    Promise.all(waiters),
    new Promise((resolve) => setTimeout(() => resolve(null), timeoutMs)),
  ]);
}

// A game's sockets: when each socket first held a state at or after each seq.
class Room {
  constructor(size) {
    this.latest = new Array(size).fill(-1);
    this.pending = [];
  }
  saw(index, seq) {
    if (seq <= this.latest[index]) return;
    this.latest[index] = seq;
    const at = now();
    this.pending = this.pending.filter((p) => {
      if (this.latest.every((s) => s >= p.seq)) {
        p.resolve(at);
        return false;
      }
      return true;
    });
  }
  when(seq) {
    if (this.latest.every((s) => s >= seq)) return Promise.resolve(now());
    return new Promise((resolve) => this.pending.push({ seq, resolve }));
  }
}

async function runRounds(rooms, rounds, sendOne) {
  const latencies = [];
  let missed = 0;
  const errors = [];
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.BURST_SETTLE_MS || 0)));
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.all(
      rooms.map(async (room, g) => {
        try {
          return await sendOne(room, g, round);
        } catch (error) {
          errors.push(String(error));
          return null;
        }
      }),
    );
    for (const r of results) {
      if (r === null) missed += 1;
      else latencies.push(r);
    }
    // A pause between rounds, as between moves at a table.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { latencies_ms: latencies, missed, errors: errors.slice(0, 5) };
}

async function bgio(port, games, rounds) {
  const { Client } = require("boardgame.io/client");
  const { SocketIO } = require("boardgame.io/multiplayer");
  const { Burst } = require("./bgio_game.js");
  const base = `http://127.0.0.1:${port}`;
  const rooms = [];
  for (let g = 0; g < games; g++) {
    // The server creates a match on its first sync (its lobby API answers 404 under this
    // version's koa-socket-2); players without credentials, so no authentication at all.
    const matchID = `burst-${process.pid}-${g}`;
    const room = new Room(8);
    room.clients = [];
    for (let k = 0; k < 8; k++) {
      const playerID = String(k % 4);
      const client = Client({
        game: Burst,
        multiplayer: SocketIO({ server: base }),
        matchID,
        playerID,
        numPlayers: 4,
        debug: false,
      });
      client.subscribe((state) => {
        if (state) room.saw(k, state._stateID);
      });
      client.start();
      room.clients.push(client);
    }
    rooms.push(room);
  }
  // Every socket holds the first state before the first round.
  await waitAll(rooms.map((room) => room.when(0)), 60000);
  const result = await runRounds(rooms, rounds, async (room, g, round) => {
    const sender = room.clients[round % 4];
    const from = Number(sender.playerID);
    const to = [0, 1, 2, 3].filter((p) => p !== from).map(String);
    const target = Math.max(...room.latest) + 1;
    const sentAt = now();
    sender.moves.send(to, `round ${round} from ${from}`);
    const done = await waitAll([room.when(target)], TIMEOUT_MS);
    return done === null ? null : done[0] - sentAt;
  });
  for (const room of rooms) for (const client of room.clients) client.stop();
  return result;
}

async function wargame(setupPath, rounds) {
  const WebSocket = require("ws");
  const setup = JSON.parse(fs.readFileSync(setupPath, "utf8"));
  const rooms = [];
  let opened = 0;
  for (const game of setup) {
    const room = new Room(game.urls.length);
    room.sockets = [];
    room.acks = new Map();
    game.urls.forEach((url, k) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, origin: game.origin });
      ws.on("open", () => (opened += 1));
      ws.on("message", (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type === "ack" || frame.type === "error") {
          const waiter = room.acks.get(frame.id);
          if (waiter) waiter(frame);
          return;
        }
        // Any frame that brings the role's view to a seq (a whole view or a change).
        if (typeof frame.seq === "number" && !["heartbeat", "presence", "pong"].includes(frame.type)) {
          room.saw(k, frame.seq);
        }
      });
      ws.on("error", (error) => console.error(String(error)));
      room.sockets.push(ws);
    });
    room.senders = game.senders;
    rooms.push(room);
  }
  await waitAll(rooms.map((room) => room.when(1)), 120000);
  let counter = 0;
  const result = await runRounds(rooms, rounds, async (room, g, round) => {
    const k = round % 4; // the seat sockets 0..3 are one per seat
    const id = `burst-${process.pid}-${counter++}`;
    const acked = new Promise((resolve) => room.acks.set(id, resolve));
    const sentAt = now();
    room.sockets[k].send(
      JSON.stringify({
        type: "command",
        id,
        command: { type: "send_message", to: room.senders[k].to, text: `round ${round}` },
      }),
    );
    const ack = await waitAll([acked], TIMEOUT_MS);
    room.acks.delete(id);
    if (ack === null) return null;
    if (ack[0].type !== "ack") throw new Error(`${ack[0].code}: ${ack[0].message}`);
    const done = await waitAll([room.when(ack[0].seq)], TIMEOUT_MS - (now() - sentAt));
    return done === null ? null : done[0] - sentAt;
  });
  for (const room of rooms) for (const ws of room.sockets) ws.close();
  return result;
}

(async () => {
  const [mode, ...args] = process.argv.slice(2);
  const result =
    mode === "bgio"
      ? await bgio(Number(args[0]), Number(args[1]), Number(args[2]))
      : await wargame(args[0], Number(args[1]));
  process.stdout.write(JSON.stringify(result) + "\n");
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
