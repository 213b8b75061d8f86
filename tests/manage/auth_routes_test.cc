// Signing in and out of /manage/ and the ManagerGate, against a real server on loopback
// over real HTTP (libcurl), with the sample site.yaml, the real templates and a real
// SQLite file.
#include "manage/auth_routes.h"

#include <gtest/gtest.h>

#include <atomic>

#include "content/content_tree.h"
#include "manage/accounts.h"
#include "server/http_test_support.h"
#include "server/page_renderer.h"
#include "server/server.h"
#include "store/audit_log.h"
#include "store/test_data.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

const std::string kSource = BULLETIN_SOURCE_DIR;
constexpr char kEmail[] = "jo.bloggs@hallowford.example";
constexpr char kPassword[] = "kettle orbit marmalade";
constexpr char kUrlencoded[] = "Content-Type: application/x-www-form-urlencoded";

class AuthRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content_))
        << diags.FormatAll();
    ASSERT_TRUE(templates_.Load(fs, kSource + "/templates", &diags)) << diags.FormatAll();
    Start(content_.site.base_url);
  }

  // (Re)starts the server for a site published at `base_url`.
  void Start(const std::string& base_url) {
    server_.reset();
    site_ = content_.site;
    site_.base_url = base_url;
    const std::string db = (tmp_.root() / "data/bulletin.db").string();
    AccountOptions options;
    options.cost = TestPasswordCost();
    options.now = [this] { return now_.load(); };
    accounts_.reset();
    data_ = testing::OpenTestData(db);
    ASSERT_TRUE(data_);
    accounts_ = std::make_unique<AccountStore>(&data_->accounts(), options);
    audit_ = &data_->audit();
    if (!accounts_->FindManager(kEmail)) {
      std::string err;
      ASSERT_TRUE(accounts_->AddManager(kEmail, "police", kPassword, nullptr, &err)) << err;
    }
    pages_ = std::make_unique<PageRenderer>(site_, templates_, SiteChrome(site_, {}, 2027), false);
    gate_ = std::make_unique<AuthRoutes>(pages_.get(), accounts_.get(), audit_);
    server_ = std::make_unique<Server>();
    Router& router = server_->router();
    gate_->AddTo(&router);
    // Stand-ins for the dashboard: a page and an action that show what the gate passed on.
    router.Add("GET", "/manage/", gate_->Page([](const HttpRequest&, const ManagerSession& s) {
      HttpResponse r;
      r.body = "manager=" + s.email + " organisation=" + s.organisation + " csrf=" + s.csrf_token;
      return r;
    }));
    router.AddPrefix(
        "GET", "/manage/staff/",
        gate_->Page([](const HttpRequest&, const ManagerSession&) { return HttpResponse{}; }));
    router.Add("POST", "/manage/echo",
               gate_->Action([](const HttpRequest& request, const ManagerSession& s) {
                 HttpResponse r;
                 r.body = "done by " + s.email + " with " + std::to_string(request.body.size());
                 return r;
               }));
    router.Add("POST", "/elsewhere", [](const HttpRequest&) { return HttpResponse{}; });
    ServerOptions server_options = testing::TestOptions(tmp_.site());
    server_options.max_body_bytes = 4096;
    server_options.max_upload_body_bytes = 64 * 1024;
    server_options.may_upload = [this](const HttpRequest& head) { return gate_->MayUpload(head); };
    std::string err;
    ASSERT_TRUE(server_->Start(server_options, &err)) << err;
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  testing::HttpResult Get(const std::string& path, const std::string& cookie = "") {
    testing::FetchOptions options;
    if (!cookie.empty()) options.headers.push_back("Cookie: " + cookie);
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Post(const std::string& path, const std::string& body,
                           std::vector<std::string> headers) {
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = std::move(headers);
    options.headers.push_back("Origin: " + base_);
    return testing::Fetch(base_ + path, options);
  }

  testing::HttpResult Login(const std::string& email, const std::string& password,
                            const std::string& extra = "", const std::string& cookie = "") {
    std::vector<std::string> headers = {kUrlencoded};
    if (!cookie.empty()) headers.push_back("Cookie: " + cookie);
    return Post("/manage/login", "email=" + email + "&password=" + password + extra, headers);
  }

  // "name=value" of the Set-Cookie header, for sending back.
  static std::string CookieOf(const testing::HttpResult& r) {
    auto found = r.headers.find("set-cookie");
    if (found == r.headers.end()) return "";
    return found->second.substr(0, found->second.find(';'));
  }

  std::string SignIn() {
    testing::HttpResult r = Login(kEmail, "kettle+orbit+marmalade");
    EXPECT_EQ(r.status, 303) << r.body;
    return CookieOf(r);
  }

  std::string CsrfOf(const std::string& cookie) {
    std::string body = Get("/manage/", cookie).body;
    size_t at = body.find("csrf=");
    return at == std::string::npos ? "" : body.substr(at + 5);
  }

  testing::TempSite tmp_;
  ContentTree content_;
  SiteConfig site_;
  TemplateSet templates_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::unique_ptr<DataLayer> data_;
  std::unique_ptr<AccountStore> accounts_;
  AuditLog* audit_ = nullptr;
  std::unique_ptr<PageRenderer> pages_;
  std::unique_ptr<AuthRoutes> gate_;
  std::unique_ptr<Server> server_;
  std::string base_;
};

TEST_F(AuthRoutesTest, LoginPageIsAFormWithAutocompleteAndNoStore) {
  testing::HttpResult r = Get("/manage/login");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  testing::ExpectSecurityHeaders(r);
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  EXPECT_NE(r.body.find("autocomplete=\"username\""), std::string::npos);
  EXPECT_NE(r.body.find("autocomplete=\"current-password\""), std::string::npos);
  EXPECT_NE(r.body.find("<title>Sign in – Hallowford SP</title>"), std::string::npos) << r.body;
}

TEST_F(AuthRoutesTest, OverHttpsTheCookieIsHostPrefixedSecureHttpOnlyAndStrict) {
  testing::HttpResult r = Login(kEmail, "kettle+orbit+marmalade");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.headers["location"], "/manage/");
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  const std::string cookie = r.headers["set-cookie"];
  EXPECT_TRUE(cookie.starts_with("__Host-bulletin_session=")) << cookie;
  EXPECT_TRUE(cookie.ends_with("; Path=/; Secure; HttpOnly; SameSite=Strict")) << cookie;
  EXPECT_EQ(CookieOf(r).size(), std::string("__Host-bulletin_session=").size() + 43);

  testing::HttpResult home = Get("/manage/", CookieOf(r));
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.headers["cache-control"], "no-store");
  EXPECT_TRUE(home.body.starts_with(std::string("manager=") + kEmail + " organisation=police"))
      << home.body;
}

