// Practitioners' sign-in by e-mailed link, against a real server on loopback over real HTTP,
// with the sample site.yaml, the real templates and a real SQLite file. The links are read
// from the messages the outbox holds (mail_serve_test and sign_in_serve_test deliver them
// to a real SMTP server).
#include "practitioner/sign_in_routes.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <regex>

#include "content/content_tree.h"
#include "core/text.h"
#include "mail/mailer.h"
#include "manage/compliance.h"
#include "manage/data_protection.h"
#include "practitioner/my_training_routes.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/page_renderer.h"
#include "server/server.h"
#include "store/database.h"
#include "store/personal_data.h"
#include "store/sign_in_store.h"
#include "store/test_data.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

const std::string kSource = BULLETIN_SOURCE_DIR;
constexpr char kUrlencoded[] = "Content-Type: application/x-www-form-urlencoded";
constexpr char kDomainEmail[] = "alex.kerr@northmoor.police.example.org.uk";

/// Quoted-printable text decoded (what is not an escape is kept).
std::string DecodeQuotedPrintable(const std::string& qp) {
  std::string out;
  for (size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r' && qp[i + 2] == '\n') {
      i += 2;
    } else if (qp[i] == '=' && i + 2 < qp.size() && HexDigitValue(qp[i + 1]) >= 0 &&
               HexDigitValue(qp[i + 2]) >= 0) {
      out += static_cast<char>(HexDigitValue(qp[i + 1]) * 16 + HexDigitValue(qp[i + 2]));
      i += 2;
    } else {
      out += qp[i];
    }
  }
  return out;
}

class SignInRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content_))
        << diags.FormatAll();
    ASSERT_TRUE(templates_.Load(fs, kSource + "/templates", &diags)) << diags.FormatAll();
    db_ = (tmp_.root() / "data/bulletin.db").string();
    data_ = testing::OpenTestData(db_);
    ASSERT_TRUE(data_);
    MailSettings mail;
    mail.from = {"Hallowford SP", "no-reply@learning.example.org.uk"};
    mail.eml_dir = (tmp_.root() / "data/mail").string();
    MailSenderOptions sender;
    sender.poll_interval = std::chrono::hours(1);  // the tests read the outbox, not the files
    mailer_ = std::make_unique<Mailer>(data_->mail_outbox(), mail, sender);
    mailer_->Stop();
    pages_ = std::make_unique<PageRenderer>(content_.site, templates_,
                                            SiteChrome(content_.site, {}, 2027), true);
    SignInOptions options;
    options.now = [this] { return now_.load(); };
    routes_ = std::make_unique<SignInRoutes>(pages_.get(), &data_->sign_in(), mailer_.get(),
                                             &data_->audit(), options);
    std::vector<Quiz> all;
    ASSERT_TRUE(LoadQuizzes(fs, kSource + "/content", content_, &diags, &all));
    for (Quiz& q : all) {
      if (!q.draft) quizzes_.push_back(std::move(q));
    }
    compliance_ = std::make_unique<ComplianceEngine>(&data_->reports(), content_.site, quizzes_);
    my_ = std::make_unique<MyTrainingRoutes>(pages_.get(), routes_.get(), &data_->sign_in(),
                                             compliance_.get(), &quizzes_, &data_->personal_data(),
                                             &data_->audit());
    server_ = std::make_unique<Server>();
    routes_->AddTo(&server_->router());
    my_->AddTo(&server_->router());
    std::string err;
    ASSERT_TRUE(server_->Start(testing::TestOptions(tmp_.site()), &err)) << err;
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  void AddToRoster(const std::string& email, const std::string& name, const std::string& org,
                   const std::string& team) {
    auto db = OpenDatabase(db_);
    SQLite::Statement q(*db,
                        "INSERT INTO staff(email, name, organisation, team, role, created_at, "
                        "updated_at) VALUES (?, ?, ?, ?, 'Practitioner', 0, 0)");
    q.bind(1, email);
    q.bind(2, name);
    q.bind(3, org);
    q.bind(4, team);
    q.exec();
  }

  testing::HttpResult Get(const std::string& path, const std::string& cookie = "") {
    testing::FetchOptions options;
    if (!cookie.empty()) options.headers.push_back("Cookie: " + cookie);
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Post(const std::string& path, const std::string& body,
                           const std::string& cookie = "") {
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = {kUrlencoded, "Origin: " + base_};
    if (!cookie.empty()) options.headers.push_back("Cookie: " + cookie);
    return testing::Fetch(base_ + path, options);
  }

  static std::string CookieOf(const testing::HttpResult& r) {
    auto found = r.headers.find("set-cookie");
    return found == r.headers.end() ? "" : found->second.substr(0, found->second.find(';'));
  }

  // The messages queued to `email`, whole.
  std::vector<std::string> MessagesTo(const std::string& email) {
    auto db = OpenDatabase(db_, true);
    SQLite::Statement q(*db, "SELECT content FROM mail_outbox WHERE recipient = ? ORDER BY id");
    q.bind(1, AsciiLower(email));
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  }

  // The path and query of the sign-in link in the newest message to `email`.
  std::string LinkFor(const std::string& email) {
    std::vector<std::string> messages = MessagesTo(email);
    if (messages.empty()) return "";
    std::string text = DecodeQuotedPrintable(messages.back());
    std::smatch m;
    if (!std::regex_search(text, m,
                           std::regex("https://learning\\.example\\.org\\.uk(/sign-in/link\\?"
                                      "token=[A-Za-z0-9_-]{43})"))) {
      return "";
    }
    return m[1];
  }

  std::string TokenOf(const std::string& link) { return link.substr(link.find('=') + 1); }

  // Requests a link for `email` and signs in with it; returns the cookie.
  std::string SignIn(const std::string& email) {
    EXPECT_EQ(Post("/sign-in", "email=" + email).status, 200);
    std::string link = LinkFor(email);
    testing::HttpResult r = Post("/sign-in/link", "token=" + TokenOf(link));
    EXPECT_EQ(r.status, 303) << r.body;
    return CookieOf(r);
  }

  std::string CsrfOf(const std::string& cookie) {
    std::string body = Get("/sign-in", cookie).body;
    std::smatch m;
    if (!std::regex_search(body, m, std::regex("name=\"csrf\" value=\"([^\"]+)\""))) return "";
    return m[1];
  }

  testing::TempSite tmp_;
  ContentTree content_;
  TemplateSet templates_;
  std::string db_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::unique_ptr<DataLayer> data_;
  std::unique_ptr<Mailer> mailer_;
  std::unique_ptr<PageRenderer> pages_;
  std::unique_ptr<SignInRoutes> routes_;
  std::vector<Quiz> quizzes_;
  std::unique_ptr<ComplianceEngine> compliance_;
  std::unique_ptr<MyTrainingRoutes> my_;
  std::unique_ptr<Server> server_;
  std::string base_;
};

