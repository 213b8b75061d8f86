#include "content/theme_list_edit.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace bulletin {
namespace {

const char kSite[] =
    "# Our site\n"
    "name: Riverside\n"
    "base_url: https://example.org.uk/\n"
    "\n"
    "themes:\n"
    "  # The themes briefs are filed under.\n"
    "  - slug: domestic-abuse\n"
    "    name: Domestic abuse\n"
    "    description: >-\n"
    "      Abuse between partners.\n"
    "  - slug: hidden-men\n"
    "    name: Hidden men   # keep\n"
    "\n"
    "# Synonyms for search.\n"
    "synonyms:\n"
    "  - [EDT, out of hours team]\n";

TEST(ThemeListEditTest, AddsAnEntryAfterTheLastThemeAndKeepsEverythingElse) {
  std::string text = kSite, slug, err;
  ASSERT_TRUE(AddThemeToSiteYaml(&text, "Neglect", &slug, &err)) << err;
  EXPECT_EQ(slug, "neglect");
  EXPECT_EQ(text,
            "# Our site\n"
            "name: Riverside\n"
            "base_url: https://example.org.uk/\n"
            "\n"
            "themes:\n"
            "  # The themes briefs are filed under.\n"
            "  - slug: domestic-abuse\n"
            "    name: Domestic abuse\n"
            "    description: >-\n"
            "      Abuse between partners.\n"
            "  - slug: hidden-men\n"
            "    name: Hidden men   # keep\n"
            "  - slug: neglect\n"
            "    name: Neglect\n"
            "\n"
            "# Synonyms for search.\n"
            "synonyms:\n"
            "  - [EDT, out of hours team]\n");
}

TEST(ThemeListEditTest, FollowsTheListsOwnStyleAndQuotesWhenNeeded) {
  std::string
      text =
          "name: R\nbase_url: https://example.org.uk/\nthemes:\n- name: Hidden men\n- name: "
          "Supervision",
      slug, err;
  ASSERT_TRUE(AddThemeToSiteYaml(&text, "Neglect: early help", &slug, &err)) << err;
  EXPECT_EQ(slug, "neglect-early-help");
  EXPECT_EQ(text,
            "name: R\nbase_url: https://example.org.uk/\nthemes:\n- name: Hidden men\n- name: "
            "Supervision\n- name: \"Neglect: early help\"\n");
}

TEST(ThemeListEditTest, RefusesWhatItCannotAddCleanly) {
  std::string text = kSite, slug, err;
  EXPECT_FALSE(AddThemeToSiteYaml(&text, "hidden MEN", &slug, &err));
  EXPECT_EQ(err, "site.yaml already has the theme 'hidden-men'");
  EXPECT_FALSE(AddThemeToSiteYaml(&text, "  ?! ", &slug, &err));
  EXPECT_EQ(err, "the theme's name needs at least one letter or digit");
  EXPECT_EQ(text, kSite);
  std::string inline_list = "name: R\nbase_url: https://example.org.uk/\nthemes: [a, b]\n";
  EXPECT_FALSE(AddThemeToSiteYaml(&inline_list, "Neglect", &slug, &err));
  EXPECT_EQ(err,
            "the themes in site.yaml are written on one line (themes: [...]); add 'Neglect' "
            "there by hand, or write the list one theme per line");
}

TEST(ThemeListEditTest, TheSampleSiteGainsOnlyTheNewLines) {
  std::string before = testing::ReadAll(testing::SourceDir() + "/content/site.yaml");
  std::string text = before, slug, err;
  ASSERT_TRUE(AddThemeToSiteYaml(&text, "Neglect", &slug, &err)) << err;
  const std::string added = "  - slug: neglect\n    name: Neglect\n";
  size_t at = text.find(added);
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(text.substr(0, at) + text.substr(at + added.size()), before);
  EXPECT_LT(at, text.find("# Search already knows")) << "before the next section's comment";
  EXPECT_GT(at, text.find("slug: adult-safeguarding")) << "after the last theme";
}

}  // namespace
}  // namespace bulletin
