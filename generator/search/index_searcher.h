#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bulletin {

/// One result: what a results list shows of a page (from its d/ file).
struct SearchHit {
  std::string url;
  std::string title;
  std::string type;      ///< its label: "Learning brief", "Quiz", "Think pack"
  std::string date;      ///< "2 June 2026" or ""
  std::string date_iso;  ///< "2026-06-02" or ""
  std::string summary;
};

struct SearchAnswer {
  bool ok = true;         ///< false: the index could not be read (none built, or damaged)
  size_t total = 0;       ///< how many pages match; `hits` holds the first of them
  bool partial = false;   ///< no page has every word: these have some of them
  bool no_terms = false;  ///< the query holds only common words ("the", "and")
  std::vector<SearchHit> hits;
  /// "Did you mean": the query with each word the index does not hold replaced by a close
  /// one it does (of those, the one most pages hold with the query's other words), as the
  /// pages write it; "" if every word was found.
  std::string suggestion;
};

/// Reads one index file by its path below the index root ("manifest.json", "c/<name>.json")
/// into *bytes; false if it cannot.
using IndexFileReader = std::function<bool(const std::string& path, std::string* bytes)>;

/// Answers a query from the files SearchIndexBuilder wrote (index_writer.h), as search.js
/// does in the browser: the same words, stems, synonym groups, quoted phrases, typo
/// tolerance, BM25 ranking, and "did you mean"; no filters and no prefix matching (a
/// submitted query is complete). For `bulletin serve` when JavaScript is off. Reads the
/// manifest on every query, so a republished index is used at once. Thread-safe.
class IndexSearcher {
 public:
  explicit IndexSearcher(IndexFileReader read) : read_(std::move(read)) {}

  /// The first `limit` results for `query`, best first.
  SearchAnswer Search(std::string_view query, size_t limit) const;

 private:
  IndexFileReader read_;
};

/// Levenshtein distance between a and b, or max + 1 once it must exceed `max` (as
/// search.js's editDistance). Exposed for tests.
int BoundedEditDistance(std::string_view a, std::string_view b, int max);

/// How far a typed word is from a stem, ignoring the word's ending: the least
/// BoundedEditDistance between `term` and a start of `word` of term's length to +2
/// ("cohersive" is 2 from "coerciv"); max + 1 for stems under 5 letters (search.js's
/// stemDistance).
int StemDistance(std::string_view word, std::string_view term, int max);

}  // namespace bulletin