TEST_F(AuthRoutesTest, OverPlainHttpTheCookieStaysUnderManageWithoutSecure) {
  Start("http://learning.example.org.uk/");
  testing::HttpResult r = Login(kEmail, "kettle+orbit+marmalade");
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string cookie = r.headers["set-cookie"];
  EXPECT_TRUE(cookie.starts_with("bulletin_session=")) << cookie;
  EXPECT_TRUE(cookie.ends_with("; Path=/manage/; HttpOnly; SameSite=Strict")) << cookie;
  EXPECT_EQ(Get("/manage/", CookieOf(r)).status, 200);
}

TEST_F(AuthRoutesTest, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  // Same-length emails, so apart from the echoed address the pages must match byte for byte.
  const std::string unknown = "jo.blaggs@hallowford.example";
  testing::HttpResult wrong = Login(kEmail, "kettle+orbit+marmalad");
  testing::HttpResult missing = Login(unknown, "kettle+orbit+marmalade");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);
  EXPECT_EQ(missing.headers.count("set-cookie"), 0u);
  EXPECT_NE(wrong.body.find("The email address or password is not right"), std::string::npos);
  EXPECT_EQ(testing::ReplaceAll(missing.body, unknown, kEmail), wrong.body);
  EXPECT_NE(missing.body.find("value=\"" + unknown + "\""), std::string::npos);
}

TEST_F(AuthRoutesTest, EmptyFieldsAreNamedInTheErrorSummary) {
  testing::HttpResult r = Login("", "");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<a href=\"#email\">Enter your email address</a>"), std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#password\">Enter your password</a>"), std::string::npos);
  EXPECT_NE(r.body.find("<title>Error: Sign in"), std::string::npos);
}

