#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

struct sb_stemmer;

namespace bulletin {

/// English Snowball (Porter2) stemming through libstemmer: "supervising", "supervision"
/// -> "supervis". Not thread-safe (libstemmer keeps state per stemmer): use one Stemmer
/// per thread. search.js ports the same algorithm for queries; tests compare the two.
class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  /// The stem of a folded word (as Tokenize gives). Returns the word unchanged if the
  /// stemmer could not be created or fails (out of memory). Remembers up to kCacheSize
  /// words, since a site's vocabulary is small and its words repeat.
  std::string Stem(std::string_view folded_word);

  static constexpr size_t kCacheSize = 1 << 18;

 private:
  sb_stemmer* stemmer_ = nullptr;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace bulletin
