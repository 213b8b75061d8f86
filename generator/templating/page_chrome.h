#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"

namespace bulletin {

/// What every page shares, from site.yaml: name, contacts, footer pages, logo, year.
/// `footer_pages` are (title, url) of the published pages in navigation order; the first
/// whose address starts /pages/privacy is `privacy_url`, which every form that collects
/// personal details links to.
nlohmann::json SiteChrome(const SiteConfig& site,
                          const std::vector<std::pair<std::string, std::string>>& footer_pages,
                          int year);

/// Adds to a page's context what the base layout needs: `site` (from SiteChrome), the main
/// navigation with the current item marked, breadcrumbs (title, url), the title, the
/// canonical URL and a description (the context's summary, else the site's).
void AddPageChrome(const SiteConfig& site, const nlohmann::json& chrome, const std::string& url,
                   const std::string& title,
                   const std::vector<std::pair<std::string, std::string>>& crumbs, bool has_quizzes,
                   nlohmann::json* context);

/// What AddPageChrome adds but `site` and `page_description`, as an object of its own: for a
/// page rendered from several contexts, with the site's chrome shared by every page.
nlohmann::json PageChrome(const SiteConfig& site, const std::string& url, const std::string& title,
                          const std::vector<std::pair<std::string, std::string>>& crumbs,
                          bool has_quizzes);

}  // namespace bulletin
