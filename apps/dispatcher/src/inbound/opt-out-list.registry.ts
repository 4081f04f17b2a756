import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OptOutStore } from '@tongdao/compliance-state';
import { OptOutRegistry } from './opt-out-registry';

/**
 * The compliance module's opt-out list (issue 9b's `opt_outs`, through its store): an unsubscribe reply lists the
 * number for the account at once, keeping the first source and time of a number already listed.
 */
@Injectable()
export class OptOutListRegistry implements OptOutRegistry {
  private readonly optOuts = new OptOutStore();

  constructor(private readonly dataSource: DataSource) {}

  async addOptOut(accountId: string, phone: string, source: string): Promise<boolean> {
    const added = await this.optOuts.add(this.dataSource, accountId, [{ phone, source }]);
    return added.length === 1;
  }
}
