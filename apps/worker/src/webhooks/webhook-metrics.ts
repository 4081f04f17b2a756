import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@tongdao/platform';

/** The worker's webhook metrics, created once per process. */
@Injectable()
export class WebhookMetrics {
  readonly requests: Counter<'kind' | 'outcome'>;
  readonly eventsDelivered: Counter<'kind'>;
  readonly eventsQueued: Counter<'kind'>;
  readonly deadLettered: Counter<'kind'>;
  readonly requestDuration: Histogram<'kind'>;
  readonly deliveryLatency: Histogram<'kind'>;
  readonly busySenders: Gauge;
  readonly backlog: Gauge<'account'>;
  readonly oldestPending: Gauge<'account'>;
  readonly deadLetters: Gauge<'account'>;
  readonly replyStreamLag: Gauge;

  constructor(metrics: MetricsService) {
    this.requests = metrics.counter(
      'tongdao_webhook_requests_total',
      'Webhook POSTs by outcome: delivered, http_error, redirect, timeout, network, unsafe_target (error: not sent)',
      ['kind', 'outcome'],
    );
    this.eventsDelivered = metrics.counter(
      'tongdao_webhook_events_delivered_total',
      'Webhook events delivered',
      ['kind'],
    );
    this.eventsQueued = metrics.counter(
      'tongdao_webhook_events_queued_total',
      'Webhook events queued for delivery',
      ['kind'],
    );
    this.deadLettered = metrics.counter(
      'tongdao_webhook_dead_lettered_total',
      'Webhook events given up after the retry window (kept as dead letters)',
      ['kind'],
    );
    this.requestDuration = metrics.histogram(
      'tongdao_webhook_request_duration_seconds',
      'Duration of webhook POSTs, any outcome',
      ['kind'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.deliveryLatency = metrics.histogram(
      'tongdao_webhook_delivery_latency_seconds',
      'From the event (status change or reply) to its successful delivery',
      ['kind'],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400],
    );
    this.busySenders = metrics.gauge(
      'tongdao_webhook_senders_busy',
      'Webhook lanes this worker is sending now',
    );
    this.backlog = metrics.gauge(
      'tongdao_webhook_backlog_events',
      'Webhook events waiting for delivery per account (the largest backlogs; the rest summed as "other")',
      ['account'],
    );
    this.oldestPending = metrics.gauge(
      'tongdao_webhook_oldest_pending_seconds',
      'Age of the oldest webhook event waiting for delivery per account',
      ['account'],
    );
    this.deadLetters = metrics.gauge('tongdao_webhook_dead_letters', 'Dead letters kept per account', [
      'account',
    ]);
    this.replyStreamLag = metrics.gauge(
      'tongdao_reply_stream_lag_seconds',
      'Age of the newest reply the webhook fan-out has handled when it handled it (0 when caught up)',
    );
  }
}
