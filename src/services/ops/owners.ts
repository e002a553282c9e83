/**
 * The bot owners (DESIGN §1): the configured ids plus the application's owner or team members,
 * which Discord tells us after login.
 */
export function createOwners(configuredIds: readonly string[]) {
  let ids = new Set(configuredIds);

  return {
    isOwner(userId: string): boolean {
      return ids.has(userId);
    },
    addApplicationOwners(ownerIds: readonly string[]): void {
      ids = new Set([...configuredIds, ...ownerIds]);
    },
    list(): string[] {
      return [...ids];
    },
  };
}

export type Owners = ReturnType<typeof createOwners>;
