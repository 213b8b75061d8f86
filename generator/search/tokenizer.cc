#include "search/tokenizer.h"

#include <algorithm>

namespace bulletin {

namespace {

// Folded forms of U+00C0..U+017F, space separated, "-" where the character is not a letter
// (× and ÷). Generated from Unicode decompositions; search.js carries the same table.
constexpr std::string_view kLatinFold =
    "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss "
    "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y "
    "a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h h h h "
    "i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n "
    "o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u u u u u "
    "w w y y y z z z z z z s";

const std::vector<std::string>& LatinTable() {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t;
    size_t start = 0;
    while (start <= kLatinFold.size()) {
      size_t space = kLatinFold.find(' ', start);
      if (space == std::string_view::npos) space = kLatinFold.size();
      std::string item(kLatinFold.substr(start, space - start));
      t.push_back(item == "-" ? "" : item);
      start = space + 1;
    }
    return t;
  }();
  return table;
}

bool IsApostrophe(char32_t cp) { return cp == 0x27 || cp == 0x2019 || cp == 0x2BC; }
bool IsCombiningMark(char32_t cp) { return cp >= 0x300 && cp <= 0x36F; }

bool IsPunctuationBlock(char32_t cp) {
  return (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || cp >= 0xFFF0;
}

struct CodePoint {
  char32_t cp = 0;
  size_t begin = 0;
  size_t end = 0;
  bool valid = false;
};

std::vector<CodePoint> Decode(std::string_view s) {
  std::vector<CodePoint> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    CodePoint p;
    p.begin = i;
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    p.valid = ok;
    p.cp = ok ? cp : 0xFFFD;
    i += ok ? len : 1;
    p.end = i;
    out.push_back(p);
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsWordChar(const CodePoint& p) { return p.valid && !FoldCodePoint(p.cp).empty(); }

}  // namespace

std::string FoldCodePoint(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return std::string(1, static_cast<char>(cp - 'A' + 'a'));
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      return std::string(1, static_cast<char>(cp));
    }
    return "";
  }
  if (cp < 0xC0) return "";
  if (cp < 0x180) return LatinTable()[cp - 0xC0];
  if (IsApostrophe(cp) || IsCombiningMark(cp) || IsPunctuationBlock(cp)) return "";
  std::string out;
  AppendUtf8(cp, &out);
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<CodePoint> cps = Decode(text);
  std::vector<Token> tokens;
  Token current;
  bool in_word = false;
  auto finish = [&](size_t end) {
    if (in_word && !current.word.empty() && current.word.size() <= kMaxWordBytes) {
      current.end = end;
      tokens.push_back(current);
    }
    current = Token();
    in_word = false;
  };
  size_t last_end = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    const CodePoint& p = cps[i];
    if (IsWordChar(p)) {
      if (!in_word) {
        in_word = true;
        current.begin = p.begin;
      }
      current.word += FoldCodePoint(p.cp);
      last_end = p.end;
      continue;
    }
    if (in_word && p.valid && IsCombiningMark(p.cp)) {
      last_end = p.end;
      continue;
    }
    if (in_word && p.valid && IsApostrophe(p.cp) && i + 1 < cps.size() && IsWordChar(cps[i + 1])) {
      bool possessive =
          FoldCodePoint(cps[i + 1].cp) == "s" && (i + 2 >= cps.size() || !IsWordChar(cps[i + 2]));
      if (possessive) {
        finish(last_end);
        ++i;  // skip the 's'
      }
      continue;
    }
    finish(last_end);
  }
  finish(last_end);
  return tokens;
}

const std::vector<std::string>& StopWords() {
  // Sorted; kept short so that words practitioners search for ("who", "not", "can") stay.
  static const std::vector<std::string> words = {
      "a",     "about", "an",    "and",   "are",   "as",   "at",    "be",   "been",  "but",  "by",
      "did",   "do",    "does",  "for",   "from",  "had",  "has",   "have", "he",    "her",  "him",
      "his",   "i",     "if",    "in",    "into",  "is",   "it",    "its",  "me",    "my",   "of",
      "on",    "or",    "our",   "she",   "so",    "than", "that",  "the",  "their", "them", "then",
      "there", "these", "they",  "this",  "those", "to",   "too",   "us",   "was",   "we",   "were",
      "what",  "when",  "where", "which", "while", "with", "would", "you",  "your"};
  return words;
}

bool IsStopWord(std::string_view folded_word) {
  const auto& words = StopWords();
  return std::binary_search(words.begin(), words.end(), folded_word);
}

}  // namespace bulletin
