#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "content/content_tree.h"
#include "core/date.h"
#include "markdown/markdown.h"
#include "quiz/quiz.h"

namespace bulletin {

/// How many related briefs and bulletins a brief's page lists.
inline constexpr size_t kRelatedCount = 4;

/// A document that appears on the site, with its rendered body.
struct PublishedDocument {
  const Document* doc = nullptr;
  RenderedMarkdown body;
};

/// What every page generator reads: the content and what of it is published.
struct SiteModel {
  const ContentTree* content = nullptr;
  std::vector<PublishedDocument> published;       ///< briefs, bulletins and pages
  std::vector<const PublishedDocument*> by_date;  ///< briefs and bulletins, newest first
  std::vector<const PublishedDocument*> pages;    ///< pages, in navigation order
  std::vector<Quiz> quizzes;                      ///< published quizzes, by title
  /// Theme slug -> positions in by_date of the documents carrying it (IndexThemes).
  std::unordered_map<std::string, std::vector<size_t>> theme_positions;
  Date today;

  const SiteConfig& site() const { return content->site; }
  /// Briefs and bulletins with theme `slug`, newest first.
  std::vector<const PublishedDocument*> InTheme(const std::string& slug) const;
  /// Fills theme_positions from by_date; call whenever by_date changes.
  void IndexThemes();
  /// Up to `n` other briefs and bulletins sharing the most themes with `p`, then newest
  /// first: its "related learning". The answer for kRelatedCount is kept, so asking again
  /// (the page, then a build cache) costs nothing. Calls for different documents may run
  /// on several threads at once; two for the same document may not.
  std::vector<const PublishedDocument*> Related(const PublishedDocument& p, size_t n) const;
  /// The published document with this slug, or nullptr.
  const PublishedDocument* Find(const std::string& slug) const;

 private:
  /// Related(p, kRelatedCount) by p's position in published, once asked (sized by IndexThemes).
  mutable std::vector<std::optional<std::vector<const PublishedDocument*>>> related_;
};

/// "Learning brief", "Bulletin", "Page".
const char* KindLabel(DocumentKind kind);

}  // namespace bulletin
