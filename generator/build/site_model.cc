#include "build/site_model.h"

#include <algorithm>

namespace bulletin {

std::vector<const PublishedDocument*> SiteModel::InTheme(const std::string& slug) const {
  std::vector<const PublishedDocument*> out;
  for (const PublishedDocument* p : by_date) {
    const auto& themes = p->doc->themes;
    if (std::find(themes.begin(), themes.end(), slug) != themes.end()) out.push_back(p);
  }
  return out;
}

std::vector<const PublishedDocument*> SiteModel::Related(const PublishedDocument& p,
                                                         size_t n) const {
  std::vector<std::pair<int, const PublishedDocument*>> scored;
  for (const PublishedDocument* other : by_date) {
    if (other == &p) continue;
    int shared = 0;
    for (const std::string& t : p.doc->themes) {
      shared += std::count(other->doc->themes.begin(), other->doc->themes.end(), t);
    }
    if (shared > 0) scored.emplace_back(shared, other);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<const PublishedDocument*> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i) out.push_back(scored[i].second);
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
    case DocumentKind::kBrief: return "Learning brief";
    case DocumentKind::kBulletin: return "Bulletin";
    case DocumentKind::kPage: return "Page";
  }
  return "";
}

}  // namespace bulletin
