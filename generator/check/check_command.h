#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "check/http_link_checker.h"
#include "core/file_system.h"
#include "sitegen/site_builder.h"

namespace bulletin {

/// `bulletin check`'s flags beyond the build's.
struct CheckCommandOptions {
  bool external = false;      ///< check http(s) links over the network
  bool offline = false;       ///< external links from the cache only (implies external)
  bool strict = false;        ///< warnings become errors
  bool json = false;          ///< a JSON array on `out` instead of compiler-style lines
  bool progress = false;      ///< a single updating progress line on `err` (a terminal)
  bool reading_ease = false;  ///< list each file that reads harder than plain English
  std::string cache_path;     ///< "" = <parent of content>/.bulletin/link-cache.db
  double cache_ttl_hours = 24;
  HttpCheckOptions http;  ///< user_agent is filled in from site.yaml's base_url
};

/// Runs the build without writing, with the checks every build runs (AddBuildChecks:
/// internal links, identifying details, content lint) and external links if asked,
/// printing findings as `path:line:col: severity: message` lines on `err` (or JSON on
/// `out`) and a summary. The reading-ease notes are one summary line
/// (ReadingEaseSummary) unless `reading_ease`. Returns 0 if no errors, 1 if any (after
/// --strict). Never throws.
int RunCheckCommand(const FileSystem& fs, BuildOptions build, const CheckCommandOptions& options,
                    std::ostream& out, std::ostream& err);

/// A BuildOptions::inspect that fails `bulletin build` on broken internal
/// links, anchors, placeholders and malformed mailto:/tel: links (the checks
/// `bulletin check` makes). With `remember`, it keeps what it found in each
/// document and checks again only what may have changed (InternalLinkMemo), for
/// a build that runs again and again (`bulletin serve --watch`).
std::function<void(const SiteModel&, const OutputTree&, Diagnostics*)> InternalLinkInspector(
    bool remember = false);

/// What the checks of a build found that is not a diagnostic.
struct BuildCheckTally {
  std::atomic<int> hard_to_read{0};  ///< documents reading harder than plain English
};

/// Gives `options` every check `bulletin check` makes but external links, as
/// `bulletin build` and `bulletin serve --watch` run them: inspect_document runs
/// CheckDocument (site_checker.h: identifying details are errors that stop the
/// publish; lint warnings) on each document as it is rendered, and inspect runs
/// InternalLinkInspector(remember). Reading-ease notes are not diagnostics: they are
/// counted in the tally returned. Reads options->drafts, so set that first.
std::shared_ptr<BuildCheckTally> AddBuildChecks(BuildOptions* options, bool remember = false);

/// "3 files read harder than plain English (reading ease under 60); `bulletin check
/// --reading-ease` lists them" (with a newline), or "" for none.
std::string ReadingEaseSummary(int files);

}  // namespace bulletin