TEST_F(AuthRoutesTest, RepeatedFailuresAreThrottledWith429) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login(kEmail, "wrong+guess+number").status, 400);
  testing::HttpResult r = Login(kEmail, "kettle+orbit+marmalade");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers["retry-after"], "900");
  EXPECT_EQ(r.headers.count("set-cookie"), 0u);
  EXPECT_NE(r.body.find("Too many attempts to sign in"), std::string::npos);
  EXPECT_NE(r.body.find("Try again in 15 minutes."), std::string::npos) << r.body;
  now_ += 15 * 60;
  EXPECT_EQ(Login(kEmail, "kettle+orbit+marmalade").status, 303);
}

TEST_F(AuthRoutesTest, NextIsFollowedOnlyForLocalManagePaths) {
  auto after_login = [&](const std::string& next) {
    return Login(kEmail, "kettle+orbit+marmalade", "&next=" + next).headers["location"];
  };
  EXPECT_EQ(after_login("%2Fmanage%2Fstaff%2F%3Fteam%3Da"), "/manage/staff/?team=a");
  EXPECT_EQ(after_login("%2F%2Fevil.example"), "/manage/");
  EXPECT_EQ(after_login("https%3A%2F%2Fevil.example%2Fmanage%2F"), "/manage/");
  EXPECT_EQ(after_login("%2Fquizzes%2F"), "/manage/");
  EXPECT_EQ(after_login("%2Fmanage%2F..%2Fquizzes%2F"), "/manage/");
  EXPECT_EQ(after_login("%2Fmanage%2F%5C%5Cevil.example"), "/manage/");
  EXPECT_EQ(after_login("%2Fmanage%2F%0D%0ASet-Cookie%3A+x"), "/manage/");

  // Without a session, a page sends the browser to sign in and come back.
  testing::HttpResult r = Get("/manage/staff/?team=Ward%207");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/manage/login?next=/manage/staff/%3Fteam%3DWard%25207");
  testing::HttpResult form = Get("/manage/login?next=/manage/staff/%3Fteam%3DWard%25207");
  EXPECT_NE(form.body.find("name=\"next\" value=\"/manage/staff/?team=Ward%207\""),
            std::string::npos);
  EXPECT_EQ(Get("/manage/login?next=//evil.example").body.find("evil"), std::string::npos);
}

TEST_F(AuthRoutesTest, LoginIssuesANewSessionWhateverCookieCameWithIt) {
  // An attacker plants a cookie (their own live session, or a made-up value) before the
  // victim signs in: the victim gets a fresh session and the planted one stops working.
  const std::string planted = SignIn();
  const std::string made_up = "__Host-bulletin_session=" + std::string(43, 'A');
  testing::HttpResult r = Login(kEmail, "kettle+orbit+marmalade", "", planted);
  ASSERT_EQ(r.status, 303);
  const std::string issued = CookieOf(r);
  EXPECT_NE(issued, planted);
  EXPECT_EQ(Get("/manage/", planted).status, 303);
  EXPECT_EQ(Get("/manage/", issued).status, 200);
  testing::HttpResult again = Login(kEmail, "kettle+orbit+marmalade", "", made_up);
  EXPECT_NE(CookieOf(again), made_up);
  EXPECT_EQ(Get("/manage/", made_up).status, 303);
}

TEST_F(AuthRoutesTest, LogoutEndsTheSessionAndClearsTheCookie) {
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);
  ASSERT_EQ(csrf.size(), 43u);
  testing::HttpResult out =
      Post("/manage/logout", "csrf=" + csrf, {kUrlencoded, "Cookie: " + cookie});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.headers["location"], "/manage/login?signed_out=1");
  EXPECT_TRUE(out.headers["set-cookie"].ends_with("; Max-Age=0")) << out.headers["set-cookie"];
  testing::HttpResult after = Get("/manage/", cookie);
  EXPECT_EQ(after.status, 303);
  EXPECT_EQ(after.headers["location"], "/manage/login?next=/manage/");
  EXPECT_NE(Get("/manage/login?signed_out=1").body.find("You have signed out"), std::string::npos);
}

