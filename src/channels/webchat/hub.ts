/** What the widget receives for each message it shows. */
export interface WebchatEvent {
  id: string;
  author: 'contact' | 'bot' | 'mediator' | 'system';
  text: string;
  lang?: string;
  choices?: { id: string; label: string }[];
  citations?: { title: string; url: string; lastVerified: string }[];
  links?: { label: string; url: string }[];
  createdAt: number;
}

type Listener = (event: WebchatEvent) => void;

/**
 * In-process fan-out from the outbox to the open widget streams of one visitor. A visitor with no
 * open stream loses nothing: the widget reads the history when it reconnects.
 */
export function createWebchatHub() {
  const listeners = new Map<string, Set<Listener>>();
  return {
    subscribe(address: string, listener: Listener): () => void {
      const set = listeners.get(address) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(address, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(address);
      };
    },
    publish(address: string, event: WebchatEvent): number {
      const set = listeners.get(address);
      for (const listener of set ?? []) listener(event);
      return set?.size ?? 0;
    },
  };
}

export type WebchatHub = ReturnType<typeof createWebchatHub>;
