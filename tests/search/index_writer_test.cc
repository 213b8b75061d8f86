#include "search/index_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

namespace bulletin {
namespace {

using nlohmann::json;

SearchDocument Doc(std::string url, std::string title, std::string body) {
  SearchDocument d;
  d.url = std::move(url);
  d.title = std::move(title);
  d.type = "brief";
  d.type_label = "Learning brief";
  d.body = std::move(body);
  return d;
}

struct Built {
  std::map<std::string, std::string> files;
  json manifest;
  SearchIndexStats stats;

  // The postings string of a term, found through the manifest's chunk boundaries.
  std::string Postings(const std::string& term) const {
    const json& starts = manifest["chunks"];
    size_t n = 0;
    for (size_t i = 0; i < starts.size(); ++i) {
      if (starts[i].get<std::string>() <= term) n = i;
    }
    json chunk = json::parse(files.at(File('c', manifest["chunk_names"][n])));
    return chunk.contains(term) ? chunk[term].get<std::string>() : "";
  }

  static std::string File(char folder, const json& name) {
    return std::string(1, folder) + "/" + name.get<std::string>() + ".json";
  }

  // Document `id`'s file, found through its table the way search.js finds it.
  json Doc(size_t id) const {
    size_t per_table = manifest["table_size"], width = manifest["name_length"];
    std::string table =
        json::parse(files.at(File('t', manifest["tables"][id / per_table]))).get<std::string>();
    return json::parse(files.at("d/" + table.substr(id % per_table * width, width) + ".json"));
  }
};

// The whole index in memory, keyed by path: SearchIndexBuilder on one thread.
Built Build(const std::vector<SearchDocument>& docs, SearchIndexOptions options = {},
            std::vector<std::vector<std::string>> groups = DefaultSynonymGroups()) {
  Stemmer stemmer;
  SynonymTable synonyms(groups, &stemmer);
  Built b;
  SearchIndexBuilder builder(synonyms, options, 1, [&b](std::string path, std::string contents) {
    b.files[path] = std::move(contents);
  });
  for (const SearchDocument& d : docs) builder.Add(d, 0);
  b.stats = builder.Finish();
  b.manifest = json::parse(b.files.at("manifest.json"));
  return b;
}

// Decodes postings the way search.js does: (doc, impact) pairs.
std::vector<std::pair<int, int>> Decode(const std::string& s) {
  static const std::string kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::pair<int, int>> out;
  int prev = -1;
  size_t i = 0;
  while (i < s.size()) {
    int value = 0, shift = 0, d;
    do {
      d = static_cast<int>(kDigits.find(s[i++]));
      value |= (d & 31) << shift;
      shift += 5;
    } while (d & 32);
    prev += value + 1;
    out.emplace_back(prev, static_cast<int>(kDigits.find(s[i++])));
  }
  return out;
}

TEST(IndexWriterTest, VarintsUseFiveBitsPerDigitLowFirst) {
  std::string s;
  AppendVarint(0, &s);
  AppendVarint(31, &s);
  AppendVarint(36, &s);
  AppendVarint(1025, &s);
  EXPECT_EQ(s,
            "A"
            "f"
            "kB"
            "hgB");
}

TEST(IndexWriterTest, ImpactSaturatesAndFavoursShortDocuments) {
  EXPECT_EQ(QuantisedImpact(0, 100, 100), 0);
  EXPECT_GE(QuantisedImpact(0.01, 100, 100), 1);
  EXPECT_LT(QuantisedImpact(1, 100, 100), QuantisedImpact(6, 100, 100));
  EXPECT_LT(QuantisedImpact(2, 400, 100), QuantisedImpact(2, 50, 100));
  EXPECT_LE(QuantisedImpact(1e9, 1, 100), 63);
}

TEST(IndexWriterTest, StemsTermsAndNumbersDocumentsInUrlOrder) {
  Built b =
      Build({Doc("/briefs/b/", "Supervision", "Reflective supervision helps."),
             Doc("/briefs/a/", "Hidden men", "The men we did not see, supervised by probation.")});
  EXPECT_EQ(b.stats.documents, 2u);
  EXPECT_EQ(Decode(b.Postings("supervis")).size(), 2u);
  auto men = Decode(b.Postings("men"));
  ASSERT_EQ(men.size(), 1u);
  EXPECT_EQ(men[0].first, 0);        // "/briefs/a/" comes first
  EXPECT_EQ(b.Postings("the"), "");  // stop words are not indexed
  json doc0 = b.Doc(0);
  EXPECT_EQ(doc0["url"], "/briefs/a/");
  EXPECT_EQ(doc0["title"], "Hidden men");
  EXPECT_EQ(doc0["type"], "Learning brief");
}

TEST(IndexWriterTest, TitleAndBlocksWeighMoreThanBody) {
  SearchDocument in_title = Doc("/a/", "Disguised compliance", "A review of one family.");
  SearchDocument in_key = Doc("/b/", "A family", "A review of one family.");
  in_key.emphasised = {"Watch for disguised compliance."};
  SearchDocument in_body =
      Doc("/c/", "A family", "A review of one family and disguised compliance.");
  Built b = Build({in_title, in_key, in_body});
  auto p = Decode(b.Postings("disguis"));
  ASSERT_EQ(p.size(), 3u);
  EXPECT_GT(p[0].second, p[1].second);
  EXPECT_GT(p[1].second, p[2].second);
}

TEST(IndexWriterTest, SynonymsWorkBothWays) {
  Built b = Build({Doc("/a/", "Referral", "Refer to the Multi-Agency Safeguarding Hub."),
                   Doc("/b/", "Referral", "Call the MASH today."),
                   Doc("/c/", "Law", "Clare’s Law lets a person ask."),
                   Doc("/d/", "Scheme", "The Domestic Violence Disclosure Scheme (DVDS).")});
  std::string mash, clare;
  for (const json& g : b.manifest["synonyms"]) {
    if (g["label"] == "MASH") mash = g["term"];
    if (g["label"] == "Clare's Law") clare = g["term"];
  }
  ASSERT_FALSE(mash.empty());
  auto m = Decode(b.Postings(mash));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].first, 0);
  EXPECT_EQ(m[1].first, 1);
  auto c = Decode(b.Postings(clare));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].first, 2);
  EXPECT_EQ(c[1].first, 3);
  // The manifest carries the phrases as stems so the browser matches queries the same way.
  bool found = false;
  for (const json& g : b.manifest["synonyms"]) {
    if (g["term"] == mash)
      found = g["stems"] == json({{"mash"}, {"multi", "agenc", "safeguard", "hub"}});
  }
  EXPECT_TRUE(found);
}

