// Bulletin search: runs on /search/ against the static index the build writes to
// /search-index/ (see generator/search/index_writer.h). It fetches the small manifest,
// then only the chunks that hold the query's terms, the facet bitsets, and the files of
// the results it shows. No framework, no other host, no inline code.
//
// The tokenizer and the English (Porter2/Snowball) stemmer below must agree with the C++
// side (generator/search/tokenizer.cc, libstemmer); tests/search/search_js.test.js
// compares them word for word.
(function () {
  'use strict';

  // ---- Tokenizing: the same rules as generator/search/tokenizer.cc -------------------

  // Folded forms of U+00C0..U+017F ("-": not a letter), as in tokenizer.cc.
  const LATIN_FOLD = (
    'a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss ' +
    'a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y ' +
    'a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h ' +
    'i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n ' +
    'o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u ' +
    'w w y y y z z z z z z s').split(' ').map((s) => (s === '-' ? '' : s));
  const MAX_WORD_BYTES = 64;

  const isApostrophe = (cp) => cp === 0x27 || cp === 0x2019 || cp === 0x2bc;
  const isCombining = (cp) => cp >= 0x300 && cp <= 0x36f;
  const isPunctuationBlock = (cp) =>
    (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xfe10 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff0f) ||
    (cp >= 0xff1a && cp <= 0xff20) || (cp >= 0xff3b && cp <= 0xff40) ||
    (cp >= 0xff5b && cp <= 0xff65) || cp >= 0xfff0;

  function foldCodePoint(cp) {
    if (cp < 0x80) {
      if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
      if ((cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57)) return String.fromCharCode(cp);
      return '';
    }
    if (cp < 0xc0) return '';
    if (cp < 0x180) return LATIN_FOLD[cp - 0xc0];
    if (cp >= 0xd800 && cp <= 0xdfff) return '';  // a lone surrogate: invalid, as in C++
    if (isApostrophe(cp) || isCombining(cp) || isPunctuationBlock(cp)) return '';
    return String.fromCodePoint(cp);
  }

  const utf8Length = (s) => new TextEncoder().encode(s).length;

  /// Folded words of text with their [begin, end) offsets in the string.
  function tokenize(text) {
    const cps = [];
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i);
      const len = cp > 0xffff ? 2 : 1;
      cps.push({ cp, begin: i, end: i + len, fold: foldCodePoint(cp) });
      i += len;
    }
    const tokens = [];
    let word = '';
    let begin = 0;
    let inWord = false;
    let lastEnd = 0;
    const finish = (end) => {
      if (inWord && word && utf8Length(word) <= MAX_WORD_BYTES) tokens.push({ word, begin, end });
      word = '';
      inWord = false;
    };
    for (let i = 0; i < cps.length; i++) {
      const p = cps[i];
      if (p.fold) {
        if (!inWord) {
          inWord = true;
          begin = p.begin;
        }
        word += p.fold;
        lastEnd = p.end;
        continue;
      }
      if (inWord && isCombining(p.cp)) {
        lastEnd = p.end;
        continue;
      }
      if (inWord && isApostrophe(p.cp) && i + 1 < cps.length && cps[i + 1].fold) {
        const possessive = cps[i + 1].fold === 's' && (i + 2 >= cps.length || !cps[i + 2].fold);
        if (possessive) {
          finish(lastEnd);
          i++;
        }
        continue;
      }
      finish(lastEnd);
    }
    finish(lastEnd);
    return tokens;
  }

  // ---- English Snowball (Porter2) stemmer, written from the algorithm's description ----

  const EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
    gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky',
    news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
  };
  const EXCEPTIONS_AFTER_1A = new Set(
    ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
  const STEP2 = [
    ['ational', 'ate'], ['fulness', 'ful'], ['iveness', 'ive'], ['ization', 'ize'],
    ['ousness', 'ous'], ['biliti', 'ble'], ['lessli', 'less'], ['tional', 'tion'],
    ['alism', 'al'], ['aliti', 'al'], ['ation', 'ate'], ['entli', 'ent'], ['fulli', 'ful'],
    ['iviti', 'ive'], ['ousli', 'ous'], ['abli', 'able'], ['alli', 'al'], ['anci', 'ance'],
    ['ator', 'ate'], ['enci', 'ence'], ['izer', 'ize'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
  ];
  const STEP3 = [
    ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
    ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
  ];
  const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate',
    'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];
  const isVowel = (c) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
  const hasVowel = (s) => /[aeiouy]/.test(s);

  // Position after the first non-vowel that follows a vowel, at or after `from`.
  function regionStart(s, from) {
    let i = from;
    while (i < s.length && !isVowel(s[i])) i++;
    while (i < s.length && isVowel(s[i])) i++;
    return i < s.length ? i + 1 : s.length;
  }

  // A short syllable ends at n: non-vowel, vowel, non-vowel other than w, x, Y; or a
  // vowel then a non-vowel at the start of the word.
  function shortSyllable(s, n) {
    if (n >= 3 && !isVowel(s[n - 1]) && !'wxY'.includes(s[n - 1]) && isVowel(s[n - 2]) &&
        !isVowel(s[n - 3])) return true;
    return n === 2 && isVowel(s[0]) && !isVowel(s[1]);
  }

  const longest = (s, list) => list.find((entry) => s.endsWith(Array.isArray(entry) ? entry[0] : entry));

  /// The Porter2 stem of a folded word, as libstemmer's "english" gives it.
  function stem(word) {
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    let s = word;
    if (s[0] === 'y') s = 'Y' + s.slice(1);
    for (let i = 1; i < s.length; i++) {
      if (s[i] === 'y' && isVowel(s[i - 1])) s = s.slice(0, i) + 'Y' + s.slice(i + 1);
    }
    const special = /^(gener|commun|arsen)/.exec(s);
    const p1 = special ? special[1].length : regionStart(s, 0);
    const p2 = regionStart(s, p1);
    const inR1 = (n) => s.length - n >= p1;
    const inR2 = (n) => s.length - n >= p2;

    // Step 1a
    if (s.endsWith('sses')) s = s.slice(0, -2);
    else if (s.endsWith('ied') || s.endsWith('ies')) s = s.length >= 5 ? s.slice(0, -2) : s.slice(0, -1);
    else if (s.endsWith('us') || s.endsWith('ss')) { /* unchanged */ }
    else if (s.endsWith('s') && hasVowel(s.slice(0, -2))) s = s.slice(0, -1);

    if (!EXCEPTIONS_AFTER_1A.has(s)) {
      // Step 1b
      const suffix = longest(s, ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed']);
      if (suffix === 'eedly' || suffix === 'eed') {
        if (inR1(suffix.length)) s = s.slice(0, -suffix.length) + 'ee';
      } else if (suffix && hasVowel(s.slice(0, -suffix.length))) {
        s = s.slice(0, -suffix.length);
        if (/(at|bl|iz)$/.test(s)) s += 'e';
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
        else if (s.length === p1 && shortSyllable(s, s.length)) s += 'e';
      }
      // Step 1c
      if (/[yY]$/.test(s) && s.length > 2 && !isVowel(s[s.length - 2])) s = s.slice(0, -1) + 'i';
      // Step 2
      const s2 = longest(s, STEP2);
      if (s2 && inR1(s2[0].length)) {
        const before = s[s.length - s2[0].length - 1];
        if (s2[0] === 'ogi') {
          if (before === 'l') s = s.slice(0, -3) + 'og';
        } else if (s2[0] === 'li') {
          if (before && 'cdeghkmnrt'.includes(before)) s = s.slice(0, -2);
        } else {
          s = s.slice(0, -s2[0].length) + s2[1];
        }
      }
      // Step 3
      const s3 = longest(s, STEP3);
      if (s3 && inR1(s3[0].length) && (s3[0] !== 'ative' || inR2(5))) {
        s = s.slice(0, -s3[0].length) + s3[1];
      }
      // Step 4
      const s4 = longest(s, STEP4);
      if (s4 && inR2(s4.length)) {
        if (s4 !== 'ion') s = s.slice(0, -s4.length);
        else if (/[st]ion$/.test(s)) s = s.slice(0, -3);
      }
      // Step 5
      if (s.endsWith('e')) {
        if (inR2(1) || (inR1(1) && !shortSyllable(s, s.length - 1))) s = s.slice(0, -1);
      } else if (s.endsWith('ll') && inR2(1)) {
        s = s.slice(0, -1);
      }
    }
    return s.replace(/Y/g, 'y');
  }

  // ---- The index ------------------------------------------------------------------------

  const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) DIGIT[BASE64URL.charCodeAt(i)] = i;

  /// Postings "gap varint + impact char" -> { docs: Int32Array, impacts: Uint8Array }.
  function decodePostings(s) {
    const docs = [];
    const impacts = [];
    let prev = -1;
    let i = 0;
    while (i < s.length) {
      let value = 0;
      let shift = 0;
      let d;
      do {
        d = DIGIT[s.charCodeAt(i++)];
        value += (d & 31) * 2 ** shift;
        shift += 5;
      } while (d & 32);
      prev += value + 1;
      docs.push(prev);
      impacts.push(DIGIT[s.charCodeAt(i++)]);
    }
    return { docs, impacts };
  }

  function decodeBitset(s) {
    const clean = s.replace(/=+$/, '');
    const bytes = new Uint8Array(Math.floor((clean.length * 6) / 8));
    let bits = 0;
    let acc = 0;
    let o = 0;
    for (let i = 0; i < clean.length; i++) {
      acc = (acc << 6) | DIGIT[clean.charCodeAt(i)];
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[o++] = (acc >> bits) & 255;
      }
    }
    return bytes;
  }

  const hasBit = (bytes, id) => (bytes[id >> 3] >> (id & 7)) & 1;

  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        best = Math.min(best, cur[j]);
      }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }

  /// How far a typed word is from a stem the index holds, ignoring the word's ending: the
  /// least distance between the stem and a start of the word about its length ("cohersive"
  /// is 2 from "coerciv", the stem of "coercive"). Stems under 5 letters: max + 1.
  function stemDistance(word, term, max) {
    if (term.length < 5) return max + 1;
    let best = max + 1;
    for (let n = term.length; n <= term.length + 2 && n <= word.length; n++) {
      best = Math.min(best, editDistance(word.slice(0, n), term, max));
    }
    return best;
  }

  /// Loads index files from `base` ("/search-index/") with fetchJson(url) -> Promise.
  /// Every file but the manifest is named by a hash of its bytes, and found through the
  /// manifest: chunks by `chunk_names`, a document's file through the table of names
  /// (`tables`, `table_size` documents each) that holds it, the filters by `filters`.
  class SearchIndex {
    constructor(base, fetchJson) {
      this.base = base;
      this.fetchJson = fetchJson;
    }

    /// Fetches the manifest (revalidated), and forgets files an older manifest named.
    async load() {
      this.manifest = await this.fetchJson(this.base + 'manifest.json', true);
      this.stop = new Set(this.manifest.stop_words);
      this.chunks = new Map();
      this.tables = new Map();
      this.docs = new Map();
      this.filters = null;
      return this.manifest;
    }

    file(folder, name) {
      return this.fetchJson(`${this.base}${folder}/${name}.json`);
    }

    chunkIndex(term) {
      const starts = this.manifest.chunks;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= term) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    }

    chunk(n) {
      if (!this.manifest.chunks.length) return Promise.resolve({});
      if (!this.chunks.has(n)) this.chunks.set(n, this.file('c', this.manifest.chunk_names[n]));
      return this.chunks.get(n);
    }

    /// The name of document `id`'s file, from its table.
    docName(id) {
      const { tables, table_size: size, name_length: width } = this.manifest;
      const t = Math.floor(id / size);
      if (!this.tables.has(t)) this.tables.set(t, this.file('t', tables[t]));
      return this.tables.get(t).then((names) => names.substr((id % size) * width, width));
    }

    doc(id) {
      if (!this.docs.has(id)) this.docs.set(id, this.docName(id).then((name) => this.file('d', name)));
      return this.docs.get(id);
    }

    loadFilters() {
      if (!this.filters) {
        this.filters = this.file('f', this.manifest.filters).then((raw) => {
          const out = {};
          for (const [facet, values] of Object.entries(raw)) {
            out[facet] = {};
            for (const [value, bits] of Object.entries(values)) out[facet][value] = decodeBitset(bits);
          }
          return out;
        });
      }
      return this.filters;
    }
  }

  // ---- Queries ---------------------------------------------------------------------------

  /// Splits a query into loose words and "quoted phrases"; the last loose word is a prefix
  /// while the user is still typing it (no space or quote after it).
  function parseQuery(q, index) {
    const segments = [];
    let current = '';
    let quoted = false;
    for (const ch of q) {
      if (ch === '"' || ch === '\u201c' || ch === '\u201d') {
        if (current.trim()) segments.push({ text: current, quoted });
        current = '';
        quoted = !quoted;
      } else {
        current += ch;
      }
    }
    if (current.trim()) segments.push({ text: current, quoted });
    const endsOpen = /[^\s"\u201c\u201d]$/.test(q);
    const units = [];
    const phrases = [];
    segments.forEach((seg, si) => {
      const words = tokenize(seg.text).map((t) => t.word);
      if (seg.quoted) {
        if (words.length > 1) phrases.push(words.map(stem));
        for (const w of words) {
          if (!index.stop.has(w)) units.push({ kind: 'word', word: w, stem: stem(w), exact: true });
        }
        return;
      }
      const kept = words.filter((w) => !index.stop.has(w));
      const stems = kept.map(stem);
      for (let i = 0; i < kept.length;) {
        let match = null;
        for (const g of index.manifest.synonyms) {
          for (const phrase of g.stems) {
            if (phrase.length > (match ? match.length : 0) &&
                phrase.every((s, k) => stems[i + k] === s)) {
              match = { group: g, length: phrase.length };
            }
          }
        }
        const last = si === segments.length - 1 && endsOpen;
        if (match) {
          units.push({ kind: 'group', group: match.group, word: kept.slice(i, i + match.length).join(' ') });
          i += match.length;
        } else {
          const prefix = last && i === kept.length - 1;
          units.push({ kind: 'word', word: kept[i], stem: stems[i], prefix });
          i += 1;
        }
      }
    });
    return { units, phrases };
  }

  const MAX_PREFIX_TERMS = 8;
  const MAX_PREFIX_CHUNKS = 3;

  /// The index terms a unit stands for: [{ term, weight }], fetching the chunks it needs.
  async function resolveUnit(unit, index) {
    if (unit.kind === 'group') {
      const c = await index.chunk(index.chunkIndex(unit.group.term));
      return c[unit.group.term] ? [{ term: unit.group.term, weight: 1, postings: c[unit.group.term] }] : [];
    }
    const alternatives = [];
    const home = await index.chunk(index.chunkIndex(unit.stem));
    if (home[unit.stem]) alternatives.push({ term: unit.stem, weight: 1, postings: home[unit.stem] });
    if (unit.prefix && unit.word.length >= 2) {
      const first = index.chunkIndex(unit.word);
      const last = Math.min(index.chunkIndex(unit.word + '\uffff'), first + MAX_PREFIX_CHUNKS - 1);
      const found = [];
      for (let n = first; n <= last; n++) {
        const c = await index.chunk(n);
        for (const [term, postings] of Object.entries(c)) {
          if (term !== unit.stem && term.startsWith(unit.word)) found.push({ term, weight: 0.7, postings });
        }
      }
      found.sort((a, b) => b.postings.length - a.postings.length || (a.term < b.term ? -1 : 1));
      alternatives.push(...found.slice(0, MAX_PREFIX_TERMS));
    }
    if (!alternatives.length && !unit.exact && unit.word.length >= 5) {
      const max = unit.word.length >= 8 ? 2 : 1;
      const chunkIds = new Set([index.chunkIndex(unit.stem), index.chunkIndex(unit.word)]);
      const close = [];
      for (const n of chunkIds) {
        const c = await index.chunk(n);
        for (const [term, postings] of Object.entries(c)) {
          if (term[0] === '~') continue;
          const d = Math.min(editDistance(unit.stem, term, max), editDistance(unit.word, term, max),
            stemDistance(unit.word, term, max));
          if (d <= max) close.push({ term, weight: d === 1 ? 0.6 : 0.45, postings, d, fuzzy: true });
        }
      }
      close.sort((a, b) => a.d - b.d || b.postings.length - a.postings.length);
      alternatives.push(...close.slice(0, 4));
    }
    return alternatives;
  }

  /// Ranks documents: BM25 per term (impact from the index x idf), the best alternative per
  /// unit, summed over units. Every unit must match; if none match all, any unit will do.
  function rank(unitsAlternatives, documentCount, maxImpact) {
    const perUnit = unitsAlternatives.map((alternatives) => {
      const scores = new Map();
      for (const a of alternatives) {
        const { docs, impacts } = decodePostings(a.postings);
        const idf = Math.log(1 + (documentCount - docs.length + 0.5) / (docs.length + 0.5));
        for (let i = 0; i < docs.length; i++) {
          const s = a.weight * idf * (impacts[i] / 63) * maxImpact;
          if (s > (scores.get(docs[i]) || 0)) scores.set(docs[i], s);
        }
      }
      return scores;
    });
    const combine = (requireAll) => {
      const total = new Map();
      perUnit.forEach((scores) => {
        for (const [doc, s] of scores) total.set(doc, (total.get(doc) || 0) + s);
      });
      const out = [];
      for (const [doc, score] of total) {
        if (!requireAll || perUnit.every((scores) => scores.has(doc))) out.push({ doc, score });
      }
      out.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return out;
    };
    const all = combine(true);
    if (all.length || perUnit.length < 2) return { results: all, partial: false };
    return { results: combine(false), partial: true };
  }

  function containsPhrase(text, phraseStems) {
    const stems = tokenize(text).map((t) => stem(t.word));
    outer: for (let i = 0; i + phraseStems.length <= stems.length; i++) {
      for (let k = 0; k < phraseStems.length; k++) {
        if (stems[i + k] !== phraseStems[k]) continue outer;
      }
      return true;
    }
    return false;
  }

  /// A short passage of text around the densest matches: [{ text, mark }] pieces.
  function excerpt(text, isMatch, words = 32) {
    const tokens = tokenize(text);
    const hits = tokens.map((t) => isMatch(t.word));
    if (!hits.some(Boolean)) return null;
    let best = 0;
    let bestCount = -1;
    let count = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (hits[i]) count++;
      if (i >= words && hits[i - words]) count--;
      if (count > bestCount) {
        bestCount = count;
        best = Math.max(0, i - words + 1);
      }
    }
    const start = Math.max(0, Math.min(best, tokens.length - words));
    const end = Math.min(tokens.length, start + words);
    const pieces = [];
    let pos = tokens[start].begin;
    if (start > 0) pieces.push({ text: '\u2026 ', mark: false });
    for (let i = start; i < end; i++) {
      if (!hits[i]) continue;
      if (tokens[i].begin > pos) pieces.push({ text: text.slice(pos, tokens[i].begin), mark: false });
      pieces.push({ text: text.slice(tokens[i].begin, tokens[i].end), mark: true });
      pos = tokens[i].end;
    }
    const stop = end < tokens.length ? tokens[end - 1].end : text.length;
    if (stop > pos) pieces.push({ text: text.slice(pos, stop), mark: false });
    if (end < tokens.length) pieces.push({ text: ' \u2026', mark: false });
    return pieces.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }));
  }

  /// Of a misspelt word's close terms (fuzzy alternatives, closest first), the one that goes
  /// best with the query's other units (`others`: each unit's alternatives): the share of
  /// its documents that hold them all, times the log of how many do, so that neither a
  /// common word nor a rare one wins by its frequency alone; the closest of equals. With no
  /// other units, the closest.
  function closestInContext(alts, others) {
    if (!others.length) return alts[0];
    const sets = others.map((as) => {
      const docs = new Set();
      for (const a of as) for (const d of decodePostings(a.postings).docs) docs.add(d);
      return docs;
    });
    let best = alts[0];
    let bestScore = -1;
    for (const a of alts) {
      const docs = decodePostings(a.postings).docs;
      const n = docs.filter((d) => sets.every((s) => s.has(d))).length;
      const score = docs.length ? (n / docs.length) * Math.log(1 + n) : 0;
      if (score > bestScore) {
        best = a;
        bestScore = score;
      }
    }
    return best;
  }

  /// The word, as the documents write it, whose stem is `term`: the commonest in their
  /// titles, summaries and text, or '' if none holds it.
  function surfaceWord(docs, term) {
    const counts = new Map();
    for (const d of docs) {
      const all = `${d.title}\n${d.summary}\n${d.text}`;
      for (const t of tokenize(all)) {
        if (stem(t.word) === term) counts.set(t.word, (counts.get(t.word) || 0) + 1);
      }
    }
    let best = '';
    for (const [word, n] of counts) if (!best || n > counts.get(best)) best = word;
    return best;
  }

  const api = { stemDistance, closestInContext, surfaceWord, tokenize, stem, decodePostings, decodeBitset, editDistance, parseQuery, rank,
    excerpt, containsPhrase, SearchIndex };
  if (typeof module === 'object' && module.exports) module.exports = api;

  // ---- The page --------------------------------------------------------------------------

  if (typeof document === 'undefined') return;

  const PAGE_SIZE = 10;
  const PHRASE_CHECKS = 60;

  function startPage() {
    const form = document.querySelector('[data-search-form]');
    const results = document.querySelector('[data-search-results]');
    if (!form || !results) return;
    const input = form.querySelector('input[name="q"]');
    const status = document.querySelector('[data-search-status]');
    const filtersBox = document.querySelector('[data-search-filters]');
    const facetsBox = document.querySelector('[data-search-facets]');
    const activeBox = document.querySelector('[data-search-active]');
    const suggestionBox = document.querySelector('[data-search-suggestion]');
    // Filters folded on a phone (the results come first), open beside them on a desktop.
    if (window.matchMedia && window.matchMedia('(min-width: 769px)').matches) filtersBox.open = true;
    const fetchJson = (url, revalidate) =>
      fetch(url, revalidate ? { cache: 'no-cache' } : {}).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.json();
      });
    const index = new SearchIndex('/search-index/', fetchJson);
    const params = new URLSearchParams(window.location.search);
    input.value = params.get('q') || '';
    const selected = {};  // facet -> Set of values
    let facets = [];
    let sequence = 0;
    let current = null;  // { ranked, shown, matcher }
    let timer = null;

    const el = (tag, attrs = {}, text) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      return e;
    };

    function buildFacets(manifest) {
      facets = manifest.facets;
      facetsBox.textContent = '';
      for (const f of facets) {
        selected[f.name] = selected[f.name] || new Set(params.getAll(f.name));
        const fieldset = el('fieldset', { class: 'search-facet' });
        fieldset.append(el('legend', { class: 'search-facet__legend' }, f.label));
        const list = el('ul', { class: 'search-facet__list' });
        f.values.forEach((v, i) => {
          const id = `facet-${f.name}-${i}`;
          const item = el('li', { class: 'search-facet__item' });
          const box = el('input', { type: 'checkbox', id, name: f.name, value: v.value, class: 'search-facet__input' });
          box.checked = selected[f.name].has(v.value);
          box.addEventListener('change', () => {
            if (box.checked) selected[f.name].add(v.value);
            else selected[f.name].delete(v.value);
            showResults();
          });
          const label = el('label', { for: id, class: 'search-facet__label' }, v.label + ' ');
          const count = el('span', { class: 'search-facet__count' });
          label.append(count);
          item.append(box, label);
          v.item = item;
          v.count = count;
          list.append(item);
        });
        fieldset.append(list);
        f.fieldset = fieldset;
        facetsBox.append(fieldset);
      }
    }

    function updateUrl() {
      const p = new URLSearchParams();
      if (input.value.trim()) p.set('q', input.value.trim());
      for (const f of facets) for (const v of selected[f.name]) p.append(f.name, v);
      const qs = p.toString();
      history.replaceState(null, '', window.location.pathname + (qs ? `?${qs}` : ''));
    }

    // Applies the facet selection to the ranked results and updates the counts.
    function applyFilters(ranked, bits) {
      const passes = (doc, except) => facets.every((f) => {
        if (f.name === except || !selected[f.name].size) return true;
        for (const v of selected[f.name]) if (bits[f.name][v] && hasBit(bits[f.name][v], doc)) return true;
        return false;
      });
      for (const f of facets) {
        let visible = 0;
        for (const v of f.values) {
          let n = 0;
          for (const r of ranked) if (hasBit(bits[f.name][v.value], r.doc) && passes(r.doc, f.name)) n++;
          v.count.textContent = `(${n})`;
          const show = n > 0 || selected[f.name].has(v.value);
          v.item.hidden = !show;
          if (show) visible++;
        }
        f.fieldset.hidden = visible === 0;
      }
      return ranked.filter((r) => passes(r.doc, null));
    }

    async function renderItem(r, matcher) {
      const d = await index.doc(r.doc);
      const li = el('li', { class: 'search-result' });
      const h = el('h3', { class: 'search-result__title' });
      h.append(el('a', { href: d.url, class: 'search-result__link' }, d.title));
      const meta = el('p', { class: 'search-result__meta' }, d.type);
      if (d.date) {
        meta.append(' \u00b7 ');
        meta.append(el('time', { datetime: d.date_iso }, d.date));
      }
      const p = el('p', { class: 'search-result__excerpt' });
      const pieces = excerpt(d.text, matcher) || excerpt(d.summary, matcher) ||
        [{ text: d.summary, mark: false }];
      for (const piece of pieces) p.append(piece.mark ? el('mark', {}, piece.text) : piece.text);
      li.append(h, meta, p);
      return li;
    }

    async function showMore() {
      const { list, filtered } = current;
      const next = filtered.slice(current.shown, current.shown + PAGE_SIZE);
      const items = await Promise.all(next.map((r) => renderItem(r, current.matcher)));
      list.append(...items);
      current.shown += next.length;
      current.more.hidden = current.shown >= filtered.length;
      return items;
    }

    async function showResults() {
      if (!current) return;
      const seq = sequence;
      updateUrl();
      // Without filters the first results are known now: fetch their names beside the
      // filters rather than after them.
      if (!facets.some((f) => selected[f.name].size)) {
        current.ranked.slice(0, PAGE_SIZE).forEach((r) => index.docName(r.doc).catch(() => {}));
      }
      const bits = await index.loadFilters();
      if (seq !== sequence) return;
      const filtered = applyFilters(current.ranked, bits);
      filtersBox.hidden = current.ranked.length === 0;
      const chosen = facets.reduce((n, f) => n + selected[f.name].size, 0);
      activeBox.textContent = chosen ? `(${chosen} active)` : '';
      current.filtered = filtered;
      current.shown = 0;
      const list = el('ul', { class: 'search-results' });
      const more = el('button', { type: 'button', class: 'button button--secondary search-results__more' }, 'Show more results');
      more.addEventListener('click', async () => {
        const items = await showMore();
        if (items.length) items[0].querySelector('a').focus();
      });
      current.list = list;
      current.more = more;
      const items = await Promise.all(filtered.slice(0, PAGE_SIZE).map((r) => renderItem(r, current.matcher)));
      if (seq !== sequence) return;
      list.append(...items);
      current.shown = items.length;
      more.hidden = current.shown >= filtered.length;
      results.textContent = '';
      if (filtered.length) results.append(list, more);
      const n = filtered.length;
      const active = facets.some((f) => selected[f.name].size);
      let message = `${n} result${n === 1 ? '' : 's'} for \u201c${current.query}\u201d`;
      if (active) message += ' with the filters you chose';
      if (current.partial && n) message += '. No result has all your words; these have some of them';
      status.textContent = '';
      if (!n && !active) {
        status.append(`${message}. Check the spelling, try fewer words, or `,
          el('a', { href: '/themes/' }, 'browse by theme'), '.');
      } else {
        status.textContent = message + '.';
      }
      await showSuggestion(seq);
      // For tests and scripts: this page's own search has finished (the server may have
      // sent results already, without JavaScript's filters and paging).
      if (seq === sequence) form.dataset.searched = current.query;
    }

    // "Did you mean ...": each word the index does not hold is replaced by the closest word
    // it does hold (among those as close, the one most pages have with the query's other
    // words), written as the documents write it.
    async function showSuggestion(seq) {
      suggestionBox.hidden = true;
      suggestionBox.textContent = '';
      if (!current.misspelt.length) return;
      const words = [];
      for (const { unit, term } of current.misspelt) {
        const docs = await Promise.all(current.close[term].slice(0, 3).map((id) => index.doc(id)));
        const word = surfaceWord(docs, term);
        if (word) words.push({ from: unit.word, to: word });
      }
      if (seq !== sequence || !words.length) return;
      let text = current.query;
      for (const { from, to } of words) {
        const at = tokenize(text).find((t) => t.word === from);
        if (at) text = text.slice(0, at.begin) + to + text.slice(at.end);
      }
      if (text === current.query) return;
      const url = `${window.location.pathname}?q=${encodeURIComponent(text)}`;
      suggestionBox.append('Did you mean ', el('a', { href: url }, text), '?');
      suggestionBox.hidden = false;
    }

    // `retry`: if a file is missing, the index was rebuilt since the manifest was
    // fetched; fetch it again and search once more.
    async function run(retry = true) {
      const query = input.value.trim();
      const seq = ++sequence;
      suggestionBox.hidden = true;
      if (!query) {
        current = null;
        results.textContent = '';
        status.textContent = '';
        filtersBox.hidden = true;
        updateUrl();
        return;
      }
      try {
        await index.ready;
        const parsed = parseQuery(input.value, index);
        if (!parsed.units.length) {
          current = null;
          results.textContent = '';
          filtersBox.hidden = true;
          status.textContent = `Type more than common words such as \u201c${query}\u201d to search.`;
        form.dataset.searched = query;
          updateUrl();
          return;
        }
        const alternatives = await Promise.all(parsed.units.map((u) => resolveUnit(u, index)));
        if (seq !== sequence) return;
        let { results: ranked, partial } = rank(alternatives, index.manifest.documents, index.manifest.max_impact);
        if (parsed.phrases.length) {
          const checked = ranked.slice(0, PHRASE_CHECKS);
          const docs = await Promise.all(checked.map((r) => index.doc(r.doc)));
          ranked = checked.filter((r, i) => {
            const all = `${docs[i].title}\n${docs[i].summary}\n${docs[i].text}`;
            return parsed.phrases.every((p) => containsPhrase(all, p));
          });
          if (seq !== sequence) return;
        }
        const terms = new Set();
        const prefixes = [];
        alternatives.forEach((alts) => alts.forEach((a) => terms.add(a.term)));
        parsed.units.forEach((u) => {
          if (u.kind === 'group') u.group.stems.forEach((p) => p.forEach((s) => terms.add(s)));
          if (u.prefix) prefixes.push(u.word);
        });
        const matcher = (word) => !index.stop.has(word) &&
          (terms.has(stem(word)) || prefixes.some((p) => word.startsWith(p)));
        // Words with no term of their own, and the closest term the index holds.
        const misspelt = [];
        const close = {};
        parsed.units.forEach((u, i) => {
          if (u.kind !== 'word' || u.prefix) return;
          const alts = alternatives[i];
          if (!alts.length || alts.some((a) => a.term === u.stem) || !alts[0].fuzzy) return;
          const best = closestInContext(alts, alternatives.filter((_, j) => j !== i));
          misspelt.push({ unit: u, term: best.term });
          close[best.term] = decodePostings(best.postings).docs;
        });
        current = { query, ranked, partial, matcher, misspelt, close };
        await showResults();
      } catch (err) {
        if (retry && seq === sequence && index.manifest) {
          loadIndex();
          return run(false);
        }
        status.textContent = 'Search is not available at the moment: the search index could not be loaded.';
        throw err;
      }
    }

    function loadIndex() {
      index.ready = index.load().then((manifest) => {
        buildFacets(manifest);
        return manifest;
      });
    }

    loadIndex();
    index.ready.catch(() => {
      status.textContent = 'Search is not available at the moment: the search index could not be loaded.';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      clearTimeout(timer);
      run();
    });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    if (input.value.trim()) run();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startPage);
  else startPage();
})();
