#include "server/form.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(FormTest, DecodesFieldsInOrder) {
  FormFields fields;
  ASSERT_TRUE(
      ParseForm("name=Sam+Patel&q4=a&q4=c&email=sam%40example.org.uk&empty=&flag", 10, &fields));
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(FormValue(fields, "name"), "Sam Patel");
  EXPECT_EQ(FormValue(fields, "email"), "sam@example.org.uk");
  EXPECT_EQ(fields[2], (std::pair<std::string, std::string>{"q4", "c"}));
  EXPECT_EQ(FormValue(fields, "missing"), "");
}

TEST(FormTest, RejectsBadEscapesAndTooManyFields) {
  FormFields fields;
  EXPECT_FALSE(ParseForm("a=%zz", 10, &fields));
  EXPECT_FALSE(ParseForm("a=%4", 10, &fields));
  EXPECT_FALSE(ParseForm("a=1&b=2&c=3", 2, &fields));
}

TEST(FormTest, AcceptsWellFormedTextOnly) {
  for (const char* ok : {"Sam Patel", "Zo\xC3\xAB", "Siobh\xC3\xA1n O\xE2\x80\x99Neill",
                         "Team \xF0\x9F\x98\x80", "tab\tinside"}) {
    EXPECT_TRUE(IsCleanText(ok)) << ok;
  }
  const char* bad[] = {
      "\x01",              // C0 control
      "a\x7f",             // DEL
      "\xC3",              // truncated
      "\xC0\x80",          // overlong NUL
      "\xE0\x80\x80",      // overlong NUL, three bytes
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // beyond U+10FFFF
      "\xC2\x85",          // C1 control (NEL)
      "\xE2\x80\xAE"
      "evil",          // right-to-left override
      "\xE2\x81\xA6",  // left-to-right isolate
      "\xFF",
  };
  for (const char* b : bad) EXPECT_FALSE(IsCleanText(b)) << testing::PrintToString(b);
}

TEST(FormTest, EncodesValuesSoTheyParseBack) {
  EXPECT_EQ(EncodeFormValue("coercive control & Zoë"), "coercive%20control%20%26%20Zo%C3%AB");
  EXPECT_EQ(EncodeFormValue("a-b_c.d~e"), "a-b_c.d~e");
  FormFields fields;
  ASSERT_TRUE(ParseForm("q=" + EncodeFormValue("a+b=c&d"), 4, &fields));
  EXPECT_EQ(FormValue(fields, "q"), "a+b=c&d");
}

}  // namespace
}  // namespace bulletin
