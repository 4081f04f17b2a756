/**
 * The account on whose behalf data is read or written. Every repository method for tenant data takes one;
 * `path` (ids from the root down to this account, `/a/b/c/`) lets queries check descendancy in SQL.
 */
export interface AccountScope {
  id: string;
  path: string;
}

/** True when `candidate` is `ancestor` itself or anywhere below it in the tree. */
export function isSameOrDescendant(candidatePath: string, ancestorPath: string): boolean {
  return candidatePath.startsWith(ancestorPath);
}

/** The ids on the path from the root down to (and including) the account, root first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

export function childPath(parentPath: string, childId: string): string {
  return `${parentPath}${childId}/`;
}
