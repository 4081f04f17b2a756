import {
  CapCheckRequest,
  CapVerdict,
  ConsentPort,
  FrequencyCapPort,
  LinkDomainDirectory,
  ShortDomainDirectory,
  Suppression,
  SuppressionPort,
} from '../ports';

/** Unit-test adapters of the ports; they count their calls so tests can assert one call per batch. */
export class InMemoryCaps implements FrequencyCapPort {
  calls: { method: 'reserve' | 'peek' | 'release'; request: CapCheckRequest }[] = [];
  readonly counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  async reserve(request: CapCheckRequest): Promise<CapVerdict[]> {
    this.calls.push({ method: 'reserve', request });
    return request.phones.map((phone) => {
      const used = this.counts.get(phone) ?? 0;
      if (used >= this.limit) return this.full(request);
      this.counts.set(phone, used + 1);
      return { ok: true };
    });
  }

  async peek(request: CapCheckRequest): Promise<CapVerdict[]> {
    this.calls.push({ method: 'peek', request });
    return request.phones.map((phone) =>
      (this.counts.get(phone) ?? 0) >= this.limit ? this.full(request) : { ok: true },
    );
  }

  async release(request: CapCheckRequest): Promise<void> {
    this.calls.push({ method: 'release', request });
    for (const phone of request.phones)
      this.counts.set(phone, Math.max(0, (this.counts.get(phone) ?? 0) - 1));
  }

  private full(request: CapCheckRequest): CapVerdict {
    return {
      ok: false,
      cap: `${request.kind}:${this.limit}/day`,
      freesAt: new Date(request.now.getTime() + 86_400_000),
    };
  }
}

export class InMemorySuppression implements SuppressionPort {
  calls = 0;
  constructor(readonly entries = new Map<string, Suppression>()) {}
  async suppressed(_accountId: string, phones: readonly string[]): Promise<Map<string, Suppression>> {
    this.calls++;
    const found = new Map<string, Suppression>();
    for (const phone of phones) {
      const entry = this.entries.get(phone);
      if (entry) found.set(phone, entry);
    }
    return found;
  }
}

export class InMemoryConsent implements ConsentPort {
  calls = 0;
  constructor(readonly consented: Set<string> | null = null) {}
  async missingConsent(_accountId: string, phones: readonly string[]): Promise<Set<string>> {
    this.calls++;
    if (!this.consented) return new Set();
    return new Set(phones.filter((phone) => !this.consented!.has(phone)));
  }
}

export class StaticLinkDomains implements LinkDomainDirectory, ShortDomainDirectory {
  constructor(
    private readonly registered: readonly string[],
    private readonly shortHosts: readonly string[],
  ) {}
  async registeredHosts(): Promise<readonly string[]> {
    return this.registered;
  }
  async isTongdaoShortHost(host: string): Promise<boolean> {
    return this.shortHosts.includes(host);
  }
}
