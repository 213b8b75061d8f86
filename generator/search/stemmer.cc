#include "search/stemmer.h"

#include <libstemmer.h>

namespace bulletin {

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

std::string Stemmer::Stem(std::string_view folded_word) {
  if (!stemmer_ || folded_word.empty()) return std::string(folded_word);
  const sb_symbol* out =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                      static_cast<int>(folded_word.size()));
  if (!out) return std::string(folded_word);
  return std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer_));
}

}  // namespace bulletin
