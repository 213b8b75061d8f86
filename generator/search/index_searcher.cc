#include "search/index_searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "search/stemmer.h"
#include "search/tokenizer.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kMaxFuzzyTerms = 4;
constexpr size_t kPhraseChecks = 60;  // search.js's PHRASE_CHECKS
constexpr size_t kSuggestionDocs = 3;

// A word of the query, or a synonym group it names.
struct Unit {
  bool group = false;
  std::string term;  // the group's term ("~3")
  std::string word;  // folded
  std::string stem;
  bool exact = false;  // in quotes: no typo tolerance
};

// An index term a unit stands for.
struct Alternative {
  std::string term;
  double weight = 1;
  std::string postings;
  bool fuzzy = false;
  int distance = 0;
};

struct Postings {
  std::vector<uint32_t> docs;
  std::vector<int> impacts;
};

int Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return 0;
}

// "gap varint + impact character" per document, as AppendVarint writes them.
Postings Decode(const std::string& s) {
  Postings p;
  int64_t prev = -1;
  size_t i = 0;
  while (i < s.size()) {
    uint64_t value = 0;
    int shift = 0;
    int d = 0;
    do {
      d = Digit(s[i++]);
      value += static_cast<uint64_t>(d & 31) << shift;
      shift += 5;
    } while ((d & 32) && i < s.size() && shift < 60);
    prev += static_cast<int64_t>(value) + 1;
    p.docs.push_back(static_cast<uint32_t>(prev));
    p.impacts.push_back(i < s.size() ? Digit(s[i++]) : 0);
  }
  return p;
}

// One query's reads of the index: the manifest, and the chunks and documents it needs.
class IndexView {
 public:
  explicit IndexView(const IndexFileReader& read) : read_(read) {}

  bool Load() {
    std::string bytes;
    if (!read_("manifest.json", &bytes)) return false;
    manifest_ = json::parse(bytes, nullptr, false);
    if (!manifest_.is_object() || !manifest_.contains("chunks")) return false;
    for (const json& w : manifest_.value("stop_words", json::array())) {
      if (w.is_string()) stop_.push_back(w.get<std::string>());
    }
    return true;
  }

  const json& manifest() const { return manifest_; }
  bool IsStop(const std::string& w) const {
    return std::find(stop_.begin(), stop_.end(), w) != stop_.end();
  }

