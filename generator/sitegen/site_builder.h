#pragma once

#include <functional>
#include <string>

#include "core/date.h"
#include "core/diagnostics.h"
#include "core/file_system.h"
#include "sitegen/progress.h"

namespace bulletin {

class OutputTree;
struct Document;
struct SiteConfig;
struct SiteModel;

struct BuildOptions {
  std::string content_dir = "content";
  std::string templates_dir = "templates";
  std::string out_dir = "site";
  bool drafts = false;         ///< include `draft: true` content
  std::string base_url;        ///< when set, replaces site.yaml's (LoadOptions::base_url)
  Date today = Date::Today();  ///< for review_by warnings
  bool write = true;           ///< false: validate and render only (`bulletin check`)
  /// Use the build cache beside out_dir (sitegen/build_cache.h) and leave a new one, so the
  /// next build renders only what changed (`bulletin build`; `--clean` turns it off).
  /// Only with `write`.
  bool cache = false;
  /// With `cache`: ignore the cache there is and render everything (a new one is left).
  bool clean = false;
  /// Optional: called once every file is produced and before the build decides whether it
  /// failed, so a checker can see the site and add diagnostics (an error fails the build).
  std::function<void(const SiteModel&, const OutputTree&, Diagnostics*)> inspect;
  /// Optional: called once for every document loaded (drafts and withdrawn ones too), while
  /// its Markdown source (Document::body) is held, on the thread that renders it, so
  /// several calls run at once; it adds that document's findings to `diags`, which is the
  /// document's own (an error fails the build). A build frees each source once its page
  /// is made, so a check of the Markdown belongs here, not in `inspect`.
  std::function<void(const Document&, const SiteConfig&, Diagnostics*)> inspect_document;
  /// Optional: told how far the long stages have got (the command line shows it).
  ProgressFn progress;
};

struct BuildStats {
  int documents = 0;
  int pages = 0;     ///< HTML pages written
  int files = 0;     ///< every file written, pages included
  int rendered = 0;  ///< pages rendered; the others were as the last build left them
};

/// Builds the site: reads content and templates through `fs`, renders every page, and
/// when options.write is set writes them to a fresh folder beside out_dir that replaces
/// out_dir only if the whole build succeeded. Returns false (out_dir untouched) if any
/// error was reported.
bool BuildSite(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
               BuildStats* stats);

}  // namespace bulletin
