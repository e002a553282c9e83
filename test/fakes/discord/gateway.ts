import { once } from "node:events";
import { createServer } from "node:http";
import { GatewayCloseCodes } from "discord-api-types/v10";
import { WebSocket, WebSocketServer } from "ws";
import { openConnection } from "./gateway-connection.js";
import {
  emit,
  type GatewayHub,
  type GatewayStats,
  type Session,
  type ShardKey,
  sessionsFor,
} from "./gateway-sessions.js";
import type { FakeDiscordState } from "./state.js";

export type { GatewayStats, ShardKey } from "./gateway-sessions.js";

/** One identified session as tests see it. */
export interface SessionInfo {
  id: string;
  shard: ShardKey;
  connected: boolean;
}

const isOpen = (session: Session): boolean =>
  session.connection?.socket.readyState === WebSocket.OPEN;

/** The gateway `GET /gateway/bot` points to, on its own loopback port. */
export function createGateway(state: FakeDiscordState) {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const hub: GatewayHub = {
    url: "",
    sessions: [],
    stats: { connections: 0, identifies: 0, resumes: 0, heartbeats: 0 },
  };
  wss.on("connection", (socket, request) => openConnection(state, hub, socket, request.url ?? "/"));
  /** Every session, or those identified for one shard id. */
  const onShard = (shard?: number) =>
    hub.sessions.filter((session) => shard === undefined || session.shard[0] === shard);

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
    /**
     * Sends a guild's event (null: a DM) to every session on its shard; kept for replay while one
     * is disconnected. Throws when no session covers it: the bot would never see it.
     */
    dispatch(t: string, d: unknown, guildId: string | null): void {
      const sessions = sessionsFor(hub, guildId);
      if (sessions.length === 0) {
        const where = guildId === null ? "DMs (shard 0)" : `guild ${guildId}`;
        throw new Error(`fake Discord: no gateway session for ${where}; is that shard logged in?`);
      }
      for (const session of sessions) emit(session, t, d);
    },
    /** True while some session (on that shard id, when given) has an open socket. */
    isConnected: (shard?: number): boolean => onShard(shard).some(isOpen),
    /** Closes the bot's sockets (on one shard id) with a close code; 1006 drops them unclosed. */
    drop(code: number = GatewayCloseCodes.UnknownError, shard?: number): void {
      for (const session of onShard(shard)) {
        const socket = session.connection?.socket;
        if (!socket) continue;
        if (code === 1006) socket.terminate();
        else socket.close(code);
      }
    },
    stats: (): GatewayStats => ({ ...hub.stats }),
    sessions: (): SessionInfo[] =>
      hub.sessions.map((session) => ({
        id: session.id,
        shard: session.shard,
        connected: isOpen(session),
      })),
  };
}

export type Gateway = ReturnType<typeof createGateway>;
