import { getLIDModel } from 'fasttext.wasm.js';
import type { GeneralIdentifier } from '../core/language/detect.js';

/**
 * fastText's lid.176 model (176 languages, shipped inside the npm package: no download), loaded once.
 * Prediction is synchronous after loading.
 */
export async function loadFastTextIdentifier(): Promise<GeneralIdentifier> {
  const lid = await getLIDModel();
  const model = await lid.load();
  return (text) => {
    const result = model.predict(text.replace(/\n/g, ' '), 5, 0);
    const out: { lang: string; p: number }[] = [];
    for (let i = 0; i < result.size(); i++) {
      const [p, label] = result.get(i);
      out.push({ lang: String(label).replace('__label__', ''), p: Number(p) });
    }
    return out;
  };
}
