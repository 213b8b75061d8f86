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
  std::vector<Document> documents;        ///< briefs, bulletins and pages, sorted by path
  std::vector<std::string> static_files;  ///< under content/static/, relative paths

  const Document* FindBySlug(const std::string& slug) const;
};

struct LoadOptions {
  Date today = Date::Today();  ///< for review_by warnings
  /// When set, each loaded document's own problems go to the entry at its index here rather
  /// than to the run's diagnostics (an incremental build keeps them per file).
  std::vector<Diagnostics>* per_document = nullptr;
  /// False: leave out CheckDocuments (the caller runs it).
  bool check_documents = true;
  /// When set (`--base-url`), replaces site.yaml's base_url: the address certificates, the
  /// feed, the sitemap, canonical links and e-mails give. Must start http:// or https://.
  std::string base_url;
};

/// Loads and validates `content_dir`: site.yaml, every .md file, duplicate slugs,
/// superseded_by targets, overdue review_by dates (warnings), replacing whatever *out held.
/// Every problem goes into *diags. Returns false if any error was found.
bool LoadContentTree(const FileSystem& fs, const std::string& content_dir,
                     const LoadOptions& options, Diagnostics* diags, ContentTree* out);

/// Reads content/<kind folder>/`name` into *doc and parses its front matter (reporting
/// problems). Returns false, with a warning, if `name` is not a .md file (dot files are
/// skipped quietly), and false if it cannot be read.
bool LoadDocumentFile(const FileSystem& fs, const std::string& content_dir, DocumentKind kind,
                      const std::string& name, const SiteConfig& site, Diagnostics* diags,
                      Document* doc);

/// The checks across files: duplicate slugs, superseded_by targets, overdue review_by
/// dates (warnings). LoadContentTree runs them; an incremental build reruns them.
void CheckDocuments(const ContentTree& tree, const LoadOptions& options, Diagnostics* diags);

}  // namespace bulletin
