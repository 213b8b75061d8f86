#include "build/pages.h"

#include <algorithm>
#include <unordered_map>

#include "core/parallel.h"

#include "core/text.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kHomeLatestBriefs = 6;
constexpr size_t kHomeLatestBulletins = 3;

// Cards grouped under their year, for archive lists. The cards are moved, not copied: a
// list of every brief is the largest value a build makes.
json ByYear(json cards) {
  json years = json::array();
  for (json& card : cards) {
    std::string year = card["date_iso"].is_string() ? card["date_iso"].get<std::string>().substr(0, 4) : "";
    if (years.empty() || years.back()["year"] != year) {
      years.push_back({{"year", year}, {"items", json::array()}});
    }
    years.back()["items"].push_back(std::move(card));
  }
  return years;
}

json FirstN(const json& list, size_t n) {
  json out = json::array();
  for (size_t i = 0; i < list.size() && i < n; ++i) out.push_back(list[i]);
  return out;
}

}  // namespace

namespace {

// Card data for a list of documents, pointing to their cards.
std::vector<MustacheData> CardList(PageWriter* w,
                                   const std::vector<const PublishedDocument*>& docs) {
  std::vector<MustacheData> cards;
  cards.reserve(docs.size());
  for (const PublishedDocument* p : docs) cards.push_back(MustacheData{&w->Card(*p), {}});
  return cards;
}

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
      quizzes.push_back({{"title", q.title}, {"url", q.Url()}, {"minutes", std::to_string(q.minutes)}});
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

void WriteDocumentPages(PageWriter* w, const ProgressFn& progress,
                        const AfterDocumentPage& after) {
  const SiteModel& model = w->model();
  size_t workers = WorkerCount(model.published.size());
  ProgressCounter counter("rendering", model.published.size(), progress);
  ParallelFor(model.published.size(), workers, [&](size_t i, size_t worker) {
    WriteDocumentPage(w, model.published[i]);
    if (after) after(i, worker);
    counter.Tick();
  });
}

void WriteIndexPages(PageWriter* w) {
  const SiteModel& model = w->model();
  const char* const kUrls[] = {"/", "/briefs/", "/bulletins/", "/themes/", "/404.html"};
  if (std::none_of(std::begin(kUrls), std::end(kUrls), [w](const char* u) { return w->Wants(u); })) {
    for (const char* url : kUrls) w->Skip(url);  // an incremental build: all unchanged
    return;
  }
  json briefs = json::array(), bulletins = json::array();
  briefs.get_ref<json::array_t&>().reserve(model.by_date.size());
  for (const PublishedDocument* p : model.by_date) {
    (p->doc->kind == DocumentKind::kBrief ? briefs : bulletins).push_back(w->Card(*p));
  }
  json themes = json::array();
  for (const Theme& t : model.site().themes) {
    size_t count = model.InTheme(t.slug).size();
    themes.push_back({{"name", t.name},
                      {"slug", t.slug},
                      {"url", "/themes/" + t.slug + "/"},
                      {"description", t.description},
                      {"count", std::to_string(count)},
                      {"has_items", count > 0}});
  }
  json home = {{"latest_briefs", FirstN(briefs, kHomeLatestBriefs)},
               {"latest_bulletins", FirstN(bulletins, kHomeLatestBulletins)},
               {"has_briefs", !briefs.empty()},
               {"has_bulletins", !bulletins.empty()},
               {"themes", themes},
               {"description", model.site().description},
               {"has_quizzes", !model.quizzes.empty()}};
  w->Write("/", "home", std::move(home), model.site().name, {});
  bool has_briefs = !briefs.empty(), has_bulletins = !bulletins.empty();
  w->Write("/briefs/", "list",
           {{"title", "Learning briefs"}, {"years", ByYear(std::move(briefs))},
            {"has_items", has_briefs},
            {"intro", "What practitioners should take from case reviews and audits, newest first."}},
           "Learning briefs", {{"Home", "/"}});
  w->Write("/bulletins/", "list",
           {{"title", "Bulletins"}, {"years", ByYear(std::move(bulletins))},
            {"has_items", has_bulletins},
            {"intro", "News and learning from the partnership, newest first."}},
           "Bulletins", {{"Home", "/"}});
  w->Write("/themes/", "themes", {{"themes", std::move(themes)}}, "Themes", {{"Home", "/"}});
  w->Write("/404.html", "not_found", json::object(), "Page not found", {});
}

void WriteThemePages(PageWriter* w) {
  const SiteModel& model = w->model();
  for (const Theme& t : model.site().themes) {
    if (!w->Wants("/themes/" + t.slug + "/")) {
      w->Skip("/themes/" + t.slug + "/");
      continue;
    }
    json items = json::array();
    std::vector<const PublishedDocument*> docs = model.InTheme(t.slug);
    items.get_ref<json::array_t&>().reserve(docs.size());
    bool has_think = false, has_key = false;
    for (const PublishedDocument* p : docs) {
      items.push_back(w->Card(*p));
      for (const Block& b : p->body.blocks) {
        has_think = has_think || b.kind == BlockKind::kThink;
        has_key = has_key || b.kind == BlockKind::kKey;
      }
    }
    w->Write("/themes/" + t.slug + "/", "theme",
             {{"name", t.name}, {"slug", t.slug}, {"description", t.description},
              {"has_items", !docs.empty()}, {"items", std::move(items)}, {"has_think", has_think},
              {"has_key", has_key}},
             t.name, {{"Home", "/"}, {"Themes", "/themes/"}});
  }
}

}  // namespace bulletin
