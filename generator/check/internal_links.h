#pragma once

#include <memory>
#include <string>
#include <vector>

#include "check/finding.h"
#include "sitegen/output_tree.h"
#include "sitegen/site_model.h"

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
void CheckInternalLinks(const SiteModel& model, const OutputTree& out, CheckReport* report,
                        std::vector<ExternalLink>* external);

/// What CheckInternalLinks found in each document, kept for checking the same site again
/// after a small change (`bulletin serve --watch` checks after every save). A document's
/// findings are reused when its page address and links are as they were, none of its
/// links has a #fragment (the target page's ids may have changed), and the site's files,
/// base_url and every document's published state are as they were; any other document is
/// checked again. The findings are the same as without the memo.
class InternalLinkMemo {
 public:
  InternalLinkMemo();
  ~InternalLinkMemo();
  InternalLinkMemo(const InternalLinkMemo&) = delete;
  InternalLinkMemo& operator=(const InternalLinkMemo&) = delete;

  /// CheckInternalLinks, reusing what the last call found where it still holds.
  void Check(const SiteModel& model, const OutputTree& out, CheckReport* report,
             std::vector<ExternalLink>* external);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Resolves `target` (a path, no scheme, no fragment) against `page_url`
/// ("/briefs/x/") into a normalised site path starting with '/'. Returns "" if
/// it climbs above the root.
std::string ResolveSitePath(const std::string& page_url, const std::string& target);

}  // namespace bulletin
