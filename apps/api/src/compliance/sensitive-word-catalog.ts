import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { SensitiveWord, SensitiveWordList, TextNormalizer, WordListSource } from '@tongdao/compliance';
import { APP_CONFIG } from '@tongdao/platform';
import { ComplianceRepository } from './compliance.repository';

interface CompiledLists {
  version: string;
  platform: SensitiveWordList;
  accounts: Map<string, SensitiveWordList>;
}

/**
 * The compiled word lists of this process. Loaded at start; every API process polls the list version
 * (`compliance_list_versions`) and recompiles when it moved, so a change reaches all processes within
 * COMPLIANCE_WORDS_RELOAD_MS without a restart. The process that made a change reloads at once. Matching never
 * waits for a reload: the old lists serve until the new ones are compiled.
 */
@Injectable()
export class SensitiveWordCatalog implements WordListSource, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SensitiveWordCatalog.name);
  private readonly normalizer = new TextNormalizer();
  private lists: CompiledLists;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly repository: ComplianceRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.lists = this.compile('-1', []);
  }

  /** After every onModuleInit, so after the schema migration of a fresh database. */
  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.poll(), this.config.compliance.wordsReloadMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get version(): string {
    return this.lists.version;
  }

  get platformSize(): number {
    return this.lists.platform.size;
  }

  listsFor(accountId: string): readonly SensitiveWordList[] {
    const own = this.lists.accounts.get(accountId);
    return own ? [this.lists.platform, own] : [this.lists.platform];
  }

  /** Reloads now if the stored version differs from the compiled one. */
  async reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => (this.reloading = null));
    return this.reloading;
  }

  private async poll(): Promise<void> {
    try {
      if ((await this.repository.wordsVersion()) !== this.lists.version) await this.reload();
    } catch (error) {
      this.logger.warn(`sensitive-word reload check failed: ${(error as Error).message}`);
    }
  }

  private async load(): Promise<void> {
    const version = await this.repository.wordsVersion();
    const words = await this.repository.loadWords();
    this.lists = this.compile(version, words);
    this.logger.log(`sensitive words v${version}: ${words.length} words`);
  }

  private compile(version: string, words: readonly SensitiveWord[]): CompiledLists {
    const byAccount = new Map<string, SensitiveWord[]>();
    const platform: SensitiveWord[] = [];
    for (const word of words) {
      if (word.accountId === null) platform.push(word);
      else {
        let own = byAccount.get(word.accountId);
        if (!own) byAccount.set(word.accountId, (own = []));
        own.push(word);
      }
    }
    const accounts = new Map<string, SensitiveWordList>();
    for (const [accountId, list] of byAccount)
      accounts.set(accountId, new SensitiveWordList(list, this.normalizer));
    return { version, platform: new SensitiveWordList(platform, this.normalizer), accounts };
  }
}
