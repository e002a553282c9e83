import type { RESTGetAPIGatewayBotResult } from "discord-api-types/v10";
import { commandListSchema } from "../command-schema.js";
import { discordErrors } from "../errors.js";
import { parseForm } from "../form-errors.js";
import { apiApplication, apiDmChannel, apiGuildChannel, knownUser } from "../payloads.js";
import { json, type Route, type RouteContext } from "../router.js";
import type { FakeDiscordState, RegisteredCommand } from "../state.js";

/** What a bot needs to log in and to know itself: gateway, user, application, commands. */
export const applicationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/gateway/bot",
    botAuth: true,
    handle: ({ gatewayUrl, state }) =>
      json({
        url: gatewayUrl,
        shards: recommendedShards(state),
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      } satisfies RESTGetAPIGatewayBotResult),
  },
  {
    method: "GET",
    pattern: "/users/@me",
    botAuth: true,
    handle: ({ state }) => json(knownUser(state, state.config.applicationId)),
  },
  {
    method: "GET",
    pattern: "/users/:user",
    botAuth: true,
    handle: ({ state, params }) => {
      const user = state.users.get(params.user ?? "");
      if (!user) throw discordErrors.unknownUser();
      return json(knownUser(state, user.id));
    },
  },
  { method: "GET", pattern: "/applications/@me", botAuth: true, handle: application },
  { method: "GET", pattern: "/oauth2/applications/@me", botAuth: true, handle: application },
  { method: "GET", pattern: "/applications/:app/commands", botAuth: true, handle: listCommands },
  { method: "PUT", pattern: "/applications/:app/commands", botAuth: true, handle: putCommands },
  {
    method: "GET",
    pattern: "/applications/:app/guilds/:guild/commands",
    botAuth: true,
    handle: listCommands,
  },
  {
    method: "PUT",
    pattern: "/applications/:app/guilds/:guild/commands",
    botAuth: true,
    handle: putCommands,
  },
  {
    method: "GET",
    pattern: "/channels/:channel",
    botAuth: true,
    handle: ({ state, params }) => {
      const channel = state.channels.get(params.channel ?? "");
      if (!channel) throw discordErrors.unknownChannel();
      return json(
        channel.guildId ? apiGuildChannel(channel, channel.guildId) : apiDmChannel(state, channel),
      );
    },
  },
];

/** Discord suggests about one shard per 1,000 guilds: 40 % of what a shard may hold. */
function recommendedShards(state: FakeDiscordState): number {
  const perShard = state.config.maxGuildsPerShard * 0.4;
  return Math.max(1, Math.ceil(state.config.guilds.length / perShard));
}

function application({ state }: RouteContext) {
  return json(apiApplication(state));
}

/** Another application's commands, or a guild the bot isn't in: Discord says Missing Access. */
function commandScope({ state, params }: RouteContext): string {
  if (params.app !== state.config.applicationId) throw discordErrors.missingAccess();
  if (params.guild === undefined) return "global";
  if (!state.guild(params.guild)) throw discordErrors.missingAccess();
  return params.guild;
}

function listCommands(ctx: RouteContext) {
  return json(ctx.state.commands.get(commandScope(ctx)) ?? []);
}

/** Bulk overwrite: commands keep their id across overwrites when name and type match. */
function putCommands(ctx: RouteContext) {
  const { state, params } = ctx;
  const scope = commandScope(ctx);
  const previous = state.commands.get(scope) ?? [];
  const commands: RegisteredCommand[] = parseForm(commandListSchema, ctx.body).map((command) => ({
    ...command,
    id:
      previous.find((old) => old.name === command.name && old.type === command.type)?.id ??
      state.nextId(),
    application_id: state.config.applicationId,
    version: state.nextId(),
    default_member_permissions: command.default_member_permissions ?? null,
    ...(params.guild === undefined ? {} : { guild_id: params.guild }),
  }));
  state.commands.set(scope, commands);
  state.registrations.push({
    guildId: params.guild ?? null,
    at: ctx.receivedAt,
    names: commands.map((command) => command.name),
  });
  return json(commands);
}
