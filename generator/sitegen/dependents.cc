#include "sitegen/dependents.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "core/hash.h"
#include "core/parallel.h"

namespace bulletin {

namespace {

int Shared(const Document& a, const Document& b) {
  int n = 0;
  for (const std::string& t : a.themes) n += std::count(b.themes.begin(), b.themes.end(), t);
  return n;
}

bool Published(const Document& d, bool drafts) { return !d.withdrawn && (!d.draft || drafts); }

std::string CardKey(const Document& d) {
  std::string key = d.slug + '\n' + KindName(d.kind) + '\n' + d.title + '\n' + d.summary + '\n' +
                    d.review_type + '\n' + (d.date ? d.date->ToIso() : "") + '\n' +
                    (d.superseded_by.empty() ? "" : "superseded") + '\n';
  for (const std::string& t : d.themes) key += t + ',';
  return key;
}

std::string BlocksKey(const std::vector<Block>& blocks) {
  std::string key;
  for (const Block& b : blocks) {
    if (b.kind != BlockKind::kThink && b.kind != BlockKind::kKey) continue;
    key += std::string(BlockKindName(b.kind)) + '\n' + b.id + '\n' + b.html + '\n';
    for (const std::string& t : b.themes) key += t + ',';
  }
  return key;
}

std::string Url(const ShownDocument& d) {
  return std::string("/") + KindFolder(d.kind) + "/" + d.slug + "/";
}

}  // namespace

ShownDocument Describe(const Document& d, const std::vector<Block>& blocks, bool drafts) {
  ShownDocument shown{d.path, d.kind, d.slug, d.themes, "", 0};
  // A block's own themes put it on those themes' pages too.
  for (const Block& b : blocks) {
    for (const std::string& t : b.themes) {
      if (std::find(shown.themes.begin(), shown.themes.end(), t) == shown.themes.end()) {
        shown.themes.push_back(t);
      }
    }
  }
  if (Published(d, drafts)) {
    shown.card = CardKey(d);
    shown.blocks = Hash64(BlocksKey(blocks)) | 1;  // never 0
  }
  return shown;
}

size_t DocumentPosition(const ContentTree& content, const std::string& path) {
  // The loader lists briefs/, bulletins/, pages/, each sorted: the whole list is in path order.
  auto it = std::lower_bound(content.documents.begin(), content.documents.end(), path,
                             [](const Document& d, const std::string& p) { return d.path < p; });
  return it - content.documents.begin();
}

namespace {

// What PagesToRender gathers, stage by stage.
struct Changes {
  std::set<std::string> urls;                      // pages to render
  std::set<std::string> slugs;                     // documents whose card changed
  std::vector<const PublishedDocument*> bodies;    // published now, body changed
  std::vector<const PublishedDocument*> recarded;  // published now, card changed
  std::unordered_map<std::string, const PublishedDocument*> by_slug;
};

// Each changed document's own page and, where its card or blocks changed, the lists,
// themes, Think and Key pages that show it, as it was and as it is.
void AddChangedDocuments(const SiteModel& model, const std::vector<std::string>& changed,
                         const std::vector<std::optional<ShownDocument>>& before, bool drafts,
                         Changes* ch) {
  const ContentTree& content = *model.content;
  for (size_t c = 0; c < changed.size(); ++c) {
    const std::string& path = changed[c];
    size_t i = DocumentPosition(content, path);
    std::optional<ShownDocument> now;
    const PublishedDocument* shown = nullptr;
    if (i < content.documents.size() && content.documents[i].path == path) {
      const Document& d = content.documents[i];
      auto it = ch->by_slug.find(d.slug);
      if (it != ch->by_slug.end() && it->second->doc == &d) shown = it->second;
      static const std::vector<Block> kNoBlocks;
      now = Describe(d, shown ? shown->body.blocks : kNoBlocks, drafts);
    }
    const std::optional<ShownDocument>& then = before[c];
    const std::optional<ShownDocument>* both[] = {&then, &now};
    std::string no_card;
    bool card = (then ? then->card : no_card) != (now ? now->card : no_card);
    bool blocks = card || (then ? then->blocks : 0) != (now ? now->blocks : 0);
    if (shown) ch->bodies.push_back(shown);
    if (shown && card) ch->recarded.push_back(shown);
    for (const std::optional<ShownDocument>* d : both) {
      if (!*d) continue;
      const ShownDocument& s = **d;
      ch->urls.insert(Url(s));
      if (card) {
        ch->slugs.insert(s.slug);
        ch->urls.insert({"/", "/themes/", std::string("/") + KindFolder(s.kind) + "/"});
      }
      if (blocks) ch->urls.insert({"/key-messages/", "/think/"});
      for (const std::string& t : s.themes) {
        if (blocks) {
          ch->urls.insert({"/themes/" + t + "/", "/think/" + t + "/", "/key-messages/" + t + "/"});
        }
      }
    }
  }
}

// A changed document's links to #anchors elsewhere are checked against the html of the
// pages they point to (BuildOptions::inspect): render those too, to the same bytes.
void AddAnchorTargets(Changes* ch) {
  for (const PublishedDocument* c : ch->bodies) {
    for (const Link& link : c->body.links) {
      size_t hash = link.url.find('#');
      if (hash == 0 || hash == std::string::npos || link.url.find(':') < hash) continue;
      std::string target = link.url.substr(0, hash);
      std::string page = std::filesystem::path(target[0] == '/' ? target : c->doc->Url() + target)
                             .lexically_normal()
                             .string();
      ch->urls.insert(page.back() == '/' ? page : page + "/");
    }
  }
}

// A quiz page lists its related briefs by title.
void AddRelatedQuizzes(const SiteModel& model, Changes* ch) {
  for (const Quiz& q : model.quizzes) {
    for (const std::string& slug : q.related) {
      if (ch->slugs.count(slug)) ch->urls.insert(q.Url());
    }
  }
}

// Pages whose related list may change: one listing a changed card, one a re-carded
// document may now outrank the last of, one without a list yet, one superseded by a
// document whose card changed.
void AddStaleRelated(const SiteModel& model, const RelatedLists& related, Changes* ch) {
  std::unordered_map<const PublishedDocument*, size_t> position;
  for (size_t i = 0; i < model.by_date.size(); ++i) position[model.by_date[i]] = i;

  // Does `c` now rank above `y` among the documents related to `x`?
  auto outranks = [&](const PublishedDocument& x, const PublishedDocument* c,
                      const PublishedDocument* y) {
    int sc = Shared(*x.doc, *c->doc), sy = Shared(*x.doc, *y->doc);
    return sc > sy || (sc == sy && position[c] < position[y]);
  };
  for (const PublishedDocument& x : model.published) {
    const Document& d = *x.doc;
    if (ch->urls.count(d.Url())) continue;
    if (ch->slugs.count(d.superseded_by)) {
      ch->urls.insert(d.Url());
      continue;
    }
    if (d.kind == DocumentKind::kPage) continue;
    auto was = related.find(d.Url());
    bool stale = was == related.end();
    if (!stale) {
      const std::vector<std::string>& list = was->second;
      for (const std::string& slug : list) stale = stale || ch->slugs.count(slug) > 0;
      for (const PublishedDocument* c : ch->recarded) {
        if (stale || c == &x || c->doc->kind == DocumentKind::kPage) continue;
        if (Shared(d, *c->doc) == 0) continue;
        auto last = ch->by_slug.find(list.empty() ? "" : list.back());
        stale = list.size() < kRelatedCount || last == ch->by_slug.end() ||
                outranks(x, c, last->second);
      }
    }
    if (stale) ch->urls.insert(d.Url());
  }
}

}  // namespace

std::set<std::string> PagesToRender(const SiteModel& model, const std::vector<std::string>& changed,
                                    const std::vector<std::optional<ShownDocument>>& before,
                                    const RelatedLists& related, bool drafts) {
  Changes ch;
  for (const PublishedDocument& p : model.published) ch.by_slug.emplace(p.doc->slug, &p);
  AddChangedDocuments(model, changed, before, drafts, &ch);
  AddAnchorTargets(&ch);
  AddRelatedQuizzes(model, &ch);
  AddStaleRelated(model, related, &ch);
  return std::move(ch.urls);
}

void UpdateRelated(const SiteModel& model, const std::set<std::string>* urls,
                   RelatedLists* related) {
  std::vector<const PublishedDocument*> todo;
  for (const PublishedDocument* p : model.by_date) {
    if (!urls || urls->count(p->doc->Url())) todo.push_back(p);
  }
  std::vector<std::vector<std::string>> lists(todo.size());
  // Every page's list costs a walk over its themes' briefs: share the work between the cores.
  ParallelFor(todo.size(), WorkerCount(todo.size(), 256), [&](size_t i, size_t) {
    for (const PublishedDocument* r : model.Related(*todo[i], kRelatedCount)) {
      lists[i].push_back(r->doc->slug);
    }
  });
  if (!urls) related->clear();
  for (size_t i = 0; i < todo.size(); ++i) (*related)[todo[i]->doc->Url()] = std::move(lists[i]);
  // Pages that are gone.
  std::set<std::string> live;
  for (const PublishedDocument* p : model.by_date) live.insert(p->doc->Url());
  std::erase_if(*related, [&live](const auto& entry) { return !live.count(entry.first); });
}

}  // namespace bulletin
