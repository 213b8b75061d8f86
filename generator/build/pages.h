#pragma once

#include "build/page_writer.h"
#include "build/progress.h"

namespace bulletin {

/// A page per brief, bulletin and page, with related learning, on every core.
void WriteDocumentPages(PageWriter* writer, const ProgressFn& progress = {});
/// Home, /briefs/, /bulletins/, /themes/ and the 404 page.
void WriteIndexPages(PageWriter* writer);
/// /themes/<slug>/ for every theme in site.yaml.
void WriteThemePages(PageWriter* writer);

}  // namespace bulletin
