import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { refuse } from "../i18n/refusal.js";
import { requestJob } from "./confirm-job.js";
import { checkImageAttachment } from "./image-attachment.js";
import { defineCommand, type GuildCommandInteraction } from "./types.js";
import { addVideoOptions, readVideoOptions, toJobSettings } from "./video-options.js";

/** Reads the attachment option and checks it from what Discord tells us, without downloading it. */
function readImage(interaction: GuildCommandInteraction, allowedOrigins: readonly string[]) {
  const image = interaction.options.getAttachment("image");
  if (!image) throw refuse("refusals.imageMissing");
  return checkImageAttachment(image, allowedOrigins);
}

export const animateCommand = defineCommand({
  data: addVideoOptions(
    new SlashCommandBuilder()
      .setName("animate")
      .setDescription("Bring a still image to life as a short video")
      .setContexts(InteractionContextType.Guild)
      .addAttachmentOption((option) =>
        option.setName("image").setDescription("PNG, JPEG or WebP, up to 10 MB").setRequired(true),
      ),
    "default: the server's, else the closest to the image's own shape",
  ).toJSON(),

  async execute(interaction, deps) {
    const image = readImage(interaction, deps.attachmentOrigins);
    const options = readVideoOptions(interaction);
    const server = await deps.settings.get(interaction.guildId);
    // Without a chosen or server-default ratio, the one nearest the image's shape (DESIGN §2).
    const shape = image.width && image.height ? { width: image.width, height: image.height } : null;
    const source = { kind: "image", imageUrl: image.url, image: shape } as const;
    await requestJob(interaction, toJobSettings(options, source, server.defaults), deps, {
      server,
    });
  },
});
