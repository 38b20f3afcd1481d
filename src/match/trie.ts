/**
 * A token-level trie: each edge is one lower-cased token. Nodes are numbers (the root is 0), each
 * distinct edge token has a number too (`keyId`), and every edge lives in one open-addressing
 * table keyed by (node, key id). A step costs one probe of that table, whatever the number of
 * entries, with no string hashed or compared: the tagger finds each token's key id once per
 * distinct token (see `Vocabulary`). A token that is no edge anywhere (`keyId` -1) stops a walk
 * without any lookup.
 */
export class TokenTrie<V> {
  static readonly ROOT = 0;
  private readonly keyIds = new Map<string, number>();
  /** Values of the phrases ending at each node (several entries can share a lower-cased form). */
  private readonly nodeValues: Array<V[] | undefined> = [undefined];
  /** Edge table: slot s holds parent node, key id and child node at 3s; child 0 marks an empty slot. */
  private edges = new Int32Array(3 * 1024);
  private edgeMask = 1023;
  private edgeCount = 0;
  private count = 0;

  /** Number of values inserted. */
  get size(): number {
    return this.count;
  }

  /** Number of nodes, the root included. */
  get nodes(): number {
    return this.nodeValues.length;
  }

  /** The number of an edge token (already lower-cased), or -1 when no phrase has it. */
  keyId(key: string): number {
    return this.keyIds.get(key) ?? -1;
  }

  /** The child of `node` along the edge with key id `key`, or -1. */
  child(node: number, key: number): number {
    const edges = this.edges;
    const mask = this.edgeMask;
    let slot = edgeHash(node, key) & mask;
    for (;;) {
      const at = slot * 3;
      const child = edges[at + 2]!;
      if (child === 0) return -1;
      if (edges[at] === node && edges[at + 1] === key) return child;
      slot = (slot + 1) & mask;
    }
  }

  /** The values of the phrases ending at `node`. */
  values(node: number): V[] | undefined {
    return this.nodeValues[node];
  }

  /** Inserts `value` under the phrase `keys` (already lower-cased, or lower-cased by `toKey`). */
  insert(keys: readonly string[], value: V, toKey?: (key: string) => string): void {
    let node = TokenTrie.ROOT;
    // Below a node made by this insert there is nothing to look up.
    let fresh = false;
    for (const k of keys) {
      const key = toKey ? toKey(k) : k;
      let id = this.keyIds.get(key);
      if (id === undefined) this.keyIds.set(key, (id = this.keyIds.size));
      let child = fresh ? -1 : this.child(node, id);
      if (child < 0) {
        fresh = true;
        child = this.nodeValues.length;
        this.nodeValues.push(undefined);
        this.addEdge(node, id, child);
      }
      node = child;
    }
    // Most phrases have one value: `[value]` is allocated at its size, `[].push` with room for 17.
    const values = this.nodeValues[node];
    if (values === undefined) this.nodeValues[node] = [value];
    else values.push(value);
    this.count++;
  }

  /**
   * The trie's shape, for the compiled cache. `indexOf` numbers the values `0 … size - 1` in the
   * order they were inserted; `fromLayout(layout(indexOf), values)` then rebuilds an equal trie
   * without lower-casing or looking up a single token.
   */
  layout(indexOf: (value: V) => number): TrieLayout {
    const nodes = this.nodes;
    const parents = new Int32Array(nodes);
    const parentKeys = new Int32Array(nodes);
    const edges = this.edges;
    for (let at = 0; at < edges.length; at += 3) {
      const child = edges[at + 2]!;
      if (child === 0) continue;
      parents[child] = edges[at]!;
      parentKeys[child] = edges[at + 1]!;
    }
    const valueNodes = new Int32Array(this.count);
    for (let node = 0; node < nodes; node++) {
      for (const value of this.nodeValues[node] ?? []) valueNodes[indexOf(value)] = node;
    }
    return { keys: [...this.keyIds.keys()], parents, parentKeys, valueNodes };
  }

  /** The trie `layout` describes, holding `values` (given in the order they were inserted). */
  static fromLayout<V>(layout: TrieLayout, values: readonly V[]): TokenTrie<V> {
    const { keys, parents, parentKeys, valueNodes } = layout;
    const nodes = parents.length;
    if (nodes < 1 || parentKeys.length !== nodes || valueNodes.length !== values.length) throw new Error('inconsistent trie layout');
    const trie = new TokenTrie<V>();
    for (let id = 0; id < keys.length; id++) trie.keyIds.set(keys[id]!, id);
    if (trie.keyIds.size !== keys.length) throw new Error('inconsistent trie layout');
    // The edge table at the size inserting would leave it (at most half full), made once.
    let slots = trie.edgeMask + 1;
    while (slots < 2 * nodes) slots *= 2;
    trie.growEdges(slots);
    for (let child = 1; child < nodes; child++) {
      const parent = parents[child]!;
      const key = parentKeys[child]!;
      if (parent < 0 || parent >= child || key < 0 || key >= keys.length) throw new Error('inconsistent trie layout');
      trie.nodeValues.push(undefined);
      trie.addEdge(parent, key, child);
    }
    for (let v = 0; v < values.length; v++) {
      const node = valueNodes[v]!;
      if (node < 0 || node >= nodes) throw new Error('inconsistent trie layout');
      const list = trie.nodeValues[node];
      if (list === undefined) trie.nodeValues[node] = [values[v]!];
      else list.push(values[v]!);
    }
    trie.count = values.length;
    return trie;
  }

  /**
   * Walks the trie from token `start` and calls `visit(end, values)` for every phrase that ends
   * at token `end` (exclusive), shortest first.
   */
  walk(keys: readonly string[], start: number, visit: (end: number, values: readonly V[]) => void): void {
    let node = TokenTrie.ROOT;
    for (let i = start; i < keys.length; i++) {
      const key = this.keyId(keys[i]!);
      node = key < 0 ? -1 : this.child(node, key);
      if (node < 0) return;
      const values = this.nodeValues[node];
      if (values) visit(i + 1, values);
    }
  }

  private addEdge(parent: number, key: number, child: number): void {
    // Keep the table at most half full.
    if (++this.edgeCount * 2 > this.edgeMask + 1) this.growEdges();
    this.place(this.edges, this.edgeMask, parent, key, child);
  }

  private place(edges: Int32Array, mask: number, parent: number, key: number, child: number): void {
    let slot = edgeHash(parent, key) & mask;
    while (edges[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
    edges[slot * 3] = parent;
    edges[slot * 3 + 1] = key;
    edges[slot * 3 + 2] = child;
  }

  private growEdges(slots = (this.edgeMask + 1) * 2): void {
    const old = this.edges;
    this.edges = new Int32Array(slots * 3);
    this.edgeMask = slots - 1;
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] !== 0) this.place(this.edges, this.edgeMask, old[at]!, old[at + 1]!, old[at + 2]!);
    }
  }
}

/** What `TokenTrie.layout` returns: edge tokens by key id, each node's parent and edge key id, each value's node. */
export interface TrieLayout {
  keys: string[];
  parents: Int32Array;
  parentKeys: Int32Array;
  valueNodes: Int32Array;
}

function edgeHash(node: number, key: number): number {
  const h = Math.imul(node, 0x9e3779b1) ^ Math.imul(key, 0x85ebca77);
  return h ^ (h >>> 15);
}
