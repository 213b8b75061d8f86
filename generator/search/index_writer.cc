#include "search/index_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/hash.h"
#include "search/json_text.h"
#include "search/tokenizer.h"
#include "search/word_table.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Lower case only: file names must not differ by case alone on some hosts.
constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// A term of a document: its weighted frequency and bonus (whole numbers and halves, so float holds
// them exactly).
struct Hit {
  uint32_t term;  // the worker's number for it
  float tf;
  float bonus;
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
std::string_view Truncate(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// Content-defined chunking: once a chunk holds 60% of chunk_bytes, it ends after a term with a
// chance that grows with the term's entry size (20% of chunk_bytes more, on average), decided by
// the term's hash, so that after an edit the boundaries fall where they fell before; at 150% it
// ends regardless. Chunks then average about chunk_bytes less a fifth, so a query fetches no more
// than when they were cut by size alone.
constexpr double kChunkMin = 0.6, kChunkScale = 0.2, kChunkMax = 1.5;

bool EndsChunk(const std::string& term, size_t entry_bytes, double scale) {
  double p = 1 - std::exp(-static_cast<double>(entry_bytes) / scale);
  double u = static_cast<double>(Hash64(term, 1) >> 11) * 0x1p-53;
  return u < p;
}

}  // namespace

// The name of each file: a hash of its bytes. Two different files with the same name (about one
// build in 10^7 at 10,000 documents) would break the index, so the second takes the hash of its
// bytes with another seed.
class SearchIndexBuilder::Names {
 public:
  std::string For(std::string_view contents) {
    uint64_t full = Hash64(contents);
    std::lock_guard<std::mutex> lock(mutex_);
    bytes_ += contents.size();
    for (uint64_t seed = 0;; ++seed) {
      uint64_t h = seed == 0 ? full : Hash64(contents, seed);
      std::string name(kNameLength, ' ');
      for (size_t i = 0; i < kNameLength; ++i) name[i] = kBase32[(h >> (59 - 5 * i)) & 31];
      auto [it, inserted] = taken_.emplace(name, full);
      if (inserted || it->second == full) return name;
    }
  }
  size_t bytes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
  }

 private:
  std::mutex mutex_;
  size_t bytes_ = 0;                                 // every file named so far
  std::unordered_map<std::string, uint64_t> taken_;  // name -> hash of its bytes
};

// What the index keeps of one document once its file is written.
struct SearchIndexBuilder::Analysed {
  std::string url, name, type, type_label, partnership;
  std::vector<std::string> themes, audience;  // theme slugs
  std::vector<Hit> hits;
  double length = 0;
  double rank = 1;
  size_t worker = 0;
};

// One thread's analysis: its stemmer, its own numbering of the terms it meets (merged in Finish), a
// cache from folded words to those numbers, and scratch space reused for every document, so that a
// token costs a hash lookup and no allocation.
struct SearchIndexBuilder::Worker {
  Worker(const SynonymTable& synonyms, size_t number) : number(number) {
    for (const SynonymTable::Group& g : synonyms.groups()) {
      uint32_t group_term = Intern(g.term);
      for (const std::vector<std::string>& stems : g.stems) {
        Phrase p{group_term, {}};
        for (const std::string& s : stems) p.stems.push_back(Intern(s));
        phrases_at[p.stems[0]].push_back(static_cast<uint32_t>(phrases.size()));
        flags[p.stems[0]] |= kStartsPhrase;
        phrases.push_back(std::move(p));
      }
    }
  }

  uint32_t Intern(const std::string& term) {
    auto [it, inserted] = term_ids.try_emplace(term, static_cast<uint32_t>(terms.size()));
    if (inserted) {
      terms.push_back(&it->first);
      tf.push_back(0);
      flags.push_back(0);
      phrases_at.emplace_back();
    }
    return it->second;
  }

  static constexpr uint32_t kStopWord = UINT32_MAX;

  // The term of a folded word, or kStopWord.
  uint32_t TermOf(std::string_view word) {
    if (const uint32_t* term = word_terms.Find(word)) return *term;
    uint32_t term = kStopWord;
    if (!IsStopWord(word)) term = Intern(stemmer.Stem(std::string(word)));
    word_terms.Insert(word, term);
    return term;
  }

  // kStartsPhrase is the term's for good; the others are the current document's.
  enum : uint8_t { kSeen = 1, kInTitle = 2, kInTheme = 4, kStartsPhrase = 8 };

  void Count(uint32_t term, double weight, uint8_t flag) {
    if (!(flags[term] & kSeen)) touched.push_back(term);
    flags[term] |= kSeen | flag;
    tf[term] += weight;
  }

