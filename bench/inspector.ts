import { once } from "node:events";
import { WebSocket } from "ws";

/** `process.memoryUsage()` of the inspected process, in bytes. */
export interface MemoryUsage {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** A sampling heap profile (DevTools' `.heapprofile`): a tree of stacks with bytes allocated. */
export interface HeapProfileNode {
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly selfSize: number;
  readonly children: readonly HeapProfileNode[];
}

export type HeapProfileKind = "allocated" | "promoted";
/** in-flight: while its jobs poll, or while they are created and submitted. */
export type HeapProfilePhase = "polling" | "creation";

/** Bytes by V8 heap space (`new_space`, `old_space`…). */
export type HeapSpaces = Record<string, { readonly committed: number; readonly used: number }>;

export interface HeapProfile {
  readonly head: HeapProfileNode;
}

interface Reply {
  readonly id?: number;
  readonly result?: {
    readonly result?: { readonly value?: unknown };
    readonly profile?: HeapProfile;
  };
  readonly error?: { readonly message: string };
}

/** The flag that makes a child print its inspector URL (a free loopback port). */
export const INSPECT_FLAG = "--inspect=127.0.0.1:0";
export const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/;

/**
 * A minimal Chrome DevTools Protocol client for a child started with `--inspect`. RSS alone
 * can't tell a leak from garbage V8 hasn't collected yet; a forced full GC followed by the live
 * heap size can.
 */
export async function connectInspector(url: string) {
  const socket = new WebSocket(url);
  await once(socket, "open");
  let nextId = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  socket.on("message", (data) => {
    const reply = JSON.parse(String(data)) as Reply;
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  });

  function call(method: string, params: Record<string, unknown> = {}): Promise<Reply> {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, (reply) => {
        pending.delete(id);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  }

  return {
    /** A full, compacting GC in the child, then its memory figures. */
    async memoryAfterGc(): Promise<MemoryUsage> {
      await call("HeapProfiler.collectGarbage");
      const reply = await call("Runtime.evaluate", {
        expression: "process.memoryUsage()",
        returnByValue: true,
      });
      const value = reply.result?.result?.value as MemoryUsage | undefined;
      if (!value) throw new Error("The inspector returned no memory figures");
      return value;
    },

    /** V8's heap spaces now (no GC first): bytes physically committed by each, and in use. */
    async heapSpaces(): Promise<HeapSpaces> {
      const reply = await call("Runtime.evaluate", {
        expression: `JSON.stringify(Object.fromEntries(process.getBuiltinModule("node:v8")
          .getHeapSpaceStatistics().filter((s) => s.physical_space_size > 0)
          .map((s) => [s.space_name, { committed: s.physical_space_size, used: s.space_used_size }])))`,
        returnByValue: true,
      });
      const value = reply.result?.result?.value;
      if (typeof value !== "string") throw new Error("The inspector returned no heap spaces");
      return JSON.parse(value) as HeapSpaces;
    },

    /**
     * Samples allocations from now on. V8 drops the samples of objects a GC collects unless told
     * otherwise: `allocated` keeps them all (allocation volume), `promoted` drops only those that
     * died young, leaving what reached the old generation (the garbage that grows RSS between
     * full collections) and what is still live.
     */
    async startAllocationSampling(kind: HeapProfileKind, samplingIntervalBytes = 32_768) {
      await call("HeapProfiler.enable");
      await call("HeapProfiler.startSampling", {
        samplingInterval: samplingIntervalBytes,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: kind === "allocated",
      });
    },

    async stopAllocationSampling(): Promise<HeapProfile> {
      const reply = await call("HeapProfiler.stopSampling");
      const profile = reply.result?.profile;
      if (!profile) throw new Error("The inspector returned no heap profile");
      return profile;
    },

    async close(): Promise<void> {
      socket.close();
      await once(socket, "close");
    },
  };
}
