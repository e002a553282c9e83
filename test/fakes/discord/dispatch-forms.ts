import {
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from "discord-api-types/v10";
import type { createDispatcher, DispatchedInteraction } from "./dispatch.js";
import { baseInteraction, type InvokerOptions } from "./interaction-payloads.js";
import type { MemberMessages } from "./member-messages.js";
import { apiMessage } from "./message-view.js";
import { inputsOf, type Modal, modalSchema } from "./modal-schema.js";
import type { FakeDiscordState } from "./state.js";

export interface DispatchMessageCommandOptions extends InvokerOptions {
  /** The registered message command's name, e.g. "Animate with Seedance". */
  name: string;
  /** A member's message (postMemberMessage) or one of the bot's. */
  messageId: string;
}

export interface DispatchModalSubmitOptions extends InvokerOptions {
  /** The token of the interaction that was answered with the modal. */
  token: string;
  /**
   * Text inputs take a string, selects a list of chosen values. An input left out is sent as
   * the member saw it, untouched: a text input's pre-filled value, a select's default options.
   */
  values: Record<string, string | string[]>;
}

type Core = Pick<ReturnType<typeof createDispatcher>, "begin" | "send">;

/** Message context-menu commands (type 2, `data.type` 3) and modal submits (type 5). */
export function createFormDispatcher(state: FakeDiscordState, core: Core, members: MemberMessages) {
  function targetMessage(id: string): APIMessage {
    const own = state.messages.get(id);
    const message = members.get(id) ?? (own && !own.deleted ? apiMessage(state, own) : undefined);
    if (!message) throw new Error(`fake Discord: no message ${id} to open the menu on`);
    return message;
  }

  return {
    messageCommand(
      options: DispatchMessageCommandOptions,
    ): DispatchedInteraction<APIMessageApplicationCommandGuildInteraction> {
      const target = targetMessage(options.messageId);
      const { record, user } = core.begin(
        InteractionType.ApplicationCommand,
        options,
        target.channel_id,
        {
          commandName: options.name,
        },
      );
      const guildId = record.guildId;
      const registered = [
        ...(state.commands.get(guildId ?? "") ?? []),
        ...(state.commands.get("global") ?? []),
      ].find(
        (command) =>
          command.name === options.name && command.type === ApplicationCommandType.Message,
      );
      if (!registered) throw new Error(`fake Discord: no message command "${options.name}"`);
      const payload = {
        ...baseInteraction(state, record, user, options),
        type: InteractionType.ApplicationCommand,
        data: {
          id: registered.id,
          name: options.name,
          type: ApplicationCommandType.Message,
          target_id: target.id,
          resolved: { messages: { [target.id]: target } },
          ...(registered.guild_id ? { guild_id: registered.guild_id } : {}),
        },
      } as APIMessageApplicationCommandGuildInteraction;
      return core.send(record, payload);
    },

    modalSubmit(
      options: DispatchModalSubmitOptions,
    ): DispatchedInteraction<APIModalSubmitInteraction> {
      const source = state.interactionsByToken.get(options.token);
      const shown = source?.modal ? modalSchema.safeParse(source.modal) : null;
      if (!source || !shown?.success)
        throw new Error("fake Discord: that interaction showed no modal");
      const { record, user } = core.begin(InteractionType.ModalSubmit, options, source.channelId, {
        customId: shown.data.custom_id,
        ...(source.sourceMessageId ? { sourceMessageId: source.sourceMessageId } : {}),
      });
      const payload = {
        ...baseInteraction(state, record, user, options),
        type: InteractionType.ModalSubmit,
        data: {
          custom_id: shown.data.custom_id,
          components: submitted(shown.data, options.values),
        },
      } as APIModalSubmitInteraction;
      return core.send(record, payload);
    },
  };
}

/** The components Discord submits, after checking the answers as its client would. */
function submitted(modal: Modal, values: Record<string, string | string[]>) {
  const known = new Set(modal.components.flatMap(inputsOf).map((input) => input.custom_id));
  for (const id of Object.keys(values)) {
    if (!known.has(id)) throw new Error(`fake Discord: the modal has no input "${id}"`);
  }
  return modal.components.flatMap((component): unknown[] => {
    if (component.type === ComponentType.TextDisplay) return [];
    const inputs = inputsOf(component).map((input) => {
      const given = values[input.custom_id];
      if (input.type === ComponentType.TextInput) {
        const value = typeof given === "string" ? given : (input.value ?? "");
        const required = input.required ?? true;
        if ((required && value === "") || value.length > (input.max_length ?? 4000)) {
          throw new Error(
            `fake Discord: "${input.custom_id}" can't be submitted as ${JSON.stringify(value)}`,
          );
        }
        return { type: ComponentType.TextInput, custom_id: input.custom_id, value };
      }
      const shown = input.options.filter((option) => option.default).map((option) => option.value);
      const chosen = Array.isArray(given) ? given : given === undefined ? shown : [given];
      const allowed = new Set(input.options.map((option) => option.value));
      const min = input.required === false ? 0 : (input.min_values ?? 1);
      if (
        chosen.some((v) => !allowed.has(v)) ||
        chosen.length < min ||
        chosen.length > (input.max_values ?? 1)
      ) {
        throw new Error(`fake Discord: "${input.custom_id}" can't take ${JSON.stringify(chosen)}`);
      }
      return { type: ComponentType.StringSelect, custom_id: input.custom_id, values: chosen };
    });
    return component.type === ComponentType.Label
      ? [{ type: ComponentType.Label, component: inputs[0] }]
      : [{ type: ComponentType.ActionRow, components: inputs }];
  });
}