  void AddField(std::string_view text, double weight, uint8_t flag = 0) {
    stems.clear();
    ForEachWord(text, &word, [&](std::string_view folded, size_t, size_t) {
      uint32_t term = TermOf(folded);
      if (term != kStopWord) stems.push_back(term);
    });
    for (size_t i = 0; i < stems.size(); ++i) {
      Count(stems[i], weight, flag);
      // Checked first because Count just read the flags, while phrases_at[] is one more cache miss
      // per word, and few terms start a phrase.
      if (!(flags[stems[i]] & kStartsPhrase)) continue;
      matched.clear();
      for (uint32_t n : phrases_at[stems[i]]) {
        const Phrase& p = phrases[n];
        if (i + p.stems.size() > stems.size()) continue;
        if (!std::equal(p.stems.begin(), p.stems.end(), stems.begin() + i)) continue;
        if (std::find(matched.begin(), matched.end(), p.group_term) != matched.end()) continue;
        matched.push_back(p.group_term);
        Count(p.group_term, weight, flag);
      }
    }
    length += weight * static_cast<double>(stems.size());
  }

  // The hits of the document analysed since the last call, clearing the scratch space.
  std::vector<Hit> TakeHits(const FieldWeights& w) {
    std::vector<Hit> out;
    out.reserve(touched.size());
    for (uint32_t t : touched) {
      double bonus =
          (flags[t] & kInTitle ? w.title_bonus : 0) + (flags[t] & kInTheme ? w.theme_bonus : 0);
      out.push_back({t, static_cast<float>(tf[t]), static_cast<float>(bonus)});
      tf[t] = 0;
      flags[t] &= kStartsPhrase;
    }
    touched.clear();
    return out;
  }

  struct Phrase {
    uint32_t group_term;
    std::vector<uint32_t> stems;
  };

  size_t number;
  Stemmer stemmer;
  std::unordered_map<std::string, uint32_t> term_ids;
  std::vector<const std::string*> terms;          // number -> term (keys of term_ids)
  WordTable word_terms;                           // folded word -> its term, or kStopWord
  std::vector<Phrase> phrases;                    // every synonym phrase as term numbers
  std::vector<std::vector<uint32_t>> phrases_at;  // term -> the phrases it starts
  std::vector<Analysed> done;
  // Scratch space for the document being analysed.
  std::vector<double> tf;
  std::vector<uint8_t> flags;
  std::vector<uint32_t> touched, stems, matched;
  std::string word;
  double length = 0;
};

SearchIndexBuilder::SearchIndexBuilder(const SynonymTable& synonyms,
                                       const SearchIndexOptions& options, size_t workers,
                                       SearchIndexSink sink, const FieldWeights& weights)
    : synonyms_(synonyms),
      options_(options),
      weights_(weights),
      sink_(std::move(sink)),
      names_(std::make_unique<Names>()) {
  for (size_t w = 0; w < std::max<size_t>(workers, 1); ++w) {
    workers_.push_back(std::make_unique<Worker>(synonyms, w));
  }
}

SearchIndexBuilder::~SearchIndexBuilder() = default;

std::string SearchIndexBuilder::Emit(char folder, std::string contents) {
  std::string name = names_->For(contents);
  sink_(std::string(1, folder) + "/" + name + ".json", std::move(contents));
  return name;
}

void SearchIndexBuilder::Add(const SearchDocument& d, size_t worker) {
  Worker& w = *workers_[worker];
  const FieldWeights& fw = weights_;
  w.length = 0;
  w.AddField(d.title, fw.title, Worker::kInTitle);
  for (const std::string& h : d.headings) w.AddField(h, fw.headings);
  for (const std::string& e : d.emphasised) w.AddField(e, fw.emphasised);
  w.AddField(d.summary, fw.summary);
  for (const auto& theme : d.themes) w.AddField(theme.second, fw.themes, Worker::kInTheme);
  for (const std::string& a : d.audience) w.AddField(a, fw.audience);
  w.AddField(d.body, fw.body);

  Analysed a;
  a.hits = w.TakeHits(fw);
  a.length = w.length;
  a.rank = d.rank > 0 && d.rank < 1 ? d.rank : 1;
  a.worker = worker;
  a.url = d.url;
  a.type = d.type;
  a.type_label = d.type_label;
  a.partnership = d.partnership;
  a.audience = d.audience;
  for (const auto& t : d.themes) a.themes.push_back(t.first);
  a.name = Emit('d', DocumentFile(d));
  w.done.push_back(std::move(a));
}

