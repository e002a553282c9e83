import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export interface CallbackSigner {
  sign(jobId: string): string;
  verify(jobId: string, signature: string): boolean;
}

/**
 * Fixed HKDF label: the signing key is used for nothing else, and bumping the version invalidates
 * every callback URL ever handed out.
 */
const KEY_LABEL = "seedance-discord-bot/callback-url/v1";

/**
 * The bot's own secrets as one HKDF input. JSON keeps the pair unambiguous ("ab"+"c" ≠ "a"+"bc"),
 * and rotating either secret changes the key, so old callback URLs stop working.
 */
export function callbackSecret(discordToken: string, seedanceApiKey: string): string {
  return JSON.stringify([discordToken, seedanceApiKey]);
}

/**
 * Signs callback URLs with HMAC-SHA256 of the job id. The key is derived with HKDF rather than
 * being the secret itself, so a leaked signature says nothing usable about the token or API key.
 */
export function createCallbackSigner(secret: string): CallbackSigner {
  if (secret === "") throw new TypeError("A callback signer needs a non-empty secret");
  const key = Buffer.from(hkdfSync("sha256", secret, "", KEY_LABEL, 32));
  const sign = (jobId: string) => createHmac("sha256", key).update(jobId).digest("base64url");

  return {
    sign,
    verify(jobId, signature) {
      const expected = Buffer.from(sign(jobId));
      const given = Buffer.from(signature);
      // timingSafeEqual throws on unequal lengths; a length mismatch leaks only the (public) length.
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** `<PUBLIC_URL>/seedance/callback/<jobId>?sig=<sig>`; a path prefix in PUBLIC_URL is kept. */
export function callbackUrl(publicUrl: string, jobId: string, signer: CallbackSigner): string {
  const base = publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`;
  const url = new URL(`seedance/callback/${encodeURIComponent(jobId)}`, base);
  url.searchParams.set("sig", signer.sign(jobId));
  return url.toString();
}