std::vector<SearchDocument> ManyDocs(int count) {
  std::vector<SearchDocument> docs;
  for (int i = 0; i < count; ++i) {
    std::string body;
    for (int w = 0; w < 30; ++w) body += "word" + std::to_string((i * 7 + w * 13) % 997) + " ";
    docs.push_back(Doc("/d/" + std::to_string(1000 + i) + "/", "Doc " + std::to_string(i), body));
  }
  return docs;
}

TEST(IndexWriterTest, CutsChunksBySizeWithSortedBoundaries) {
  SearchIndexOptions options;
  options.chunk_bytes = 2048;
  Built b = Build(ManyDocs(200), options);
  const json& starts = b.manifest["chunks"];
  ASSERT_GT(starts.size(), 5u);
  ASSERT_EQ(b.manifest["chunk_names"].size(), starts.size());
  EXPECT_EQ(starts[0], "");
  for (size_t i = 1; i < starts.size(); ++i) EXPECT_LT(starts[i - 1], starts[i]);
  size_t total = 0;
  for (size_t i = 0; i < starts.size(); ++i) {
    const std::string& chunk = b.files.at(Built::File('c', b.manifest["chunk_names"][i]));
    total += chunk.size();
    if (i + 1 < starts.size()) {
      EXPECT_GT(chunk.size(), 2048u * 6 / 10) << i;
    }
    EXPECT_LT(chunk.size(), 2048u * 3 / 2 + 200u) << i;
    json j = json::parse(chunk);
    EXPECT_EQ(j.begin().key(), i == 0 ? j.begin().key() : starts[i].get<std::string>());
  }
  EXPECT_LT(total / starts.size(), 2048u);
  EXPECT_EQ(Decode(b.Postings("word5")).size(), Decode(b.Postings("word5")).size());
  EXPECT_EQ(b.stats.chunks, starts.size());
}

