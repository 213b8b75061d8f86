#include "sitegen/pages.h"

#include <algorithm>
#include <unordered_map>

#include "core/parallel.h"
#include "core/text.h"
#include "sitegen/collection_pages.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kHomeLatestBriefs = 6;
constexpr size_t kHomeLatestBulletins = 3;
// A brief or bulletin with this many sections or more opens with an "On this page" list.
constexpr size_t kContentsMinHeadings = 4;

// Card data for a list of documents, pointing to their cards.
std::vector<MustacheData> CardList(PageWriter* w,
                                   const std::vector<const PublishedDocument*>& docs) {
  std::vector<MustacheData> cards;
  cards.reserve(docs.size());
  for (const PublishedDocument* p : docs) cards.push_back(MustacheData{&w->Card(*p), {}});
  return cards;
}

// Cards grouped under their year, for archive lists: each group is a {"year"} in *years
// with its cards bound as `items`. *years must outlive the groups.
std::vector<MustacheData> ByYear(const std::vector<MustacheData>& cards, json* years) {
  *years = json::array();
  std::vector<MustacheData> groups;
  for (const MustacheData& card : cards) {
    auto date = card.value->find("date_iso");
    bool dated = date != card.value->end() && date->is_string();
    std::string year = dated ? date->get_ref<const std::string&>().substr(0, 4) : "";
    if (years->empty() || years->back()["year"] != year) {
      years->push_back({{"year", year}});
      groups.push_back({nullptr, {{"items", {}}}});
    }
    groups.back().lists.front().items.push_back(card);
  }
  // *years no longer grows, so its items stay where they are.
  for (size_t i = 0; i < groups.size(); ++i) groups[i].value = &(*years)[i];
  return groups;
}

// "No items yet", "1 item", "8 items".
std::string ItemCount(size_t n) {
  if (n == 0) return "No items yet";
  return std::to_string(n) + (n == 1 ? " item" : " items");
}

std::vector<MustacheData> FirstN(const std::vector<MustacheData>& list, size_t n) {
  return {list.begin(), list.begin() + static_cast<std::ptrdiff_t>(std::min(n, list.size()))};
}

// A list of every brief or bulletin, by year.
void WriteArchive(PageWriter* w, const std::string& url, const std::string& title,
                  const std::string& intro, const std::vector<MustacheData>& cards) {
  json years;
  const json page = {{"title", title}, {"has_items", !cards.empty()}, {"intro", intro}};
  const MustacheData data{&page, {{"years", ByYear(cards, &years)}}};
  w->Write(url, "list", {&data}, title, {{"Home", "/"}});
}

}  // namespace

namespace {

void WriteDocumentPage(PageWriter* w, const PublishedDocument& p) {
  const SiteModel& model = w->model();
  const Document& d = *p.doc;
  if (!w->Wants(d.Url())) {
    w->Skip(d.Url());  // an incremental build: this page has not changed
    return;
  }
  // The page renders from the document's card, shared with every list that shows it, and
  // the page's own keys beside it: none of them is a key of the card.
  const MustacheData card{&w->Card(p), {}};
  json ctx = json::object();
  ctx["html"] = p.body.html;
  ctx["partnership"] = d.partnership;
  ctx["audience"] = Join(d.audience, ", ");
  ctx["has_audience"] = !d.audience.empty();
  ctx["review_by_long"] = d.review_by ? d.review_by->ToLong() : "";
  bool has_think = false;
  for (const Block& b : p.body.blocks) has_think = has_think || b.kind == BlockKind::kThink;
  ctx["has_think"] = has_think;
  json contents = json::array();
  for (const Heading& h : p.body.headings) {
    if (h.level == 2) contents.push_back({{"id", h.id}, {"text", h.text}});
  }
  ctx["has_contents"] = contents.size() >= kContentsMinHeadings;
  ctx["contents"] = std::move(contents);
  if (const PublishedDocument* next = model.Find(d.superseded_by)) {
    ctx["superseded_by"] = {{"title", next->doc->title}, {"url", next->doc->Url()}};
  }
  MustacheData own{&ctx, {}};
  if (d.kind == DocumentKind::kPage) {
    w->Write(d.Url(), "page", {&card, &own}, d.title, {{"Home", "/"}});
    return;
  }
  json quizzes = json::array();
  for (const Quiz& q : model.quizzes) {
    if (std::find(q.related.begin(), q.related.end(), d.slug) != q.related.end()) {
      quizzes.push_back(
          {{"title", q.title}, {"url", q.Url()}, {"minutes", std::to_string(q.minutes)}});
    }
  }
  ctx["has_quizzes"] = !quizzes.empty();
  ctx["quizzes"] = std::move(quizzes);
  std::vector<MustacheData> related = CardList(w, model.Related(p, kRelatedCount));
  ctx["has_related"] = !related.empty();
  own.lists.push_back({"related", std::move(related)});
  std::string index_title = d.kind == DocumentKind::kBrief ? "Learning briefs" : "Bulletins";
  w->Write(d.Url(), "article", {&card, &own}, d.title,
           {{"Home", "/"}, {index_title, std::string("/") + KindFolder(d.kind) + "/"}});
}

}  // namespace

