import { formatMinor } from '@tongdao/attribution';
import { StoredConversion } from '@tongdao/attribution-store';

export interface ConversionView {
  id: string;
  event: string;
  value: string | null;
  value_minor: number | null;
  currency: string;
  click_id: string | null;
  link_id: string;
  message_id: string | null;
  recipient_id: string | null;
  batch_id: string | null;
  campaign_ref: string | null;
  occurred_at: string;
  created_at: string;
  idempotency_key: string | null;
}

export function conversionView(conversion: StoredConversion): ConversionView {
  return {
    id: conversion.id,
    event: conversion.event,
    value: conversion.valueMinor === null ? null : formatMinor(conversion.valueMinor),
    value_minor: conversion.valueMinor,
    currency: conversion.currency,
    click_id: conversion.clickId,
    link_id: conversion.linkId,
    message_id: conversion.messageId,
    recipient_id: conversion.recipientId,
    batch_id: conversion.batchId,
    campaign_ref: conversion.campaignRef,
    occurred_at: new Date(conversion.occurredAt).toISOString(),
    created_at: new Date(conversion.createdAt).toISOString(),
    idempotency_key: conversion.idempotencyKey,
  };
}
