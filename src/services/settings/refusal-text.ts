import { formatCredits } from "../../lib/format.js";
import type { GenerationRefusal } from "./rules.js";

/** What a member is told when a server rule stops their job; nothing was charged. */
export function refusalText(refusal: GenerationRefusal): string {
  switch (refusal.kind) {
    case "channel":
      return `Videos can't be made in this channel on this server. Please use ${refusal.channelIds
        .map((id) => `<#${id}>`)
        .join(", ")}.`;
    case "role":
      return `On this server, making videos needs the <@&${refusal.roleId}> role. Ask a server admin if you should have it.`;
    case "max_cost":
      return `This video costs ${formatCredits(refusal.price)}, more than this server allows per job (${formatCredits(refusal.maxCost)}). Try a lower resolution, a shorter duration or no audio.`;
  }
}