std::string SearchIndexBuilder::DocumentFile(const SearchDocument& d) const {
  // Written straight out rather than through a json value, but byte for byte what nlohmann's dump
  // gave: the same string escapes (json_text.h), and the keys in the sorted order of its objects.
  std::string_view text = Truncate(d.body, options_.max_text_bytes);
  std::string out;
  out.reserve(text.size() + d.summary.size() + d.title.size() + d.url.size() + 512);
  auto key = [&out](std::string_view name) {
    out += out.empty() ? "{\"" : ",\"";
    out += name;
    out += "\":";
  };
  auto string_field = [&](std::string_view name, std::string_view value) {
    key(name);
    AppendJsonString(value, &out);
  };
  key("audience");
  AppendJsonStringArray(d.audience, &out);
  string_field("date", d.date_long);
  string_field("date_iso", d.date_iso);
  string_field("partnership", d.partnership);
  string_field("summary", d.summary);
  string_field("text", text);
  key("themes");
  out += '[';
  for (size_t i = 0; i < d.themes.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(d.themes[i].second, &out);
  }
  out += ']';
  string_field("title", d.title);
  string_field("type", d.type_label);
  string_field("url", d.url);
  out += '}';
  return out;
}

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

// Finish's stages, in order, over the state they hand on.
class SearchIndexBuilder::Finisher {
 public:
  explicit Finisher(SearchIndexBuilder& b)
      : b_(b), max_impact_(kK1 + 1 + b.weights_.title_bonus + b.weights_.theme_bonus) {}

  SearchIndexStats Run() {
    SortDocuments();
    NumberTerms();
    MakePostings();
    WriteChunks();
    WriteTables();
    WriteFacets();
    WriteManifest();
    for (auto& w : b_.workers_) w->done = {};
    return stats_;
  }

 private:
  // Every worker's documents, numbered in URL order.
  void SortDocuments() {
    for (auto& w : b_.workers_) {
      for (Analysed& a : w->done) docs_.push_back(&a);
    }
    std::sort(docs_.begin(), docs_.end(), [](const Analysed* a, const Analysed* b) {
      return std::tie(a->url, a->name) < std::tie(b->url, b->name);
    });
  }

  // One numbering of the terms for the whole index, in sorted order, from the workers'.
  void NumberTerms() {
    struct Ref {
      const std::string* term;
      size_t worker;
      uint32_t number;
    };
    std::vector<Ref> refs;
    renumber_.resize(b_.workers_.size());
    for (auto& w : b_.workers_) {
      renumber_[w->number].resize(w->terms.size());
      for (uint32_t t = 0; t < w->terms.size(); ++t) refs.push_back({w->terms[t], w->number, t});
    }
    std::sort(refs.begin(), refs.end(),
              [](const Ref& a, const Ref& b) { return *a.term < *b.term; });
    for (const Ref& r : refs) {
      if (terms_.empty() || *terms_.back() != *r.term) terms_.push_back(r.term);
      renumber_[r.worker][r.number] = static_cast<uint32_t>(terms_.size() - 1);
    }
  }

  // Each term's postings; frees the documents' hits as it goes.
  void MakePostings() {
    double total_length = 0;
    for (const Analysed* d : docs_) total_length += d->length;
    double avg = docs_.empty() ? 0 : total_length / static_cast<double>(docs_.size());
    postings_.resize(terms_.size());
    std::vector<int> last(terms_.size(), -1);
    for (size_t id = 0; id < docs_.size(); ++id) {
      Analysed& d = *docs_[id];
      for (const Hit& h : d.hits) {
        uint32_t t = renumber_[d.worker][h.term];
        AppendVarint(static_cast<unsigned>(static_cast<int>(id) - last[t] - 1), &postings_[t]);
        // A rank below 1 scales the impact down: the same score against a larger maximum.
        postings_[t] +=
            kBase64Url[QuantisedImpact(h.tf, d.length, avg, h.bonus, max_impact_ / d.rank)];
        last[t] = static_cast<int>(id);
      }
      std::vector<Hit>().swap(d.hits);
    }
  }

  // The c/ files; frees the postings as it goes.
  void WriteChunks() {
    std::string chunk;
    size_t chunk_size = 0;
    const double target = static_cast<double>(b_.options_.chunk_bytes);
    auto close_chunk = [&] {
      chunk += '}';
      chunk_names_.push_back(b_.Emit('c', std::move(chunk)));
      chunk.clear();
      chunk_size = 0;
    };
    for (size_t t = 0; t < terms_.size(); ++t) {
      std::string& p = postings_[t];
      if (p.empty()) continue;  // a synonym phrase's word no document uses
      ++stats_.terms;
      const std::string& term = *terms_[t];
      size_t entry = term.size() + p.size() + 6;
      if (chunk_size > 0 && chunk_size + entry > kChunkMax * target) close_chunk();
      if (chunk_size == 0) {
        chunk_starts_.push_back(chunk_starts_.empty() ? std::string() : term);
        chunk += '{';
      } else {
        chunk += ',';
      }
      AppendJsonString(term, &chunk);
      chunk += ':';
      AppendJsonString(p, &chunk);
      std::string().swap(p);
      chunk_size += entry;
      if (chunk_size >= kChunkMin * target && EndsChunk(term, entry, kChunkScale * target)) {
        close_chunk();
      }
    }
    if (chunk_size > 0) close_chunk();
    postings_ = {};
  }

