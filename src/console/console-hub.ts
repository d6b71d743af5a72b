/** Who is watching the console live: every change to a conversation wakes the queue and its viewers. */
export function createConsoleHub() {
  const listeners = new Set<(conversationId: string) => void>();
  return {
    subscribe(listener: (conversationId: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changed(conversationId: string) {
      for (const listener of listeners) listener(conversationId);
    },
  };
}

export type ConsoleHub = ReturnType<typeof createConsoleHub>;
