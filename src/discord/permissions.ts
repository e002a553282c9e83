import { PermissionFlagsBits } from "discord.js";
import { refuse } from "../i18n/refusal.js";
import type { Owners } from "../services/ops/owners.js";

interface Caller {
  readonly user: { readonly id: string };
  /** From the interaction payload: the caller's permissions in this channel. */
  readonly memberPermissions: { has(permission: bigint): boolean } | null;
}

/** Manage Server or Administrator (`has` counts Administrator as every permission). */
function isServerAdmin(caller: Caller): boolean {
  return caller.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/**
 * Checked at run time, not just hidden with default_member_permissions: server admins can
 * re-grant any command to anyone in Server Settings → Integrations.
 */
export function requireAdmin(caller: Caller, owners: Owners): void {
  if (owners.isOwner(caller.user.id) || isServerAdmin(caller)) return;
  throw refuse("refusals.adminOnly");
}

export function requireTopUpRight(caller: Caller, owners: Owners, adminsCanTopUp: boolean): void {
  if (owners.isOwner(caller.user.id)) return;
  if (adminsCanTopUp && isServerAdmin(caller)) return;
  throw refuse(adminsCanTopUp ? "refusals.topUpAdminsOnly" : "refusals.topUpOwnerOnly");
}
