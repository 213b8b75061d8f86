#include "check/identifying_details.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

const std::string kAdvice =
    "; anonymise it, or add it to 'reviewed' in the "
    "front matter if it identifies no one";

// Each detail as "line:col: message", the advice every message but names ends
// with cut.
std::string Scan(const std::string& text, const DetailRules& rules = {}) {
  std::string out;
  for (const Detail& d : FindIdentifyingDetails(text, rules)) {
    std::string message = d.message;
    size_t advice = message.find(kAdvice);
    if (advice != std::string::npos && advice + kAdvice.size() == message.size()) {
      message.resize(advice);
    }
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + message + "\n";
  }
  return out;
}

TEST(IdentifyingDetailsTest, NhsNumbersMustPassTheCheck) {
  EXPECT_EQ(Scan("NHS no 943 476 5919."),
            "1:8: '943 476 5919' looks like an NHS number (it passes the "
            "modulus 11 check)\n");
  EXPECT_EQ(Scan("ref 943 476 5918 and 12345678901"), "");
}

TEST(IdentifyingDetailsTest, DatesOfBirth) {
  EXPECT_EQ(Scan("DOB: 12/03/2015"), "1:1: 'DOB: 12/03/2015' looks like a date of birth\n");
  EXPECT_EQ(Scan("x\nDate of birth 3rd March 2015"),
            "2:1: 'Date of birth 3rd March 2015' looks like a date of birth\n");
  EXPECT_EQ(Scan("she was born on March 3, 2015"),
            "1:9: 'born on March 3, 2015' looks like a date of birth\n");
  EXPECT_EQ(Scan("born in 2015, reviewed on 12/03/2024"), "");
}

TEST(IdentifyingDetailsTest, PostcodesAndPhones) {
  EXPECT_EQ(Scan("at HF1 2AB."), "1:4: 'HF1 2AB' looks like a UK postcode\n");
  DetailRules rules;
  rules.contact_phones = {"01632 960000"};
  EXPECT_EQ(Scan("call 01632960000 or +44 1632 960123", rules),
            "1:21: '+44 1632 960123' looks like a phone number that is not one "
            "of the contacts "
            "in site.yaml\n");
}

TEST(IdentifyingDetailsTest, PersonalEmailsNotRoleOrContactAddresses) {
  DetailRules rules;
  rules.contact_emails = {"Ann.Other@example.org"};
  EXPECT_EQ(Scan("mash@example.org ann.other@example.org j.bloggs@example.org.", rules),
            "1:40: 'j.bloggs@example.org' looks like a person's email address\n");
}

TEST(IdentifyingDetailsTest, NamesBesideFamilyWordsUnlessPseudonyms) {
  DetailRules rules;
  rules.pseudonyms = {"Child O", "Jay"};
  std::string found = Scan(
      "Child O, aged nine, and Jay, aged 15. Her sister "
      "Amy and Jack's father.\n"
      "Children aged 5, Ms A's partner, a mother and "
      "father, the child In care.",
      rules);
  EXPECT_EQ(found,
            "1:50: 'Amy' (in 'sister Amy') may be a real first name; use the "
            "review's pseudonym, "
            "or add it to 'pseudonyms' in the front matter\n"
            "1:58: 'Jack' (in 'Jack's father') may be a real first name; use "
            "the review's "
            "pseudonym, or add it to 'pseudonyms' in the front matter\n");
}

TEST(IdentifyingDetailsTest, ReviewedTextAndInlineMarkerAreSkipped) {
  DetailRules rules;
  rules.reviewed = {"01632 960555"};
  EXPECT_EQ(Scan("call 01632 960555\nor 01632 960777 <!-- reviewed -->", rules), "");
}

}  // namespace
}  // namespace bulletin
