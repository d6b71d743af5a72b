import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddingsRequest {
  authorization: string | undefined;
  model: string;
  input: string[];
  encodingFormat: string | undefined;
}

/** A deterministic embedding for the stand-in: hashed character trigrams, so similar texts are close. */
function fakeEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const t = ` ${text.toLowerCase()} `;
  for (let i = 0; i + 3 <= t.length; i++) {
    let h = 2166136261;
    for (let j = i; j < i + 3; j++) h = Math.imul(h ^ t.charCodeAt(j), 16777619);
    v[(h >>> 0) % dim]! += 1;
  }
  return v;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A small OpenAI-compatible server on 127.0.0.1 that speaks the documented embeddings protocol
 * (POST /v1/embeddings), so the real @langchain/openai client code runs against it.
 */
export async function startOpenAIStandIn({ dim = 64, apiKey = 'test-key' } = {}) {
  const requests: EmbeddingsRequest[] = [];
  let failures = 0;
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (req.method !== 'POST' || req.url !== '/v1/embeddings')
      return send(404, { error: { message: 'not found' } });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    if (failures > 0) {
      failures -= 1;
      return send(500, { error: { message: 'The server had an error', type: 'server_error' } });
    }
    const json = JSON.parse(await body(req)) as {
      model: string;
      input: string | string[];
      encoding_format?: string;
    };
    const input = Array.isArray(json.input) ? json.input : [json.input];
    requests.push({
      authorization: req.headers.authorization,
      model: json.model,
      input,
      encodingFormat: json.encoding_format,
    });
    send(200, {
      object: 'list',
      model: json.model,
      data: input.map((text, index) => {
        const vector = fakeEmbedding(text, dim);
        const embedding =
          json.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      }),
      usage: { prompt_tokens: input.length, total_tokens: input.length },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failNext(n: number) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