TEST_F(SignInRoutesTest, AnAddressInAnOrganisationsDomainGetsALinkThatSignsItInOnce) {
  testing::HttpResult r = Post("/sign-in", std::string("email=") + kDomainEmail);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<h1 class=\"heading-xl\">Check your email</h1>"), std::string::npos);
  std::string link = LinkFor(kDomainEmail);
  ASSERT_FALSE(link.empty()) << (MessagesTo(kDomainEmail).empty() ? "no message"
                                                                  : MessagesTo(kDomainEmail)[0]);
  // Opening the link (as a mail scanner would, twice) signs nobody in and uses nothing up.
  for (int i = 0; i < 2; ++i) {
    testing::HttpResult page = Get(link);
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(CookieOf(page), "");
    EXPECT_NE(page.body.find("<form method=\"post\" action=\"/sign-in/link\">"), std::string::npos);
    EXPECT_EQ(page.headers["referrer-policy"], "same-origin");
  }
  r = Post("/sign-in/link", "token=" + TokenOf(link));
  ASSERT_EQ(r.status, 303) << r.body;
  // No name yet (the domain gives only the organisation): asked once, then onwards.
  EXPECT_EQ(r.headers["location"], "/my/details?next=/my/");
  std::string cookie = CookieOf(r);
  // The sample base_url is https: the cookie is Secure and bound to the host.
  EXPECT_EQ(cookie.rfind("__Host-bulletin_person=", 0), 0u) << cookie;
  EXPECT_NE(r.headers["set-cookie"].find("; Path=/; Secure; HttpOnly; SameSite=Lax"),
            std::string::npos)
      << r.headers["set-cookie"];
  testing::HttpResult details = Get("/my/details?next=/my/", cookie);
  EXPECT_NE(details.body.find("Northmoor Police"), std::string::npos);
  std::string csrf = CsrfOf(cookie);
  ASSERT_FALSE(csrf.empty());
  r = Post("/my/details", "csrf=" + csrf + "&name=Alex+Kerr&team=Public+protection&next=/my/",
           cookie);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/my/");
  testing::HttpResult signed_in = Get("/sign-in", cookie);
  EXPECT_NE(signed_in.body.find("You are signed in as <strong>" + std::string(kDomainEmail)),
            std::string::npos);
  EXPECT_NE(signed_in.body.find("action=\"/sign-out\""), std::string::npos);

  // The link works once.
  r = Post("/sign-in/link", "token=" + TokenOf(link));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("This sign-in link has expired or has been used"), std::string::npos);
  EXPECT_EQ(Get(link).status, 400);
}

