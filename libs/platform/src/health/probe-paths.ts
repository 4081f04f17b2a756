/** The routes every app serves through Nest for liveness, readiness and Prometheus scrapes. */
export const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz', '/metrics'];
