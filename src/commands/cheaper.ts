import { ButtonStyle, ComponentType } from "discord.js";
import { describeSettings } from "../discord/job-messages.js";
import { priceOf } from "../domain/pricing.js";
import { UserError } from "../domain/user-error.js";
import { DURATIONS, type JobSettings, RESOLUTIONS } from "../domain/video-settings.js";
import { credits, type Translator } from "../i18n/index.js";
import type { InsufficientCreditsError } from "../services/credits/refusals.js";
import { confirmIds } from "./confirm-messages.js";
import type { CommandDeps } from "./types.js";

/** The dearest variant of the job (resolution, length, no audio) that the balance still pays. */
export function cheaperFit(settings: JobSettings, balance: number): JobSettings | null {
  const price = priceOf(settings);
  const fits = RESOLUTIONS.flatMap((resolution) =>
    DURATIONS.map((duration) => ({ ...settings, resolution, duration, audio: false })),
  )
    .filter((option) => priceOf(option) <= balance && priceOf(option) < price)
    .sort((a, b) => priceOf(b) - priceOf(a));
  return fits[0] ?? null;
}

/** Not enough credits, with a cheaper job held for one click ("Make 480p · 4 s instead"). */
export class CheaperOffer extends UserError {
  constructor(
    readonly refusal: InsufficientCreditsError,
    readonly settings: JobSettings,
    readonly pendingId: string,
  ) {
    super(() => refusal.message, refusal.key, refusal.params);
  }

  /** The line naming the cheaper job, and its button (it goes through confirm's Generate). */
  render(t: Translator) {
    const price = priceOf(this.settings);
    const values = { settings: describeSettings(this.settings, t), cheaperCost: credits(t, price) };
    const label = t("refusals.cheaperButton", {
      settings: values.settings,
      cost: credits(t, price),
    });
    return {
      line: t("refusals.insufficientCheaper", values),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Primary,
              label,
              emoji: { name: "🎬" },
              custom_id: confirmIds.generate(this.pendingId),
            },
          ],
        },
      ],
    };
  }
}

/** The refusal to throw: with an offer when a cheaper variant fits, else as it was. */
export function offerCheaper(
  refusal: InsufficientCreditsError,
  interaction: { guildId: string; user: { id: string }; applicationId: string; token: string },
  settings: JobSettings,
  deps: CommandDeps,
): UserError {
  const cheaper = cheaperFit(settings, refusal.balance);
  if (!cheaper) return refusal;
  const id = deps.pendingJobs.hold(interaction.guildId, interaction.user.id, {
    settings: cheaper,
    applicationId: interaction.applicationId,
    questionToken: interaction.token,
  });
  return new CheaperOffer(refusal, cheaper, id);
}
