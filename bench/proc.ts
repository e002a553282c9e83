import { readFileSync } from "node:fs";

/**
 * Linux reports utime/stime in USER_HZ ticks, which the kernel fixes at 100 for the /proc
 * interface on every mainstream architecture (whatever CONFIG_HZ is); Node can't call sysconf.
 */
const TICKS_PER_SECOND = 100;

export interface ProcessSample {
  /** Seconds since the sampler started. */
  readonly atSeconds: number;
  readonly rssBytes: number;
  /** User + system CPU time the process has used since it started. */
  readonly cpuSeconds: number;
}

/** Resident set size from /proc/<pid>/status (VmRSS, in kB). */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`No VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** utime + stime from /proc/<pid>/stat, in seconds. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may hold spaces: split after its ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of the full line; the slice starts at field 3.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`Unreadable /proc/${pid}/stat`);
  }
  return (utime + stime) / TICKS_PER_SECOND;
}

/** Samples a process every `intervalMs` until stopped; reading /proc costs microseconds. */
export function startSampler(pid: number, intervalMs: number) {
  const started = performance.now();
  const samples: ProcessSample[] = [];
  const take = () =>
    samples.push({
      atSeconds: (performance.now() - started) / 1000,
      rssBytes: readRssBytes(pid),
      cpuSeconds: readCpuSeconds(pid),
    });
  take();
  const timer = setInterval(take, intervalMs);
  let stopped = false;
  return {
    samples: samples as readonly ProcessSample[],
    /** Takes a last sample and stops; later calls change nothing. */
    stop(): readonly ProcessSample[] {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        take();
      }
      return samples;
    },
  };
}

/**
 * The machine's CPU ticks so far, all of them and those stolen by the hypervisor (the `cpu` line
 * of /proc/stat): on a shared VM, time stolen during a run slows every figure of it.
 */
export function readCpuTicks(): { total: number; stolen: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guests are within user.
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return { total, stolen: ticks[7] ?? 0 };
}
