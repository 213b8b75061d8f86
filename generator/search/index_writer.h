#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "search/synonyms.h"

namespace bulletin {

/// What the index knows of one page: its fields for ranking and its card for results.
struct SearchDocument {
  std::string url;  ///< "/briefs/baby-l-hidden-men/"
  std::string title;
  std::string type;        ///< facet value: "brief", "bulletin", "page"
  std::string type_label;  ///< "Learning brief"
  std::string date_iso;    ///< "2026-06-02" or ""
  std::string date_long;   ///< "2 June 2026" or ""
  std::string partnership;
  std::string summary;
  std::vector<std::pair<std::string, std::string>> themes;  ///< (slug, name)
  std::vector<std::string> audience;
  std::vector<std::string> headings;    ///< heading texts
  std::vector<std::string> emphasised;  ///< THINK and KEY block texts
  std::string body;                     ///< the whole body as plain text (headings and blocks too)
  /// How strongly the page ranks, (0, 1]: its terms' impacts are scaled by it. Pages that
  /// gather what briefs say (a theme's Think pack, a quiz on a brief) rank below the briefs
  /// for the same words.
  double rank = 1;
};

/// A facet value the results page offers as a filter, in display order.
struct FacetValue {
  std::string value;  ///< in the URL: "hidden-men", "brief", "Social workers"
  std::string label;  ///< shown: "Hidden men", "Learning brief"
};

struct SearchIndexOptions {
  /// A chunk's size: chunks hold 60% to 150% of this (80% on average), cut where a term's hash says
  /// so, so that a change moves only the boundaries near it.
  size_t chunk_bytes = 16 * 1024;
  size_t max_text_bytes = 16 * 1024;  ///< body text kept per document for excerpts
  /// Theme values in site.yaml order (a theme no document uses still shows, with 0).
  std::vector<FacetValue> themes;
};

struct SearchIndexStats {
  size_t documents = 0;
  size_t terms = 0;
  size_t chunks = 0;
  size_t bytes = 0;  ///< every index file together
};

/// Field weights for ranking (BM25F-style: a term's frequency in each field times the
/// field's weight). The body holds headings and blocks too, so they count twice.
struct FieldWeights {
  double title = 6, headings = 3, emphasised = 2, summary = 2, themes = 2, audience = 1, body = 1;
  /// Added to a term's impact after BM25 saturation when the term is in the title, and
  /// when it is in a theme's name, so that a page about a subject outranks a longer one
  /// that mentions it.
  double title_bonus = 1.0, theme_bonus = 0.5;
};

/// Receives each index file as it is made: its path relative to the index root (which the site
/// serves at /search-index/) and its bytes. Called from several threads at once.
using SearchIndexSink = std::function<void(std::string path, std::string contents)>;

/// Builds the static search index, writing each file through the sink as soon as it is
/// made rather than holding the index in memory:
///   manifest.json     chunk boundaries and names, document tables, facets, synonyms,
///                     stop words, counts: the one file whose name never changes
///   c/<name>.json     term -> postings for a sorted range of terms
///   d/<name>.json     one document's card and text, for the results shown
///   t/<name>.json     the names of the d/ files of kDocumentsPerTable documents in a row
///   f/<name>.json     facet value -> bitset of documents
/// Every <name> is a hash of the file's own bytes (kNameLength base32 characters), so an
/// edit to one document changes only its d/ file, its table, the chunks whose postings
/// change (chunk boundaries depend on the terms near them, not on everything before) and
/// the manifest. Postings are base64url strings: per document a varint gap then one
/// character of BM25 term impact (1..63). Documents are numbered in URL order. The same
/// documents and synonyms always give byte-identical files. Never throws.
class SearchIndexBuilder {
 public:
  /// Up to `workers` threads may call Add at once, each passing its own number below it.
  SearchIndexBuilder(const SynonymTable& synonyms, const SearchIndexOptions& options,
                     size_t workers, SearchIndexSink sink, const FieldWeights& weights = {});
  ~SearchIndexBuilder();
  SearchIndexBuilder(const SearchIndexBuilder&) = delete;
  SearchIndexBuilder& operator=(const SearchIndexBuilder&) = delete;

  /// Analyses one document and writes its d/ file; keeps only its terms' numbers and weights and
  /// its facet values, so the caller may free its text at once.
  void Add(const SearchDocument& doc, size_t worker);
  /// Writes the chunks, document tables, filters and manifest. Call once, after every Add.
  SearchIndexStats Finish();

  static constexpr size_t kNameLength = 10;
  static constexpr size_t kDocumentsPerTable = 64;

 private:
  struct Worker;
  struct Analysed;
  class Names;
  class Finisher;
  std::string Emit(char folder, std::string contents);        // returns the name
  std::string DocumentFile(const SearchDocument& doc) const;  // the d/ file's bytes

  const SynonymTable& synonyms_;
  SearchIndexOptions options_;
  FieldWeights weights_;
  SearchIndexSink sink_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Names> names_;
};

/// Encodes a non-negative integer as base64url varint digits (5 bits each, low first,
/// the 6th bit marks "more"). Exposed for tests; search.js decodes it.
void AppendVarint(unsigned value, std::string* out);

/// The BM25 saturation of a weighted term frequency in a document of weighted length
/// `length` (avg: the mean), plus `bonus`, quantised to 1..63 of `max_impact` (the
/// saturation's limit plus the largest bonus). Exposed for tests.
int QuantisedImpact(double weighted_tf, double length, double avg_length, double bonus = 0,
                    double max_impact = 2.2);

}  // namespace bulletin
