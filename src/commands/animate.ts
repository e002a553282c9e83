import type { Attachment } from "discord.js";
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { UserError } from "../domain/user-error.js";
import { requestJob } from "./confirm-job.js";
import { defineCommand, type GuildCommandInteraction } from "./types.js";
import { addVideoOptions, readVideoOptions, toJobSettings } from "./video-options.js";

export const IMAGE_TYPES = new Map([
  ["image/png", "png"],
  ["image/jpeg", "jpg"],
  ["image/webp", "webp"],
]);
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** Checks the attachment from what Discord tells us, without downloading it. */
function readImage(interaction: GuildCommandInteraction): Attachment {
  const image = interaction.options.getAttachment("image");
  if (!image) throw new UserError("Please attach the image you want to animate.");
  const type = image.contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!IMAGE_TYPES.has(type)) {
    throw new UserError(
      `\`${image.name}\` isn't a PNG, JPEG or WebP image. Please attach one of those formats.`,
    );
  }
  if (image.size > IMAGE_MAX_BYTES) {
    const megabytes = (image.size / 1024 / 1024).toFixed(1);
    throw new UserError(
      `That image is ${megabytes} MB; the limit is 10 MB. Please attach a smaller one.`,
    );
  }
  return image;
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
    const image = readImage(interaction);
    const options = readVideoOptions(interaction);
    const server = deps.settings.get(interaction.guildId).defaults;
    // Without a chosen or server-default ratio, the one nearest the image's shape (DESIGN §2).
    const shape = image.width && image.height ? { width: image.width, height: image.height } : null;
    const source = { kind: "image", imageUrl: image.url, image: shape } as const;
    await requestJob(interaction, toJobSettings(options, source, server), deps);
  },
});
