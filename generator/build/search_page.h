#pragma once

#include "build/output_tree.h"
#include "build/page_writer.h"
#include "build/site_model.h"
#include "search/index_writer.h"

namespace bulletin {

/// The /search/ page and the static search index it reads from /search-index/ (see
/// search/index_writer.h): every published brief, bulletin and page, with the built-in
/// synonyms plus site.yaml's. Returns the index's size in bytes.
size_t WriteSearch(PageWriter* writer, OutputTree* out);

/// The two halves of WriteSearch: the index files, and the /search/ page.
size_t AddSearchIndex(const SiteModel& model, OutputTree* out);
/// The same, freeing each document's plain text (RenderedMarkdown::text) once it is
/// analysed: a clean build, where nothing else reads it.
size_t AddSearchIndexReleasingText(SiteModel* model, OutputTree* out);
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
