#include "build/page_writer.h"

#include "templating/page_chrome.h"

namespace bulletin {

using nlohmann::json;

PageWriter::PageWriter(const SiteModel& model, const TemplateSet& templates, OutputTree* out,
                       Diagnostics* diags)
    : model_(model), templates_(templates), out_(out), diags_(diags) {
  std::vector<std::pair<std::string, std::string>> pages;
  for (const PublishedDocument* p : model_.pages) pages.emplace_back(p->doc->title, p->doc->Url());
  site_ = SiteChrome(model_.site(), pages, model_.today.year);
  cards_.reserve(model_.published.size());
  for (const PublishedDocument& p : model_.published) cards_.push_back(MakeCard(p));
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
  return cards_[static_cast<size_t>(&p - model_.published.data())];
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

void PageWriter::Write(const std::string& url, const std::string& tmpl, json context,
                       const std::string& title, const Crumbs& crumbs) {
  AddPageChrome(model_.site(), site_, url, title, crumbs, !model_.quizzes.empty(), &context);
  std::string html;
  Diagnostics found;
  bool rendered = templates_.RenderPage(tmpl, context, &html, &found);
  context = json();  // free the context before the page is written
  bool is_404 = url == "/404.html";
  std::string path = is_404 ? "404.html" : url.substr(1) + "index.html";
  // The output tree takes pages from several threads; only the lists here need the lock.
  bool added = rendered && out_->Add(path, std::move(html));
  std::lock_guard<std::mutex> lock(mutex_);
  diags_->Merge(found);
  if (!rendered) return;
  if (!added) {
    diags_->Error(path, 0, 0, "two pages were generated at " + url + " (please report this)");
    return;
  }
  if (!is_404) urls_.push_back(url);
}

}  // namespace bulletin
