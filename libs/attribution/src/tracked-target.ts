/** Query parameters Tongdao sets itself; account parameters may not use these names. */
export const RESERVED_UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;

export interface TrackingParams {
  /** The message kind: verification, notification or marketing (utm_medium). */
  kind: string;
  /** utm_campaign: the campaign reference, else the batch id; omitted when neither exists. */
  campaign: string | null;
  /** utm_content: the wording variant (template id by default), omitted when null. */
  content: string | null;
  /** Parameters the account adds to every link of the request, in order. */
  extra: Readonly<Record<string, string>>;
}

/**
 * The target a per-recipient link redirects to: the customer's URL with the UTM parameters and the account's own
 * parameters added. Parameters already present in the customer's URL win: a customer who wrote
 * `utm_campaign=spring` in the target meant it. The fragment stays at the end, where browsers expect it.
 */
export function buildTrackedTarget(target: string, tracking: TrackingParams): string {
  const url = new URL(target);
  const setIfAbsent = (name: string, value: string | null): void => {
    if (value !== null && value !== '' && !url.searchParams.has(name)) url.searchParams.append(name, value);
  };
  setIfAbsent('utm_source', 'sms');
  setIfAbsent('utm_medium', tracking.kind);
  setIfAbsent('utm_campaign', tracking.campaign);
  setIfAbsent('utm_content', tracking.content);
  for (const [name, value] of Object.entries(tracking.extra)) setIfAbsent(name, value);
  return url.toString();
}

/**
 * Adds the click id to a stored target at redirect time (each click has its own id). Replaces a value already there
 * under that name, so a target copied from an earlier click does not carry two ids.
 */
export function appendClickId(target: string, parameter: string, clickId: string): string {
  const url = new URL(target);
  url.searchParams.set(parameter, clickId);
  return url.toString();
}

/** Why a set of account parameters cannot be used, or null. */
export function extraParamsProblem(
  extra: Readonly<Record<string, unknown>>,
  clickIdParam: string,
): { field: string; message: string } | null {
  const names = Object.keys(extra);
  if (names.length > 20) return { field: 'link.params', message: 'at most 20 parameters' };
  for (const name of names) {
    const value = extra[name];
    const field = `link.params.${name}`;
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(name))
      return { field, message: 'parameter names are 1-40 letters, digits, _ . or -' };
    if ((RESERVED_UTM_PARAMS as readonly string[]).includes(name) || name === clickIdParam)
      return { field, message: `${name} is set by Tongdao` };
    if (typeof value !== 'string' || value.length === 0 || value.length > 200)
      return { field, message: 'parameter values are strings of 1-200 characters' };
  }
  return null;
}
