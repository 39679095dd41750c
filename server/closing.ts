/**
 * A closing server's kept-alive connections, ended as soon as they answer nothing.
 *
 * Node's `server.close()` ends the connections that are idle at that moment
 * and waits for the others. A connection whose answer ends after it (a live
 * stream ended by the close, a request under way) stays open, kept alive,
 * until its client closes it or its keep-alive timeout (72 s) passes: the
 * process waited that long to exit. Here, once `closeIdle()` was called, a
 * connection is ended when its last answer is done, and those answering
 * nothing at that moment at once.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export function closeWhenIdle(server: Server): { closeIdle(): void } {
  const sockets = new Set<Socket>();
  const answering = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (answering.get(socket) ?? 1) - 1;
      if (left > 0) answering.set(socket, left);
      else answering.delete(socket);
      if (closing && left <= 0) finish(socket);
    });
  });
  return {
    closeIdle() {
      closing = true;
      for (const socket of sockets) if (!answering.has(socket)) finish(socket);
    },
  };
}

/** Ends the connection once what was written is sent; destroys it a second later if its client keeps its end open. */
function finish(socket: Socket): void {
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}
