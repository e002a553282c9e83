import { once } from "node:events";
import { createServer } from "node:http";
import { GatewayCloseCodes } from "discord-api-types/v10";
import { WebSocket, WebSocketServer } from "ws";
import { emit, type GatewayHub, type GatewayStats, openConnection } from "./gateway-connection.js";
import type { FakeDiscordState } from "./state.js";

export type { GatewayStats } from "./gateway-connection.js";

/** The gateway `GET /gateway/bot` points to, on its own loopback port. */
export function createGateway(state: FakeDiscordState) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const hub: GatewayHub = {
    url: "",
    session: null,
    stats: { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 },
  };
  wss.on("connection", (socket, request) => openConnection(state, hub, socket, request.url ?? "/"));

  return {
    async start(): Promise<string> {
      http.listen(0, "127.0.0.1");
      await once(http, "listening");
      const address = http.address();
      if (address === null || typeof address === "string") {
        throw new Error("fake Discord: gateway not on TCP");
      }
      hub.url = `ws://127.0.0.1:${address.port}`;
      return hub.url;
    },
    async close(): Promise<void> {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = once(http, "close");
      http.close();
      await closed;
    },
    /** Sends an event to the current session; kept for replay while it is disconnected. */
    dispatch(t: string, d: unknown): void {
      if (!hub.session) throw new Error("fake Discord: no gateway session; is the bot logged in?");
      emit(hub.session, t, d);
    },
    isConnected: (): boolean => hub.session?.connection?.socket.readyState === WebSocket.OPEN,
    /** Closes the bot's socket with a close code; 1006 drops it without a close frame. */
    drop(code: number = GatewayCloseCodes.UnknownError): void {
      const socket = hub.session?.connection?.socket;
      if (!socket) return;
      if (code === 1006) socket.terminate();
      else socket.close(code);
    },
    stats: (): GatewayStats => ({ ...hub.stats }),
  };
}

export type Gateway = ReturnType<typeof createGateway>;
