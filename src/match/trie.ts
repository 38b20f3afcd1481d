/**
 * A token-level trie: each edge is one lower-cased token. Looking a phrase up costs one hash
 * lookup per token of the phrase, whatever the number of entries.
 */
export interface TrieNode<V> {
  children: Map<string, TrieNode<V>> | undefined;
  /** The values of every phrase ending here (several entries can share a lower-cased form). */
  values: V[] | undefined;
}

export class TokenTrie<V> {
  readonly root: TrieNode<V> = { children: undefined, values: undefined };
  private count = 0;
  /** One string object per distinct key: lookups with the very same object skip comparing characters. */
  private readonly keys = new Map<string, string>();

  /** Number of values inserted. */
  get size(): number {
    return this.count;
  }

  /** Inserts `value` under the phrase `keys` (already lower-cased). */
  insert(keys: readonly string[], value: V): void {
    let node = this.root;
    for (const k of keys) {
      let key = this.keys.get(k);
      if (key === undefined) this.keys.set(k, (key = k));
      node.children ??= new Map();
      let child = node.children.get(key);
      if (!child) {
        child = { children: undefined, values: undefined };
        node.children.set(key, child);
      }
      node = child;
    }
    (node.values ??= []).push(value);
    this.count++;
  }

  /** The trie's own copy of `key` when some phrase contains it: use it for faster lookups. */
  canonical(key: string): string | undefined {
    return this.keys.get(key);
  }

  /**
   * Walks the trie from token `start` and calls `visit(end, values)` for every phrase that ends
   * at token `end` (exclusive), shortest first.
   */
  walk(keys: readonly string[], start: number, visit: (end: number, values: readonly V[]) => void): void {
    let node: TrieNode<V> | undefined = this.root;
    for (let i = start; i < keys.length; i++) {
      node = node.children?.get(keys[i]!);
      if (!node) return;
      if (node.values) visit(i + 1, node.values);
    }
  }
}
