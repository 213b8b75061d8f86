#pragma once

#include <string>
#include <vector>

#include "build/output_tree.h"
#include "build/site_model.h"
#include "check/finding.h"

namespace bulletin {

/// An http(s) link found in a document, for the external checker.
struct ExternalLink {
  std::string url;  ///< as written, without its #fragment
  std::string path;
  int line = 0;
  int column = 0;
};

/// Checks every link and image in every published document against the files
/// the build produced (`out`): site paths (/briefs/x/, with a suggestion for
/// /briefs/x), relative paths resolved against the page's URL, links into the
/// site's own base_url, #anchors on the target or the same page (any id in the
/// produced HTML), links to withdrawn or draft content, `#` placeholders and
/// empty links, and the form of mailto: and tel: links. Problems are errors in
/// `report`. Other http(s) links are appended to `external`.
void CheckInternalLinks(const SiteModel &model, const OutputTree &out, CheckReport *report,
                        std::vector<ExternalLink> *external);

/// Resolves `target` (a path, no scheme, no fragment) against `page_url`
/// ("/briefs/x/") into a normalised site path starting with '/'. Returns "" if
/// it climbs above the root.
std::string ResolveSitePath(const std::string &page_url, const std::string &target);

}  // namespace bulletin
