import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { startJob } from "./start-job.js";
import { defineCommand } from "./types.js";
import { addVideoOptions, readVideoOptions, toJobSettings } from "./video-options.js";

export const videoCommand = defineCommand({
  data: addVideoOptions(
    new SlashCommandBuilder()
      .setName("video")
      .setDescription("Generate a short video from a text prompt")
      .setContexts(InteractionContextType.Guild),
    "default 16:9",
  ).toJSON(),

  async execute(interaction, deps) {
    const options = readVideoOptions(interaction);
    const settings = toJobSettings(options, { kind: "text", aspectRatio: "16:9", imageUrl: null });
    await startJob(interaction, settings, deps);
  },
});
