import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOfNextUtcDay } from "../../src/lib/clock.js";
import { ADMIN, type Harness, MANAGE_GUILD, MEMBER, startHarness } from "./harness.js";

const asAdmin = { user: ADMIN, memberPermissions: MANAGE_GUILD };
/** The daily limit resets at the next UTC midnight, shown as a Discord timestamp. */
const nextMidnight = () => Math.floor(startOfNextUtcDay(Date.now()) / 1000);
const ADMINISTRATOR = String(1n << 3n);

/** DESIGN §2: /credits for admins, with ADMINS_CAN_TOP_UP=true. */
describe("/credits", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ env: { ADMINS_CAN_TOP_UP: "true" } });
  });
  afterAll(() => harness.close());

  it("lets admins top up their own server when allowed, and remove credits", async () => {
    const added = await harness.replyTo("credits", {
      subcommand: "add",
      options: { amount: 120, reason: "monthly budget" },
      ...asAdmin,
    });
    expect(added.content).toBe("Added 120 credits. The server now has **120 credits**.");
    const removed = await harness.replyTo("credits", {
      subcommand: "remove",
      options: { amount: 20 },
      user: ADMIN,
      memberPermissions: ADMINISTRATOR,
    });
    expect(removed.content).toBe("Removed 20 credits. The server now has **100 credits**.");
  });

  it("shows a member the balance, their spend today and the daily limit", async () => {
    await harness.replyTo("credits", { subcommand: "limit", options: { amount: 50 }, ...asAdmin });
    const { token } = await harness.command("video", { options: { prompt: "spend some" } });
    await harness.finalReply(token);
    const balance = await harness.replyTo("credits", { subcommand: "balance", user: MEMBER });
    expect(balance.content).toBe(
      "This server has **72 credits** ≈ 2 videos at the server's default settings (720p · 16:9 · 8 s: 28 credits).\n" +
        "You have spent 28 credits today.\n" +
        `Daily limit per member: 50 credits; you have 22 credits left today (resets <t:${nextMidnight()}:R>).`,
    );
  });

  it("pages the history newest first, with who did what and why", async () => {
    for (let i = 0; i < 9; i++) {
      await harness.replyTo("credits", { subcommand: "add", options: { amount: 1 }, ...asAdmin });
    }
    const first = await harness.replyTo("credits", { subcommand: "history", ...asAdmin });
    const lines = first.embeds[0]?.description?.split("\n") ?? [];
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(
      new RegExp(`^🟢 <t:\\d+:R> \\*\\*\\+1\\*\\* top-up by <@${ADMIN.id}>$`),
    );
    // The job's line: its prompt, who asked, and a link to its message.
    expect(lines[9]).toMatch(
      new RegExp(
        `^🔵 <t:\\d+:R> \\*\\*−28\\*\\* “spend some” by <@${MEMBER.id}> · \\[message\\]\\(https://discord.com/channels/${harness.guildId}/${harness.channelId}/\\d+\\)$`,
      ),
    );
    expect(first.embeds[0]?.footer?.text).toMatch(/^Page 1 of 2 · balance 81 credits\n🟢 top-up/);

    const older = first.components[0]?.components[1];
    const customId = older && "custom_id" in older ? older.custom_id : "";
    await harness.discord.dispatchButton({ customId, messageId: first.id, ...asAdmin });
    const second = await harness.discord.waitFor(() => {
      const message = harness.discord.message(first.id);
      return message?.embeds[0]?.footer?.text?.startsWith("Page 2") ? message : null;
    });
    const secondLines = second.embeds[0]?.description?.split("\n") ?? [];
    expect(secondLines).toHaveLength(2);
    expect(secondLines[0]).toMatch(
      new RegExp(`^🔴 <t:\\d+:R> \\*\\*−20\\*\\* removed by <@${ADMIN.id}>$`),
    );
    expect(secondLines[1]).toMatch(/^🟢 .*\*\*\+120\*\* top-up by .* — monthly budget$/);
  });
});
