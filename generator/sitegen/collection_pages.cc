#include "sitegen/collection_pages.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace bulletin {

using nlohmann::json;

namespace {

// One of the two collections of blocks: Think prompts, or key messages.
struct Collection {
  BlockKind kind;
  const char* folder;          // "/think/": the index, and /think/<theme>/
  const char* index_template;  // pages/<name>.mustache
  const char* index_title;
  const char* theme_template;
  const char* theme_title;  // before the theme's name
  const char* crumb;        // the index, in a theme page's breadcrumbs
  const char* one;          // "1 prompt"
  const char* many;         // "2 prompts"
};

const Collection kThink = {.kind = BlockKind::kThink,
                           .folder = "/think/",
                           .index_template = "think",
                           .index_title = "Think: prompts for team discussion",
                           .theme_template = "think_pack",
                           .theme_title = "Think pack: ",
                           .crumb = "Think",
                           .one = "prompt",
                           .many = "prompts"};
const Collection kKey = {.kind = BlockKind::kKey,
                         .folder = "/key-messages/",
                         .index_template = "key_messages",
                         .index_title = "Key messages",
                         .theme_template = "key_messages_theme",
                         .theme_title = "Key messages: ",
                         .crumb = "Key messages",
                         .one = "key message",
                         .many = "key messages"};

// Block html copied onto a collection page loses its ids: blocks from several briefs
// share a page, and their heading and footnote ids would clash.
std::string WithoutIds(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  while (true) {
    size_t at = html.find(" id=\"", pos);
    if (at == std::string::npos) break;
    size_t end = html.find('"', at + 5);
    if (end == std::string::npos) break;
    out.append(html, pos, at - pos);
    pos = end + 1;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

std::string CountLabel(const Collection& c, size_t n) {
  return std::to_string(n) + " " + (n == 1 ? c.one : c.many);
}

// Up to `limit` of the theme's blocks of the collection's kind, newest first.
json Items(const Collection& c, const ThemeBlocks& theme, size_t limit) {
  const std::vector<SourcedBlock>& blocks = theme.Of(c.kind);
  json items = json::array();
  items.get_ref<json::array_t&>().reserve(std::min(limit, blocks.size()));
  for (const SourcedBlock& s : blocks) {
    if (items.size() == limit) break;
    const Document& d = *s.doc->doc;
    const Block& b = *s.block;
    items.push_back({{"html", WithoutIds(b.html)},
                     {"source_title", d.title},
                     {"source_url", d.Url() + "#" + b.id},
                     {"source_kind", KindLabel(d.kind)},
                     {"date_long", d.date ? d.date->ToLong() : ""}});
  }
  return items;
}

// Writes (or skips) the collection's page for one theme; returns the theme's group on the
// collection's index if `for_index`.
json WriteTheme(PageWriter* w, const Collection& c, const Theme& t, const ThemeBlocks& theme,
                bool for_index) {
  std::string url = c.folder + t.slug + "/";
  size_t count = theme.Of(c.kind).size();
  bool page = w->Wants(url);
  if (!page) w->Skip(url);  // an incremental build: unchanged
  if (!page && !for_index) return json();
  json items = Items(c, theme, page ? count : kCollectionPreview);
  json group = {{"name", t.name},
                {"slug", t.slug},
                {"url", url},
                {"theme_url", "/themes/" + t.slug + "/"},
                {"count", std::to_string(count)},
                {"count_label", CountLabel(c, count)},
                {"has_think", !theme.think.empty()},
                {"think_url", kThink.folder + t.slug + "/"}};
  json preview;
  if (for_index) {
    size_t shown = std::min(count, kCollectionPreview);
    preview = group;
    preview["items"] = json(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(shown));
    preview["shown"] = std::to_string(shown);
    preview["has_more"] = count > shown;
  }
  if (page) {
    group["items"] = std::move(items);
    w->Write(url, c.theme_template, std::move(group), c.theme_title + t.name,
             {{"Home", "/"}, {c.crumb, c.folder}});
  }
  return preview;
}

void WriteCollection(PageWriter* w, const Collection& c, const std::vector<ThemeBlocks>& themes) {
  const std::vector<Theme>& all = w->model().site().themes;
  bool index = w->Wants(c.folder);
  json groups = json::array();
  for (size_t i = 0; i < all.size(); ++i) {
    if (themes[i].Of(c.kind).empty()) continue;
    json group = WriteTheme(w, c, all[i], themes[i], index);
    if (index) groups.push_back(std::move(group));
  }
  if (!index) return w->Skip(c.folder);
  bool has_groups = !groups.empty();
  w->Write(c.folder, c.index_template, {{"groups", std::move(groups)}, {"has_groups", has_groups}},
           c.index_title, {{"Home", "/"}});
}

}  // namespace

std::vector<ThemeBlocks> BlocksByTheme(const SiteModel& model) {
  const std::vector<Theme>& all = model.site().themes;
  std::unordered_map<std::string, size_t> position;
  for (size_t i = 0; i < all.size(); ++i) position.emplace(all[i].slug, i);
  std::vector<ThemeBlocks> themes(all.size());
  for (const PublishedDocument* p : model.by_date) {
    for (const Block& b : p->body.blocks) {
      if (b.kind != BlockKind::kThink && b.kind != BlockKind::kKey) continue;
      for (const std::string& slug : b.themes.empty() ? p->doc->themes : b.themes) {
        auto at = position.find(slug);
        if (at == position.end()) continue;
        ThemeBlocks& t = themes[at->second];
        (b.kind == BlockKind::kThink ? t.think : t.key).push_back({p, &b});
      }
    }
  }
  return themes;
}

void WriteThinkPages(PageWriter* w) { WriteCollection(w, kThink, BlocksByTheme(w->model())); }

void WriteKeyMessagePages(PageWriter* w) { WriteCollection(w, kKey, BlocksByTheme(w->model())); }

}  // namespace bulletin
