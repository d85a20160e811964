import { Module } from '@nestjs/common';
import { FeedTokensService } from './feed-tokens.service';
import { FollowUpsService } from './follow-ups.service';

@Module({ providers: [FollowUpsService, FeedTokensService], exports: [FollowUpsService, FeedTokensService] })
export class FollowUpsModule {}