TEST(IndexWriterTest, NamesFilesByTheirBytesWithTheManifestTheOnlyFixedName) {
  Built b = Build(ManyDocs(100));
  size_t sum = 0;
  for (const auto& [path, contents] : b.files) {
    sum += contents.size();
    if (path == "manifest.json") continue;
    ASSERT_EQ(path.size(), 2 + SearchIndexBuilder::kNameLength + 5) << path;
    EXPECT_NE(std::string("cdtf").find(path[0]), std::string::npos) << path;
    EXPECT_EQ(path.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567", 2), path.size() - 5)
        << path;
  }
  EXPECT_EQ(b.stats.bytes, sum);
  // 100 documents, two tables of up to 64 names, in URL order.
  ASSERT_EQ(b.manifest["tables"].size(), 2u);
  EXPECT_EQ(b.Doc(0)["url"], "/d/1000/");
  EXPECT_EQ(b.Doc(99)["url"], "/d/1099/");
}

// The files in `after` that `before` does not have: what a host must upload again.
std::vector<std::string> NewFiles(const Built& before, const Built& after) {
  std::vector<std::string> out;
  for (const auto& [path, contents] : after.files) {
    auto it = before.files.find(path);
    if (it == before.files.end()) {
      out.push_back(path);
    } else if (path != "manifest.json") {
      EXPECT_EQ(it->second, contents) << path;  // the same name always has the same bytes
    }
  }
  return out;
}

TEST(IndexWriterTest, AnEditChangesOnlyThatDocumentsFilesAndAFewChunks) {
  SearchIndexOptions options;
  options.chunk_bytes = 2048;
  std::vector<SearchDocument> docs = ManyDocs(600);
  Built before = Build(docs, options);
  ASSERT_GT(before.manifest["chunks"].size(), 20u);
  docs[300].body += " word3 word500 newword";
  Built after = Build(docs, options);
  std::vector<std::string> changed = NewFiles(before, after);
  // The document, its table, and the chunks of its changed postings.
  EXPECT_LE(changed.size(), 8u) << ::testing::PrintToString(changed);
  EXPECT_EQ(std::count_if(changed.begin(), changed.end(),
                          [](const std::string& p) { return p[0] == 'd' || p[0] == 't'; }),
            2);
  EXPECT_NE(before.files.at("manifest.json"), after.files.at("manifest.json"));
}

TEST(IndexWriterTest, SameInputGivesByteIdenticalFiles) {
  std::vector<SearchDocument> docs = {Doc("/b/", "Two", "Second é document MASH."),
                                      Doc("/a/", "One", "First document.")};
  Built first = Build(docs);
  std::reverse(docs.begin(), docs.end());
  Built second = Build(docs);
  EXPECT_EQ(first.files, second.files);
  docs[0].body += " changed";
  Built third = Build(docs);
  EXPECT_NE(first.manifest, third.manifest);
}

TEST(IndexWriterTest, FacetsListValuesWithDocumentBitsets) {
  SearchDocument a = Doc("/a/", "A", "text");
  a.themes = {{"hidden-men", "Hidden men"}};
  a.audience = {"GPs", "Police"};
  a.partnership = "Hallowford";
  SearchDocument b = Doc("/b/", "B", "text");
  b.type = "bulletin";
  b.type_label = "Bulletin";
  b.audience = {"Police"};
  SearchIndexOptions options;
  options.themes = {{"hidden-men", "Hidden men"}, {"supervision", "Supervision"}};
  Built built = Build({a, b}, options);
  json facets = built.manifest["facets"];
  ASSERT_EQ(facets.size(), 4u);
  EXPECT_EQ(facets[0]["name"], "theme");
  EXPECT_EQ(facets[0]["values"].size(), 2u);
  EXPECT_EQ(facets[1]["values"][0], json({{"value", "brief"}, {"label", "Learning brief"}}));
  json filters = json::parse(built.files.at(Built::File('f', built.manifest["filters"])));
  EXPECT_EQ(filters["theme"]["hidden-men"], "AQ==");   // document 0
  EXPECT_EQ(filters["theme"]["supervision"], "AA==");  // none
  EXPECT_EQ(filters["audience"]["Police"], "Aw==");    // documents 0 and 1
  EXPECT_EQ(filters["type"]["bulletin"], "Ag==");
}

TEST(IndexWriterTest, TruncatesExcerptTextAtACharacterBoundary) {
  SearchIndexOptions options;
  options.max_text_bytes = 4;
  Built b = Build({Doc("/a/", "A", "abcé")},
                  options);  // "abc" + 2-byte é: cut before é
  json d = b.Doc(0);
  EXPECT_EQ(d["text"], "abc");
}

TEST(IndexWriterTest, EmptySiteStillHasAManifest) {
  Built b = Build({});
  EXPECT_EQ(b.manifest["documents"], 0);
  EXPECT_EQ(b.manifest["chunks"].size(), 0u);
  EXPECT_EQ(b.manifest["tables"].size(), 0u);
  EXPECT_EQ(b.files.size(), 2u);  // the manifest and the (empty) filters
}

}  // namespace
}  // namespace bulletin
