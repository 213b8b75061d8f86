#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostics.h"
#include "sitegen/output_tree.h"
#include "sitegen/site_model.h"
#include "templating/template_set.h"

namespace bulletin {

/// The file of the page at `url`: "/themes/x/" -> "themes/x/index.html"; "/404.html" as is.
std::string PagePath(const std::string& url);

/// Renders pages through the templates into the output tree, adding what every page
/// shares (site name, navigation, contacts, breadcrumbs), and remembers each page's URL
/// for the sitemap. Write may be called from several threads at once.
class PageWriter {
 public:
  using Crumbs = std::vector<std::pair<std::string, std::string>>;  ///< (title, url)

  PageWriter(const SiteModel& model, const TemplateSet& templates, OutputTree* out,
             Diagnostics* diags);

  /// Writes `url` ("/themes/x/" -> themes/x/index.html; "/404.html" as is) from
  /// pages/<tmpl>.mustache. Reports template failures and path clashes.
  void Write(const std::string& url, const std::string& tmpl, nlohmann::json context,
             const std::string& title, const Crumbs& crumbs);
  /// The same with the page's data in several contexts (outermost first) that can point to
  /// shared values such as cards instead of copying them. No two contexts, nor a context
  /// and the chrome (`site` and PageChrome's keys), may share a key or list name, and no
  /// list may be named summary or page_description: the page then renders as if from one
  /// merged context.
  void Write(const std::string& url, const std::string& tmpl,
             const std::vector<const MustacheData*>& contexts, const std::string& title,
             const Crumbs& crumbs);

  /// The card a list shows for a published document (made once, on first use; thread-safe).
  const nlohmann::json& Card(const PublishedDocument& p) const;
  /// Renders only the pages whose URL `filter` accepts (an incremental build's changed
  /// pages); Write skips the others as Skip does. By default every page is rendered.
  void SetFilter(std::function<bool(const std::string& url)> filter) {
    filter_ = std::move(filter);
  }
  /// False if the filter says the page at `url` is unchanged: callers may then Skip it
  /// without building its context.
  bool Wants(const std::string& url) const { return !filter_ || filter_(url); }
  /// Lists `url` as a page of the site (for the sitemap) and marks its file as kept in
  /// the output tree, without rendering it.
  void Skip(const std::string& url);
  /// [{name, slug, url}] for a document's themes.
  nlohmann::json ThemeRefs(const Document& d) const;

  /// How many pages were rendered (not skipped), the 404 page included.
  size_t rendered() const { return rendered_; }
  /// Every page URL written, except the 404 page, in no particular order.
  const std::vector<std::string>& urls() const { return urls_; }
  const SiteModel& model() const { return model_; }

 private:
  const SiteModel& model_;
  const TemplateSet& templates_;
  OutputTree* out_;
  Diagnostics* diags_;
  nlohmann::json MakeCard(const PublishedDocument& p) const;

  nlohmann::json site_;     ///< {"site": SiteChrome}, the chrome every page shares
  MustacheData site_data_;  ///< points to site_
  mutable std::vector<nlohmann::json> cards_;            ///< by position in model_.published
  mutable std::unique_ptr<std::once_flag[]> card_made_;  ///< one per card
  std::mutex mutex_;                                     ///< guards out_, diags_ and urls_
  std::vector<std::string> urls_;
  size_t rendered_ = 0;
  std::function<bool(const std::string&)> filter_;
};

}  // namespace bulletin
