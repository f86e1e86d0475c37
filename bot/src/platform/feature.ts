import type { Partnership } from '@pathways/core';
import type { Router } from 'express';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from './auth/token-verifier';
import type { Config } from './config/config';
import type { Tables } from './db/schema';
import type { GraphGateway } from './graph';
import type { JobQueue, QueueSettings } from './jobs/job-queue';
import type { Logger } from './logging';
import type { CardVerbs, Conversation, SearchHandler } from './teams/chat-registry';
import type { TeamsGateway } from './teams/teams-contract';

/**
 * The one way a feature plugs into the service (bot/src/features.ts lists them): the job
 * queues it owns, then, once the platform is up, its chat handlers, its REST API and its
 * workers. The platform knows features only through this contract.
 */
export interface FeatureDefinition {
  readonly name: string;
  /** The job queues the feature works, created at start (retry settings per queue). */
  readonly queues: Readonly<Record<string, Partial<QueueSettings>>>;
  create(platform: Platform): Feature;
}

export interface Feature {
  /** Chat itself: messages, installation and message actions (one feature, the first). */
  readonly conversation?: Conversation;
  /** The Adaptive Card verbs it acts on: its entries in the one registry of verbs. */
  readonly cardVerbs?: CardVerbs;
  /** The card typeahead datasets it answers. */
  readonly searches?: Readonly<Record<string, SearchHandler>>;
  /** Routers mounted under /api, in this order. */
  readonly api?: readonly Router[];
  /** Works its queues and schedules (only on instances that run workers). */
  startWorkers?(teams: TeamsGateway): Promise<void>;
}

/**
 * What the platform gives every feature: one Platform per served partnership (PARTNERSHIPS),
 * everything in it acting for that partnership alone.
 */
export interface Platform {
  config: Config;
  db: Kysely<Tables>;
  jobs: JobQueue;
  partnership: Partnership;
  logger: Logger;
  graph: GraphGateway;
  verifier: TokenVerifier;
  /** The repository root (the partnership's assets are under core/src/partnerships/assets). */
  rootDir: string;
  /** The partnership's Business Unit channel, where its records are routed. */
  businessUnit: { serviceUrl: string; channelId: string; tenantId: string };
  /** The Business Unit's mailbox briefings and invitations are sent from (unset: not sent). */
  businessUnitMailbox: string | undefined;
  /** The Planner plan recommendations are tracked in (unset: tracked in Pathways only). */
  planId: string | undefined;
}
