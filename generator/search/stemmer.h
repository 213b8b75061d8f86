#pragma once

#include <string>
#include <string_view>

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
  /// stemmer could not be created or fails (out of memory).
  std::string Stem(std::string_view folded_word);

 private:
  sb_stemmer* stemmer_ = nullptr;
};

}  // namespace bulletin
