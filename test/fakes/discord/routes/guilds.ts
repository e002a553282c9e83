import { discordErrors, FakeApiError } from "../errors.js";
import { BOT_PERMISSIONS, MEMBER_PERMISSIONS, role } from "../payloads.js";
import { json, type Route } from "../router.js";

const unknownRole = () => new FakeApiError(404, 10011, "Unknown Role");

/** `GET /guilds/{guild}/roles/{role}`: one of the guild's roles; another guild's is unknown. */
export const guildRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/guilds/:guild/roles/:role",
    botAuth: true,
    handle: ({ state, params }) => {
      const guild = state.guild(params.guild ?? "");
      if (!guild) throw discordErrors.unknownGuild();
      const id = params.role ?? "";
      if (id === guild.id) return json(role(id, "@everyone", MEMBER_PERMISSIONS));
      if (id === guild.botRoleId) {
        return json(
          role(id, state.config.botUsername, BOT_PERMISSIONS, state.config.applicationId),
        );
      }
      const extra = guild.roles.find((candidate) => candidate.id === id);
      if (!extra) throw unknownRole();
      return json({ ...role(extra.id, extra.name, "0"), managed: extra.managed });
    },
  },
];
