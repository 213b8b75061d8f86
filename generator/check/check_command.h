#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "check/http_link_checker.h"
#include "core/file_system.h"
#include "sitegen/site_builder.h"

namespace bulletin {

/// `bulletin check`'s flags beyond the build's.
struct CheckCommandOptions {
  bool external = false;   ///< check http(s) links over the network
  bool offline = false;    ///< external links from the cache only (implies external)
  bool strict = false;     ///< warnings become errors
  bool json = false;       ///< a JSON array on `out` instead of compiler-style lines
  bool progress = false;   ///< a single updating progress line on `err` (a terminal)
  std::string cache_path;  ///< "" = <parent of content>/.bulletin/link-cache.db
  double cache_ttl_hours = 24;
  HttpCheckOptions http;  ///< user_agent is filled in from site.yaml's base_url
};

/// Runs the build without writing, then every check (internal links,
/// identifying details, content lint, and external links if asked), printing
/// findings as `path:line:col: severity: message` lines on `err` (or JSON on
/// `out`) and a summary. Returns 0 if no errors, 1 if any (after --strict).
/// Never throws.
int RunCheckCommand(const FileSystem& fs, BuildOptions build, const CheckCommandOptions& options,
                    std::ostream& out, std::ostream& err);

/// A BuildOptions::inspect that fails `bulletin build` on broken internal
/// links, anchors, placeholders and malformed mailto:/tel: links (the checks
/// `bulletin check` makes). With `remember`, it keeps what it found in each
/// document and checks again only what may have changed (InternalLinkMemo), for
/// a build that runs again and again (`bulletin serve --watch`).
std::function<void(const SiteModel&, const OutputTree&, Diagnostics*)> InternalLinkInspector(
    bool remember = false);

}  // namespace bulletin
