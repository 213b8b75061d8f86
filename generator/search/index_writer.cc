#include "search/index_writer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "search/tokenizer.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

struct Posting {
  std::string encoded;
  int last = -1;
};

// Weighted term frequencies and length of one document.
struct DocTerms {
  std::map<std::string, double> tf;
  std::map<std::string, double> title_bonus;
  std::map<std::string, double> theme_bonus;
  double length = 0;
};

void AddField(const std::string& text, double weight, const SynonymTable& synonyms,
              Stemmer* stemmer, DocTerms* out, std::map<std::string, double>* bonuses = nullptr,
              double bonus = 0) {
  std::vector<std::string> stems;
  for (const Token& t : Tokenize(text)) {
    if (!IsStopWord(t.word)) stems.push_back(stemmer->Stem(t.word));
  }
  std::vector<const SynonymTable::Group*> matched;
  auto add = [&](const std::string& term) {
    out->tf[term] += weight;
    if (bonuses) (*bonuses)[term] = bonus;
  };
  for (size_t i = 0; i < stems.size(); ++i) {
    add(stems[i]);
    matched.clear();
    synonyms.MatchAt(stems, i, &matched);
    for (const SynonymTable::Group* g : matched) add(g->term);
  }
  out->length += weight * static_cast<double>(stems.size());
}

DocTerms Analyse(const SearchDocument& d, const SynonymTable& synonyms, Stemmer* stemmer,
                 const FieldWeights& w) {
  DocTerms out;
  AddField(d.title, w.title, synonyms, stemmer, &out, &out.title_bonus, w.title_bonus);
  for (const std::string& h : d.headings) AddField(h, w.headings, synonyms, stemmer, &out);
  for (const std::string& e : d.emphasised) AddField(e, w.emphasised, synonyms, stemmer, &out);
  AddField(d.summary, w.summary, synonyms, stemmer, &out);
  for (const auto& theme : d.themes) {
    AddField(theme.second, w.themes, synonyms, stemmer, &out, &out.theme_bonus, w.theme_bonus);
  }
  for (const std::string& a : d.audience) AddField(a, w.audience, synonyms, stemmer, &out);
  AddField(d.body, w.body, synonyms, stemmer, &out);
  return out;
}

// One term of one document, compactly.
struct TermHit {
  uint32_t term;
  double tf;
  double bonus;
};

