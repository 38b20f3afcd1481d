/**
 * A token-level trie: each edge is one lower-cased token. Looking a phrase up costs one hash
 * lookup per token of the phrase, whatever the number of entries.
 */
export interface TrieNode<V> {
  /** The token on the edge into this node, as the trie holds it ('' for the root). */
  key: string;
  /**
   * The only child, when there is exactly one (most nodes below the root): a Map per node would
   * cost about 150 bytes each, which adds up to hundreds of MB with a million entries.
   */
  onlyKey: string | undefined;
  only: TrieNode<V> | undefined;
  /** The children, when there are several (the root always keeps its children here). */
  children: Map<string, TrieNode<V>> | undefined;
  /** The values of every phrase ending here (several entries can share a lower-cased form). */
  values: V[] | undefined;
}

function newNode<V>(key: string): TrieNode<V> {
  return { key, onlyKey: undefined, only: undefined, children: undefined, values: undefined };
}

/** The child of `node` along the edge `key`, if any. */
export function childOf<V>(node: TrieNode<V>, key: string): TrieNode<V> | undefined {
  if (node.only !== undefined) return node.onlyKey === key ? node.only : undefined;
  return node.children?.get(key);
}

export class TokenTrie<V> {
  readonly root: TrieNode<V> = newNode('');
  private count = 0;

  /** Number of values inserted. */
  get size(): number {
    return this.count;
  }

  /** Inserts `value` under the phrase `keys` (already lower-cased, or lower-cased by `toKey`). */
  insert(keys: readonly string[], value: V, toKey?: (key: string) => string): void {
    let node = this.root;
    for (const k of keys) {
      const key = toKey ? toKey(k) : k;
      let child: TrieNode<V> | undefined;
      if (node.children !== undefined || node === this.root) {
        node.children ??= new Map();
        child = node.children.get(key);
        if (child === undefined) node.children.set(key, (child = newNode(key)));
      } else if (node.only === undefined) {
        node.onlyKey = key;
        node.only = child = newNode(key);
      } else if (node.onlyKey === key) {
        child = node.only;
      } else {
        child = newNode(key);
        node.children = new Map([[node.onlyKey!, node.only], [key, child]]);
        node.onlyKey = undefined;
        node.only = undefined;
      }
      node = child;
    }
    // Most phrases have one value: `[value]` is allocated at its size, `[].push` with room for 17.
    if (node.values === undefined) node.values = [value];
    else node.values.push(value);
    this.count++;
  }

  /**
   * Walks the trie from token `start` and calls `visit(end, values)` for every phrase that ends
   * at token `end` (exclusive), shortest first.
   */
  walk(keys: readonly string[], start: number, visit: (end: number, values: readonly V[]) => void): void {
    let node: TrieNode<V> | undefined = this.root;
    for (let i = start; i < keys.length; i++) {
      node = childOf(node, keys[i]!);
      if (!node) return;
      if (node.values) visit(i + 1, node.values);
    }
  }
}
