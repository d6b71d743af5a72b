// One definition of a percentile for the benchmark and the eval runner.
export { percentile } from '../evals/lib/metrics.js';

export async function timeEach<T>(
  items: T[],
  run: (item: T) => unknown | Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    times.push(performance.now() - started);
  }
  return times;
}

export const ms = (x: number) => `${x.toFixed(3)} ms`;
export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
