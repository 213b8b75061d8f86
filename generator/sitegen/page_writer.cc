#include "sitegen/page_writer.h"

#include "templating/page_chrome.h"

namespace bulletin {

using nlohmann::json;

PageWriter::PageWriter(const SiteModel& model, const TemplateSet& templates, OutputTree* out,
                       Diagnostics* diags)
    : model_(model), templates_(templates), out_(out), diags_(diags) {
  std::vector<std::pair<std::string, std::string>> pages;
  for (const PublishedDocument* p : model_.pages) pages.emplace_back(p->doc->title, p->doc->Url());
  site_ = {{"site", SiteChrome(model_.site(), pages, model_.today.year)}};
  site_data_.value = &site_;
  // Cards are made on first use: an incremental build that renders one page must not pay
  // for every document's card.
  cards_.resize(model_.published.size());
  card_made_ = std::make_unique<std::once_flag[]>(model_.published.size());
}

json PageWriter::ThemeRefs(const Document& d) const {
  json themes = json::array();
  for (const std::string& slug : d.themes) {
    if (const Theme* t = model_.site().FindTheme(slug)) {
      themes.push_back({{"name", t->name}, {"slug", t->slug}, {"url", "/themes/" + t->slug + "/"}});
    }
  }
  return themes;
}

const json& PageWriter::Card(const PublishedDocument& p) const {
  size_t i = static_cast<size_t>(&p - model_.published.data());
  std::call_once(card_made_[i], [&] { cards_[i] = MakeCard(p); });
  return cards_[i];
}

json PageWriter::MakeCard(const PublishedDocument& p) const {
  const Document& d = *p.doc;
  return {{"title", d.title},
          {"url", d.Url()},
          {"summary", d.summary},
          {"kind_label", KindLabel(d.kind)},
          {"review_type", d.review_type},
          {"date_iso", d.date ? d.date->ToIso() : ""},
          {"date_long", d.date ? d.date->ToLong() : ""},
          {"themes", ThemeRefs(d)},
          {"has_themes", !d.themes.empty()},
          {"superseded", !d.superseded_by.empty()}};
}

std::string PagePath(const std::string& url) {
  return url == "/404.html" ? "404.html" : url.substr(1) + "index.html";
}

void PageWriter::Skip(const std::string& url) {
  out_->Keep(PagePath(url));
  std::lock_guard<std::mutex> lock(mutex_);
  if (url != "/404.html") urls_.push_back(url);
}

void PageWriter::Write(const std::string& url, const std::string& tmpl, json context,
                       const std::string& title, const Crumbs& crumbs) {
  if (!Wants(url)) return Skip(url);
  if (context.is_null()) context = json::object();
  // The chrome's keys replace the page's own of the same names (as AddPageChrome does), so
  // the page and the chrome can be rendered as separate contexts.
  context.erase("site");
  for (const char* key : {"site_nav", "page_title", "page_url", "canonical", "breadcrumbs",
                          "has_breadcrumbs", "is_home"}) {
    context.erase(key);
  }
  const MustacheData page{&context, {}};
  Write(url, tmpl, std::vector<const MustacheData*>{&page}, title, crumbs);
}

void PageWriter::Write(const std::string& url, const std::string& tmpl,
                       const std::vector<const MustacheData*>& contexts, const std::string& title,
                       const Crumbs& crumbs) {
  if (!Wants(url)) return Skip(url);
  json chrome = PageChrome(model_.site(), url, title, crumbs, !model_.quizzes.empty());
  // page_description: the page's own, else its summary, else the site's description.
  const json* description = nullptr;
  const json* summary = nullptr;
  for (const MustacheData* context : contexts) {
    if (!context->value->is_object()) continue;
    if (auto it = context->value->find("page_description"); it != context->value->end()) {
      description = &*it;
    }
    if (auto it = context->value->find("summary"); it != context->value->end()) summary = &*it;
  }
  if (!description) {
    chrome["page_description"] = summary ? *summary : json(model_.site().description);
  }
  const MustacheData chrome_data{&chrome, {}};
  // The page's own contexts go innermost, where most names are looked up first; with no
  // name in two contexts, their order does not change what renders.
  std::vector<const MustacheData*> all = {&site_data_, &chrome_data};
  all.insert(all.end(), contexts.begin(), contexts.end());
  std::string html;
  Diagnostics found;
  bool rendered = templates_.RenderPage(tmpl, all, &html, &found);
  bool is_404 = url == "/404.html";
  std::string path = PagePath(url);
  // The output tree takes pages from several threads; only the lists here need the lock.
  bool added = rendered && out_->Add(path, std::move(html));
  std::lock_guard<std::mutex> lock(mutex_);
  diags_->Merge(found);
  if (!rendered) return;
  if (!added) {
    diags_->Error(path, 0, 0, "two pages were generated at " + url + " (please report this)");
    return;
  }
  ++rendered_;
  if (!is_404) urls_.push_back(url);
}

}  // namespace bulletin
