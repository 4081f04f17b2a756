import { CompliancePipeline } from './compliance-pipeline';
import { eachRecipient } from './each-recipient';
import { LinksRule } from './links/links-rule';
import { QuietHoursRule } from './marketing/quiet-hours-rule';
import { UnsubscribeTextRule } from './marketing/unsubscribe-text-rule';
import {
  ConsentPort,
  FrequencyCapPort,
  LinkDomainDirectory,
  ShortDomainDirectory,
  SuppressionPort,
} from './ports';
import { ConsentRule } from './state/consent-rule';
import { FrequencyCapRule } from './state/frequency-cap-rule';
import { SuppressionRule } from './state/suppression-rule';
import { TemplateVariablesRule } from './variables/template-variables-rule';
import { SensitiveWordsRule, WordListSource } from './words/sensitive-words-rule';

export interface PipelineDependencies {
  words: WordListSource;
  linkDomains: LinkDomainDirectory;
  shortDomains: ShortDomainDirectory;
  suppression: SuppressionPort;
  consent: ConsentPort;
  caps: FrequencyCapPort;
  maxSegments: number;
}

/**
 * The pipeline in its fixed order: what the recipient typed, then the final text (unsubscribe text is added
 * before the text checks so it is checked and counted too), then timing, then state — suppression and consent
 * before caps, which count.
 */
export function buildCompliancePipeline(deps: PipelineDependencies): CompliancePipeline {
  return new CompliancePipeline([
    eachRecipient(new TemplateVariablesRule()),
    new UnsubscribeTextRule(deps.maxSegments),
    eachRecipient(new SensitiveWordsRule(deps.words)),
    new LinksRule(deps.linkDomains, deps.shortDomains),
    new QuietHoursRule(),
    new SuppressionRule(deps.suppression),
    new ConsentRule(deps.consent),
    new FrequencyCapRule(deps.caps),
  ]);
}
