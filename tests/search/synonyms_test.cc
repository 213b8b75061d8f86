#include "search/synonyms.h"

#include <gtest/gtest.h>

#include "content/site_config.h"

namespace bulletin {
namespace {

using V = std::vector<std::string>;

TEST(SynonymsTest, CompilesPhrasesToStemsWithoutStopWords) {
  Stemmer stemmer;
  EXPECT_EQ(SynonymTable::PhraseStems("Multi-Agency Safeguarding Hub", &stemmer),
            (V{"multi", "agenc", "safeguard", "hub"}));
  EXPECT_EQ(SynonymTable::PhraseStems("child in need", &stemmer), (V{"child", "need"}));
  EXPECT_EQ(SynonymTable::PhraseStems("Clare’s Law", &stemmer), (V{"clare", "law"}));
}

TEST(SynonymsTest, DefaultsCoverTheSectorsAcronyms) {
  Stemmer stemmer;
  SynonymTable table(DefaultSynonymGroups(), &stemmer);
  std::vector<std::string> labels;
  for (const auto& g : table.groups()) labels.push_back(g.phrases.front());
  for (const char* acronym :
       {"MASH", "DASH", "MARAC", "DA", "CSE", "CCE", "LADO", "CSPR", "SCR", "SAR", "DHR", "CP",
        "CIN", "CSC", "IDVA", "Clare's Law", "coercive control"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), acronym), labels.end()) << acronym;
  }
  EXPECT_EQ(table.groups()[0].term, "~0");
}

TEST(SynonymsTest, MergesGroupsThatShareAPhraseAndDropsLoneOnes) {
  Stemmer stemmer;
  SynonymTable table({{"LSCP", "Local Safeguarding Children Partnership"},
                      {"local safeguarding children partnerships", "safeguarding partnership"},
                      {"the", "of"},
                      {"solo"}},
                     &stemmer);
  ASSERT_EQ(table.groups().size(), 1u);
  EXPECT_EQ(table.groups()[0].phrases,
            (V{"LSCP", "Local Safeguarding Children Partnership", "safeguarding partnership"}));
}

TEST(SynonymsTest, SiteYamlAddsGroupsAndReportsBadOnes) {
  SiteConfig site;
  Diagnostics diags;
  ParseSiteConfig(
      "name: X\nbase_url: https://x.example/\nthemes: [A]\n"
      "synonyms:\n  - [YOT, Youth Offending Team]\n  - [lonely]\n  - just text\n",
      "site.yaml", &diags, &site);
  EXPECT_EQ(diags.FormatAll(),
            "site.yaml:6:5: error: each synonyms group must list two or more terms that mean the "
            "same, for example '- [MASH, Multi-Agency Safeguarding Hub]'\n"
            "site.yaml:7:5: error: each synonyms group must list two or more terms that mean the "
            "same, for example '- [MASH, Multi-Agency Safeguarding Hub]'\n");
  ASSERT_EQ(site.synonyms.size(), 1u);
  EXPECT_EQ(site.synonyms[0], (V{"YOT", "Youth Offending Team"}));
}

}  // namespace
}  // namespace bulletin
