import { localizeCommand } from "../i18n/localize-commands.js";
import { animateCommand } from "./animate.js";
import { animateMessageCommand, animateMessageModals } from "./animate-message/index.js";
import { confirmButtons } from "./confirm-job.js";
import { creditsCommand } from "./credits.js";
import { editPromptModals } from "./edit-prompt.js";
import { helpCommand } from "./help/index.js";
import { jobButtons } from "./job-buttons.js";
import { jobsCommand } from "./jobs.js";
import { settingsCommand } from "./settings/index.js";
import type { ButtonHandler, Command, ModalHandler } from "./types.js";
import { videoCommand } from "./video.js";

/**
 * Every slash command, with its descriptions and choices localized; the router, the deploy
 * script and the tests all read this list.
 */
export const commands: readonly Command[] = [
  videoCommand,
  animateCommand,
  creditsCommand,
  jobsCommand,
  settingsCommand,
  animateMessageCommand,
  helpCommand,
].map((command) => ({ ...command, data: localizeCommand(command.data) }) as Command);

/** Button handlers by the scope that starts their custom id (`<scope>:<action>:<argument>`). */
export const buttonScopes: ReadonlyMap<string, Readonly<Record<string, ButtonHandler>>> = new Map([
  ["job", jobButtons],
  ["credits", creditsCommand.buttons ?? {}],
  ["confirm", confirmButtons],
]);

/** Modal submit handlers by scope, like the buttons. */
export const modalScopes: ReadonlyMap<string, Readonly<Record<string, ModalHandler>>> = new Map([
  ["animate", animateMessageModals],
  ["edit", editPromptModals],
]);
