import type { z } from "zod";
import { discordErrors, type FakeApiError, type FormErrors } from "./errors.js";

/** Parses a body with a schema; a failure becomes Discord's 400 Invalid Form Body (50035). */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw invalidForm(result.error.issues);
}

export function invalidForm(issues: readonly z.core.$ZodIssue[]): FakeApiError {
  const errors: FormErrors = {};
  for (const issue of issues) {
    let node = errors;
    for (const key of issue.path) {
      const child = node[String(key)];
      const next: FormErrors = child && !Array.isArray(child) ? child : {};
      node[String(key)] = next;
      node = next;
    }
    const list = node._errors;
    const entry = describe(issue);
    if (Array.isArray(list)) list.push(entry);
    else node._errors = [entry];
  }
  return discordErrors.invalidFormBody(errors);
}

/** Discord's error codes and wording for the checks the fake makes. */
function describe(issue: z.core.$ZodIssue): { code: string; message: string } {
  switch (issue.code) {
    case "too_big":
      return issue.origin === "number" || issue.origin === "int"
        ? {
            code: "NUMBER_TYPE_MAX",
            message: `int value should be less than or equal to ${issue.maximum}.`,
          }
        : { code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${issue.maximum} or fewer in length.` };
    case "too_small":
      return issue.origin === "number" || issue.origin === "int"
        ? {
            code: "NUMBER_TYPE_MIN",
            message: `int value should be greater than or equal to ${issue.minimum}.`,
          }
        : { code: "BASE_TYPE_MIN_LENGTH", message: `Must be ${issue.minimum} or more in length.` };
    case "invalid_type":
      return issue.input === undefined
        ? { code: "BASE_TYPE_REQUIRED", message: "This field is required" }
        : { code: "BASE_TYPE_BAD_TYPE", message: `Value must be of type ${issue.expected}.` };
    case "custom":
      return { code: String(issue.params?.code ?? "INVALID"), message: issue.message };
    default:
      return { code: "BASE_TYPE_INVALID", message: issue.message };
  }
}
