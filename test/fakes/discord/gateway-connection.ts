import { constants, createDeflate, type Deflate } from "node:zlib";
import {
  ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from "discord-api-types/v10";
import type { RawData, WebSocket } from "ws";
import { z } from "zod";
import {
  type Connection,
  covers,
  emit,
  type GatewayHub,
  type Session,
  type ShardKey,
} from "./gateway-sessions.js";
import { apiGuildCreate, knownUser } from "./payloads.js";
import type { FakeDiscordState } from "./state.js";

const frame = z.object({ op: z.number().int(), d: z.unknown() });
const identify = z.object({
  token: z.string(),
  intents: z.number().int(),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
});
const resume = z.object({ token: z.string(), session_id: z.string(), seq: z.number().int() });

/** Speaks the gateway protocol on one socket: HELLO, heartbeats, IDENTIFY or RESUME. */
export function openConnection(
  state: FakeDiscordState,
  hub: GatewayHub,
  socket: WebSocket,
  requestUrl: string,
): void {
  hub.stats.connections += 1;
  const query = new URL(requestUrl, "ws://fake.invalid").searchParams;
  // @discordjs/ws asks for `?v=10&encoding=json`, plus `compress=zlib-stream` only when the
  // optional zlib-sync package is installed. ETF is not something discord.js speaks.
  if (query.get("v") !== "10") {
    socket.close(GatewayCloseCodes.InvalidAPIVersion);
    return;
  }
  if ((query.get("encoding") ?? "json") !== "json") {
    socket.close(GatewayCloseCodes.DecodeError);
    return;
  }
  const send = sender(socket, query.get("compress") === "zlib-stream" ? createDeflate() : null);
  const connection: Connection = { socket, send };
  const reply = (op: GatewayOpcodes, d: unknown) => send({ op, d, s: null, t: null });
  let authenticated = false;

  function authenticate<T extends { token: string }>(schema: z.ZodType<T>, d: unknown): T | null {
    const parsed = schema.safeParse(d);
    if (authenticated) socket.close(GatewayCloseCodes.AlreadyAuthenticated);
    else if (!parsed.success) socket.close(GatewayCloseCodes.DecodeError);
    else if (parsed.data.token !== state.config.botToken) {
      socket.close(GatewayCloseCodes.AuthenticationFailed);
    } else return parsed.data;
    return null;
  }

  function onIdentify(d: unknown): void {
    const data = authenticate(identify, d);
    if (!data) return;
    const shard: ShardKey = data.shard ?? [0, 1];
    const session: Session = { id: state.nextId(), shard, seq: 0, events: [], connection };
    const [id, count] = shard;
    const valid = count >= 1 && id >= 0 && id < count;
    const guilds = valid ? state.config.guilds.filter((guild) => covers(session, guild.id)) : [];
    if (!valid || guilds.length > state.config.maxGuildsPerShard) {
      socket.close(valid ? GatewayCloseCodes.ShardingRequired : GatewayCloseCodes.InvalidShard);
      return;
    }
    authenticated = true;
    hub.stats.identifies += 1;
    hub.sessions.push(session);
    emit(session, GatewayDispatchEvents.Ready, ready(state, hub.url, session, guilds));
    for (const guild of guilds) {
      emit(session, GatewayDispatchEvents.GuildCreate, apiGuildCreate(state, guild));
    }
    state.changed();
  }

  function onResume(d: unknown): void {
    const data = authenticate(resume, d);
    if (!data) return;
    const session = hub.sessions.find((known) => known.id === data.session_id);
    if (!session) {
      reply(GatewayOpcodes.InvalidSession, false);
      return;
    }
    authenticated = true;
    hub.stats.resumes += 1;
    session.connection = connection;
    for (const missed of session.events.filter((event) => event.s > data.seq)) send(missed);
    emit(session, GatewayDispatchEvents.Resumed, null);
    state.changed();
  }

  socket.on("message", (raw) => {
    const parsed = frame.safeParse(parseJson(raw));
    if (!parsed.success) return socket.close(GatewayCloseCodes.DecodeError);
    const { op, d } = parsed.data;
    if (op === GatewayOpcodes.Heartbeat) {
      hub.stats.heartbeats += 1;
      return reply(GatewayOpcodes.HeartbeatAck, null);
    }
    if (op === GatewayOpcodes.Identify) return onIdentify(d);
    if (op === GatewayOpcodes.Resume) return onResume(d);
    // Presence updates, member requests and the like are accepted and ignored once logged in.
    if (!authenticated) socket.close(GatewayCloseCodes.NotAuthenticated);
  });

  socket.on("close", () => {
    for (const session of hub.sessions) {
      if (session.connection === connection) session.connection = null;
    }
    state.changed();
  });

  reply(GatewayOpcodes.Hello, { heartbeat_interval: state.config.heartbeatIntervalMs });
}

function ready(
  state: FakeDiscordState,
  url: string,
  session: Session,
  guilds: readonly { id: string }[],
): GatewayReadyDispatchData {
  return {
    v: 10,
    user: { ...knownUser(state, state.config.applicationId), verified: true, mfa_enabled: false },
    guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
    session_id: session.id,
    resume_gateway_url: url,
    shard: [...session.shard],
    application: {
      id: state.config.applicationId,
      flags: ApplicationFlags.ApplicationCommandBadge,
      flags_new: String(ApplicationFlags.ApplicationCommandBadge),
    },
  };
}

function parseJson(raw: RawData): unknown {
  try {
    return JSON.parse(raw.toString());
  } catch {
    // The caller answers with a DecodeError close, as Discord does; the details add nothing.
    return undefined;
  }
}

/** Plain text frames, or one shared zlib context flushed per message for zlib-stream. */
function sender(socket: WebSocket, deflate: Deflate | null) {
  if (!deflate) return (payload: unknown) => socket.send(JSON.stringify(payload));
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.once("close", () => deflate.close());
  return (payload: unknown) => {
    deflate.write(JSON.stringify(payload));
    deflate.flush(constants.Z_SYNC_FLUSH, () => socket.send(Buffer.concat(chunks.splice(0))));
  };
}
