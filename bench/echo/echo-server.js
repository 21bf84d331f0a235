// Baseline for the relay benchmark: a plain WebSocket echo server built with the npm `ws`
// package. Every binary message goes back unchanged to its sender, so the load generator's
// `echo` mode measures what a widely used server costs for the same frames on the same machine.
//
//   node echo-server.js PORT [HOST]     prints "listening HOST:PORT" once ready
'use strict';

const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 18081);
const host = process.argv[3] || '127.0.0.1';

// No per-message deflate: fenliu does not compress either.
const wss = new WebSocketServer({ host, port, perMessageDeflate: false, maxPayload: 65536 });

wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    ws.send(data, { binary: isBinary });
  });
  ws.on('error', () => {});  // a reset peer is not a server error
});

wss.on('listening', () => {
  console.log(`listening ${host}:${port}`);
});

function stop() {
  for (const client of wss.clients) {
    client.terminate();
  }
  wss.close(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
