#pragma once

#include "build/output_tree.h"
#include "build/page_writer.h"
#include "build/site_model.h"
#include "search/index_writer.h"

namespace bulletin {

/// The static search index the /search/ page reads from /search-index/ (see
/// search/index_writer.h): every published brief, bulletin and page, with the built-in
/// synonyms plus site.yaml's. With `release_text`, each document's plain text
/// (RenderedMarkdown::text) is freed once analysed: a clean build, where nothing else reads
/// it. Returns the index's size in bytes.
size_t AddSearchIndex(SiteModel* model, OutputTree* out, bool release_text);
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
