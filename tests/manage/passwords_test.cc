#include "manage/passwords.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

const PasswordContext kContext{"jo.bloggs@riverside.example", "Riverside Safeguarding Partnership",
                               "Riverside SP"};

std::string Problem(const std::string& password) { return PasswordProblem(password, kContext); }

TEST(PasswordPolicyTest, AcceptsLongUnrelatedWords) {
  EXPECT_EQ(Problem("kettle orbit marmalade"), "");
  EXPECT_EQ(Problem("correct-pony-staple-7"), "");
  EXPECT_EQ(Problem(std::string(128, 'a').replace(0, 4, "bcde")), "");
}

TEST(PasswordPolicyTest, CountsCodePointsNotBytes) {
  // Eleven code points in 22 bytes is too short; twelve is enough.
  EXPECT_NE(Problem("ééééééééééé").find("at least 12 characters"), std::string::npos);
  EXPECT_EQ(Problem("café crème brûlée"), "");
  std::string long_text;
  for (int i = 0; i < 9; ++i) long_text += "crème brûlée ";  // 117 code points, 144 bytes
  EXPECT_EQ(Problem(long_text), "");
  std::string too_long;
  for (int i = 0; i < 129; ++i) too_long += i % 3 ? "x" : "y";
  EXPECT_EQ(Problem(too_long), "Enter a password of 128 characters or fewer");
}

TEST(PasswordPolicyTest, RefusesTooShortWithAdvice) {
  EXPECT_EQ(Problem("short pass1"),
            "Enter a password of at least 12 characters: three or four unrelated words make a "
            "long password that is easy to remember");
  EXPECT_NE(Problem(""), "");
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsAndCommonWordsWithDigits) {
  for (const char* p : {"password1234", "Password1234", "QWERTYUIOP123", "iloveyou1234",
                        "Welcome2024!!", "!!password!!2026", "safeguarding123"}) {
    EXPECT_NE(Problem(p).find("most common"), std::string::npos) << p;
  }
}

TEST(PasswordPolicyTest, RefusesRepeatsAndRuns) {
  EXPECT_EQ(Problem("aaaaaaaaaaaa"),
            "Choose a password that is not one character or a short pattern repeated");
  EXPECT_NE(Problem("abcabcabcabc").find("repeated"), std::string::npos);
  for (const char* p : {"123456789012", "abcdefghijklm", "qwertyuiopas", "9876543210987",
                        "mnbvcxzlkjhgf", "1qaz2wsx3edc4r"}) {
    EXPECT_NE(Problem(p).find("keyboard, letter or number run"), std::string::npos) << p;
  }
}

TEST(PasswordPolicyTest, RefusesEmailAndSiteName) {
  EXPECT_EQ(Problem("my Jo.Bloggs secret!"),
            "Choose a password that does not contain your email address");
  EXPECT_EQ(Problem("riverside safeguarding partnership"),
            "Choose a password that does not contain the name of this site");
  EXPECT_EQ(Problem("RiversideSP kettle"),
            "Choose a password that does not contain the name of this site");
}

TEST(PasswordPolicyTest, RefusesControlCharactersAndInvalidUtf8) {
  EXPECT_NE(Problem("kettle\torbit marmalade").find("control characters"), std::string::npos);
  EXPECT_NE(Problem("kettle orbit \xff marmalade").find("could not be read"), std::string::npos);
  EXPECT_NE(Problem("kettle orbit \xc0\xaf marmalade").find("could not be read"),
            std::string::npos);  // overlong '/'
}

TEST(PasswordHashTest, VerifiesTheRightPasswordOnly) {
  std::string hash = HashPassword("kettle orbit marmalade", TestPasswordCost());
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "kettle orbit marmalade"));
  EXPECT_FALSE(VerifyPassword(hash, "kettle orbit marmalad"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_FALSE(VerifyPassword("not a hash", "kettle orbit marmalade"));
  EXPECT_NE(HashPassword("kettle orbit marmalade", TestPasswordCost()), hash);  // salted
}

TEST(PasswordHashTest, NeedsRehashWhenTheCostChanges) {
  std::string cheap = HashPassword("kettle orbit marmalade", TestPasswordCost());
  EXPECT_FALSE(PasswordNeedsRehash(cheap, TestPasswordCost()));
  EXPECT_TRUE(PasswordNeedsRehash(cheap, DefaultPasswordCost()));
}

TEST(PasswordHashTest, GeneratedPasswordsMeetThePolicyAndDiffer) {
  std::string a = GeneratePassword(), b = GeneratePassword();
  EXPECT_EQ(a.size(), 23u);
  EXPECT_NE(a, b);
  EXPECT_EQ(PasswordProblem(a, kContext), "");
}

}  // namespace
}  // namespace bulletin
