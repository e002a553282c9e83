import type { UserError } from "../../domain/user-error.js";
import { creditsParam as credits, refuse } from "../../i18n/refusal.js";
import type { GenerationRefusal } from "./rules.js";

/** What a member is told when a server rule stops their job; nothing was charged. */
export function refusalError(refusal: GenerationRefusal): UserError {
  switch (refusal.kind) {
    case "channel":
      return refuse("refusals.channel", {
        channels: refusal.channelIds.map((id) => `<#${id}>`).join(", "),
      });
    case "role":
      return refuse("refusals.role", { role: `<@&${refusal.roleId}>` });
    case "max_cost":
      return refuse("refusals.maxCost", {
        cost: credits(refusal.price),
        maxCost: credits(refusal.maxCost),
      });
  }
}
