#include "search/synonyms.h"

#include <map>
#include <numeric>

#include "search/tokenizer.h"

namespace bulletin {

const std::vector<std::vector<std::string>>& DefaultSynonymGroups() {
  static const std::vector<std::vector<std::string>> groups = {
      {"MASH", "Multi-Agency Safeguarding Hub"},
      {"DASH", "Domestic Abuse, Stalking and Harassment",
       "Domestic Abuse, Stalking, Harassment and Honour-Based Violence"},
      {"MARAC", "Multi-Agency Risk Assessment Conference"},
      {"DA", "domestic abuse", "DV", "domestic violence"},
      {"CSE", "child sexual exploitation"},
      {"CCE", "child criminal exploitation"},
      {"LADO", "Local Authority Designated Officer"},
      {"CSPR", "Child Safeguarding Practice Review", "LCSPR"},
      {"SCR", "Serious Case Review"},
      {"SAR", "Safeguarding Adults Review", "Safeguarding Adult Review"},
      {"DHR", "Domestic Homicide Review", "Domestic Abuse Related Death Review", "DARDR"},
      {"CP", "child protection"},
      {"CIN", "child in need", "children in need"},
      {"CSC", "children's social care"},
      {"ASC", "adult social care"},
      {"IDVA", "Independent Domestic Violence Advisor", "Independent Domestic Violence Adviser"},
      {"Clare's Law", "Domestic Violence Disclosure Scheme", "DVDS"},
      {"coercive control", "controlling or coercive behaviour", "controlling behaviour"},
      {"CAMHS", "Child and Adolescent Mental Health Services"},
      {"FGM", "female genital mutilation"},
      {"DSL", "Designated Safeguarding Lead"},
      {"EDT", "Emergency Duty Team"},
      {"GP", "general practitioner", "family doctor"},
      {"s42", "section 42"},
  };
  return groups;
}

std::vector<std::string> SynonymTable::PhraseStems(std::string_view phrase, Stemmer* stemmer) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(phrase)) {
    if (!IsStopWord(t.word)) out.push_back(stemmer->Stem(t.word));
  }
  return out;
}

SynonymTable::SynonymTable(const std::vector<std::vector<std::string>>& groups, Stemmer* stemmer) {
  // Union-find over the input groups, joined when they share a phrase's stems.
  std::vector<size_t> parent(groups.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::map<std::vector<std::string>, size_t> owner;
  std::vector<std::vector<std::pair<std::string, std::vector<std::string>>>> compiled(
      groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    for (const std::string& phrase : groups[g]) {
      std::vector<std::string> stems = PhraseStems(phrase, stemmer);
      if (stems.empty()) continue;
      auto [it, inserted] = owner.emplace(stems, g);
      if (!inserted) {
        size_t a = find(it->second), b = find(g);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
        continue;
      }
      compiled[g].emplace_back(phrase, std::move(stems));
    }
  }
  std::map<size_t, size_t> root_to_index;
  for (size_t g = 0; g < groups.size(); ++g) {
    size_t root = find(g);
    auto [it, inserted] = root_to_index.emplace(root, groups_.size());
    if (inserted) groups_.emplace_back();
    Group& out = groups_[it->second];
    for (auto& [phrase, stems] : compiled[g]) {
      out.phrases.push_back(phrase);
      out.stems.push_back(stems);
    }
  }
  std::vector<Group> kept;
  for (Group& g : groups_) {
    if (g.stems.size() < 2) continue;
    g.term = "~" + std::to_string(kept.size());
    kept.push_back(std::move(g));
  }
  groups_ = std::move(kept);
}

}  // namespace bulletin
