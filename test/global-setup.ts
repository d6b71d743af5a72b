import { sharedContent } from './helpers/content.js';

/** Builds the retrieval index once, before the test files run in parallel and load it. */
export default async function setup() {
  await sharedContent();
}
