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
  EXPECT_EQ(
      Parse("name: Riverside Safeguarding Partnership\n"
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
            "contacts, themes, synonyms, assignments, compliance, quizzes\n"
            "site.yaml:1:1: error: site.yaml has no 'name'; add a line 'name: ...'\n"
            "site.yaml:2:11: error: 'base_url' must start with https:// (the address the site is "
            "published at, used in the feed and sitemap)\n"
            "site.yaml:4:12: error: primary colour #ffdd00 has a contrast of 1.3:1 with white "
            "text; WCAG AA needs 4.5:1, so choose a darker colour\n"
            "site.yaml:7:5: error: theme 'hidden-men' is listed twice\n"
            "site.yaml:9:5: error: contact 'MASH' needs a 'phone:', 'email:' or 'url:'\n");
}

TEST(SiteConfigTest, ReadsEmailDomainsAndFindsTheOrganisationOfAnAddress) {
  SiteConfig site;
  EXPECT_EQ(Parse("name: X\nbase_url: https://x.example/\nthemes: [A]\n"
                  "organisations:\n"
                  "  - id: police\n    name: Police\n    email_domains: [Police.Example.org, "
                  "'@beat.example.org']\n"
                  "  - id: nhs\n    name: NHS\n",
                  &site),
            "");
  ASSERT_EQ(site.organisations[0].email_domains.size(), 2u);
  EXPECT_EQ(site.organisations[0].email_domains[1], "beat.example.org");
  EXPECT_EQ(site.OrganisationForEmail("sam@POLICE.example.org")->id, "police");
  EXPECT_EQ(site.OrganisationForEmail("sam@example.org"), nullptr);
  EXPECT_EQ(site.OrganisationForEmail("no-at-sign"), nullptr);
}

TEST(SiteConfigTest, ReportsBadAndSharedEmailDomains) {
  SiteConfig site;
  EXPECT_EQ(Parse("name: X\nbase_url: https://x.example/\nthemes: [A]\n"
                  "organisations:\n"
                  "  - id: police\n    name: Police\n    email_domains: [council.example.org]\n"
                  "  - id: csc\n    name: CSC\n    email_domains: [council.example.org]\n"
                  "  - id: nhs\n    name: NHS\n    email_domains: [not a domain]\n",
                  &site),
            "site.yaml:10:20: error: email domain 'council.example.org' is also given to "
            "'police'; a domain organisations share belongs on none (their staff sign in from "
            "the roster)\n"
            "site.yaml:13:20: error: 'not a domain' is not an e-mail domain; give the part after "
            "@ of the organisation's work addresses, such as nhs.net or example.gov.uk\n");
}

TEST(SiteConfigTest, ComputesWcagContrast) {
  EXPECT_NEAR(ContrastRatio("#000000", "#ffffff"), 21.0, 0.01);
  EXPECT_NEAR(ContrastRatio("#767676", "#ffffff"), 4.54, 0.01);  // the AA threshold grey
}

TEST(SiteConfigTest, ReadsAssignmentsAndTheDueSoonWindow) {
  SiteConfig site;
  EXPECT_EQ(Parse("name: X\nbase_url: https://x.example/\nthemes: [A]\n"
                  "organisations:\n  - id: police\n    name: Police\n"
                  "assignments:\n"
                  "  - quizzes: [dv, cc]\n"
                  "  - quizzes: mca\n    organisations: police\n    roles: [Officer, Sergeant]\n"
                  "compliance:\n  due_soon_days: 45\n",
                  &site),
            "");
  ASSERT_EQ(site.assignments.size(), 2u);
  EXPECT_EQ(site.assignments[0].quizzes, (std::vector<std::string>{"dv", "cc"}));
  EXPECT_EQ(site.assignments[0].quiz_lines, (std::vector<int>{8, 8}));
  EXPECT_TRUE(site.assignments[0].organisations.empty());
  EXPECT_EQ(site.assignments[1].quizzes, std::vector<std::string>{"mca"});
  EXPECT_EQ(site.assignments[1].organisations, std::vector<std::string>{"police"});
  EXPECT_EQ(site.assignments[1].roles, (std::vector<std::string>{"Officer", "Sergeant"}));
  EXPECT_EQ(site.due_soon_days, 45);
}

TEST(SiteConfigTest, ReportsBadAssignments) {
  SiteConfig site;
  EXPECT_EQ(Parse("name: X\nbase_url: https://x.example/\nthemes: [A]\n"
                  "organisations:\n  - id: police\n    name: Police\n"
                  "assignments:\n"
                  "  - teams: [CID]\n"
                  "  - quizzes: dv\n    organisations: [polise]\n    role: Officer\n"
                  "compliance:\n  due_soon_days: 400\n  window: 3\n",
                  &site),
            "site.yaml:8:5: error: each assignment needs 'quizzes:' (quiz ids), and may limit "
            "who must take them with 'organisations:', 'teams:' and 'roles:'\n"
            "site.yaml:11:5: error: unknown field 'role' in assignment; did you mean 'roles'?\n"
            "site.yaml:10:20: error: assignment names organisation 'polise', which is not in "
            "'organisations'; did you mean 'police'?\n"
            "site.yaml:14:3: error: unknown field 'window' in compliance; the fields are: "
            "due_soon_days\n"
            "site.yaml:13:18: error: 'due_soon_days' must be a number of days from 0 to 366\n");
}

}  // namespace
}  // namespace bulletin
