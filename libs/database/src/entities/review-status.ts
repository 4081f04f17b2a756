export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export type TemplateReviewStatus = 'submitted' | 'approved' | 'rejected';
export type MessageKind = 'verification' | 'notification' | 'marketing';
export const MESSAGE_KINDS: readonly MessageKind[] = ['verification', 'notification', 'marketing'];
