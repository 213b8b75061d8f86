#include "search/stemmer.h"

#include <libstemmer.h>

namespace bulletin {

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

std::string Stemmer::Stem(std::string_view folded_word) {
  std::string word(folded_word);
  auto it = cache_.find(word);
  if (it != cache_.end()) return it->second;
  std::string stem = word;
  if (stemmer_ && !word.empty()) {
    const sb_symbol* out = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (out) stem.assign(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer_));
  }
  if (cache_.size() < kCacheSize) cache_.emplace(std::move(word), stem);
  return stem;
}

}  // namespace bulletin