TEST_F(AuthRoutesTest, ActionsNeedTheSessionsCsrfToken) {
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);
  const std::vector<std::string> form = {kUrlencoded, "Cookie: " + cookie};
  EXPECT_EQ(Post("/manage/echo", "x=1", form).status, 403);
  EXPECT_EQ(Post("/manage/echo", "csrf=" + std::string(43, 'A'), form).status, 403);
  EXPECT_EQ(Post("/manage/echo", "csrf=" + csrf.substr(0, 42), form).status, 403);
  testing::HttpResult ok = Post("/manage/echo", "x=1&csrf=" + csrf, form);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.headers["cache-control"], "no-store");
  EXPECT_TRUE(ok.body.starts_with(std::string("done by ") + kEmail)) << ok.body;
  // Another session's token is no good either.
  Start(site_.base_url);
  const std::string other = SignIn();
  EXPECT_EQ(Post("/manage/echo", "csrf=" + CsrfOf(other), form).status, 403);
}

TEST_F(AuthRoutesTest, MultipartActionsCarryTheTokenInAPart) {
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);
  auto body = [&](const std::string& token) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token +
           "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"r.csv\"\r\n"
           "Content-Type: text/csv\r\n\r\nname,email\r\n--XyZ--\r\n";
  };
  const std::vector<std::string> headers = {"Content-Type: multipart/form-data; boundary=XyZ",
                                            "Cookie: " + cookie};
  EXPECT_EQ(Post("/manage/echo", body(csrf), headers).status, 200);
  EXPECT_EQ(Post("/manage/echo", body("nope"), headers).status, 403);
}

TEST_F(AuthRoutesTest, CrossSitePostsAreRefused) {
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);
  testing::FetchOptions options = testing::Method("POST", "csrf=" + csrf);
  options.headers = {kUrlencoded, "Cookie: " + cookie, "Origin: https://evil.example"};
  testing::HttpResult r = testing::Fetch(base_ + "/manage/echo", options);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("sent from another website"), std::string::npos);
  options.headers = {kUrlencoded, "Cookie: " + cookie, "Sec-Fetch-Site: cross-site"};
  EXPECT_EQ(testing::Fetch(base_ + "/manage/echo", options).status, 403);
  options.body = std::string("email=") + kEmail + "&password=kettle+orbit+marmalade";
  options.headers = {kUrlencoded, "Origin: https://evil.example"};
  testing::HttpResult login = testing::Fetch(base_ + "/manage/login", options);
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(login.headers.count("set-cookie"), 0u);
}

TEST_F(AuthRoutesTest, SessionsTimeOutWhenIdleAndAfterTwelveHours) {
  std::string cookie = SignIn();
  now_ += 29 * 60;
  EXPECT_EQ(Get("/manage/", cookie).status, 200);
  now_ += 30 * 60;
  EXPECT_EQ(Get("/manage/", cookie).status, 303);

  cookie = SignIn();
  for (int i = 0; i < 47; ++i) {
    now_ += 15 * 60;
    ASSERT_EQ(Get("/manage/", cookie).status, 200) << i;
  }
  now_ += 15 * 60;
  EXPECT_EQ(Get("/manage/", cookie).status, 303);
}

// The larger limit is decided after authentication (ServerOptions::may_upload): only a
// signed-in manager's post carrying the session's csrf field first may be large.
TEST_F(AuthRoutesTest, TheLargerUploadLimitNeedsASessionAndItsCsrfToken) {
  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(cookie);
  const std::string padding = "&pad=" + std::string(20 * 1024, 'x');
  const std::vector<std::string> form = {kUrlencoded, "Cookie: " + cookie};
  EXPECT_EQ(Post("/manage/echo", "csrf=" + csrf + padding, form).status, 200);
  EXPECT_EQ(Post("/manage/echo", "csrf=" + csrf + padding, {kUrlencoded}).status, 413);
  EXPECT_EQ(Post("/manage/echo", "csrf=wrong" + padding, form).status, 413);
  EXPECT_EQ(Post("/manage/echo", "pad=1" + padding + "&csrf=" + csrf, form).status, 413);
  const std::string fake = "Cookie: " + gate_->cookie_name() + "=made-up";
  EXPECT_EQ(Post("/manage/echo", "csrf=" + csrf + padding, {kUrlencoded, fake}).status, 413);
  // A multipart upload, as the roster form sends it: the csrf part first, then the file.
  const std::string multipart =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
      "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"roster\"; filename=\"s.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n" +
      std::string(30 * 1024, 'y') + "\r\n--XyZ--\r\n";
  const std::string type = "Content-Type: multipart/form-data; boundary=XyZ";
  EXPECT_EQ(Post("/manage/echo", multipart, {type, "Cookie: " + cookie}).status, 200);
  EXPECT_EQ(Post("/manage/echo", multipart, {type}).status, 413);
  EXPECT_EQ(Post("/elsewhere", "a=1" + padding, {kUrlencoded}).status, 413);
  EXPECT_EQ(Post("/elsewhere", "a=1", {kUrlencoded}).status, 200);
  EXPECT_EQ(Login(kEmail, "kettle+orbit+marmalade", padding).status, 413);  // open to anyone
  const std::string huge = "&pad=" + std::string(70 * 1024, 'x');
  EXPECT_EQ(Post("/manage/echo", "csrf=" + csrf + huge, form).status, 413);
}

