import { GatewayOpcodes } from "discord-api-types/v10";
import type { WebSocket } from "ws";

interface DispatchEvent {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

export interface Connection {
  socket: WebSocket;
  send(payload: unknown): void;
}

/** `[shard_id, num_shards]`, as IDENTIFY and READY carry it. */
export type ShardKey = readonly [id: number, count: number];

/** A gateway session outlives its socket, so a RESUME can replay what was missed. */
export interface Session {
  id: string;
  shard: ShardKey;
  seq: number;
  events: DispatchEvent[];
  connection: Connection | null;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
}

/** What all connections share: every session the bot identified, and the counters tests read. */
export interface GatewayHub {
  url: string;
  sessions: Session[];
  stats: GatewayStats;
}

/** Discord's sharding formula: a guild's events go to shard `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Events without a guild (DMs) go to shard 0 only. */
export function covers(session: Session, guildId: string | null): boolean {
  const [id, count] = session.shard;
  return guildId === null ? id === 0 : shardOf(guildId, count) === id;
}

/**
 * Discord routes by shard, not by session: every session identified with a shard that covers the
 * guild gets its events (two processes on one shard both see each interaction, as a bot started
 * twice does). A disconnected session keeps them for its RESUME.
 */
export function sessionsFor(hub: GatewayHub, guildId: string | null): Session[] {
  return hub.sessions.filter((session) => covers(session, guildId));
}

export function emit(session: Session, t: string, d: unknown): void {
  session.seq += 1;
  const event: DispatchEvent = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
  session.events.push(event);
  session.connection?.send(event);
}
