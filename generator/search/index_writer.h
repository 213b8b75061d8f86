#pragma once

#include <map>
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
};

/// A facet value the results page offers as a filter, in display order.
struct FacetValue {
  std::string value;  ///< in the URL: "hidden-men", "brief", "Social workers"
  std::string label;  ///< shown: "Hidden men", "Learning brief"
};

struct SearchIndexOptions {
  size_t chunk_bytes = 16 * 1024;     ///< a chunk is closed once it holds this much
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

/// Builds the static search index: a manifest plus files under a content-hashed folder,
/// keyed by path relative to the index root (which the site serves at /search-index/):
///   manifest.json              chunk boundaries, facets, synonyms, stop words, counts
///   <version>/c/<n>.json       term -> postings for a sorted range of terms
///   <version>/d/<id>.json      one document's card and text, for the results shown
///   <version>/filters.json     facet value -> bitset of documents
/// Postings are base64url strings: per document a varint gap then one character of BM25
/// term impact (1..63). Documents are numbered in URL order. The same documents and
/// synonyms always give byte-identical files. Never throws.
std::map<std::string, std::string> BuildSearchIndex(const std::vector<SearchDocument>& docs,
                                                    const SynonymTable& synonyms, Stemmer* stemmer,
                                                    const SearchIndexOptions& options,
                                                    SearchIndexStats* stats,
                                                    const FieldWeights& weights = {});

/// Encodes a non-negative integer as base64url varint digits (5 bits each, low first,
/// the 6th bit marks "more"). Exposed for tests; search.js decodes it.
void AppendVarint(unsigned value, std::string* out);

/// The BM25 saturation of a weighted term frequency in a document of weighted length
/// `length` (avg: the mean), plus `bonus`, quantised to 1..63 of `max_impact` (the
/// saturation's limit plus the largest bonus). Exposed for tests.
int QuantisedImpact(double weighted_tf, double length, double avg_length, double bonus = 0,
                    double max_impact = 2.2);

}  // namespace bulletin
