#pragma once

#include <string>
#include <vector>

#include "content/content_tree.h"
#include "core/date.h"
#include "markdown/markdown.h"

namespace bulletin {

/// A document that appears on the site, with its rendered body.
struct PublishedDocument {
  const Document* doc = nullptr;
  RenderedMarkdown body;
};

/// What every page generator reads: the content and what of it is published.
struct SiteModel {
  const ContentTree* content = nullptr;
  std::vector<PublishedDocument> published;         ///< briefs, bulletins and pages
  std::vector<const PublishedDocument*> by_date;    ///< briefs and bulletins, newest first
  std::vector<const PublishedDocument*> pages;      ///< pages, in navigation order
  Date today;

  const SiteConfig& site() const { return content->site; }
  /// Briefs and bulletins with theme `slug`, newest first.
  std::vector<const PublishedDocument*> InTheme(const std::string& slug) const;
  /// The published document with this slug, or nullptr.
  const PublishedDocument* Find(const std::string& slug) const;
};

/// "Learning brief", "Bulletin", "Page".
const char* KindLabel(DocumentKind kind);

}  // namespace bulletin
