import { describe, expect, it } from "vitest";
import { animateModal } from "../../../src/commands/animate-message/modal.js";
import { historyView } from "../../../src/commands/credits-history.js";
import { editPromptModal } from "../../../src/commands/edit-prompt.js";
import { savedText, settingsSummary } from "../../../src/commands/settings/render.js";
import { translator } from "../../../src/i18n/index.js";
import { DEFAULT_SETTINGS } from "../../../src/services/settings/rules.js";
import { jobRow } from "../../helpers/job-row.js";
import { englishIn } from "../../helpers/korean.js";

const ko = translator("ko");
const PROMPT = "a red fox trotting through fresh snow";
const job = jobRow({ prompt: PROMPT });

/** Every text a rendering carries, wherever it sits in the payload. */
function texts(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === "object") return Object.values(value).flatMap(texts);
  return [];
}

/** The messages this work added, rendered in Korean: no English outside the prompt. */
describe("Korean renderings", () => {
  const history = historyView(
    {
      page: 1,
      pageCount: 2,
      lines: [
        { ...job, kind: "job", jobId: job.id, charged: 28, refunded: 20, settled: 8 },
        { kind: "topup", amount: 100, actorId: "1", reason: null, createdAt: 0 },
        { kind: "remove", amount: 10, actorId: null, reason: null, createdAt: 0 },
      ],
    },
    72,
    "ko",
  );
  const settings = { ...DEFAULT_SETTINGS, maxCost: 20, roleId: "8", channelIds: ["7"] };
  const renderings = {
    history,
    animateForm: animateModal("animate:prompt:1", ko),
    editForm: editPromptModal(job, ko),
    settings: settingsSummary({ settings, dailyLimit: null, lastChange: undefined }, ko),
    saved: [
      savedText.defaults(settings.defaults, ko),
      savedText.channels(["7"], ko),
      savedText.channels([], ko),
      savedText.role("8", ko),
      savedText.role(null, ko),
      savedText.confirmAbove(50, ko),
      savedText.confirmAbove(null, ko),
      savedText.maxCost(20, ko),
      savedText.maxCost(null, ko),
      savedText.language("auto", ko),
    ],
  };

  for (const [name, rendering] of Object.entries(renderings)) {
    it(`${name} speaks Korean`, () => {
      for (const text of texts(rendering)) {
        expect({ text, english: englishIn(text, [PROMPT]) }).toEqual({ text, english: undefined });
      }
    });
  }
});
