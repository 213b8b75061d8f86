#pragma once

#include <string>
#include <vector>

#include "content/document.h"
#include "content/site_config.h"
#include "core/date.h"
#include "core/diagnostics.h"
#include "core/file_system.h"

namespace bulletin {

/// Everything under content/ that the build reads.
struct ContentTree {
  SiteConfig site;
  std::vector<Document> documents;  ///< briefs, bulletins and pages, sorted by path
  std::vector<std::string> static_files;  ///< under content/static/, relative paths

  const Document* FindBySlug(const std::string& slug) const;
};

struct LoadOptions {
  Date today = Date::Today();  ///< for review_by warnings
};

/// Loads and validates `content_dir`: site.yaml, every .md file, duplicate slugs,
/// superseded_by targets, overdue review_by dates (warnings). Every problem goes into
/// *diags. Returns false if any error was found.
bool LoadContentTree(const FileSystem& fs, const std::string& content_dir,
                     const LoadOptions& options, Diagnostics* diags, ContentTree* out);

}  // namespace bulletin