void WriteDocumentPages(PageWriter* w, const ProgressFn& progress, const DocumentPageHook& before,
                        const DocumentPageHook& after) {
  const SiteModel& model = w->model();
  size_t workers = WorkerCount(model.published.size());
  ProgressCounter counter("rendering", model.published.size(), progress);
  ParallelFor(model.published.size(), workers, [&](size_t i, size_t worker) {
    if (before) before(i, worker);
    WriteDocumentPage(w, model.published[i]);
    if (after) after(i, worker);
    counter.Tick();
  });
}

void WriteIndexPages(PageWriter* w) {
  const SiteModel& model = w->model();
  const char* const kUrls[] = {"/", "/briefs/", "/bulletins/", "/themes/", "/404.html"};
  if (std::none_of(std::begin(kUrls), std::end(kUrls),
                   [w](const char* u) { return w->Wants(u); })) {
    for (const char* url : kUrls) w->Skip(url);  // an incremental build: all unchanged
    return;
  }
  // The lists point to the cards (MustacheData) rather than copy them.
  std::vector<MustacheData> briefs, bulletins;
  briefs.reserve(model.by_date.size());
  for (const PublishedDocument* p : model.by_date) {
    (p->doc->kind == DocumentKind::kBrief ? briefs : bulletins).push_back({&w->Card(*p), {}});
  }
  json themes = json::array();
  for (const Theme& t : model.site().themes) {
    size_t count = model.InTheme(t.slug).size();
    themes.push_back({{"name", t.name},
                      {"slug", t.slug},
                      {"url", "/themes/" + t.slug + "/"},
                      {"description", t.description},
                      {"count", std::to_string(count)},
                      {"count_label", ItemCount(count)},
                      {"has_items", count > 0}});
  }
  const json home = {{"has_briefs", !briefs.empty()},
                     {"has_bulletins", !bulletins.empty()},
                     {"themes", themes},
                     {"description", model.site().description},
                     {"has_quizzes", !model.quizzes.empty()}};
  const MustacheData home_data{&home,
                               {{"latest_briefs", FirstN(briefs, kHomeLatestBriefs)},
                                {"latest_bulletins", FirstN(bulletins, kHomeLatestBulletins)}}};
  w->Write("/", "home", {&home_data}, model.site().name, {});
  WriteArchive(w, "/briefs/", "Learning briefs",
               "What practitioners should take from case reviews and audits, newest first.",
               briefs);
  WriteArchive(w, "/bulletins/", "Bulletins",
               "News and learning from the partnership, newest first.", bulletins);
  w->Write("/themes/", "themes", {{"themes", std::move(themes)}}, "Themes", {{"Home", "/"}});
  w->Write("/404.html", "not_found", json::object(), "Page not found", {});
}

void WriteThemePages(PageWriter* w) {
  const SiteModel& model = w->model();
  const std::vector<ThemeBlocks> blocks = BlocksByTheme(model);
  for (size_t i = 0; i < model.site().themes.size(); ++i) {
    const Theme& t = model.site().themes[i];
    if (!w->Wants("/themes/" + t.slug + "/")) {
      w->Skip("/themes/" + t.slug + "/");
      continue;
    }
    std::vector<const PublishedDocument*> docs = model.InTheme(t.slug);
    bool has_think = !blocks[i].think.empty(), has_key = !blocks[i].key.empty();
    json quizzes = json::array();
    for (const Quiz& q : model.quizzes) {
      if (std::find(q.themes.begin(), q.themes.end(), t.slug) == q.themes.end()) continue;
      quizzes.push_back(
          {{"title", q.title}, {"url", q.Url()}, {"minutes", std::to_string(q.minutes)}});
    }
    const json page = {{"name", t.name},
                       {"slug", t.slug},
                       {"description", t.description},
                       {"has_items", !docs.empty()},
                       {"has_quizzes", !quizzes.empty()},
                       {"quizzes", quizzes},
                       {"has_think", has_think},
                       {"has_key", has_key}};
    const MustacheData data{&page, {{"items", CardList(w, docs)}}};
    w->Write("/themes/" + t.slug + "/", "theme", {&data}, t.name,
             {{"Home", "/"}, {"Themes", "/themes/"}});
  }
}

}  // namespace bulletin
