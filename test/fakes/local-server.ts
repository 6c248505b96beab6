import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** Starts `handler` on 127.0.0.1 on a free port; returns the server and its `http://127.0.0.1:<port>` origin. */
export async function listenLocal(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Stops a server started by {@link listenLocal}, cutting kept-alive connections so tests never wait on them. */
export async function closeLocal(server: http.Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