TEST_F(AuthRoutesTest, SignInsFailuresThrottlingAndSignOutsAreAudited) {
  Login(kEmail, "wrong+guess+number");
  const std::string cookie = SignIn();
  Post("/manage/logout", "csrf=" + CsrfOf(cookie), {kUrlencoded, "Cookie: " + cookie});
  for (int i = 0; i < 6; ++i) Login("x@hallowford.example", "wrong+guess+number");
  std::vector<AuditEntry> log = audit_->Recent(10);
  ASSERT_EQ(log.size(), 9u);
  EXPECT_EQ(log[0].action, "login-throttled");
  EXPECT_EQ(log[0].actor, "x@hallowford.example");
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(log[i].action, "login-failed");
  EXPECT_EQ(log[6].action, "logout");
  EXPECT_EQ(log[6].actor, kEmail);
  EXPECT_EQ(log[7].action, "login");
  EXPECT_EQ(log[7].organisation, "police");
  EXPECT_EQ(log[7].address, "127.0.0.1");
  EXPECT_EQ(log[8].action, "login-failed");
  EXPECT_EQ(log[8].actor, kEmail);
}

TEST_F(AuthRoutesTest, BehindALocalProxyTheForwardedAddressIsThrottled) {
  for (int i = 0; i < 20; ++i) {
    Post("/manage/login", "email=a" + std::to_string(i) + "%40x.example&password=wrong+guess+1",
         {kUrlencoded, "X-Forwarded-For: 10.0.0.1, 198.51.100.4"});
  }
  testing::HttpResult blocked =
      Post("/manage/login", std::string("email=") + kEmail + "&password=kettle+orbit+marmalade",
           {kUrlencoded, "X-Forwarded-For: 198.51.100.4"});
  EXPECT_EQ(blocked.status, 429);
  testing::HttpResult other =
      Post("/manage/login", std::string("email=") + kEmail + "&password=kettle+orbit+marmalade",
           {kUrlencoded, "X-Forwarded-For: 198.51.100.5"});
  EXPECT_EQ(other.status, 303);
}

TEST(SafeNextPathTest, AcceptsOnlyLocalManagePaths) {
  EXPECT_TRUE(IsSafeNextPath("/manage/"));
  EXPECT_TRUE(IsSafeNextPath("/manage/staff/?team=A%2FB&status=overdue"));
  for (const char* bad :
       {"", "/", "/quizzes/", "//evil.example/manage/", "https://evil.example/",
        "/manage//evil.example", "/manage/\\evil.example", "/manage/../x", "/manage/%2e%2E/x",
        "/manage/%2F%2Fevil", "/manage/a b", "/manage/\x01", "/Manage/"}) {
    EXPECT_FALSE(IsSafeNextPath(bad)) << bad;
  }
  EXPECT_FALSE(IsSafeNextPath("/manage/" + std::string(600, 'a')));
}

TEST(RequestCookieTest, FindsTheNamedCookieInAnyCookieHeader) {
  HttpRequest request;
  request.headers.Add("Cookie", "a=1; bulletin_session_x=2");
  request.headers.Add("cookie", "other=3;bulletin_session=abc ; z=9");
  EXPECT_EQ(RequestCookie(request, "bulletin_session"), "abc");
  EXPECT_EQ(RequestCookie(request, "a"), "1");
  EXPECT_FALSE(RequestCookie(request, "missing"));
}

}  // namespace
}  // namespace bulletin
