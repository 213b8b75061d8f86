// AccountStore against a real SQLite file, with a clock the tests move.
#include "manage/accounts.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>

#include "store/database.h"
#include "store/test_data.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using Outcome = LoginResult::Outcome;
constexpr char kPassword[] = "kettle orbit marmalade";
constexpr char kEmail[] = "jo.bloggs@riverside.example";

class AccountStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AccountOptions options;
    options.cost = TestPasswordCost();
    options.site_name = "Riverside Safeguarding Partnership";
    options.now = [this] { return now_.load(); };
    data_ = testing::OpenTestData(db_path());
    ASSERT_TRUE(data_);
    accounts_ = std::make_unique<AccountStore>(&data_->accounts(), options);
    std::string err;
    ASSERT_TRUE(accounts_->AddManager(kEmail, "riverside-police", kPassword, &manager_, &err))
        << err;
  }

  std::string db_path() const { return tmp_ / "data/bulletin.db"; }

  int64_t Count(const std::string& sql) {
    auto db = OpenDatabase(db_path(), true);
    return db->execAndGet(sql).getInt64();
  }

  testing::TempDir tmp_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::unique_ptr<DataLayer> data_;
  std::unique_ptr<AccountStore> accounts_;
  Manager manager_;
};

TEST_F(AccountStoreTest, AddsManagersOnceAndChecksThePolicy) {
  EXPECT_GT(manager_.id, 0);
  EXPECT_EQ(manager_.organisation, "riverside-police");
  std::string err;
  EXPECT_FALSE(accounts_->AddManager("JO.BLOGGS@riverside.example", "", kPassword, nullptr, &err));
  EXPECT_NE(err.find("already a manager"), std::string::npos) << err;
  EXPECT_FALSE(accounts_->AddManager("new@riverside.example", "", "password1234", nullptr, &err));
  EXPECT_NE(err.find("most common"), std::string::npos) << err;
  EXPECT_FALSE(accounts_->AddManager("not-an-email", "", kPassword, nullptr, &err));
  EXPECT_NE(err.find("not an email address"), std::string::npos) << err;
  std::optional<Manager> found = accounts_->FindManager("Jo.Bloggs@Riverside.Example");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, manager_.id);
  // Only a hash is stored.
  auto db = OpenDatabase(db_path(), true);
  std::string hash = db->execAndGet("SELECT password_hash FROM managers").getString();
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_EQ(hash.find(kPassword), std::string::npos);
}

TEST_F(AccountStoreTest, LoginStartsANewSessionEachTimeAndStoresOnlyItsHash) {
  LoginResult a = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  LoginResult b = accounts_->Login("JO.BLOGGS@riverside.example", kPassword, "192.0.2.1");
  ASSERT_EQ(a.outcome, Outcome::kSignedIn);
  ASSERT_EQ(b.outcome, Outcome::kSignedIn);
  EXPECT_EQ(a.token.size(), 43u);  // 256 bits, base64url
  EXPECT_NE(a.token, b.token);
  EXPECT_NE(a.session.csrf_token, b.session.csrf_token);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM sessions WHERE token_hash = '" + a.token + "'"), 0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM sessions WHERE token_hash = '" + SessionTokenHash(a.token) + "'"),
      1);
  std::optional<ManagerSession> resumed = accounts_->Resume(a.token);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->email, kEmail);
  EXPECT_EQ(resumed->organisation, "riverside-police");
  EXPECT_EQ(resumed->csrf_token, a.session.csrf_token);
  EXPECT_FALSE(accounts_->Resume(a.token + "x"));
  EXPECT_FALSE(accounts_->Resume(""));
}