TEST_F(SignInRoutesTest, ARosteredPersonSignsInWithTheRostersNameAndOrganisation) {
  AddToRoster("sam.patel@hallowford.example.org.uk", "Sam Patel", "childrens-social-care",
              "Front door");
  std::string cookie = SignIn("Sam.Patel@Hallowford.example.org.uk");
  ASSERT_FALSE(cookie.empty());
  auto db = OpenDatabase(db_, true);
  SQLite::Statement q(*db, "SELECT email, name, organisation, team FROM practitioners");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "sam.patel@hallowford.example.org.uk");
  EXPECT_EQ(q.getColumn(1).getString(), "Sam Patel");
  EXPECT_EQ(q.getColumn(2).getString(), "childrens-social-care");
  EXPECT_EQ(q.getColumn(3).getString(), "Front door");
}

TEST_F(SignInRoutesTest, AnAddressOutsideThePartnershipGetsTheSamePageAndNoMessage) {
  testing::HttpResult inside = Post("/sign-in", std::string("email=") + kDomainEmail);
  testing::HttpResult outside = Post("/sign-in", "email=someone@elsewhere.example.com");
  EXPECT_EQ(outside.status, inside.status);
  EXPECT_EQ(std::regex_replace(outside.body, std::regex("someone@elsewhere\\.example\\.com"), "X"),
            std::regex_replace(inside.body, std::regex(kDomainEmail), "X"));
  EXPECT_TRUE(MessagesTo("someone@elsewhere.example.com").empty());
  EXPECT_EQ(MessagesTo(kDomainEmail).size(), 1u);
}

TEST_F(SignInRoutesTest, ALinkExpiresAfterFifteenMinutes) {
  Post("/sign-in", std::string("email=") + kDomainEmail);
  std::string link = LinkFor(kDomainEmail);
  now_ += 15 * 60 + 1;
  EXPECT_EQ(Get(link).status, 400);
  EXPECT_EQ(Post("/sign-in/link", "token=" + TokenOf(link)).status, 400);
}

TEST_F(SignInRoutesTest, ForeignAndMalformedTokensSignNobodyIn) {
  for (const std::string& token :
       {std::string(43, 'A'), std::string("short"), std::string(43, '%'), std::string("")}) {
    testing::HttpResult r = Post("/sign-in/link", "token=" + token);
    EXPECT_EQ(r.status, 400) << token;
    EXPECT_EQ(CookieOf(r), "");
  }
}

TEST_F(SignInRoutesTest, RequestsAreThrottledPerAddressSilentlyAndPerClientOpenly) {
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(Post("/sign-in", std::string("email=") + kDomainEmail).status, 200);
  }
  EXPECT_EQ(MessagesTo(kDomainEmail).size(), 5u);
  for (int i = 0; i < 13; ++i) Post("/sign-in", "email=x" + std::to_string(i) + "@example.com");
  testing::HttpResult r = Post("/sign-in", "email=y@example.com");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers["retry-after"], "900");
  now_ += 15 * 60 + 1;
  EXPECT_EQ(Post("/sign-in", std::string("email=") + kDomainEmail).status, 200);
  EXPECT_EQ(MessagesTo(kDomainEmail).size(), 6u);
}

TEST_F(SignInRoutesTest, NothingTypedAsTheAddressReachesAHeader) {
  for (const std::string& email :
       {std::string("a%40northmoor.police.example.org.uk%0D%0ABcc%3A+x%40example.com"),
        std::string("a%40northmoor.police.example.org.uk%3E%2C+x%40example.com"),
        std::string("%3Cscript%3E%40northmoor.police.example.org.uk")}) {
    testing::HttpResult r = Post("/sign-in", "email=" + email);
    EXPECT_EQ(r.status, 400) << email;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  }
  auto db = OpenDatabase(db_, true);
  EXPECT_EQ(db->execAndGet("SELECT count(*) FROM mail_outbox").getInt(), 0);
}

TEST_F(SignInRoutesTest, EachSignInGetsANewSessionAndEndsTheOldOne) {
  std::string first = SignIn(kDomainEmail);
  Post("/sign-in", std::string("email=") + kDomainEmail);
  testing::HttpResult r = Post("/sign-in/link", "token=" + TokenOf(LinkFor(kDomainEmail)), first);
  std::string second = CookieOf(r);
  EXPECT_NE(second, first);
  EXPECT_EQ(Get("/sign-in", first).body.find("You are signed in"), std::string::npos);
  EXPECT_NE(Get("/sign-in", second).body.find("You are signed in"), std::string::npos);
}

