#include "check/patterns.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(PatternsTest, NhsModulus11) {
  EXPECT_TRUE(PassesNhsModulus11("9434765919"));  // NHS Digital's published example
  EXPECT_TRUE(PassesNhsModulus11("4010232137"));
  EXPECT_FALSE(PassesNhsModulus11("9434765918"));  // wrong check digit
  EXPECT_FALSE(PassesNhsModulus11("1000000010"));  // check digit would be 10: never issued
  EXPECT_FALSE(PassesNhsModulus11("0000000000"));
  EXPECT_FALSE(PassesNhsModulus11("943476591"));
  EXPECT_FALSE(PassesNhsModulus11("943476591x"));
}

TEST(PatternsTest, UkPostcodes) {
  for (const char* ok : {"SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB",
                         "W1A 0AX", "B338TH", "GIR 0AA", "HF1 2AB"}) {
    EXPECT_TRUE(IsUkPostcode(ok)) << ok;
  }
  for (const char* bad :
       {"SW1A", "1AA", "QA1 1AA", "M1 1AC", "m1 1ae", "M1  1AE", "CSPR 2021", "AB123 4CD"}) {
    EXPECT_FALSE(IsUkPostcode(bad)) << bad;
  }
}

TEST(PatternsTest, UkPhoneNumbers) {
  EXPECT_EQ(NormaliseUkPhone("01632 960000"), "01632960000");
  EXPECT_EQ(NormaliseUkPhone("+44 1632 960000"), "01632960000");
  EXPECT_EQ(NormaliseUkPhone("+44 (0)1632 960000"), "01632960000");
  EXPECT_EQ(NormaliseUkPhone("0044 1632-960000"), "01632960000");
  EXPECT_EQ(NormaliseUkPhone("(01632) 960000"), "01632960000");
  EXPECT_EQ(NormaliseUkPhone("0800 123456"), "0800123456");
  EXPECT_EQ(NormaliseUkPhone("01632 9600"), "");         // too short
  EXPECT_EQ(NormaliseUkPhone("01632 9600001"), "");      // too long
  EXPECT_EQ(NormaliseUkPhone("1632 960000"), "");        // no 0 or +44
  EXPECT_EQ(NormaliseUkPhone("+33 1 23 45 67 89"), "");  // not UK
  EXPECT_EQ(NormaliseUkPhone("01632 96000a"), "");
}

TEST(PatternsTest, TelLinks) {
  EXPECT_TRUE(IsWellFormedPhone("01632960000"));
  EXPECT_TRUE(IsWellFormedPhone("+441632960000"));
  EXPECT_TRUE(IsWellFormedPhone("999"));
  EXPECT_TRUE(IsWellFormedPhone("116123"));
  EXPECT_TRUE(IsWellFormedPhone("101"));
  EXPECT_TRUE(IsWellFormedPhone("+33123456789"));
  EXPECT_FALSE(IsWellFormedPhone("12-34"));
  EXPECT_FALSE(IsWellFormedPhone("+4412"));
  EXPECT_FALSE(IsWellFormedPhone("1234"));
  EXPECT_FALSE(IsWellFormedPhone("123456"));
  EXPECT_FALSE(IsWellFormedPhone("call us"));
  EXPECT_FALSE(IsWellFormedPhone(""));
}

TEST(PatternsTest, EmailAddresses) {
  EXPECT_TRUE(IsWellFormedEmail("mash@example.org.uk"));
  EXPECT_FALSE(IsWellFormedEmail("someone@"));
  EXPECT_FALSE(IsWellFormedEmail("@example.org"));
  EXPECT_FALSE(IsWellFormedEmail("a@b"));
  EXPECT_FALSE(IsWellFormedEmail("a b@example.org"));
  EXPECT_FALSE(IsWellFormedEmail("a@@example.org"));

  EXPECT_TRUE(IsRoleEmail("mash@example.org.uk"));
  EXPECT_TRUE(IsRoleEmail("Info@example.org.uk"));
  EXPECT_TRUE(IsRoleEmail("adult.safeguarding@example.org.uk"));
  EXPECT_TRUE(IsRoleEmail("childrens-referrals@example.org.uk"));
  EXPECT_TRUE(IsRoleEmail("lado2@example.org.uk"));
  EXPECT_FALSE(IsRoleEmail("jane.smith@example.org.uk"));
  EXPECT_FALSE(IsRoleEmail("jsmith@example.org.uk"));
}

}  // namespace
}  // namespace bulletin
