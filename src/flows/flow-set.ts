import {
  FlowError,
  ARTICLE_PARTS,
  type ArticlePart,
  type Flow,
  type Label,
  type Step,
} from './definition.js';

/** Where a person is: a step of a flow and, for an article, the part on screen. */
export interface Position {
  flow: string;
  step: string;
  part?: ArticlePart;
}

export const MAIN_FLOW = 'main';

/** `flow/step` or `flow/step@part`: the form kept in the conversation state and in choice ids. */
export function formatPosition({ flow, step, part }: Position): string {
  return part && part !== 'overview' ? `${flow}/${step}@${part}` : `${flow}/${step}`;
}

export function parsePosition(value: unknown): Position | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([a-z0-9-]+)\/([a-z0-9-]+)(?:@([a-z]+))?$/.exec(value);
  if (!match) return undefined;
  const part = match[3] as ArticlePart | undefined;
  if (part && !ARTICLE_PARTS.includes(part)) return undefined;
  return { flow: match[1]!, step: match[2]!, ...(part ? { part } : {}) };
}

/** What the flows refer to, so a typo in a flow fails at start rather than in front of a person. */
export interface FlowReferences {
  hasTopic(id: string): boolean;
  hasArea(id: string): boolean;
  hasArticle(id: string): boolean;
  hasKey(key: string): boolean;
}

export interface FlowSet {
  readonly flows: ReadonlyMap<string, Flow>;
  step(position: Position): Step | undefined;
  start(flowId: string): Position;
  /** A step's `next`: a step of the same flow, or `flow:<id>`. */
  resolve(target: string, from: string): Position;
  main(): Position;
  /** The information step that shows an article, so an answer found by retrieval lands in its flow. */
  articlePosition(articleId: string): Position | undefined;
  /** Where a topic chosen from a list of topics leads. */
  topicPosition(topicId: string): Position | undefined;
  /** The flow a free-text answer on this topic continues into. */
  triggeredBy(topicId: string): string | undefined;
  /** The topic of the flow a position belongs to, for flows that are about one topic. */
  topicOf(position: Position): string | undefined;
}

export function createFlowSet(list: Flow[], refs: FlowReferences): FlowSet {
  const flows = new Map<string, Flow>();
  for (const flow of list) {
    if (flows.has(flow.id)) throw new FlowError(`two flows are called "${flow.id}"`);
    flows.set(flow.id, flow);
  }
  if (!flows.has(MAIN_FLOW)) throw new FlowError(`no "${MAIN_FLOW}" flow`);

  const resolve = (target: string, from: string): Position => {
    if (target.startsWith('flow:')) {
      const flowId = target.slice('flow:'.length);
      const flow = flows.get(flowId);
      if (!flow) throw new FlowError(`${from}: no flow "${flowId}"`);
      return { flow: flowId, step: flow.start };
    }
    return { flow: from, step: target };
  };

  const errors = check(flows, resolve, refs);
  if (errors.length) throw new FlowError(`flows: ${errors.slice(0, 5).join('; ')}`);

  const articlePositions = new Map<string, Position>();
  const topicPositions = new Map<string, Position>();
  const triggers = new Map<string, string>();
  for (const flow of flows.values()) {
    for (const topic of flow.triggers) triggers.set(topic, flow.id);
    for (const [stepId, step] of Object.entries(flow.steps)) {
      if (step.kind === 'information' && step.article && !articlePositions.has(step.article))
        articlePositions.set(step.article, { flow: flow.id, step: stepId });
      for (const option of 'options' in step ? step.options : []) {
        if ('topic' in option.label && !topicPositions.has(option.label.topic))
          topicPositions.set(option.label.topic, resolve(option.next, flow.id));
      }
    }
  }

  return {
    flows,
    step: (position) => flows.get(position.flow)?.steps[position.step],
    start: (flowId) => resolve(`flow:${flowId}`, MAIN_FLOW),
    resolve,
    main: () => resolve(`flow:${MAIN_FLOW}`, MAIN_FLOW),
    articlePosition: (articleId) => articlePositions.get(articleId),
    topicPosition: (topicId) => topicPositions.get(topicId),
    triggeredBy: (topicId) => triggers.get(topicId),
    topicOf: (position) => flows.get(position.flow)?.topic,
  };
}

function labelsOf(step: Step): Label[] {
  const labels: Label[] = [];
  if ('prompt' in step) labels.push(...step.prompt);
  if ('options' in step) labels.push(...step.options.map((o) => o.label));
  if ('text' in step) labels.push({ key: step.text });
  if (step.kind === 'information' && step.article) labels.push({ article: step.article });
  return labels;
}

function targetsOf(step: Step): string[] {
  const targets = 'options' in step ? step.options.map((o) => o.next) : [];
  if (step.kind === 'question')
    targets.push(...(typeof step.next === 'string' ? [step.next] : [step.next.yes, step.next.no]));
  return targets;
}

/** Every reference resolves, and every step can be reached from the main menu. */
function check(
  flows: Map<string, Flow>,
  resolve: (target: string, from: string) => Position,
  refs: FlowReferences,
): string[] {
  const errors: string[] = [];
  for (const flow of flows.values()) {
    if (!flow.steps[flow.start]) errors.push(`${flow.id}: no start step "${flow.start}"`);
    if (flow.topic && !refs.hasTopic(flow.topic)) errors.push(`${flow.id}: unknown topic "${flow.topic}"`);
    for (const topic of flow.triggers)
      if (!refs.hasTopic(topic)) errors.push(`${flow.id}: unknown trigger topic "${topic}"`);
    for (const [stepId, step] of Object.entries(flow.steps)) {
      const at = `${flow.id}/${stepId}`;
      for (const label of labelsOf(step)) {
        if ('key' in label && !refs.hasKey(label.key)) errors.push(`${at}: no text "${label.key}"`);
        if ('topic' in label && !refs.hasTopic(label.topic))
          errors.push(`${at}: unknown topic "${label.topic}"`);
        if ('area' in label && label.area && !refs.hasArea(label.area))
          errors.push(`${at}: unknown area "${label.area}"`);
        if ('article' in label && !refs.hasArticle(label.article))
          errors.push(`${at}: unknown article "${label.article}"`);
      }
      for (const target of targetsOf(step)) {
        try {
          const position = resolve(target, flow.id);
          if (!flows.get(position.flow)?.steps[position.step]) errors.push(`${at}: no step "${target}"`);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    }
  }
  if (errors.length) return errors;

  const seen = new Set<string>();
  const queue = [resolve(`flow:${MAIN_FLOW}`, MAIN_FLOW)];
  while (queue.length) {
    const position = queue.pop()!;
    const name = `${position.flow}/${position.step}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const step = flows.get(position.flow)!.steps[position.step]!;
    for (const target of targetsOf(step)) queue.push(resolve(target, position.flow));
  }
  for (const flow of flows.values())
    for (const stepId of Object.keys(flow.steps))
      if (!seen.has(`${flow.id}/${stepId}`))
        errors.push(`${flow.id}/${stepId}: cannot be reached from the main menu`);
  return errors;
}