TEST_F(SignInRoutesTest, SessionsEndWhenIdleAnHourOrAfterTwelveHours) {
  std::string cookie = SignIn(kDomainEmail);
  now_ += 59 * 60;
  EXPECT_NE(Get("/sign-in", cookie).body.find("You are signed in"), std::string::npos);
  now_ += 61 * 60;
  EXPECT_EQ(Get("/sign-in", cookie).body.find("You are signed in"), std::string::npos);
  cookie = SignIn(kDomainEmail);
  for (int i = 0; i < 14; ++i) {
    now_ += 55 * 60;
    Get("/sign-in", cookie);
  }
  EXPECT_EQ(Get("/sign-in", cookie).body.find("You are signed in"), std::string::npos);
}

TEST_F(SignInRoutesTest, SigningOutNeedsTheSessionsCsrfAndEndsTheSession) {
  std::string cookie = SignIn(kDomainEmail);
  testing::HttpResult r = Post("/sign-out", "csrf=wrong", cookie);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(Get("/sign-in", cookie).body.find("You are signed in"), std::string::npos);
  r = Post("/sign-out", "csrf=" + CsrfOf(cookie), cookie);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/sign-in?signed_out=1");
  EXPECT_NE(r.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get("/sign-in", cookie).body.find("You are signed in"), std::string::npos);
}

TEST_F(SignInRoutesTest, PostsFromAnotherSiteAreRefused) {
  testing::FetchOptions options = testing::Method("POST", std::string("email=") + kDomainEmail);
  options.headers = {kUrlencoded, "Origin: https://evil.example.com"};
  EXPECT_EQ(testing::Fetch(base_ + "/sign-in", options).status, 403);
  EXPECT_TRUE(MessagesTo(kDomainEmail).empty());
}

TEST_F(SignInRoutesTest, ASubjectAccessExportHoldsTheSignInRecordButNotTheLinks) {
  SignIn(kDomainEmail);
  std::optional<nlohmann::json> p;
  std::string err;
  ASSERT_TRUE(ExportPerson(data_->personal_data(), kDomainEmail, now_, &p, &err)) << err;
  ASSERT_TRUE(p);
  EXPECT_EQ((*p)["practitioner"]["organisation"], "police");
  EXPECT_EQ((*p)["practitioner"]["open_sessions"], 1);
  ASSERT_EQ((*p)["mail"].size(), 1u);
  EXPECT_EQ((*p)["mail"][0]["kind"], "sign-in");
  EXPECT_EQ(p->dump().find("token="), std::string::npos);
}

TEST_F(SignInRoutesTest, MyTrainingListsTheAssignedQuizzesAndOffersTheData) {
  testing::HttpResult r = Get("/my/");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/sign-in?next=/my/");
  AddToRoster("sam.patel@hallowford.example.org.uk", "Sam Patel", "childrens-social-care",
              "Front door");
  std::string cookie = SignIn("sam.patel@hallowford.example.org.uk");
  r = Get("/my/", cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<h1 class=\"heading-xl\">My training</h1>"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.body, m,
      std::regex("<a href=\"/quizzes/coercive-control-awareness/\">[^<]+</a></td><td>Never "
                 "taken</td>")))
      << r.body;
  EXPECT_NE(r.body.find("href=\"/my/export.json\""), std::string::npos);
  EXPECT_NE(r.body.find("action=\"/sign-out\""), std::string::npos);
  r = Get("/my/export.json", cookie);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json; charset=utf-8");
  nlohmann::json data = nlohmann::json::parse(r.body);
  EXPECT_EQ(data["practitioner"]["name"], "Sam Patel");
  EXPECT_EQ(data["staff"]["team"], "Front door");
}

TEST_F(SignInRoutesTest, OnlyLocalQuizAndMyPagesAreAllowedAsNext) {
  EXPECT_TRUE(IsSafePractitionerNext("/quizzes/coercive-control-awareness/"));
  EXPECT_TRUE(IsSafePractitionerNext("/my/"));
  EXPECT_FALSE(IsSafePractitionerNext("//evil.example.com/quizzes/"));
  EXPECT_FALSE(IsSafePractitionerNext("https://evil.example.com/"));
  EXPECT_FALSE(IsSafePractitionerNext("/quizzes/../manage/"));
  EXPECT_FALSE(IsSafePractitionerNext("/quizzes/%2e%2e/manage/"));
  EXPECT_FALSE(IsSafePractitionerNext("/manage/"));
}

}  // namespace
}  // namespace bulletin
