import type { APIEmbed, APIMessageTopLevelComponent } from "discord.js";
import { expect } from "vitest";

/** What Discord counts towards an embed's 6,000 characters. */
function embedSize(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (
    (embed.title ?? "").length +
    (embed.description ?? "").length +
    fields +
    (embed.footer?.text ?? "").length
  );
}

export interface RenderedMessage {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly unknown[];
}

/** Discord's limits on a message: content, embeds, and buttons in rows. */
export function expectWithinDiscordLimits(message: RenderedMessage): void {
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(2000);
  const embeds = message.embeds ?? [];
  expect(embeds.reduce((n, embed) => n + embedSize(embed), 0)).toBeLessThanOrEqual(6000);
  for (const embed of embeds) {
    expect((embed.title ?? "").length).toBeLessThanOrEqual(256);
    expect((embed.description ?? "").length).toBeLessThanOrEqual(4096);
    expect((embed.footer?.text ?? "").length).toBeLessThanOrEqual(2048);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
  }
  for (const row of (message.components ?? []) as (APIMessageTopLevelComponent & {
    components?: unknown[];
  })[]) {
    const buttons = (row.components ?? []) as { label?: string; custom_id?: string }[];
    expect(buttons.length).toBeLessThanOrEqual(5);
    for (const button of buttons) {
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
      expect(button.custom_id?.length ?? 0).toBeLessThanOrEqual(100);
    }
  }
}
