import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { startJob } from "./start-job.js";
import { defineCommand } from "./types.js";
import { addVideoOptions, readVideoOptions } from "./video-options.js";

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
    await startJob(
      interaction,
      {
        kind: "text",
        prompt: options.prompt,
        aspectRatio: options.aspect_ratio ?? "16:9",
        resolution: options.resolution,
        duration: options.duration,
        audio: options.audio,
        fixedLens: options.fixed_lens,
        imageUrl: null,
      },
      deps,
    );
  },
});
