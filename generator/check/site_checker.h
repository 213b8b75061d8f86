#pragma once

#include <vector>

#include "check/finding.h"
#include "check/internal_links.h"
#include "sitegen/output_tree.h"
#include "sitegen/site_model.h"

namespace bulletin {

/// What `bulletin check` runs on a built (unwritten) site, besides the build's
/// own checks.
struct SiteCheckOptions {
  bool links = true;    ///< internal links, anchors, mailto:/tel: (errors)
  bool details = true;  ///< identifying details (warnings)
  bool lint = true;     ///< headings, alt text, link text, sentences, reading ease
};

/// Runs the chosen checks on every published document (links), every brief and
/// bulletin that is not withdrawn (details: drafts too, before they are
/// published; pages hold the partnership's own details, not case reviews) and
/// every document not withdrawn (lint). Findings go into `report`; http(s)
/// links are appended to `external` for CheckExternalLinks.
void CheckSite(const SiteModel& model, const OutputTree& out, const SiteCheckOptions& options,
               CheckReport* report, std::vector<ExternalLink>* external);

/// The identifying-details scan of one document (title, summary and body) as
/// warnings, allowing the site's contacts and the document's `pseudonyms` and
/// `reviewed` entries.
void CheckIdentifyingDetails(const Document& doc, const SiteConfig& site, CheckReport* report);

}  // namespace bulletin
