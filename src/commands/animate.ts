import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { nearestAspectRatio } from "../services/aspect-ratio.js";
import { UserError } from "../services/errors.js";
import { checkImageAttachment } from "./image-attachment.js";
import { startJob } from "./start-job.js";
import { defineCommand, type GuildCommandInteraction } from "./types.js";
import { addVideoOptions, readVideoOptions, toJobSettings } from "./video-options.js";

/** Reads the attachment option and checks it from what Discord tells us, without downloading it. */
function readImage(interaction: GuildCommandInteraction, allowedOrigins: readonly string[]) {
  const image = interaction.options.getAttachment("image");
  if (!image) throw new UserError("Please attach the image you want to animate.");
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
    "default: the closest to the image's own shape",
  ).toJSON(),

  async execute(interaction, deps) {
    const image = readImage(interaction, deps.attachmentOrigins);
    const options = readVideoOptions(interaction);
    // Without a chosen ratio, the supported one nearest the image's own shape (DESIGN §2).
    const imageRatio =
      image.width && image.height ? nearestAspectRatio(image.width, image.height) : "16:9";
    const settings = toJobSettings(options, {
      kind: "image",
      aspectRatio: imageRatio,
      imageUrl: image.url,
    });
    await startJob(interaction, settings, deps);
  },
});
