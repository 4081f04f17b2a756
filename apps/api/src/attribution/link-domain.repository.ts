import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, ShortDomainRepository } from '@tongdao/database';

/** Which approved short domain a message's links go on. Reads issue 8a's `short_domains`. */
@Injectable()
export class LinkDomainRepository {
  private readonly domains = new ShortDomainRepository();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The named host when the sender, an ancestor or the platform holds it approved; without a name the sender's
   * nearest approved domain (its own, else the closest ancestor's), else the platform default.
   */
  async usableFor(
    pathIdsRootFirst: readonly string[],
    host: string | null,
  ): Promise<{ id: string; host: string } | null> {
    if (host !== null) return this.domains.findUsable(this.dataSource, pathIdsRootFirst, host);
    const own = await queryRows<{ id: string; host: string }>(
      this.dataSource,
      `SELECT id, host FROM short_domains WHERE status = 'approved' AND account_id = ANY($1::uuid[])
        ORDER BY array_position($1::uuid[], account_id) DESC, created_at LIMIT 1`,
      [pathIdsRootFirst],
    );
    return own[0] ?? (await this.domains.findUsable(this.dataSource, pathIdsRootFirst));
  }
}
