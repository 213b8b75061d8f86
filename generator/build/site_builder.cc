#include "build/site_builder.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "build/feeds.h"
#include "build/output_tree.h"
#include "content/content_tree.h"
#include "core/text.h"
#include "markdown/markdown.h"
#include "templating/template_set.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr int kHomeLatestBriefs = 6;
constexpr int kHomeLatestBulletins = 3;
constexpr int kRelatedCount = 4;
constexpr int kFeedEntries = 50;

const char* KindLabel(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kBrief: return "Learning brief";
    case DocumentKind::kBulletin: return "Bulletin";
    case DocumentKind::kPage: return "Page";
  }
  return "";
}

// A published document with its rendered body.
struct Article {
  const Document* doc;
  RenderedMarkdown body;
};

// "01632 960123" -> "tel:01632960123".
std::string TelHref(const std::string& phone) {
  std::string out = "tel:";
  for (char c : phone) {
    if ((c >= '0' && c <= '9') || c == '+') out += c;
  }
  return out;
}

bool NewestFirst(const Article* a, const Article* b) {
  if (a->doc->date != b->doc->date) return a->doc->date > b->doc->date;
  return a->doc->title < b->doc->title;
}

class Builder {
 public:
  Builder(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags)
      : fs_(fs), options_(options), diags_(diags) {}

  bool Run(BuildStats* stats);

 private:
  bool SelectAndRender();
  json SiteContext() const;
  json Card(const Article& a) const;
  json ThemeRefs(const Document& d) const;
  void Page(const std::string& url, const std::string& tmpl, json context,
            const std::string& title, std::vector<std::pair<std::string, std::string>> crumbs);
  void BuildArticles();
  void BuildIndexes();
  void BuildThemes();
  void BuildCollections();
  void BuildFeedsAndStatic();
  std::vector<const Article*> InTheme(const std::string& slug) const;

  const FileSystem& fs_;
  const BuildOptions& options_;
  Diagnostics* diags_;
  ContentTree content_;
  TemplateSet templates_;
  std::vector<Article> articles_;             // published briefs and bulletins, pages
  std::vector<const Article*> by_date_;       // briefs and bulletins, newest first
  std::vector<std::string> urls_;             // every HTML page, for the sitemap
  OutputTree out_;
  json site_;
};

bool Builder::SelectAndRender() {
  int errors_before = diags_->error_count();
  MarkdownLimits limits;
  std::map<std::string, const Document*> published;
  for (const Document& d : content_.documents) {
    // Everything is rendered, so errors in drafts and withdrawn files are reported too.
    RenderedMarkdown body;
    RenderMarkdown(d.body, d.path, d.body_line, limits, diags_, &body);
    if (d.withdrawn || (d.draft && !options_.drafts)) continue;
    published[d.slug] = &d;
    articles_.push_back({&d, std::move(body)});
  }
  for (const Article& a : articles_) {
    const Document& d = *a.doc;
    if (d.superseded_by.empty() || !content_.FindBySlug(d.superseded_by)) continue;
    if (!published.count(d.superseded_by)) {
      diags_->Error(d.path, d.FieldLine("superseded_by"), 1,
                    "superseded_by '" + d.superseded_by +
                        "' is withdrawn or a draft, so readers would find no page there");
    }
  }
  for (const Article& a : articles_) {
    if (a.doc->kind != DocumentKind::kPage) by_date_.push_back(&a);
  }
  std::sort(by_date_.begin(), by_date_.end(), NewestFirst);
  return diags_->error_count() == errors_before;
}

json Builder::SiteContext() const {
  json contacts = json::array();
  for (const Contact& c : content_.site.contacts) {
    contacts.push_back({{"label", c.label},
                        {"phone", c.phone},
                        {"phone_href", c.phone.empty() ? "" : TelHref(c.phone)},
                        {"email", c.email},
                        {"url", c.url},
                        {"hours", c.hours}});
  }
  std::vector<const Article*> pages;
  for (const Article& a : articles_) {
    if (a.doc->kind == DocumentKind::kPage) pages.push_back(&a);
  }
  std::sort(pages.begin(), pages.end(), [](const Article* a, const Article* b) {
    if (a->doc->nav_order != b->doc->nav_order) return a->doc->nav_order < b->doc->nav_order;
    return a->doc->title < b->doc->title;
  });
  json nav = json::array();
  for (const Article* p : pages) nav.push_back({{"title", p->doc->title}, {"url", p->doc->Url()}});
  const SiteConfig& s = content_.site;
  return {{"name", s.name},
          {"short_name", s.short_name},
          {"description", s.description},
          {"language", s.language},
          {"base_url", s.base_url},
          {"logo", s.logo.empty() ? "" : "/" + s.logo},
          {"contacts", contacts},
          {"has_contacts", !contacts.empty()},
          {"pages", nav},
          {"has_pages", !nav.empty()},
          {"year", std::to_string(options_.today.year)}};
}

