import type {
  ChannelName,
  ConversationState,
  ConversationStatus,
  Citation,
  Reply,
} from '../../domain/types.js';
import type { Lang } from '../../domain/language.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import type { Translator } from '../../i18n/translator.js';
import type { Retriever } from '../../retrieval/retriever.js';
import type { LexiconMatcher, SafetyMatcher } from '../safety/lexicon.js';
import type { Thresholds } from './free-text.js';
import type { LanguageGuess } from './negotiate-language.js';
import type { FlowSet } from '../../flows/flow-set.js';
import type { CentreDirectory } from '../../knowledge/centres.js';
import type { HandoffDesk } from '../handoff/desk.js';
import type { Office } from '../handoff/types.js';

export interface TurnInput {
  /** The channel the person writes on (the privacy notice names what it keeps of them there). */
  channel?: ChannelName;
  /** Kill switch: the channel's automatic answers are off; a mediator answers. */
  channelPaused?: boolean;
  text?: string;
  choice?: string;
  /** What the channel saw but the assistant cannot read as text: media, a shared place, another kind. */
  meta?: {
    media?: { kind: string; mimeType?: string };
    location?: { lat: number; lon: number };
    unsupported?: string;
    /** The separate questions of a long message (an e-mail), each to be answered. */
    questions?: string[];
    /** The person wrote faster than the per-sender limit: kept, and answered with one "slow down". */
    throttled?: boolean;
  };
  lang: Lang;
  /** The language the message seems to be in, when the conversation already has one. */
  detected?: LanguageGuess;
  state: ConversationState;
  status: ConversationStatus;
  topic: string | null;
}

export interface Decision {
  replies: Reply[];
  state: ConversationState;
  status: ConversationStatus;
  topic: string | null;
  escalated: boolean;
  /** Why a person is needed, when escalated; the office follows from a place the person gave. */
  handoff?: { reason: string; urgent: boolean; office: Office | null };
  citations: Citation[];
  /** Retrieval confidence of a free-text answer. */
  confidence?: number;
  /** Set when the person chose another language in this turn. */
  language?: Lang;
  /** The person confirmed that everything kept about them on this channel is to be erased. */
  erase?: boolean;
}

export interface DecideDeps {
  t: Translator;
  knowledge: KnowledgeBase;
  retriever: Retriever;
  safety: SafetyMatcher;
  flows: FlowSet;
  centres: CentreDirectory;
  /** Attempts to override or extract the assistant's instructions: declined as out of scope. */
  guardrails?: LexiconMatcher<'prompt-injection'>;
  /** A request, in the person's own words, to erase their data (confirmed before anything is erased). */
  privacyRequests?: LexiconMatcher<'erase-request'>;
  /** What the privacy notice tells: where the full notice is and how long data is kept. */
  privacy?: PrivacyFacts;
  thresholds?: Thresholds;
  /** Office hours and queue, to tell a person being handed over what happens next. */
  desk?: HandoffDesk;
  /** Kill switch: false answers typed questions only through the menus. */
  freeTextAnswers?: boolean;
}

export type Decide = (input: TurnInput) => Promise<Decision>;

export interface PrivacyFacts {
  /** The full privacy notice (a page of the service, or the agency's own). */
  noticeUrl: string;
  /** Conversations are deleted at the latest this many days after the last message. */
  keptDays: number;
  /** Conversations a mediator closed are deleted this many days after closing. */
  closedDays: number;
}
