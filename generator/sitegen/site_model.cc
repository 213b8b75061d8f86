#include "sitegen/site_model.h"

#include <algorithm>
#include <cstdint>
#include <functional>

namespace bulletin {

std::vector<const PublishedDocument*> SiteModel::InTheme(const std::string& slug) const {
  std::vector<const PublishedDocument*> out;
  auto it = theme_positions.find(slug);
  if (it == theme_positions.end()) return out;
  out.reserve(it->second.size());
  for (size_t pos : it->second) {
    // A document that names a theme twice is listed once.
    if (out.empty() || out.back() != by_date[pos]) out.push_back(by_date[pos]);
  }
  return out;
}

void SiteModel::IndexThemes() {
  related_.assign(published.size(), std::nullopt);
  theme_positions.clear();
  for (size_t pos = 0; pos < by_date.size(); ++pos) {
    for (const std::string& t : by_date[pos]->doc->themes) theme_positions[t].push_back(pos);
  }
}

std::vector<const PublishedDocument*> SiteModel::Related(const PublishedDocument& p,
                                                         size_t n) const {
  const PublishedDocument* first = published.data();
  bool ours = std::less_equal<>()(first, &p) && std::less<>()(&p, first + published.size());
  size_t at = ours ? static_cast<size_t>(&p - first) : 0;
  bool kept = ours && n == kRelatedCount && at < related_.size();
  if (kept && related_[at]) return *related_[at];
  // A document's score is how many of p's themes it carries. Each theme's positions in
  // by_date are ascending (newest first), so walking p's themes' lists together meets the
  // candidates newest first: among equal scores the first met ranks higher, and once the
  // n kept all carry every one of p's themes, no later document can displace them. Only
  // documents sharing a theme with p are met, and most walks stop early.
  std::vector<std::pair<const size_t*, const size_t*>> lists;  // next, end
  for (const std::string& t : p.doc->themes) {
    auto it = theme_positions.find(t);
    if (it == theme_positions.end() || it->second.empty()) continue;
    std::pair<const size_t*, const size_t*> list(it->second.data(),
                                                 it->second.data() + it->second.size());
    if (std::find(lists.begin(), lists.end(), list) == lists.end()) lists.push_back(list);
  }
  struct Pick {
    size_t score, pos;
  };
  std::vector<Pick> best;  // score descending, then position ascending; at most n
  const size_t most = lists.size();
  while (n > 0) {
    size_t pos = SIZE_MAX;
    for (const auto& [next, end] : lists) {
      if (next != end) pos = std::min(pos, *next);
    }
    if (pos == SIZE_MAX) break;
    size_t score = 0;
    for (auto& [next, end] : lists) {
      if (next != end && *next == pos) {
        ++score;
        ++next;
      }
    }
    if (by_date[pos] == &p) continue;
    if (best.size() == n && best.back().score >= score) {
      if (best.back().score == most) break;
      continue;
    }
    auto at =
        std::find_if(best.begin(), best.end(), [score](const Pick& b) { return b.score < score; });
    best.insert(at, {score, pos});
    if (best.size() > n) best.pop_back();
  }
  std::vector<const PublishedDocument*> out;
  for (const Pick& b : best) out.push_back(by_date[b.pos]);
  if (kept) related_[at] = out;
  return out;
}

const PublishedDocument* SiteModel::Find(const std::string& slug) const {
  if (slug.empty()) return nullptr;  // most documents supersede nothing
  for (const PublishedDocument& p : published) {
    if (p.doc->slug == slug) return &p;
  }
  return nullptr;
}

const char* KindLabel(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kBrief:
      return "Learning brief";
    case DocumentKind::kBulletin:
      return "Bulletin";
    case DocumentKind::kPage:
      return "Page";
  }
  return "";
}

}  // namespace bulletin
