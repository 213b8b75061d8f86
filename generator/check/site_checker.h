#pragma once

#include <vector>

#include "check/finding.h"
#include "content/document.h"
#include "content/site_config.h"

namespace bulletin {

/// The checks of one document that every build runs (`bulletin build`, `bulletin serve
/// --watch` and `bulletin check` alike), on its Markdown source:
/// - identifying details in briefs and bulletins (CheckIdentifyingDetails): errors in a
///   document the build publishes (not withdrawn, and not a draft unless `drafts`), so
///   the publish stops; warnings in drafts and withdrawn ones, and for guessed first names;
/// - content lint of every document not withdrawn (LintDocument): warnings, and the
///   reading-ease note.
void CheckDocument(const Document& doc, const SiteConfig& site, bool drafts, CheckReport* report);

/// The identifying-details scan of one document (title, summary and body), allowing the
/// site's contacts and the document's `pseudonyms` and `reviewed` entries, and finding
/// site.yaml's `identifying_names`. Definite details get `severity`; guessed first names
/// are warnings.
void CheckIdentifyingDetails(const Document& doc, const SiteConfig& site, FindingSeverity severity,
                             CheckReport* report);

}  // namespace bulletin