  size_t ChunkIndex(const std::string& term) const {
    const json& starts = manifest_["chunks"];
    size_t lo = 0, hi = starts.empty() ? 0 : starts.size() - 1;
    while (lo < hi) {
      size_t mid = (lo + hi + 1) / 2;
      if (starts[mid].get_ref<const std::string&>() <= term) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  const json& Chunk(size_t n) {
    static const json kEmpty = json::object();
    if (manifest_["chunks"].empty()) return kEmpty;
    auto [it, fresh] = chunks_.try_emplace(n);
    if (fresh) it->second = File("c", manifest_["chunk_names"][n]);
    return it->second.is_object() ? it->second : kEmpty;
  }

  json Doc(uint32_t id) {
    size_t size = manifest_.value("table_size", 64), width = manifest_.value("name_length", 10);
    size_t t = id / size;
    const json& tables = manifest_["tables"];
    if (t >= tables.size()) return json();
    auto [it, fresh] = tables_.try_emplace(t);
    if (fresh) it->second = File("t", tables[t]);
    if (!it->second.is_string()) return json();
    const std::string& names = it->second.get_ref<const std::string&>();
    size_t at = (id % size) * width;
    if (at + width > names.size()) return json();
    return File("d", names.substr(at, width));
  }

 private:
  json File(const char* folder, const json& name) {
    std::string bytes;
    if (!name.is_string()) return json();
    if (!read_(std::string(folder) + "/" + name.get<std::string>() + ".json", &bytes)) {
      return json();
    }
    return json::parse(bytes, nullptr, false);
  }

  const IndexFileReader& read_;
  json manifest_;
  std::vector<std::string> stop_;
  std::map<size_t, json> chunks_, tables_;
};

// The query's units and quoted phrases (as stems), as search.js's parseQuery.
void ParseQuery(std::string_view q, const IndexView& index, Stemmer* stemmer,
                std::vector<Unit>* units, std::vector<std::vector<std::string>>* phrases) {
  // Segments between quote marks: " or “ ”.
  std::vector<std::pair<std::string, bool>> segments;
  std::string current;
  bool quoted = false;
  auto close = [&] {
    if (current.find_first_not_of(" \t") != std::string::npos)
      segments.emplace_back(current, quoted);
    current.clear();
    quoted = !quoted;
  };
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '"') {
      close();
    } else if (q.substr(i, 3) == "\u201c" || q.substr(i, 3) == "\u201d") {
      close();
      i += 2;
    } else {
      current += q[i];
    }
  }
  if (current.find_first_not_of(" \t") != std::string::npos) segments.emplace_back(current, quoted);
  const json& groups = index.manifest().value("synonyms", json::array());
  for (const auto& [text, in_quotes] : segments) {
    std::vector<std::string> words;
    for (const Token& t : Tokenize(text)) words.push_back(t.word);
    if (in_quotes) {
      if (words.size() > 1) {
        std::vector<std::string> stems;
        for (const std::string& w : words) stems.push_back(stemmer->Stem(w));
        phrases->push_back(std::move(stems));
      }
      for (const std::string& w : words) {
        if (!index.IsStop(w)) units->push_back({false, "", w, stemmer->Stem(w), true});
      }
      continue;
    }
    std::vector<std::string> kept, stems;
    for (const std::string& w : words) {
      if (index.IsStop(w)) continue;
      kept.push_back(w);
      stems.push_back(stemmer->Stem(w));
    }
    for (size_t i = 0; i < kept.size();) {
      const json* match = nullptr;
      size_t length = 0;
      for (const json& g : groups) {
        for (const json& phrase : g.value("stems", json::array())) {
          if (phrase.size() <= length || i + phrase.size() > stems.size()) continue;
          bool all = true;
          for (size_t k = 0; k < phrase.size() && all; ++k) {
            all = phrase[k].is_string() && phrase[k].get_ref<const std::string&>() == stems[i + k];
          }
          if (all) {
            match = &g;
            length = phrase.size();
          }
        }
      }
      if (match) {
        units->push_back({true, match->value("term", ""), kept[i], "", false});
        i += length;
      } else {
        units->push_back({false, "", kept[i], stems[i], false});
        i += 1;
      }
    }
  }
}

std::vector<Alternative> Resolve(const Unit& unit, IndexView* index) {
  std::vector<Alternative> out;
  if (unit.group) {
    const json& c = index->Chunk(index->ChunkIndex(unit.term));
    auto it = c.find(unit.term);
    if (it != c.end() && it->is_string()) out.push_back({unit.term, 1, it->get<std::string>()});
    return out;
  }
  const json& home = index->Chunk(index->ChunkIndex(unit.stem));
  if (auto it = home.find(unit.stem); it != home.end() && it->is_string()) {
    out.push_back({unit.stem, 1, it->get<std::string>()});
  }
  if (!out.empty() || unit.exact || unit.word.size() < 5) return out;
  int max = unit.word.size() >= 8 ? 2 : 1;
  std::vector<size_t> chunk_ids = {index->ChunkIndex(unit.stem)};
  size_t other = index->ChunkIndex(unit.word);
  if (other != chunk_ids[0]) chunk_ids.push_back(other);
  std::vector<Alternative> close;
  for (size_t n : chunk_ids) {
    for (const auto& [term, postings] : index->Chunk(n).items()) {
      if (term.empty() || term[0] == '~' || !postings.is_string()) continue;
      int d =
          std::min({BoundedEditDistance(unit.stem, term, max),
                    BoundedEditDistance(unit.word, term, max), StemDistance(unit.word, term, max)});
      if (d <= max)
        close.push_back({term, d == 1 ? 0.6 : 0.45, postings.get<std::string>(), true, d});
    }
  }
  std::stable_sort(close.begin(), close.end(), [](const Alternative& a, const Alternative& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.postings.size() > b.postings.size();
  });
  if (close.size() > kMaxFuzzyTerms) close.resize(kMaxFuzzyTerms);
  return close;
}

