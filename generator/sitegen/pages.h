#pragma once

#include <functional>

#include "sitegen/page_writer.h"
#include "sitegen/progress.h"

namespace bulletin {

/// Called before or after a document's page is written, with the document's index in
/// model.published and the number of the worker thread (below WorkerCount(published)).
using DocumentPageHook = std::function<void(size_t index, size_t worker)>;

/// A page per brief, bulletin and page, with related learning, on every core.
void WriteDocumentPages(PageWriter* writer, const ProgressFn& progress = {},
                        const DocumentPageHook& before = {}, const DocumentPageHook& after = {});
/// Home, /briefs/, /bulletins/, /themes/ and the 404 page.
void WriteIndexPages(PageWriter* writer);
/// /themes/<slug>/ for every theme in site.yaml.
void WriteThemePages(PageWriter* writer);

}  // namespace bulletin
