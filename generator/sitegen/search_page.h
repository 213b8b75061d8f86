#pragma once

#include <memory>

#include "search/index_writer.h"
#include "sitegen/output_tree.h"
#include "sitegen/page_writer.h"
#include "sitegen/site_model.h"

namespace bulletin {

/// The static search index the /search/ page reads from /search-index/ (see
/// search/index_writer.h): every published brief, bulletin and page, and the pages of
/// CollectionSearchDocuments, with the built-in
/// synonyms plus site.yaml's. A clean build adds each document while it writes the
/// document pages, on the same threads, then calls Finish; its files go into `out` as
/// they are made.
class SiteSearchIndex {
 public:
  SiteSearchIndex(const SiteConfig& site, OutputTree* out, size_t workers);
  SiteSearchIndex(const std::vector<std::vector<std::string>>& synonyms,
                  const SearchIndexOptions& options, OutputTree* out, size_t workers);
  ~SiteSearchIndex();
  SiteSearchIndex(const SiteSearchIndex&) = delete;
  SiteSearchIndex& operator=(const SiteSearchIndex&) = delete;

  /// Analyses one document; `worker` (below the count given) names the calling thread, and
  /// no two threads may pass the same one at once.
  void Add(const SearchDocument& doc, size_t worker);
  /// Writes the rest of the index. Returns its size in bytes.
  size_t Finish();

 private:
  struct Run;
  std::unique_ptr<Run> run_;
};

/// Adds a published document to `index`. With `release_text`, its plain text
/// (RenderedMarkdown::text) is freed once taken: a clean build, where nothing else reads it.
void AddToSearchIndex(SiteSearchIndex* index, PublishedDocument* p, const SiteConfig& site,
                      size_t worker, bool release_text);
/// The other pages search finds, each labelled by its type: every quiz ("Quiz"), every theme
/// page ("Theme"), and each theme's Think pack ("Think pack") and key messages ("Key
/// messages") if it has any. Their text is what those pages show (a quiz's questions, never
/// its answers).
std::vector<SearchDocument> CollectionSearchDocuments(const SiteModel& model);
/// The /search/ page.
void WriteSearchPage(PageWriter* writer);

/// What the index is built from, copied out of the model, so that an incremental build can
/// build it on another thread while the model changes.
struct SearchInput {
  std::vector<SearchDocument> docs;
  std::vector<std::vector<std::string>> synonyms;  ///< built-in groups, then site.yaml's
  SearchIndexOptions options;
};
SearchInput CollectSearchInput(const SiteModel& model);
/// Frees each document of `input` as soon as it is analysed.
size_t AddSearchIndex(SearchInput input, OutputTree* out);

}  // namespace bulletin
