#pragma once

#include "build/output_tree.h"
#include "build/page_writer.h"
#include "build/site_model.h"

namespace bulletin {

/// The /search/ page and the static search index it reads from /search-index/ (see
/// search/index_writer.h): every published brief, bulletin and page, with the built-in
/// synonyms plus site.yaml's. Returns the index's size in bytes.
size_t WriteSearch(PageWriter* writer, OutputTree* out);

/// The two halves of WriteSearch: the index files, and the /search/ page.
size_t AddSearchIndex(const SiteModel& model, OutputTree* out);
void WriteSearchPage(PageWriter* writer);

}  // namespace bulletin
