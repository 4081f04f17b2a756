/** One composed recipient as the pipeline sees it. Rules may rewrite `content` (then segments are recounted). */
export interface ComplianceRecipient {
  readonly phone: string;
  /** The final text, 【signature】 included. */
  content: string;
  segments: number;
  encoding: string;
  readonly templateParams: Readonly<Record<string, string>> | null;
}