struct Ranked {
  uint32_t doc;
  double score;
};

// BM25 per term (the index's impact x idf), the best alternative per unit, summed; every
// unit must match, or if no page matches them all, any will do (*partial).
std::vector<Ranked> Rank(const std::vector<std::vector<Alternative>>& units, double documents,
                         double max_impact, bool* partial) {
  std::vector<std::map<uint32_t, double>> per_unit;
  for (const std::vector<Alternative>& alternatives : units) {
    std::map<uint32_t, double>& scores = per_unit.emplace_back();
    for (const Alternative& a : alternatives) {
      Postings p = Decode(a.postings);
      double df = static_cast<double>(p.docs.size());
      double idf = std::log(1 + (documents - df + 0.5) / (df + 0.5));
      for (size_t i = 0; i < p.docs.size(); ++i) {
        double s = a.weight * idf * (p.impacts[i] / 63.0) * max_impact;
        double& best = scores[p.docs[i]];
        best = std::max(best, s);
      }
    }
  }
  auto combine = [&](bool require_all) {
    std::map<uint32_t, double> total;
    for (const auto& scores : per_unit) {
      for (const auto& [doc, s] : scores) total[doc] += s;
    }
    std::vector<Ranked> out;
    for (const auto& [doc, score] : total) {
      bool all = std::all_of(per_unit.begin(), per_unit.end(),
                             [doc = doc](const auto& scores) { return scores.count(doc) > 0; });
      if (!require_all || all) out.push_back({doc, score});
    }
    std::stable_sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
      return a.score > b.score || (a.score == b.score && a.doc < b.doc);
    });
    return out;
  };
  std::vector<Ranked> all = combine(true);
  *partial = all.empty() && per_unit.size() >= 2;
  return *partial ? combine(false) : all;
}

std::string DocText(const json& d) {
  return d.value("title", "") + "\n" + d.value("summary", "") + "\n" + d.value("text", "");
}

bool ContainsPhrase(const std::string& text, const std::vector<std::string>& phrase,
                    Stemmer* stemmer) {
  std::vector<std::string> stems;
  for (const Token& t : Tokenize(text)) stems.push_back(stemmer->Stem(t.word));
  for (size_t i = 0; i + phrase.size() <= stems.size(); ++i) {
    if (std::equal(phrase.begin(), phrase.end(), stems.begin() + static_cast<std::ptrdiff_t>(i))) {
      return true;
    }
  }
  return false;
}

// The commonest word whose stem is `term` in the pages `docs`, as they write it (folded).
std::string SurfaceWord(IndexView* index, const std::vector<uint32_t>& docs,
                        const std::string& term, Stemmer* stemmer) {
  std::vector<std::pair<std::string, int>> counts;  // in order of first sight
  for (size_t i = 0; i < docs.size() && i < kSuggestionDocs; ++i) {
    json d = index->Doc(docs[i]);
    if (!d.is_object()) continue;
    for (const Token& t : Tokenize(DocText(d))) {
      if (stemmer->Stem(t.word) != term) continue;
      auto it = std::find_if(counts.begin(), counts.end(),
                             [&](const auto& c) { return c.first == t.word; });
      if (it == counts.end()) {
        counts.emplace_back(t.word, 1);
      } else {
        ++it->second;
      }
    }
  }
  std::pair<std::string, int> best;
  for (const auto& c : counts) {
    if (best.first.empty() || c.second > best.second) best = c;
  }
  return best.first;
}

// Of unit i's close terms (fuzzy alternatives, closest first), the one that goes best with
// the query's other units: the share of its pages that hold them all, times the log of how
// many do; the closest of equals. Alone, the closest. As search.js's closestInContext.
const Alternative& ClosestInContext(const std::vector<std::vector<Alternative>>& units, size_t i) {
  const std::vector<Alternative>& alts = units[i];
  if (units.size() < 2) return alts[0];
  std::vector<std::set<uint32_t>> others;
  for (size_t j = 0; j < units.size(); ++j) {
    if (j == i) continue;
    std::set<uint32_t>& docs = others.emplace_back();
    for (const Alternative& a : units[j]) {
      for (uint32_t d : Decode(a.postings).docs) docs.insert(d);
    }
  }
  const Alternative* best = &alts[0];
  double best_score = -1;
  for (const Alternative& a : alts) {
    std::vector<uint32_t> docs = Decode(a.postings).docs;
    double n = 0;
    for (uint32_t d : docs) {
      n += std::all_of(others.begin(), others.end(), [d](const auto& s) { return s.count(d) > 0; });
    }
    double score = docs.empty() ? 0 : n / static_cast<double>(docs.size()) * std::log(1 + n);
    if (score > best_score) {
      best = &a;
      best_score = score;
    }
  }
  return *best;
}