// Numbers the terms of the whole index, so documents hold numbers rather than strings.
class TermTable {
 public:
  std::vector<TermHit> Compact(const DocTerms& d) {
    std::vector<TermHit> out;
    out.reserve(d.tf.size());
    for (const auto& [term, tf] : d.tf) {
      double bonus = 0;
      for (const auto* bonuses : {&d.title_bonus, &d.theme_bonus}) {
        auto it = bonuses->find(term);
        if (it != bonuses->end()) bonus += it->second;
      }
      auto [it, inserted] = ids_.try_emplace(term, static_cast<uint32_t>(names_.size()));
      if (inserted) names_.push_back(&it->first);
      out.push_back({it->second, tf, bonus});
    }
    return out;
  }
  size_t size() const { return names_.size(); }
  const std::string& Name(size_t id) const { return *names_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<const std::string*> names_;
};

std::string Base64(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = bytes[i] << 16;
    if (i + 1 < bytes.size()) n |= bytes[i + 1] << 8;
    if (i + 2 < bytes.size()) n |= bytes[i + 2];
    out += kBase64Url[(n >> 18) & 63];
    out += kBase64Url[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64Url[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64Url[n & 63] : '=';
  }
  return out;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Cuts at a UTF-8 character boundary at or before max_bytes.
std::string Truncate(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

uint64_t Fnv1a(uint64_t h, const std::string& s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

void AppendVarint(unsigned value, std::string* out) {
  do {
    unsigned digit = value & 31;
    value >>= 5;
    if (value) digit |= 32;
    *out += kBase64Url[digit];
  } while (value);
}

int QuantisedImpact(double weighted_tf, double length, double avg_length, double bonus,
                    double max_impact) {
  if (weighted_tf <= 0) return 0;
  double norm = avg_length > 0 ? length / avg_length : 1;
  double impact = weighted_tf * (kK1 + 1) / (weighted_tf + kK1 * (1 - kB + kB * norm)) + bonus;
  int q = static_cast<int>(std::lround(impact / max_impact * 63));
  return std::clamp(q, 1, 63);
}

std::map<std::string, std::string> BuildSearchIndex(const std::vector<SearchDocument>& input,
                                                    const SynonymTable& synonyms, Stemmer* stemmer,
                                                    const SearchIndexOptions& options,
                                                    SearchIndexStats* stats,
                                                    const FieldWeights& weights) {
  std::vector<const SearchDocument*> docs;
  for (const SearchDocument& d : input) docs.push_back(&d);
  std::stable_sort(docs.begin(), docs.end(), [](auto* a, auto* b) { return a->url < b->url; });

  // Each document's terms, analysed on every core (a stemmer each: they cache), then
  // kept compact -- a term number, its weighted frequency and bonus -- so that a large
  // site's index does not hold a map of strings per document.
  std::vector<std::vector<TermHit>> hits(docs.size());
  std::vector<double> lengths(docs.size());
  TermTable terms;
  {
    size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
    workers = std::max<size_t>(1, std::min(workers, docs.size() / 32));
    std::vector<std::unique_ptr<Stemmer>> stemmers;
    for (size_t t = 1; t < workers; ++t) stemmers.push_back(std::make_unique<Stemmer>());
    std::atomic<size_t> next{0};
    std::mutex terms_mutex;
    auto work = [&](size_t worker) {
      Stemmer* own = worker == 0 ? stemmer : stemmers[worker - 1].get();
      for (size_t id; (id = next.fetch_add(1)) < docs.size();) {
        DocTerms t = Analyse(*docs[id], synonyms, own, weights);
        lengths[id] = t.length;
        std::lock_guard<std::mutex> lock(terms_mutex);
        hits[id] = terms.Compact(t);
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work, t);
    work(0);
    for (std::thread& th : pool) th.join();
  }
  double total_length = 0;
  for (double l : lengths) total_length += l;
  double avg = docs.empty() ? 0 : total_length / static_cast<double>(docs.size());
  const double max_impact = kK1 + 1 + weights.title_bonus + weights.theme_bonus;

  std::vector<Posting> by_term(terms.size());
  for (size_t id = 0; id < hits.size(); ++id) {
    for (const TermHit& h : hits[id]) {
      Posting& p = by_term[h.term];
      AppendVarint(static_cast<unsigned>(static_cast<int>(id) - p.last - 1), &p.encoded);
      p.encoded += kBase64Url[QuantisedImpact(h.tf, lengths[id], avg, h.bonus, max_impact)];
      p.last = static_cast<int>(id);
    }
    std::vector<TermHit>().swap(hits[id]);
  }
  std::map<std::string, Posting> postings;
  for (size_t t = 0; t < by_term.size(); ++t) postings.emplace(terms.Name(t), std::move(by_term[t]));
  by_term.clear();

  std::map<std::string, std::string> files;  // relative to the version folder
  json chunk_starts = json::array();
  json chunk = json::object();
  size_t chunk_size = 0;
  auto close_chunk = [&] {
    if (chunk.empty()) return;
    files["c/" + std::to_string(chunk_starts.size() - 1) + ".json"] = Dump(chunk);
    chunk = json::object();
    chunk_size = 0;
  };
  for (const auto& [term, p] : postings) {
    size_t entry = term.size() + p.encoded.size() + 6;
    if (!chunk.empty() && chunk_size + entry > options.chunk_bytes) close_chunk();
    if (chunk.empty()) chunk_starts.push_back(chunk_starts.empty() ? std::string() : term);
    chunk[term] = p.encoded;
    chunk_size += entry;
  }
  close_chunk();

  // Facets: value -> bitset of documents.
  std::map<std::string, std::set<std::string>> seen_values;
  std::map<std::string, std::string> type_labels;
  for (const SearchDocument* d : docs) {
    type_labels.emplace(d->type, d->type_label);
    if (!d->partnership.empty()) seen_values["partnership"].insert(d->partnership);
    for (const std::string& a : d->audience) seen_values["audience"].insert(a);
  }
  json facets = json::array();
  json filters = json::object();
  auto add_facet = [&](const char* name, const char* label, const std::vector<FacetValue>& values,
                       auto has_value) {
    json jvalues = json::array();
    for (const FacetValue& v : values) {
      std::vector<uint8_t> bits((docs.size() + 7) / 8, 0);
      for (size_t id = 0; id < docs.size(); ++id) {
        if (has_value(*docs[id], v.value)) bits[id / 8] |= static_cast<uint8_t>(1u << (id % 8));
      }
      jvalues.push_back({{"value", v.value}, {"label", v.label}});
      filters[name][v.value] = Base64(bits);
    }
    if (!values.empty()) facets.push_back({{"name", name}, {"label", label}, {"values", jvalues}});
  };
  add_facet("theme", "Theme", options.themes, [](const SearchDocument& d, const std::string& v) {
    return std::any_of(d.themes.begin(), d.themes.end(),
                       [&](const auto& t) { return t.first == v; });
  });
  std::vector<FacetValue> types;
  for (const auto& [type, label] : type_labels) types.push_back({type, label});
  add_facet("type", "Type", types,
            [](const SearchDocument& d, const std::string& v) { return d.type == v; });
  auto listed = [&](const char* name) {
    std::vector<FacetValue> out;
    for (const std::string& v : seen_values[name]) out.push_back({v, v});
    return out;
  };
  add_facet("partnership", "Partnership", listed("partnership"),
            [](const SearchDocument& d, const std::string& v) { return d.partnership == v; });
  add_facet("audience", "Audience", listed("audience"),
            [](const SearchDocument& d, const std::string& v) {
              return std::find(d.audience.begin(), d.audience.end(), v) != d.audience.end();
            });
  files["filters.json"] = Dump(filters);

  for (size_t id = 0; id < docs.size(); ++id) {
    const SearchDocument& d = *docs[id];
    json themes = json::array();
    for (const auto& t : d.themes) themes.push_back(t.second);
    files["d/" + std::to_string(id) + ".json"] =
        Dump({{"url", d.url},
              {"title", d.title},
              {"type", d.type_label},
              {"date", d.date_long},
              {"date_iso", d.date_iso},
              {"summary", d.summary},
              {"themes", themes},
              {"partnership", d.partnership},
              {"audience", d.audience},
              {"text", Truncate(d.body, options.max_text_bytes)}});
  }

  uint64_t hash = 14695981039346656037ull;
  for (const auto& [name, contents] : files) hash = Fnv1a(Fnv1a(hash, name), contents);
  char version[20];
  std::snprintf(version, sizeof version, "%012llx",
                static_cast<unsigned long long>(hash & 0xFFFFFFFFFFFFull));

  json groups = json::array();
  for (const SynonymTable::Group& g : synonyms.groups()) {
    groups.push_back({{"term", g.term}, {"label", g.phrases.front()}, {"stems", g.stems}});
  }
  json manifest = {{"format", 1},
                   {"base", std::string(version) + "/"},
                   {"documents", docs.size()},
                   {"chunks", chunk_starts},
                   {"stop_words", StopWords()},
                   {"synonyms", groups},
                   {"facets", facets},
                   {"max_impact", max_impact}};

  std::map<std::string, std::string> out;
  size_t bytes = 0;
  for (auto& [name, contents] : files) {
    bytes += contents.size();
    out[std::string(version) + "/" + name] = std::move(contents);
  }
  out["manifest.json"] = Dump(manifest);
  bytes += out["manifest.json"].size();
  if (stats) {
    stats->documents = docs.size();
    stats->terms = postings.size();
    stats->chunks = chunk_starts.size();
    stats->bytes = bytes;
  }
  return out;
}

}  // namespace bulletin
