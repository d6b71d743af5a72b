/**
 * A small Prometheus registry: counters and histograms with labels, and gauges read at scrape time.
 * Labels are channels, languages, reasons: never message text, names or addresses.
 */

type Labels = Record<string, string>;

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
};
const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

interface Series<T> {
  labels: Labels;
  value: T;
}

export function createMetrics() {
  const lines: (() => Promise<string[]> | string[])[] = [];

  function counter(name: string, help: string) {
    const series = new Map<string, Series<number>>();
    lines.push(() => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} counter`,
      ...[...series.values()].map((s) => `${name}${labelText(s.labels)} ${s.value}`),
    ]);
    return {
      inc(labels: Labels = {}, by = 1) {
        const key = keyOf(labels);
        const s = series.get(key) ?? { labels, value: 0 };
        s.value += by;
        series.set(key, s);
      },
    };
  }

  function histogram(name: string, help: string, buckets: number[]) {
    const series = new Map<string, Series<{ counts: number[]; sum: number; count: number }>>();
    lines.push(() => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} histogram`,
      ...[...series.values()].flatMap((s) => [
        ...buckets.map(
          (b, i) => `${name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.value.counts[i]}`,
        ),
        `${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.value.count}`,
        `${name}_sum${labelText(s.labels)} ${s.value.sum}`,
        `${name}_count${labelText(s.labels)} ${s.value.count}`,
      ]),
    ]);
    return {
      observe(value: number, labels: Labels = {}) {
        const key = keyOf(labels);
        const s = series.get(key) ?? { labels, value: { counts: buckets.map(() => 0), sum: 0, count: 0 } };
        buckets.forEach((b, i) => {
          if (value <= b) s.value.counts[i]! += 1;
        });
        s.value.sum += value;
        s.value.count += 1;
        series.set(key, s);
      },
    };
  }

  /** A value read when Prometheus scrapes (queue length, outbox depth). */
  function gauge(name: string, help: string, read: () => Promise<Series<number>[]>) {
    lines.push(async () => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} gauge`,
      ...(await read()).map((s) => `${name}${labelText(s.labels)} ${s.value}`),
    ]);
  }

  return {
    counter,
    histogram,
    gauge,
    /** The text exposition format (version 0.0.4). */
    async render(): Promise<string> {
      const out: string[] = [];
      for (const section of lines) out.push(...(await section()));
      return `${out.join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
