import { animateCommand } from "./animate.js";
import { creditsCommand } from "./credits.js";
import { jobButtons } from "./job-buttons.js";
import { jobsCommand } from "./jobs.js";
import { settingsCommand } from "./settings/index.js";
import type { ButtonHandler, Command } from "./types.js";
import { videoCommand } from "./video.js";

/** Every slash command; the router, the deploy script and the tests all read this list. */
export const commands: readonly Command[] = [
  videoCommand,
  animateCommand,
  creditsCommand,
  jobsCommand,
  settingsCommand,
];

/** Button handlers by the scope that starts their custom id (`<scope>:<action>:<argument>`). */
export const buttonScopes: ReadonlyMap<string, Readonly<Record<string, ButtonHandler>>> = new Map([
  ["job", jobButtons],
  ["credits", creditsCommand.buttons ?? {}],
]);