TEST_F(AccountStoreTest, UnknownEmailAndWrongPasswordAreBothRefused) {
  EXPECT_EQ(accounts_->Login(kEmail, "kettle orbit marmalad", "192.0.2.1").outcome,
            Outcome::kRefused);
  EXPECT_EQ(accounts_->Login("nobody@riverside.example", kPassword, "192.0.2.1").outcome,
            Outcome::kRefused);
  EXPECT_EQ(accounts_->Login("", "", "192.0.2.1").outcome, Outcome::kRefused);
}

TEST_F(AccountStoreTest, AnAccountsLimitHoldsBackTheAddressesThatFailedAtIt) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        accounts_
            ->Login(kEmail, "wrong password " + std::to_string(i), "192.0.2." + std::to_string(i))
            .outcome,
        Outcome::kRefused);
    now_ += 60;
  }
  // An address that has failed at this account is not heard, even with the right password.
  LoginResult throttled = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  EXPECT_EQ(throttled.outcome, Outcome::kThrottled);
  EXPECT_EQ(throttled.retry_after_minutes, 10);  // the first failure leaves the window in 10 min
  // Other accounts from the same addresses are unaffected.
  std::string err;
  ASSERT_TRUE(accounts_->AddManager("sam@riverside.example", "", kPassword, nullptr, &err)) << err;
  EXPECT_EQ(accounts_->Login("sam@riverside.example", kPassword, "192.0.2.1").outcome,
            Outcome::kSignedIn);
  // Once the oldest failure is 15 minutes old, the right password works and clears them.
  now_ += 10 * 60;
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "192.0.2.1").outcome, Outcome::kSignedIn);
  EXPECT_EQ(Count("SELECT count(*) FROM login_failures WHERE key LIKE 'email:%'"), 0);
}

// Issue #18: knowing a manager's email must not be enough to lock them out.
TEST_F(AccountStoreTest, AStrangerCannotLockAManagerOutByGuessingAtTheirAccount) {
  for (int i = 0; i < 12; ++i) {
    LoginResult r = accounts_->Login(kEmail, "guess " + std::to_string(i), "203.0.113.66");
    EXPECT_EQ(r.outcome, i < 5 ? Outcome::kRefused : Outcome::kThrottled) << i;
  }
  // The manager, at an address that has not failed, signs in with the right password...
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "198.51.100.7").outcome, Outcome::kSignedIn);
  // ...but a wrong one from a fresh address counts, and holds that address back in turn.
  for (int i = 0; i < 5; ++i) {
    accounts_->Login(kEmail, "guess " + std::to_string(i), "203.0.113.66");
  }
  EXPECT_EQ(accounts_->Login(kEmail, "another guess", "198.51.100.200").outcome, Outcome::kRefused);
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "198.51.100.200").outcome, Outcome::kThrottled);
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "198.51.100.8").outcome, Outcome::kSignedIn);
}

TEST_F(AccountStoreTest, ThrottlesAnAddressAfterTwentyFailuresOverAnyAccounts) {
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(
        accounts_
            ->Login("guess" + std::to_string(i) + "@riverside.example", kPassword, "203.0.113.9")
            .outcome,
        Outcome::kRefused);
  }
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "203.0.113.9").outcome, Outcome::kThrottled);
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "203.0.113.10").outcome, Outcome::kSignedIn);
  now_ += 15 * 60;
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "203.0.113.9").outcome, Outcome::kSignedIn);
}

TEST_F(AccountStoreTest, ASuccessfulLoginDoesNotCountAsAFailure) {
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(accounts_->Login(kEmail, kPassword, "192.0.2.1").outcome, Outcome::kSignedIn);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM login_failures"), 0);
}

TEST_F(AccountStoreTest, IdleSessionsExpireAfterThirtyMinutes) {
  LoginResult login = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  now_ += 29 * 60;
  ASSERT_TRUE(accounts_->Resume(login.token));  // refreshes last_seen
  now_ += 29 * 60;
  ASSERT_TRUE(accounts_->Resume(login.token));
  now_ += 30 * 60;
  EXPECT_FALSE(accounts_->Resume(login.token));
  EXPECT_EQ(Count("SELECT count(*) FROM sessions"), 0);  // deleted, not just refused
}

