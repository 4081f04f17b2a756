export type ReviewStatus = 'pending' | 'approved' | 'rejected';
export type TemplateReviewStatus = 'submitted' | 'approved' | 'rejected';
export type { MessageKind } from '@tongdao/lifecycle';
export { MESSAGE_KINDS } from '@tongdao/lifecycle';
