#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// One word of a text, case-folded: ASCII and Latin-1/Latin Extended-A letters become
/// lower-case ASCII without accents ("Émile" -> "emile", "Straße" -> "strasse").
struct Token {
  std::string word;  ///< folded word, never empty
  size_t begin = 0;  ///< byte offset of the word's first byte in the input
  size_t end = 0;    ///< byte offset just past the word (possessive 's excluded)
};

/// Splits UTF-8 text into folded words. Letters and digits form words; hyphens, spaces and
/// punctuation separate them. Apostrophes (' ’ ʼ) inside a word: a possessive "'s" at its
/// end is dropped ("Clare’s" -> "clare"), otherwise the apostrophe is removed ("O'Neill" ->
/// "oneill"). Combining accents are ignored; other scripts are kept as written. Words
/// longer than kMaxWordBytes are skipped; invalid UTF-8 bytes separate words.
/// search.js implements the same rules: change both together.
std::vector<Token> Tokenize(std::string_view text);

/// Tokenize without the vector: calls fn(word, begin, end) for each word in order, the folded word
/// in `*buffer` (reused, so a long text allocates nothing per word). The view is valid only during
/// the call.
template <typename Fn>
void ForEachWord(std::string_view text, std::string* buffer, Fn&& fn);

/// The folded form of one character (code point), or "" if it is not part of a word. Exposed for
/// tests.
std::string FoldCodePoint(char32_t cp);

/// Tokenize's scanner, one step at a time (ForEachWord drives it).
class WordScanner {
 public:
  WordScanner(std::string_view text, std::string* buffer) : text_(text), word_(buffer) {}
  /// Finds the next word: true with *word_ holding it folded and begin()/end() its bytes.
  bool Next();
  size_t begin() const { return begin_; }
  size_t end() const { return end_; }

 private:
  std::string_view text_;
  std::string* word_;
  size_t pos_ = 0, begin_ = 0, end_ = 0;
};

inline constexpr size_t kMaxWordBytes = 64;

/// True for the small English stop word list ("the", "of", "and" ...), which is not
/// indexed. The list ships in the manifest so the browser drops the same words.
bool IsStopWord(std::string_view folded_word);
const std::vector<std::string>& StopWords();

template <typename Fn>
void ForEachWord(std::string_view text, std::string* buffer, Fn&& fn) {
  WordScanner scanner(text, buffer);
  while (scanner.Next()) fn(std::string_view(*buffer), scanner.begin(), scanner.end());
}

}  // namespace bulletin
