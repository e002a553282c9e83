import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
} from "discord.js";
import { readVideoForm } from "../../discord/video-form.js";
import { translator } from "../../i18n/index.js";
import { refuse } from "../../i18n/refusal.js";
import { requestJob } from "../confirm-job.js";
import { enforceServerRules } from "../server-rules.js";
import { defineCommand, type ModalHandler } from "../types.js";
import { parseVideoOptions, toJobSettings } from "../video-options.js";
import { imagesOf, pickImage } from "./image.js";
import { animateModal } from "./modal.js";

export const ANIMATE_MESSAGE_NAME = "Animate with Seedance";
const formGone = () => refuse("refusals.formGone");

/**
 * Apps → Animate with Seedance: finds the message's image, asks for the prompt (and settings)
 * in a form, then runs exactly the /animate path with that image.
 */
export const animateMessageCommand = defineCommand({
  data: new ContextMenuCommandBuilder()
    .setName(ANIMATE_MESSAGE_NAME)
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async executeOnMessage(interaction, deps) {
    const image = pickImage(imagesOf(interaction.targetMessage), deps.attachmentOrigins);
    if ("refusal" in image) throw image.refusal;
    // Channel and role refuse before the member writes a prompt; the price is checked after.
    enforceServerRules(await deps.settings.get(interaction.guildId), interaction, 0);
    const id = deps.pendingImages.hold(interaction.guildId, interaction.user.id, image);
    await interaction.showModal(
      animateModal(`animate:prompt:${id}`, translator(interaction.locale)),
    );
  },
});

export const animateMessageModals: Readonly<Record<string, ModalHandler>> = {
  async prompt(interaction, id, deps) {
    const pending = deps.pendingImages.take(id, interaction.guildId, interaction.user.id);
    if (!pending) throw formGone();
    const image = pending.value;
    const options = parseVideoOptions(readVideoForm(interaction.fields));
    const shape = image.width && image.height ? { width: image.width, height: image.height } : null;
    const source = { kind: "image", imageUrl: image.url, image: shape } as const;
    const server = await deps.settings.get(interaction.guildId);
    await requestJob(interaction, toJobSettings(options, source, server.defaults), deps, {
      server,
    });
  },
};