json Builder::ThemeRefs(const Document& d) const {
  json themes = json::array();
  for (const std::string& slug : d.themes) {
    if (const Theme* t = content_.site.FindTheme(slug)) {
      themes.push_back({{"name", t->name}, {"slug", t->slug}, {"url", "/themes/" + t->slug + "/"}});
    }
  }
  return themes;
}

json Builder::Card(const Article& a) const {
  const Document& d = *a.doc;
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

void Builder::Page(const std::string& url, const std::string& tmpl, json context,
                   const std::string& title,
                   std::vector<std::pair<std::string, std::string>> crumbs) {
  json breadcrumbs = json::array();
  for (auto& [name, href] : crumbs) breadcrumbs.push_back({{"title", name}, {"url", href}});
  static const std::pair<const char*, const char*> kNav[] = {
      {"Learning briefs", "/briefs/"}, {"Bulletins", "/bulletins/"}, {"Themes", "/themes/"},
      {"Key messages", "/key-messages/"}, {"Think", "/think/"}};
  json nav = json::array();
  for (const auto& [name, href] : kNav) {
    nav.push_back({{"title", name}, {"url", href}, {"current", url == href}});
  }
  if (!context.contains("page_description")) {
    context["page_description"] =
        context.contains("summary") ? context["summary"] : json(content_.site.description);
  }
  context["site"] = site_;
  context["site_nav"] = nav;
  context["page_title"] = title;
  context["page_url"] = url;
  context["canonical"] = AbsoluteUrl(content_.site, url);
  context["breadcrumbs"] = breadcrumbs;
  context["has_breadcrumbs"] = !breadcrumbs.empty();
  context["is_home"] = url == "/";
  std::string html;
  if (!templates_.RenderPage(tmpl, context, &html, diags_)) return;
  std::string path = url == "/404.html" ? "404.html" : url.substr(1) + "index.html";
  out_.Add(path, std::move(html));
  if (url != "/404.html") urls_.push_back(url);
}

std::vector<const Article*> Builder::InTheme(const std::string& slug) const {
  std::vector<const Article*> out;
  for (const Article* a : by_date_) {
    if (std::find(a->doc->themes.begin(), a->doc->themes.end(), slug) != a->doc->themes.end()) {
      out.push_back(a);
    }
  }
  return out;
}

void Builder::BuildArticles() {
  for (const Article& a : articles_) {
    const Document& d = *a.doc;
    json ctx = Card(a);
    ctx["html"] = a.body.html;
    ctx["partnership"] = d.partnership;
    ctx["audience"] = Join(d.audience, ", ");
    ctx["has_audience"] = !d.audience.empty();
    ctx["review_by_long"] = d.review_by ? d.review_by->ToLong() : "";
    ctx["is_page"] = d.kind == DocumentKind::kPage;
    bool has_think = false;
    for (const Block& b : a.body.blocks) has_think = has_think || b.kind == BlockKind::kThink;
    ctx["has_think"] = has_think;
    if (!d.superseded_by.empty()) {
      if (const Document* next = content_.FindBySlug(d.superseded_by)) {
        ctx["superseded_by"] = {{"title", next->title}, {"url", next->Url()}};
      }
    }
    if (d.kind == DocumentKind::kPage) {
      Page(d.Url(), "page", std::move(ctx), d.title, {{"Home", "/"}});
      continue;
    }
    // Related: most shared themes first, then newest.
    std::vector<std::pair<int, const Article*>> scored;
    for (const Article* other : by_date_) {
      if (other == &a) continue;
      int shared = 0;
      for (const std::string& t : d.themes) {
        shared += std::count(other->doc->themes.begin(), other->doc->themes.end(), t);
      }
      if (shared > 0) scored.emplace_back(shared, other);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    json related = json::array();
    for (size_t i = 0; i < scored.size() && i < kRelatedCount; ++i) {
      related.push_back(Card(*scored[i].second));
    }
    ctx["related"] = related;
    ctx["has_related"] = !related.empty();
    const char* folder = KindFolder(d.kind);
    std::string index_title = d.kind == DocumentKind::kBrief ? "Learning briefs" : "Bulletins";
    Page(d.Url(), "article", std::move(ctx), d.title,
         {{"Home", "/"}, {index_title, std::string("/") + folder + "/"}});
  }
}

void Builder::BuildIndexes() {
  json briefs = json::array(), bulletins = json::array();
  for (const Article* a : by_date_) {
    (a->doc->kind == DocumentKind::kBrief ? briefs : bulletins).push_back(Card(*a));
  }
  json themes = json::array();
  for (const Theme& t : content_.site.themes) {
    size_t count = InTheme(t.slug).size();
    themes.push_back({{"name", t.name},
                      {"slug", t.slug},
                      {"url", "/themes/" + t.slug + "/"},
                      {"description", t.description},
                      {"count", std::to_string(count)},
                      {"has_items", count > 0}});
  }
  json home;
  home["latest_briefs"] = json::array();
  home["latest_bulletins"] = json::array();
  for (size_t i = 0; i < briefs.size() && i < kHomeLatestBriefs; ++i) home["latest_briefs"].push_back(briefs[i]);
  for (size_t i = 0; i < bulletins.size() && i < kHomeLatestBulletins; ++i) home["latest_bulletins"].push_back(bulletins[i]);
  home["has_briefs"] = !briefs.empty();
  home["has_bulletins"] = !bulletins.empty();
  home["more_briefs"] = briefs.size() > kHomeLatestBriefs;
  home["more_bulletins"] = bulletins.size() > kHomeLatestBulletins;
  home["themes"] = themes;
  home["description"] = content_.site.description;
  home["has_quizzes"] = false;
  Page("/", "home", home, content_.site.name, {});

  auto by_year = [](const json& cards) {
    json years = json::array();
    for (const json& card : cards) {
      std::string year = card["date_iso"].get<std::string>().substr(0, 4);
      if (years.empty() || years.back()["year"] != year) {
        years.push_back({{"year", year}, {"items", json::array()}});
      }
      years.back()["items"].push_back(card);
    }
    return years;
  };
  Page("/briefs/", "list",
       {{"title", "Learning briefs"}, {"years", by_year(briefs)}, {"has_items", !briefs.empty()},
        {"intro", "What practitioners should take from case reviews and audits, newest first."}},
       "Learning briefs", {{"Home", "/"}});
  Page("/bulletins/", "list",
       {{"title", "Bulletins"}, {"years", by_year(bulletins)}, {"has_items", !bulletins.empty()},
        {"intro", "News and learning from the partnership, newest first."}},
       "Bulletins", {{"Home", "/"}});
  Page("/themes/", "themes", {{"themes", themes}}, "Themes", {{"Home", "/"}});
  Page("/404.html", "not_found", json::object(), "Page not found", {});
}

void Builder::BuildThemes() {
  for (const Theme& t : content_.site.themes) {
    json items = json::array();
    for (const Article* a : InTheme(t.slug)) items.push_back(Card(*a));
    bool has_think = false, has_key = false;
    for (const Article* a : InTheme(t.slug)) {
      for (const Block& b : a->body.blocks) {
        has_think = has_think || b.kind == BlockKind::kThink;
        has_key = has_key || b.kind == BlockKind::kKey;
      }
    }
    Page("/themes/" + t.slug + "/", "theme",
         {{"name", t.name}, {"slug", t.slug}, {"description", t.description}, {"items", items},
          {"has_items", !items.empty()}, {"has_think", has_think}, {"has_key", has_key}},
         t.name, {{"Home", "/"}, {"Themes", "/themes/"}});
  }
}

void Builder::BuildCollections() {
  auto group = [&](BlockKind kind) {
    json groups = json::array();
    for (const Theme& t : content_.site.themes) {
      json items = json::array();
      for (const Article* a : InTheme(t.slug)) {
        for (const Block& b : a->body.blocks) {
          if (b.kind != kind) continue;
          items.push_back({{"html", b.html},
                           {"source_title", a->doc->title},
                           {"source_url", a->doc->Url() + "#" + b.id},
                           {"source_kind", KindLabel(a->doc->kind)},
                           {"date_long", a->doc->date ? a->doc->date->ToLong() : ""}});
        }
      }
      if (items.empty()) continue;
      groups.push_back({{"name", t.name},
                        {"slug", t.slug},
                        {"url", "/themes/" + t.slug + "/"},
                        {"pack_url", "/think/" + t.slug + "/"},
                        {"count", std::to_string(items.size())},
                        {"items", items}});
    }
    return groups;
  };
  json key = group(BlockKind::kKey);
  Page("/key-messages/", "key_messages", {{"groups", key}, {"has_groups", !key.empty()}},
       "Key messages", {{"Home", "/"}});
  json think = group(BlockKind::kThink);
  Page("/think/", "think", {{"groups", think}, {"has_groups", !think.empty()}},
       "Think: prompts for team discussion", {{"Home", "/"}});
  for (const json& g : think) {
    const std::string name = g["name"];
    Page("/think/" + g["slug"].get<std::string>() + "/", "think_pack", g,
         "Think pack: " + name, {{"Home", "/"}, {"Think", "/think/"}});
  }
}

void Builder::BuildFeedsAndStatic() {
  std::vector<const Document*> feed;
  for (size_t i = 0; i < by_date_.size() && i < kFeedEntries; ++i) feed.push_back(by_date_[i]->doc);
  out_.Add("feed.xml", RenderAtomFeed(content_.site, feed));
  std::sort(urls_.begin(), urls_.end());
  out_.Add("sitemap.xml", RenderSitemap(content_.site, urls_));
  out_.Add("robots.txt", RenderRobots(content_.site));
  out_.Add("assets/theme.css", ":root {\n  --colour-primary: " + content_.site.colour_primary +
                                   ";\n  --colour-focus: " + content_.site.colour_accent + ";\n}\n");

  const std::string tstatic = JoinPath(options_.templates_dir, "static");
  for (const std::string& rel : fs_.ListFilesRecursive(tstatic)) {
    out_.AddCopy("assets/" + rel, JoinPath(tstatic, rel));
  }
  const std::string cstatic = JoinPath(options_.content_dir, "static");
  for (const std::string& rel : content_.static_files) {
    if (!out_.AddCopy(rel, JoinPath(cstatic, rel))) {
      diags_->Error(JoinPath(cstatic, rel), 0, 0,
                    "clashes with a page the build writes at /" + rel + "; rename or move it");
    }
  }
  if (!content_.site.logo.empty() && !fs_.IsFile(JoinPath(cstatic, content_.site.logo))) {
    diags_->Error(JoinPath(options_.content_dir, "site.yaml"), 0, 0,
                  "logo '" + content_.site.logo + "' not found; put the image in " + cstatic +
                      "/ and give its path relative to that folder");
  }
}

bool Builder::Run(BuildStats* stats) {
  LoadOptions load;
  load.today = options_.today;
  bool ok = LoadContentTree(fs_, options_.content_dir, load, diags_, &content_);
  ok = templates_.Load(fs_, options_.templates_dir, diags_) && ok;
  if (!ok && content_.site.name.empty()) return false;
  ok = SelectAndRender() && ok;
  stats->documents = static_cast<int>(content_.documents.size());
  site_ = SiteContext();
  BuildArticles();
  BuildIndexes();
  BuildThemes();
  BuildCollections();
  BuildFeedsAndStatic();
  stats->pages = static_cast<int>(urls_.size()) + 1;  // + 404.html
  stats->files = static_cast<int>(out_.size());
  if (diags_->HasErrors()) return false;
  if (!options_.write) return true;
  return out_.Publish(options_.out_dir, diags_);
}

}  // namespace

bool BuildSite(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
               BuildStats* stats) {
  Builder builder(fs, options, diags);
  bool ok = builder.Run(stats);
  diags->Sort();
  return ok && !diags->HasErrors();
}

}  // namespace bulletin