  // The t/ files.
  void WriteTables() {
    for (size_t first = 0; first < docs_.size(); first += kDocumentsPerTable) {
      std::string table = "\"";
      for (size_t id = first; id < std::min(docs_.size(), first + kDocumentsPerTable); ++id) {
        table += docs_[id]->name;
      }
      tables_.push_back(b_.Emit('t', table + '"'));
    }
  }

  // Facets: value -> bitset of documents, in the f/ file.
  void WriteFacets() {
    std::map<std::string, std::set<std::string>> seen_values;
    std::map<std::string, std::string> type_labels;
    for (const Analysed* d : docs_) {
      type_labels.emplace(d->type, d->type_label);
      if (!d->partnership.empty()) seen_values["partnership"].insert(d->partnership);
      for (const std::string& a : d->audience) seen_values["audience"].insert(a);
    }
    json filters = json::object();
    auto add_facet = [&](const char* name, const char* label, const std::vector<FacetValue>& values,
                         auto has_value) {
      json jvalues = json::array();
      for (const FacetValue& v : values) {
        std::vector<uint8_t> bits((docs_.size() + 7) / 8, 0);
        for (size_t id = 0; id < docs_.size(); ++id) {
          if (has_value(*docs_[id], v.value)) bits[id / 8] |= static_cast<uint8_t>(1u << (id % 8));
        }
        jvalues.push_back({{"value", v.value}, {"label", v.label}});
        filters[name][v.value] = Base64(bits);
      }
      if (!values.empty()) {
        facets_.push_back({{"name", name}, {"label", label}, {"values", jvalues}});
      }
    };
    auto has = [](const std::vector<std::string>& list, const std::string& v) {
      return std::find(list.begin(), list.end(), v) != list.end();
    };
    add_facet("theme", "Theme", b_.options_.themes,
              [&](const Analysed& d, const std::string& v) { return has(d.themes, v); });
    std::vector<FacetValue> types;
    for (const auto& [type, label] : type_labels) types.push_back({type, label});
    add_facet("type", "Type", types,
              [](const Analysed& d, const std::string& v) { return d.type == v; });
    auto listed = [&](const char* name) {
      std::vector<FacetValue> out;
      for (const std::string& v : seen_values[name]) out.push_back({v, v});
      return out;
    };
    add_facet("partnership", "Partnership", listed("partnership"),
              [](const Analysed& d, const std::string& v) { return d.partnership == v; });
    add_facet("audience", "Audience", listed("audience"),
              [&](const Analysed& d, const std::string& v) { return has(d.audience, v); });
    filters_name_ = b_.Emit('f', Dump(filters));
  }

  void WriteManifest() {
    json groups = json::array();
    for (const SynonymTable::Group& g : b_.synonyms_.groups()) {
      groups.push_back({{"term", g.term}, {"label", g.phrases.front()}, {"stems", g.stems}});
    }
    stats_.documents = docs_.size();
    stats_.chunks = chunk_starts_.size();
    json manifest = {{"format", 2},
                     {"documents", docs_.size()},
                     {"chunks", chunk_starts_},
                     {"chunk_names", chunk_names_},
                     {"tables", tables_},
                     {"table_size", kDocumentsPerTable},
                     {"name_length", kNameLength},
                     {"filters", filters_name_},
                     {"stop_words", StopWords()},
                     {"synonyms", groups},
                     {"facets", facets_},
                     {"max_impact", max_impact_}};
    std::string bytes = Dump(manifest);
    stats_.bytes = b_.names_->bytes() + bytes.size();
    b_.sink_("manifest.json", std::move(bytes));
  }

  SearchIndexBuilder& b_;
  const double max_impact_;
  std::vector<Analysed*> docs_;
  std::vector<const std::string*> terms_;
  std::vector<std::vector<uint32_t>> renumber_;  // worker -> its term number -> the index's
  std::vector<std::string> postings_;            // by term
  json chunk_starts_ = json::array(), chunk_names_ = json::array(), tables_ = json::array();
  json facets_ = json::array();
  std::string filters_name_;
  SearchIndexStats stats_;
};

SearchIndexStats SearchIndexBuilder::Finish() { return Finisher(*this).Run(); }

}  // namespace bulletin
