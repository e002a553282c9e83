import { describe, expect, it } from "vitest";
import { animateModal } from "../../src/commands/animate-message/modal.js";
import { editPromptModal } from "../../src/commands/edit-prompt.js";
import { translator } from "../../src/i18n/index.js";
import { modalSchema } from "../fakes/discord/modal-schema.js";
import { jobRow } from "../helpers/job-row.js";

const LONG = "word ".repeat(400).trim();

/** Both forms, checked with the fake Discord's copy of Discord's modal rules. */
describe("the video forms", () => {
  for (const locale of ["en", "ko"]) {
    const t = translator(locale);
    it(`fit Discord's modal limits in ${locale}, even around a 2,000-character prompt`, () => {
      const job = jobRow({ prompt: LONG.slice(0, 2000), audio: true, resolution: "480p" });
      for (const modal of [animateModal("animate:prompt:1", t), editPromptModal(job, t)]) {
        const checked = modalSchema.safeParse(modal);
        expect(checked.error?.issues ?? []).toEqual([]);
      }
    });
  }

  it("pre-selects the job's settings and prices each choice against the others", () => {
    const job = jobRow({ resolution: "480p", duration: 12, aspectRatio: "9:16", audio: true });
    const selects = editPromptModal(job, translator("en")).components.slice(1);
    const shown = selects.map((label) =>
      "component" in label && "options" in label.component
        ? label.component.options.map((o) => `${o.default ? "●" : "○"} ${o.label}`)
        : [],
    );
    expect(shown).toEqual([
      ["● 480p — 38 credits for 12 s", "○ 720p — 84 credits for 12 s"],
      ["○ 4 s — 14 credits at 480p", "○ 8 s — 28 credits at 480p", "● 12 s — 38 credits at 480p"],
      [
        "○ 16:9 · landscape",
        "● 9:16 · portrait / Shorts",
        "○ 1:1 · square",
        "○ 4:3 · classic",
        "○ 3:4 · tall",
        "○ 21:9 · cinematic",
        "○ 9:21 · very tall",
      ],
      ["● On (AI soundtrack)", "○ Off"],
    ]);
  });

  it("leaves the Animate form's settings empty, for the server's defaults, in Korean too", () => {
    const modal = animateModal("animate:prompt:1", translator("ko"));
    expect(modal.title).toBe("Seedance로 이미지 움직이기");
    const [, resolution] = modal.components;
    expect(resolution).toMatchObject({
      label: "해상도",
      description: "비워 두면 서버 기본값을 써요",
      component: { required: false, min_values: 0 },
    });
    const options =
      resolution && "component" in resolution && "options" in resolution.component
        ? resolution.component.options
        : [];
    expect(options.map((o) => [o.label, o.default])).toEqual([
      ["480p — 8초에 14크레딧", undefined],
      ["720p — 8초에 28크레딧", undefined],
    ]);
  });
});
