#include "content/site_config.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

std::string Parse(const std::string& text, SiteConfig* site) {
  Diagnostics diags;
  ParseSiteConfig(text, "site.yaml", &diags, site);
  return diags.FormatAll();
}

TEST(SiteConfigTest, ReadsAFullConfiguration) {
  SiteConfig site;
  EXPECT_EQ(Parse("name: Riverside Safeguarding Partnership\n"
                  "short_name: Riverside SP\n"
                  "base_url: https://learning.example.org.uk\n"
                  "colours:\n  primary: \"#00504a\"\n"
                  "organisations:\n"
                  "  - Riverside Police\n"
                  "  - id: rcc-csc\n    name: Riverside Children's Social Care\n"
                  "contacts:\n"
                  "  - label: Children's MASH\n    phone: 01632 960000\n"
                  "themes:\n"
                  "  - name: Clare's Law\n"
                  "  - slug: hidden-men\n    name: Hidden men\n    description: Men unseen by services\n",
                  &site),
            "");
  EXPECT_EQ(site.base_url, "https://learning.example.org.uk/");
  EXPECT_EQ(site.short_name, "Riverside SP");
  EXPECT_EQ(site.colour_primary, "#00504a");
  ASSERT_EQ(site.organisations.size(), 2u);
  EXPECT_EQ(site.organisations[0].id, "riverside-police");
  EXPECT_EQ(site.organisations[1].id, "rcc-csc");
  ASSERT_EQ(site.themes.size(), 2u);
  EXPECT_EQ(site.themes[0].slug, "clares-law");
  EXPECT_EQ(site.themes[1].description, "Men unseen by services");
  EXPECT_EQ(site.contacts[0].phone, "01632 960000");
}

TEST(SiteConfigTest, ReportsEveryProblem) {
  SiteConfig site;
  EXPECT_EQ(Parse("title: X\n"
                  "base_url: learning.example.org.uk\n"
                  "colours:\n  primary: \"#ffdd00\"\n"
                  "themes:\n  - Hidden men\n  - name: Hidden men\n"
                  "contacts:\n  - label: MASH\n",
                  &site),
            "site.yaml:1:1: error: unknown field 'title' in site.yaml; the fields are: name, "
            "short_name, base_url, description, language, logo, colours, organisations, "
            "contacts, themes, synonyms\n"
            "site.yaml:1:1: error: site.yaml has no 'name'; add a line 'name: ...'\n"
            "site.yaml:2:11: error: 'base_url' must start with https:// (the address the site is "
            "published at, used in the feed and sitemap)\n"
            "site.yaml:4:12: error: primary colour #ffdd00 has a contrast of 1.3:1 with white "
            "text; WCAG AA needs 4.5:1, so choose a darker colour\n"
            "site.yaml:7:5: error: theme 'hidden-men' is listed twice\n"
            "site.yaml:9:5: error: contact 'MASH' needs a 'phone:', 'email:' or 'url:'\n");
}

TEST(SiteConfigTest, ComputesWcagContrast) {
  EXPECT_NEAR(ContrastRatio("#000000", "#ffffff"), 21.0, 0.01);
  EXPECT_NEAR(ContrastRatio("#767676", "#ffffff"), 4.54, 0.01);  // the AA threshold grey
}

}  // namespace
}  // namespace bulletin
