#pragma once

#include <string>
#include <vector>

#include "content/document.h"
#include "content/site_config.h"

namespace bulletin {

/// An Atom 1.0 feed of `entries` (newest first), with absolute links from site.base_url.
std::string RenderAtomFeed(const SiteConfig& site, const std::vector<const Document*>& entries);

/// A sitemap of site-relative URLs ("/", "/briefs/x/") made absolute with site.base_url.
std::string RenderSitemap(const SiteConfig& site, const std::vector<std::string>& urls);

/// robots.txt allowing everything and naming the sitemap.
std::string RenderRobots(const SiteConfig& site);

}  // namespace bulletin