TEST_F(AccountStoreTest, LastSeenIsWrittenAtMostOnceAMinute) {
  LoginResult login = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  const int64_t start = now_;
  now_ += 30;
  ASSERT_TRUE(accounts_->Resume(login.token));
  EXPECT_EQ(Count("SELECT last_seen_at FROM sessions"), start);
  now_ += 31;
  ASSERT_TRUE(accounts_->Resume(login.token));
  EXPECT_EQ(Count("SELECT last_seen_at FROM sessions"), start + 61);
}

TEST_F(AccountStoreTest, SessionsEndAfterTwelveHoursHoweverBusy) {
  LoginResult login = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  for (int i = 0; i < 12 * 4 - 1; ++i) {
    now_ += 15 * 60;
    ASSERT_TRUE(accounts_->Resume(login.token)) << i;
  }
  now_ += 15 * 60;  // exactly 12 hours
  EXPECT_FALSE(accounts_->Resume(login.token));
}

TEST_F(AccountStoreTest, LogoutEndsOnlyThatSession) {
  LoginResult a = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  LoginResult b = accounts_->Login(kEmail, kPassword, "192.0.2.2");
  std::optional<Manager> out = accounts_->Logout(a.token);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->email, kEmail);
  EXPECT_FALSE(accounts_->Resume(a.token));
  EXPECT_TRUE(accounts_->Resume(b.token));
  EXPECT_FALSE(accounts_->Logout(a.token));
}

TEST_F(AccountStoreTest, ResetPasswordEndsEverySessionOfThatManager) {
  std::string err;
  ASSERT_TRUE(accounts_->AddManager("sam@riverside.example", "", kPassword, nullptr, &err)) << err;
  LoginResult a = accounts_->Login(kEmail, kPassword, "192.0.2.1");
  LoginResult b = accounts_->Login(kEmail, kPassword, "192.0.2.2");
  LoginResult other = accounts_->Login("sam@riverside.example", kPassword, "192.0.2.3");
  EXPECT_FALSE(accounts_->ResetPassword(kEmail, "aaaaaaaaaaaaaaaa", &err));
  EXPECT_TRUE(accounts_->Resume(a.token));  // a refused password changes nothing
  ASSERT_TRUE(accounts_->ResetPassword(kEmail, "lantern quiet harbour", &err)) << err;
  EXPECT_FALSE(accounts_->Resume(a.token));
  EXPECT_FALSE(accounts_->Resume(b.token));
  EXPECT_TRUE(accounts_->Resume(other.token));
  EXPECT_EQ(accounts_->Login(kEmail, kPassword, "192.0.2.1").outcome, Outcome::kRefused);
  EXPECT_EQ(accounts_->Login(kEmail, "lantern quiet harbour", "192.0.2.1").outcome,
            Outcome::kSignedIn);
  EXPECT_FALSE(accounts_->ResetPassword("nobody@riverside.example", "lantern quiet harbour", &err));
  EXPECT_NE(err.find("no manager"), std::string::npos);
}

TEST_F(AccountStoreTest, RehashesAnOldCostHashAtLogin) {
  // The account was hashed at the test cost; a store with a higher cost upgrades it.
  AccountOptions options;
  options.cost = PasswordCost{2, 1u << 20};
  AccountStore stronger(&data_->accounts(), options);
  ASSERT_EQ(stronger.Login(kEmail, kPassword, "192.0.2.1").outcome, Outcome::kSignedIn);
  auto db = OpenDatabase(db_path(), true);
  std::string hash = db->execAndGet("SELECT password_hash FROM managers").getString();
  EXPECT_FALSE(PasswordNeedsRehash(hash, options.cost)) << hash;
  EXPECT_TRUE(VerifyPassword(hash, kPassword));
}

}  // namespace
}  // namespace bulletin
