// The one status machine lives in @tongdao/lifecycle; the entities re-export it for their column types.
export { FINAL_MESSAGE_STATUSES, MESSAGE_STATUSES, MessageStatus } from '@tongdao/lifecycle';
