import { Module } from '@nestjs/common';
import { ReplyRoutesConsumer } from './reply-routes.consumer';
import { ReplyRoutesRepository } from './reply-routes.repository';

/** Inbound-reply work in the worker: the last-message routes replies without an extension are routed by. */
@Module({ providers: [ReplyRoutesRepository, ReplyRoutesConsumer] })
export class WorkerRepliesModule {}