SearchHit Hit(const json& d) {
  return {d.value("url", ""),  d.value("title", ""),    d.value("type", ""),
          d.value("date", ""), d.value("date_iso", ""), d.value("summary", "")};
}

}  // namespace

int StemDistance(std::string_view word, std::string_view term, int max) {
  if (term.size() < 5) return max + 1;
  int best = max + 1;
  for (size_t n = term.size(); n <= term.size() + 2 && n <= word.size(); ++n) {
    best = std::min(best, BoundedEditDistance(word.substr(0, n), term, max));
  }
  return best;
}

int BoundedEditDistance(std::string_view a, std::string_view b, int max) {
  int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > max) return max + 1;
  std::vector<int> prev(lb + 1), cur(lb + 1);
  for (int j = 0; j <= lb; ++j) prev[j] = j;
  for (int i = 1; i <= la; ++i) {
    cur[0] = i;
    int best = i;
    for (int j = 1; j <= lb; ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      best = std::min(best, cur[j]);
    }
    if (best > max) return max + 1;
    std::swap(prev, cur);
  }
  return prev[lb];
}

SearchAnswer IndexSearcher::Search(std::string_view query, size_t limit) const {
  SearchAnswer answer;
  IndexView index(read_);
  if (!index.Load()) {
    answer.ok = false;
    return answer;
  }
  Stemmer stemmer;
  std::vector<Unit> units;
  std::vector<std::vector<std::string>> phrases;
  ParseQuery(query, index, &stemmer, &units, &phrases);
  if (units.empty()) {
    answer.no_terms = true;
    return answer;
  }
  std::vector<std::vector<Alternative>> alternatives;
  for (const Unit& u : units) alternatives.push_back(Resolve(u, &index));
  std::vector<Ranked> ranked = Rank(alternatives, index.manifest().value("documents", 0.0),
                                    index.manifest().value("max_impact", 1.0), &answer.partial);
  std::map<uint32_t, json> docs;
  auto doc = [&](uint32_t id) -> const json& {
    auto [it, fresh] = docs.try_emplace(id);
    if (fresh) it->second = index.Doc(id);
    return it->second;
  };
  if (!phrases.empty()) {
    if (ranked.size() > kPhraseChecks) ranked.resize(kPhraseChecks);
    std::erase_if(ranked, [&](const Ranked& r) {
      std::string text = doc(r.doc).is_object() ? DocText(doc(r.doc)) : "";
      return !std::all_of(phrases.begin(), phrases.end(),
                          [&](const auto& p) { return ContainsPhrase(text, p, &stemmer); });
    });
  }
  answer.total = ranked.size();
  for (size_t i = 0; i < ranked.size() && answer.hits.size() < limit; ++i) {
    if (doc(ranked[i].doc).is_object()) answer.hits.push_back(Hit(doc(ranked[i].doc)));
  }
  std::string text(query);
  for (size_t i = 0; i < units.size(); ++i) {
    const std::vector<Alternative>& alts = alternatives[i];
    if (units[i].group || alts.empty() || !alts[0].fuzzy) continue;
    const Alternative& best = ClosestInContext(alternatives, i);
    std::string word = SurfaceWord(&index, Decode(best.postings).docs, best.term, &stemmer);
    if (word.empty()) continue;
    for (const Token& t : Tokenize(text)) {
      if (t.word != units[i].word) continue;
      text.replace(t.begin, t.end - t.begin, word);
      break;
    }
  }
  if (text != query) answer.suggestion = text;
  return answer;
}

}  // namespace bulletin
