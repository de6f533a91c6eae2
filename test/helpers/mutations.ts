// Test helper: deterministic mutations of fixture texts for the robustness tests (a lint runs on every
// keystroke, so half-typed and garbled files are its normal input). A fixed seed makes a failure replayable.

/** mulberry32: a tiny seeded PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that mean something to PHP, heredocs, SQL or XML, plus control characters, a lone surrogate and a BOM.
const NASTY = ['<?php', '?>', '<<<SQL\n', '\nSQL', '/*', '*/', '//', '#', '--', "'", '"', '\\', '$', '${', '{', '}', '(', ')', '[', ']', ';', ',', '->', '::', '<', '>', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '&', '&#', '=', '\u0000', '\u0007', '\r', '\n', '\r\n', '\t', '\uD800', '\uFEFF', '\u{1F600}', 'é'];

export interface Mutation {
  label: string;
  text: string;
}

/** `count` prefixes of `text`, evenly spread from the empty text to all but the last character. */
export function truncations(text: string, count: number): Mutation[] {
  const step = Math.max(1, Math.floor(text.length / count));
  const cuts: Mutation[] = [];
  for (let cut = 0; cut < text.length; cut += step) cuts.push({ label: `cut at ${cut}`, text: text.slice(0, cut) });
  return cuts;
}

/** `count` copies of `text`, each with 1 to 8 random insertions (random bytes or syntax fragments). */
export function insertions(text: string, count: number, seed: number): Mutation[] {
  const random = seededRandom(seed);
  const mutations: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    let mutated = text;
    const inserts = 1 + Math.floor(random() * 8);
    for (let j = 0; j < inserts; j++) {
      const at = Math.floor(random() * (mutated.length + 1));
      const piece = random() < 0.5 ? NASTY[Math.floor(random() * NASTY.length)] : String.fromCharCode(Math.floor(random() * 256));
      mutated = mutated.slice(0, at) + piece + mutated.slice(at);
    }
    mutations.push({ label: `insertions #${i} (seed ${seed})`, text: mutated });
  }
  return mutations;
}

/** `count` copies of `text`, each with a random span (up to 200 characters) deleted or duplicated. */
export function spanEdits(text: string, count: number, seed: number): Mutation[] {
  const random = seededRandom(seed);
  const mutations: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(random() * text.length);
    const end = Math.min(text.length, start + 1 + Math.floor(random() * 200));
    const duplicate = random() < 0.5;
    mutations.push({
      label: `${duplicate ? 'duplicated' : 'deleted'} ${start}-${end} (seed ${seed})`,
      text: duplicate ? text.slice(0, end) + text.slice(start) : text.slice(0, start) + text.slice(end),
    });
  }
  return mutations;
}

export function nested(open: string, inner: string, close: string, depth: number): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}
