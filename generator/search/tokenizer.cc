#include "search/tokenizer.h"

#include <algorithm>
#include <array>

namespace bulletin {

namespace {

// Folded forms of U+00C0..U+017F, space separated, "-" where the character is not a letter
// (× and ÷). Generated from Unicode decompositions; search.js carries the same table.
constexpr std::string_view kLatinFold =
    "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th ss "
    "a a a a a a ae c e e e e i i i i d n o o o o o - o u u u u y th y "
    "a a a a a a c c c c c c c c d d d d e e e e e e e e e e g g g g g g g g h "
    "h h h "
    "i i i i i i i i i i ij ij j j k k k l l l l l l l l l l n n n n n n n n n "
    "o o o o o o oe oe r r r r r r s s s s s s s s t t t t t t u u u u u u u u "
    "u u u u "
    "w w y y y z z z z z z s";

// kLatinFold split at its spaces, "" for "-": views into the literal, so folding allocates nothing.
const std::array<std::string_view, 0x180 - 0xC0>& LatinTable() {
  static const auto table = [] {
    std::array<std::string_view, 0x180 - 0xC0> t{};
    size_t start = 0;
    for (std::string_view& item : t) {
      size_t space = std::min(kLatinFold.find(' ', start), kLatinFold.size());
      item = kLatinFold.substr(start, space - start);
      if (item == "-") item = {};
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

bool IsAsciiWordChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// True if the character folds to something, i.e. belongs to a word.
bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) return IsAsciiWordChar(cp);
  if (cp < 0xC0) return false;
  if (cp < 0x180) return !LatinTable()[cp - 0xC0].empty();
  return !IsApostrophe(cp) && !IsCombiningMark(cp) && !IsPunctuationBlock(cp);
}

struct CodePoint {
  char32_t cp = 0;
  size_t begin = 0;
  size_t end = 0;
  bool valid = false;
};

// The character at byte i; an invalid byte is U+FFFD, invalid, one byte long.
CodePoint DecodeAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, i, i + 1, true};
  size_t len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  bool ok = len > 0 && i + len <= s.size();
  for (size_t k = 1; ok && k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) ok = false;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (ok && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
  if (!ok) return {0xFFFD, i, i + 1, false};
  return {cp, i, i + len, true};
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

// Appends the folded form of a word character.
void AppendFolded(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
  } else if (cp < 0x180) {
    *out += LatinTable()[cp - 0xC0];
  } else {
    AppendUtf8(cp, out);
  }
}

bool IsWordChar(const CodePoint& p) { return p.valid && IsWordCodePoint(p.cp); }

bool FoldsToS(char32_t cp) {
  if (cp < 0x80) return cp == 's' || cp == 'S';
  return cp >= 0xC0 && cp < 0x180 && LatinTable()[cp - 0xC0] == "s";
}

}  // namespace

std::string FoldCodePoint(char32_t cp) {
  std::string out;
  if (IsWordCodePoint(cp)) AppendFolded(cp, &out);
  return out;
}

bool WordScanner::Next() {
  word_->clear();
  bool in_word = false;
  size_t last_end = 0;
  while (pos_ < text_.size()) {
    // Most text is ASCII letters and digits: fold a run of them at once, without decoding.
    size_t run_end = pos_;
    while (run_end < text_.size() && IsAsciiWordChar(static_cast<unsigned char>(text_[run_end]))) {
      ++run_end;
    }
    if (run_end > pos_) {
      if (!in_word) begin_ = pos_;
      in_word = true;
      size_t first = word_->size();
      word_->append(text_.substr(pos_, run_end - pos_));
      for (size_t k = first; k < word_->size(); ++k) {
        char& c = (*word_)[k];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      pos_ = last_end = run_end;
      continue;
    }
    CodePoint p = DecodeAt(text_, pos_);
    pos_ = p.end;
    if (IsWordChar(p)) {
      if (!in_word) begin_ = p.begin;
      in_word = true;
      AppendFolded(p.cp, word_);
      last_end = p.end;
      continue;
    }
    if (!in_word) continue;
    if (p.valid && IsCombiningMark(p.cp)) {
      last_end = p.end;
      continue;
    }
    if (p.valid && IsApostrophe(p.cp) && pos_ < text_.size()) {
      CodePoint next = DecodeAt(text_, pos_);
      if (IsWordChar(next)) {
        bool possessive = FoldsToS(next.cp) &&
                          (next.end >= text_.size() || !IsWordChar(DecodeAt(text_, next.end)));
        if (!possessive) continue;  // the apostrophe is dropped and the word goes on
        pos_ = next.end;            // the word ends before the possessive 's
      }
    }
    if (word_->size() <= kMaxWordBytes) {
      end_ = last_end;
      return true;
    }
    word_->clear();
    in_word = false;
  }
  if (!in_word || word_->size() > kMaxWordBytes) return false;
  end_ = last_end;
  return true;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::string buffer;
  ForEachWord(text, &buffer, [&](std::string_view word, size_t begin, size_t end) {
    tokens.push_back({std::string(word), begin, end});
  });
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
