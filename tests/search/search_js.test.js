// The browser's tokenizer and stemmer (templates/static/js/search.js) against the C++ ones
// (tests/search/search_tool, built on generator/search/) on every word of the sample
// content, a list of English words with tricky endings, and accented and apostrophe cases.
// Run by CTest as `node --test`; BULLETIN_SEARCH_TOOL names the helper binary.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { it } = require('node:test');

const source = process.env.BULLETIN_SOURCE_DIR || path.resolve(__dirname, '..', '..');
const tool = process.env.BULLETIN_SEARCH_TOOL ||
  path.join(source, 'build', 'tests', 'search_tool');
const search = require(path.join(source, 'templates', 'static', 'js', 'search.js'));

function contentLines() {
  const lines = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|yaml)$/.test(e.name)) lines.push(...fs.readFileSync(p, 'utf8').split('\n'));
    }
  };
  walk(path.join(source, 'content'));
  return lines;
}

// Words that exercise each step of Porter2, and the tokenizer's edge cases.
const TRICKY = [
  'caresses ponies ties cries gas gaps kiwis bus this agreed feed luxuriating hoping hopping',
  'fizzed filing conflated troubled sized hissing fitted falling cry by say happy sky skies',
  'relational conditional rational valenci hesitanci digitizer conformabli radicalli',
  'differentli vileli analogousli vietnamization predication operator feudalism decisiveness',
  'hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize',
  'electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic',
  'adjustable defensible irritant replacement adjustment dependent adoption homologou',
  'communism activate angulariti homologous effective bowdlerize probate rate cease controll',
  'generate generously communication arsenal dying lying tying inning outing canning proceed',
  'exceed succeed news atlas cosmos bias andes idly gently ugly early only singly skis yes',
  'youth yay enjoying played employment layered boyish eyes really finally supervising',
  'supervision supervised supervisor safeguarding safeguarded professionals curiosity',
  'coercive controlling behaviour disguised compliance exploitation vulnerabilities',
  "Clare's Law, Clare’s law, O'Neill, partners' views, children’s social care, ʼtwas",
  'Émile Zoë naïve café Straße Łódź Ærø œuvre Ħal Đakovo ĳssel ſ × ÷ Þór ð',
  'multi-agency re-referral 1990s s42 8.45am e-mail co-operate résumé NFD: é',
  'Ελληνικά Кириллица 日本語 emoji 😀 mixed—dash “quotes” …ellipsis',
];

// Roots crossed with Porter2's suffixes: every step, region and exception gets exercised.
function suffixCombinations() {
  const roots = ('nation hope hop run happy generate commun arsen fly agree care control sensitiv ' +
    'relat cry die sky bus gas possess success feed proceed exce abl formal electr analog ' +
    'vietnam predic operat feud decis callous triplic adjust depend adopt activ angular bowdler ' +
    'probat ceas supervis safeguard profession curios coerc disguis exploit vulnerab ' +
    'y ya yo ey oy dy by lie tie sing only earl gent ugl idl new atla cosmo bia ande ' +
    'inn out cann herr earr bl at iz tt ll e ee ie ing ed s').split(' ');
  const suffixes = ('|s|es|ed|ing|ly|ness|ful|fulness|ation|ational|tional|ization|ive|iveness|' +
    'iviti|ity|iti|ize|izer|alize|ement|ment|ent|ence|ance|enci|anci|able|abli|ible|al|alli|' +
    'alism|aliti|ous|ously|ousli|ousness|er|ers|ism|ist|ic|ical|icate|iciti|ative|li|bli|' +
    'biliti|ogi|logi|y|ies|ied|eed|eedly|ingly|edly|lessli|entli|fulli|ator|sses|ss|us|' +
    'e|le|ll|ying|yed|yly').split('|');
  const words = [];
  for (const r of roots) {
    for (const s of suffixes) words.push(r + s, r + s + 's', r + s + 'ed');
  }
  const lines = [];
  for (let i = 0; i < words.length; i += 20) lines.push(words.slice(i, i + 20).join(' '));
  return lines;
}

it('the search tool is built', () => {
  assert.ok(fs.existsSync(tool), `${tool} is missing: build the tests (ninja -C build)`);
});

it('search.js tokenizes and stems exactly as the C++ index writer', () => {
  const lines = [...TRICKY, ...suffixCombinations(), ...contentLines()].filter((l) => !l.includes('\r'));
  const run = spawnSync(tool, [], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  const expected = run.stdout.split('\n');
  const mismatches = [];
  lines.forEach((line, i) => {
    const js = search.tokenize(line).map((t) => `${t.word}/${search.stem(t.word)}`).join(' ');
    if (js !== expected[i]) mismatches.push(`${JSON.stringify(line)}\n    C++: ${expected[i]}\n    JS:  ${js}`);
  });
  assert.equal(mismatches.length, 0, `${mismatches.length} line(s) differ:\n  ${mismatches.slice(0, 15).join('\n  ')}`);
});

it('token offsets point at the words in the original text', () => {
  const text = 'Ask about Clare’s Law: the “right to know”.';
  const words = search.tokenize(text).map((t) => text.slice(t.begin, t.end));
  assert.deepEqual(words, ['Ask', 'about', 'Clare', 'Law', 'the', 'right', 'to', 'know']);
});

it('postings and bitsets decode', () => {
  // Documents 0, 3 and 40 with impacts 5, 63 and 1: gaps 0, 2, 36 (36 = 4 + 32 -> "k" "B").
  assert.deepEqual(search.decodePostings('AFC_kBB'), { docs: [0, 3, 40], impacts: [5, 63, 1] });
  const bits = search.decodeBitset('BQ==');  // one byte 0b00000101: documents 0 and 2
  assert.deepEqual([...bits], [5]);
});

it('edit distance stops early past the limit', () => {
  assert.equal(search.editDistance('supervison', 'supervision', 2), 1);
  assert.equal(search.editDistance('dissguised', 'disguised', 2), 1);
  assert.equal(search.editDistance('abcdef', 'uvwxyz', 2), 3);
});

it('a misspelt word is compared with stems by its start, as the C++ searcher does', () => {
  assert.equal(search.stemDistance('cohersive', 'coerciv', 2), 2);
  assert.equal(search.stemDistance('cohersive', 'cours', 2), 2);
  assert.equal(search.stemDistance('cohersive', 'core', 2), 3, 'stems under 5 letters are not compared');
  assert.equal(search.stemDistance('safeguarding', 'safeguard', 2), 0);
});

it('"did you mean" picks the close term that goes with the other words', () => {
  // Postings "gap varint + impact": documents 0, 1, 2 are "AAAAAA" (gaps 0, impact A).
  const postings = (docs) => {
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let out = '';
    let prev = -1;
    for (const d of docs) {
      out += digits[d - prev - 1] + 'B';
      prev = d;
    }
    return out;
  };
  const control = [{ term: 'control', postings: postings([0, 1, 2, 3]) }];
  const common = { term: 'other', postings: postings([0, 4, 5, 6, 7, 8, 9, 10]), d: 2 };
  const right = { term: 'coerciv', postings: postings([0, 1, 2]), d: 2 };
  assert.equal(search.closestInContext([common, right], [control]).term, 'coerciv');
  assert.equal(search.closestInContext([common, right], []).term, 'other', 'alone: the closest first');
  const words = [{ title: 'Coercive control', summary: '', text: 'coercive, coercive; coercion' }];
  assert.equal(search.surfaceWord(words, 'coerciv'), 'coercive');
  assert.equal(search.surfaceWord(words, 'zzz'), '');
});
