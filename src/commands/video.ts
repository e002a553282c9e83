import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { requestJob } from "./confirm-job.js";
import { defineCommand } from "./types.js";
import { addVideoOptions, cost, readVideoOptions, toJobSettings } from "./video-options.js";

export const videoCommand = defineCommand({
  data: addVideoOptions(
    new SlashCommandBuilder()
      .setName("video")
      .setDescription(
        `Generate a short video from a text prompt (720p · 8 s: ${cost("720p", 8)} credits)`,
      )
      .setContexts(InteractionContextType.Guild),
    "default 16:9, or the server's default",
  ).toJSON(),

  async execute(interaction, deps) {
    const options = readVideoOptions(interaction);
    const server = await deps.settings.get(interaction.guildId);
    const source = { kind: "text", imageUrl: null, image: null } as const;
    await requestJob(interaction, toJobSettings(options, source, server.defaults), deps, {
      server,
    });
  },
});
