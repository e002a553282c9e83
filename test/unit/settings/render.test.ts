import { describe, expect, it } from "vitest";
import { savedText, settingsSummary } from "../../../src/commands/settings/render.js";
import { translator } from "../../../src/i18n/index.js";
import { DEFAULT_SETTINGS } from "../../../src/services/settings/rules.js";

const en = translator("en");
const ko = translator("ko");
const AT = Date.UTC(2026, 10, 26, 12, 0, 0);
const chosen = {
  ...DEFAULT_SETTINGS,
  defaults: { ...DEFAULT_SETTINGS.defaults, resolution: "480p", audio: true },
  channelIds: ["100000000000000007"],
  roleId: "100000000000000008",
  maxCost: 20,
  language: "ko",
} as const;
const view = {
  settings: chosen,
  dailyLimit: 50,
  lastChange: {
    id: 1,
    guildId: "100000000000000001",
    actorId: "100000000000000004",
    key: "language",
    oldValue: '"auto"',
    newValue: '"ko"',
    createdAt: AT,
  },
};

/** /settings replies: what is saved, in the admin's language. */
describe("/settings replies", () => {
  it("shows every setting in English", () => {
    expect(settingsSummary(view, en).split("\n")).toEqual([
      "**This server's settings**",
      "Defaults: 480p (server) · 8 s · 16:9, /animate: the image's shape · audio on (server) · fixed lens off",
      "Channels: <#100000000000000007>",
      "Who can generate: members with <@&100000000000000008>",
      "Ask to confirm above: off",
      "Maximum per job: 20 credits",
      "Daily limit per member: 50 credits (`/credits limit`)",
      "Language: 한국어 (Korean)",
      `Last changed by <@100000000000000004> <t:${AT / 1000}:R> (language)`,
    ]);
  });

  it("shows every setting in Korean", () => {
    expect(settingsSummary(view, ko).split("\n")).toEqual([
      "**이 서버의 설정**",
      "기본값: 480p(서버 설정) · 8초 · 16:9, /animate: 이미지 비율 · 오디오 켬(서버 설정) · 고정 렌즈 끔",
      "채널: <#100000000000000007>",
      "만들 수 있는 멤버: <@&100000000000000008> 역할이 있는 멤버",
      "이보다 비싸면 확인: 끔",
      "작업당 최대 비용: 20크레딧",
      "멤버별 하루 한도: 50크레딧(`/credits limit`)",
      "언어: 한국어",
      `마지막 변경: <@100000000000000004>, <t:${AT / 1000}:R>(\`language\`)`,
    ]);
  });

  it("says what was saved, in either language", () => {
    expect(savedText.maxCost(20, en)).toBe("Saved: jobs costing more than 20 credits are refused.");
    expect(savedText.maxCost(null, ko)).toBe("저장했어요. 이제 작업당 최대 비용이 없어요.");
    expect(savedText.role(null, ko)).toBe("저장했어요. 이제 모든 멤버가 영상을 만들 수 있어요.");
    expect(savedText.channels([], en)).toBe("Saved: members can generate in every channel.");
    expect(savedText.language("auto", ko)).toBe(
      "저장했어요. 이제 언어는 자동(서버의 디스코드 언어)예요.",
    );
  });
});
