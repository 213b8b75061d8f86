// The quiz API against a real server on loopback, over real HTTP (libcurl), with the
// sample content, the real templates and a real SQLite file.
#include "server/quiz_routes.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <regex>
#include <thread>

#include "content/content_tree.h"
#include "core/text.h"
#include "quiz/quiz_parser.h"
#include "server/http_test_support.h"
#include "server/quiz_form_support.h"
#include "server/server.h"
#include "support/test_support.h"
#include "templating/page_chrome.h"

namespace bulletin {
namespace {

const std::string kSource = BULLETIN_SOURCE_DIR;
constexpr int64_t kNow = 1798761600;  // 2027-01-01T00:00:00Z

class QuizRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(10); }

  void Start(int attempts_per_day) {
    server_.reset();
    routes_.reset();
    RealFileSystem fs;
    Diagnostics diags;
    ASSERT_TRUE(LoadContentTree(fs, kSource + "/content", LoadOptions(), &diags, &content_))
        << diags.FormatAll();
    quizzes_.clear();
    ASSERT_TRUE(LoadQuizzes(fs, kSource + "/content", content_, &diags, &quizzes_));
    ASSERT_TRUE(templates_.Load(fs, kSource + "/templates", &diags)) << diags.FormatAll();
    std::string err;
    if (!store_) store_ = OpenSqliteStore((tmp_.root() / "data/bulletin.db").string(), &err);
    ASSERT_TRUE(store_) << err;
    content_.site.quiz_defaults.retry_wait_minutes = wait_minutes_;
    QuizRoutesOptions options;
    options.attempts_per_day = attempts_per_day;
    options.now = [this] { return now_.load(); };
    options.paper_key = kKey;
    options.site_dir = tmp_.site().string();
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_.push_back(line);
    };
    routes_ =
        std::make_unique<QuizRoutes>(content_.site, quizzes_, templates_,
                                     SiteChrome(content_.site, {}, 2027), store_.get(), options);
    tmp_.Add("index.html", "<!DOCTYPE html><title>home</title>");
    server_ = std::make_unique<Server>();
    routes_->AddTo(&server_->router());
    ServerOptions server_options = testing::TestOptions(tmp_.site());
    server_options.max_body_bytes = 16 * 1024;
    ASSERT_TRUE(server_->Start(server_options, &err)) << err;
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  const Quiz& CoerciveControl() const {
    for (const Quiz& q : quizzes_) {
      if (q.id == "coercive-control-awareness") return q;
    }
    throw std::runtime_error("sample quiz missing");
  }

  std::pair<std::string, std::vector<std::string>> ServedPaper(const Quiz& quiz) {
    return testing::ServedPaper(base_, quiz);
  }

  // A form body: the quiz's hidden fields with a served paper, details, then answers
  // (right or all wrong) to the questions on the paper.
  std::string Form(const Quiz& quiz, bool right, const std::string& details) {
    auto [paper, ids] = ServedPaper(quiz);
    return "quiz=" + quiz.id + "&version=" + quiz.version + "&paper=" + paper + "&" + details +
           testing::AnswerFields(quiz, ids, right);
  }

  testing::HttpResult Post(const std::string& path, const std::string& body,
                           std::vector<std::string> headers = {}) {
    testing::FetchOptions options = testing::Method("POST", body);
    options.headers = std::move(headers);
    if (options.headers.empty()) {
      options.headers = {"Content-Type: application/x-www-form-urlencoded", "Origin: " + base_,
                         "Sec-Fetch-Site: same-origin"};
    }
    return testing::Fetch(base_ + path, options);
  }

  // A paper sealed with `key` (the server's unless given) for `quiz_id` at `version`.
  std::string SealedPaper(const std::string& quiz_id, const std::string& version,
                          const std::string& key = kKey) const {
    Paper paper;
    paper.quiz_id = quiz_id;
    paper.version = version;
    paper.issued_at = kNow;
    paper.questions = {{"q1", {"a", "b"}}};
    return PaperSealer(key).Seal(paper);
  }

  std::string SubmitPath() const { return "/quizzes/coercive-control-awareness/submit"; }

  static constexpr const char* kDetails =
      "name=Sam+Patel&email=Sam.Patel%40Example.org.uk&organisation=police&team=Public+protection";

  static inline const std::string kKey = std::string(32, 'k');
  std::atomic<int64_t> now_{kNow};
  int wait_minutes_ = 0;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  testing::TempSite tmp_;
  ContentTree content_;
  std::vector<Quiz> quizzes_;
  TemplateSet templates_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<QuizRoutes> routes_;
  std::unique_ptr<Server> server_;
  std::string base_;
};

std::string CodeIn(const std::string& html) {
  size_t at = html.find("/certificates/");
  if (at == std::string::npos) return "";
  return html.substr(at + 14, 26);
}

TEST_F(QuizRoutesTest, APassIsRecordedAndGivesACertificateAnyoneCanVerify) {
  testing::HttpResult r = Post(SubmitPath(), Form(CoerciveControl(), true, kDetails));
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.status, 200);
  testing::ExpectSecurityHeaders(r);
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  EXPECT_NE(r.body.find("You passed"), std::string::npos);
  EXPECT_NE(r.body.find("You scored 100%"), std::string::npos);
  std::string code = CodeIn(r.body);
  ASSERT_EQ(code.size(), 26u) << r.body;
  EXPECT_NE(r.body.find("1 January 2028"), std::string::npos) << "valid for refresh_months";

  testing::HttpResult cert = testing::Fetch(base_ + "/certificates/" + code);
  EXPECT_EQ(cert.status, 200);
  EXPECT_NE(cert.body.find("Sam Patel"), std::string::npos);
  EXPECT_NE(cert.body.find("Coercive control awareness"), std::string::npos);
  EXPECT_NE(cert.body.find(content_.site.name), std::string::npos);
  testing::HttpResult verify = testing::Fetch(base_ + "/verify/" + code);
  EXPECT_EQ(verify.status, 200);
  EXPECT_NE(verify.body.find("Certificate confirmed"), std::string::npos);
  EXPECT_EQ(verify.body.find("Sam.Patel"), std::string::npos) << "verification shows no email";

  SQLite::Database db((tmp_.root() / "data/bulletin.db").string());
  SQLite::Statement q(db,
                      "SELECT l.email, a.score, a.passed, a.team FROM attempts a "
                      "JOIN learners l ON l.id = a.learner_id");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "sam.patel@example.org.uk");
  EXPECT_EQ(q.getColumn(1).getInt(), 100);
  EXPECT_EQ(q.getColumn(2).getInt(), 1);
  EXPECT_EQ(q.getColumn(3).getString(), "Public protection");
}

TEST_F(QuizRoutesTest, AFailShowsFeedbackAndNoCertificate) {
  // A score sent by the client is ignored.
  testing::HttpResult r =
      Post(SubmitPath(), Form(CoerciveControl(), false, kDetails) + "&score=100&passed=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Not passed this time"), std::string::npos);
  EXPECT_NE(r.body.find("You scored 0%"), std::string::npos);
  EXPECT_EQ(r.body.find(CoerciveControl().questions[0].explain_html), std::string::npos)
      << "after a fail, by default, no explanations";
  EXPECT_NE(r.body.find("Not right"), std::string::npos);
  EXPECT_NE(r.body.find("Try again"), std::string::npos);
  EXPECT_EQ(CodeIn(r.body), "");
  SQLite::Database db((tmp_.root() / "data/bulletin.db").string());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM attempts WHERE passed = 0").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM certificates").getInt(), 0);
}

TEST_F(QuizRoutesTest, MissingDetailsShowTheFormAgainWithAnErrorSummary) {
  std::string body = "quiz=coercive-control-awareness&version=" + CoerciveControl().version +
                     "&paper=" + ServedPaper(CoerciveControl()).first +
                     "&name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=not-an-email&organisation="
                     "nowhere&team=&q1=a";
  testing::HttpResult r = Post(SubmitPath(), body);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("There is a problem"), std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#email\">Enter an email address in the correct format"),
            std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#organisation\">Choose your organisation from the list"),
            std::string::npos);
  EXPECT_NE(r.body.find("<a href=\"#team\">Enter your team</a>"), std::string::npos);
  EXPECT_TRUE(std::regex_search(r.body, std::regex("<a href=\"#q2-[a-z]\">Answer question 2</a>")));
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos) << "values are escaped";
  EXPECT_NE(r.body.find("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"q1-a\" name=\"q1\" type=\"radio\" value=\"a\" checked"),
            std::string::npos)
      << "answers given are kept";
  SQLite::Database db((tmp_.root() / "data/bulletin.db").string());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM attempts").getInt(), 0);
}

TEST_F(QuizRoutesTest, RefusesBadInputWithClearPages) {
  const Quiz& quiz = CoerciveControl();
  std::string good = Form(quiz, true, kDetails);
  struct Case {
    std::string what;
    std::string body;
    std::vector<std::string> headers;
    long status;
    std::string says;
  } cases[] = {
      {"unknown option", good + "&q1=z", {}, 400, "did not match the quiz"},
      {"two answers to a single-choice question", good + "&q1=b", {}, 400, "did not match"},
      {"a paper of a version no longer kept",
       "paper=" + SealedPaper(quiz.id, "0000000000000000") + "&" + kDetails,
       {},
       409,
       "This quiz has changed"},
      {"no paper", "quiz=" + quiz.id + "&version=" + quiz.version, {}, 409, "has expired"},
      {"a paper sealed with another key",
       "paper=" + SealedPaper(quiz.id, quiz.version, std::string(32, 'x')) + "&" + kDetails,
       {},
       409,
       "did not come from this site"},
      {"another quiz's paper",
       "paper=" + SealedPaper("domestic-abuse-risk-and-clares-law", quiz.version) + "&" + kDetails,
       {},
       400,
       "for another quiz"},
      {"a malformed escape", good + "&name=%zz", {}, 400, "could not be read"},
      {"JSON instead of a form",
       "{}",
       {"Content-Type: application/json", "Origin: " + base_},
       415,
       "could not be read"},
      {"a post from another site",
       good,
       {"Content-Type: application/x-www-form-urlencoded", "Origin: https://evil.example"},
       403,
       "sent from another website"},
      {"a cross-site fetch",
       good,
       {"Content-Type: application/x-www-form-urlencoded", "Sec-Fetch-Site: cross-site"},
       403,
       "another website"},
      {"a body over the limit", good + "&pad=" + std::string(20000, 'x'), {}, 413, ""},
  };
  for (const Case& c : cases) {
    testing::HttpResult r = Post(SubmitPath(), c.body, c.headers);
    EXPECT_EQ(r.status, c.status) << c.what;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.what << ": " << r.body.substr(0, 300);
    EXPECT_EQ(r.body.find("exception"), std::string::npos) << c.what;
    testing::ExpectSecurityHeaders(r);
  }
  testing::HttpResult get = testing::Fetch(base_ + SubmitPath());
  EXPECT_EQ(get.status, 404) << "a GET of the submit address is the site's not-found page";
  SQLite::Database db((tmp_.root() / "data/bulletin.db").string());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM attempts").getInt(), 0);
}

TEST_F(QuizRoutesTest, LimitsAttemptsPerPersonPerDay) {
  Start(2);
  std::string body = Form(CoerciveControl(), false, kDetails);
  EXPECT_EQ(Post(SubmitPath(), body).status, 200);
  EXPECT_EQ(Post(SubmitPath(), body).status, 200);
  testing::HttpResult third = Post(SubmitPath(), body);
  EXPECT_EQ(third.status, 429);
  EXPECT_NE(third.body.find("limit for this quiz"), std::string::npos);
  // Another person is not affected.
  std::string other = Form(CoerciveControl(), false,
                           "name=Jo&email=jo%40example.org.uk&organisation=police&team=CID");
  EXPECT_EQ(Post(SubmitPath(), other).status, 200);
}

TEST_F(QuizRoutesTest, SimultaneousPostsCannotSlipUnderTheLimit) {
  Start(2);
  std::string body = Form(CoerciveControl(), false, kDetails);
  std::vector<long> statuses(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < statuses.size(); ++i) {
    threads.emplace_back([&, i] { statuses[i] = Post(SubmitPath(), body).status; });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 2);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), 6);
}

TEST_F(QuizRoutesTest, AcceptsTheSitesPublicOriginBehindAProxy) {
  // A reverse proxy may pass Host: 127.0.0.1:PORT while the browser's Origin is the
  // public address from site.yaml.
  std::string body = Form(CoerciveControl(), false, kDetails);
  std::string public_origin = content_.site.base_url.substr(0, content_.site.base_url.size() - 1);
  EXPECT_EQ(Post(SubmitPath(), body,
                 {"Content-Type: application/x-www-form-urlencoded", "Origin: " + public_origin})
                .status,
            200);
  EXPECT_EQ(Post(SubmitPath(), body,
                 {"Content-Type: application/x-www-form-urlencoded",
                  "Origin: https://learning.example.org.uk.evil.example"})
                .status,
            403);
}

TEST_F(QuizRoutesTest, UnknownCertificatesAreNotFound) {
  for (const char* path : {"/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA", "/verify/short",
                           "/certificates/AAAAAAAAAAAAAAAAAAAAAAAAAA", "/verify/%3Cb%3E"}) {
    testing::HttpResult r = testing::Fetch(base_ + path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_NE(r.body.find("Certificate not found"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("<b>"), std::string::npos);
  }
}

// Over every question of every server-graded sample quiz: a fail page (the default review)
// holds no correct option's text, and a pass page holds the full feedback.
TEST_F(QuizRoutesTest, AFailNeverShowsTheAnswerKeyAndAPassShowsTheFeedback) {
  int checked = 0;
  for (const Quiz& quiz : quizzes_) {
    if (quiz.grading != Grading::kServer) continue;
    testing::HttpResult fail = Post("/quizzes/" + quiz.id + "/submit", Form(quiz, false, kDetails));
    ASSERT_EQ(fail.status, 200) << quiz.id << fail.body.substr(0, 300);
    ASSERT_NE(fail.body.find("Not passed this time"), std::string::npos);
    for (const QuizQuestion& q : quiz.questions) {
      for (const QuizOption& o : q.options) {
        if (!o.correct) continue;
        ++checked;
        EXPECT_EQ(fail.body.find(o.html), std::string::npos)
            << quiz.id << " " << q.id << ": '" << o.text << "' on the fail page";
        EXPECT_EQ(fail.body.find(HtmlEscape(o.text)), std::string::npos) << o.text;
      }
      EXPECT_EQ(fail.body.find(q.explain_html), std::string::npos) << quiz.id << " " << q.id;
    }
    EXPECT_NE(fail.body.find("Not right. <a href=\"/"), std::string::npos)
        << "each question not right links to where the learning is";
    testing::HttpResult pass = Post("/quizzes/" + quiz.id + "/submit", Form(quiz, true, kDetails));
    ASSERT_EQ(pass.status, 200);
    for (const QuizQuestion& q : quiz.questions) {
      EXPECT_NE(pass.body.find(q.explain_html), std::string::npos) << quiz.id << " " << q.id;
    }
  }
  EXPECT_GE(checked, 10);
}

TEST_F(QuizRoutesTest, EachFormIsItsOwnPaperAndOnlyThatPaperIsGraded) {
  Quiz pool = CoerciveControl();
  pool.ask = 2;
  pool.version = QuizVersion(pool);
  routes_->Publish({pool});
  auto [paper, ids] = ServedPaper(pool);
  ASSERT_EQ(ids.size(), 2u);
  // Answering a question that is not on the paper is refused, whatever else is right.
  std::string off_paper;
  for (const QuizQuestion& q : pool.questions) {
    if (std::find(ids.begin(), ids.end(), q.id) == ids.end()) off_paper = q.id;
  }
  std::string body = "paper=" + paper + "&" + kDetails;
  for (const std::string& id : ids) {
    for (const QuizOption& o : pool.FindQuestion(id)->options) {
      if (o.correct) body += "&" + id + "=" + o.id;
    }
  }
  testing::HttpResult refused = Post(SubmitPath(), body + "&" + off_paper + "=a");
  EXPECT_EQ(refused.status, 400);
  testing::HttpResult graded = Post(SubmitPath(), body);
  EXPECT_EQ(graded.status, 200);
  EXPECT_NE(graded.body.find("2 of 2 questions right"), std::string::npos);
  SQLite::Database db((tmp_.root() / "data/bulletin.db").string());
  EXPECT_EQ(db.execAndGet("SELECT questions FROM attempts").getString(), ids[0] + " " + ids[1]);
  // A tampered paper is not one this server sealed.
  std::string tampered = paper;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Post(SubmitPath(), "paper=" + tampered + "&" + kDetails).status, 409);
  std::lock_guard<std::mutex> lock(log_mu_);
  EXPECT_TRUE(std::any_of(log_.begin(), log_.end(), [](const std::string& line) {
    return line.starts_with("409 POST /quizzes/coercive-control-awareness/submit");
  })) << "a refused submission is logged";
}

TEST_F(QuizRoutesTest, APaperServedBeforeAnEditIsGradedAgainstTheVersionServed) {
  const Quiz& old = CoerciveControl();
  std::string served_before = Form(old, true, kDetails);  // right for the old version
  Quiz edited = old;
  for (QuizOption& o : edited.questions[0].options) o.correct = !o.correct;
  edited.questions[0].multiple = true;
  edited.version = QuizVersion(edited);
  ASSERT_NE(edited.version, old.version);
  routes_->Publish({edited});

  testing::HttpResult r = Post(SubmitPath(), served_before);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 400);
  EXPECT_NE(r.body.find("You passed"), std::string::npos) << "graded against the old version";
  // A new form is the new version's.
  EXPECT_EQ(Post(SubmitPath(), Form(edited, true, kDetails)).status, 200);
  // After the grace period, the old paper is refused with the details kept.
  now_ += 25 * 3600;
  testing::HttpResult late = Post(SubmitPath(), served_before);
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("This quiz has changed"), std::string::npos);
  EXPECT_NE(late.body.find("value=\"Sam Patel\""), std::string::npos) << "details kept";
  EXPECT_NE(late.body.find("name=\"paper\""), std::string::npos) << "a fresh paper to answer";
}

TEST_F(QuizRoutesTest, AFailMeansAWaitWithItsEndShownThenAnotherTry) {
  wait_minutes_ = 10;
  Start(10);
  testing::HttpResult fail = Post(SubmitPath(), Form(CoerciveControl(), false, kDetails));
  ASSERT_EQ(fail.status, 200);
  EXPECT_NE(fail.body.find("You can try again from <strong>00:10 on 1 January"), std::string::npos)
      << fail.body;
  // The retry form keeps the details, never the answers.
  EXPECT_NE(fail.body.find("name=\"email\" value=\"sam.patel@example.org.uk\""), std::string::npos);
  EXPECT_EQ(fail.body.find("name=\"q1\""), std::string::npos);
  testing::HttpResult retry = Post(CoerciveControl().Url(), kDetails);
  EXPECT_EQ(retry.status, 200);
  EXPECT_NE(retry.body.find("value=\"Sam Patel\""), std::string::npos);
  EXPECT_NE(retry.body.find("You can send your answers from 00:10"), std::string::npos);
  EXPECT_EQ(retry.body.find(" checked"), std::string::npos);

  testing::HttpResult early = Post(SubmitPath(), Form(CoerciveControl(), true, kDetails));
  EXPECT_EQ(early.status, 429);
  EXPECT_NE(early.body.find("You can send your answers from 00:10"), std::string::npos);
  now_ += 10 * 60;
  testing::HttpResult pass = Post(SubmitPath(), Form(CoerciveControl(), true, kDetails));
  EXPECT_EQ(pass.status, 200);
  EXPECT_NE(pass.body.find("You passed"), std::string::npos);
}

TEST_F(QuizRoutesTest, ANewlyPublishedQuizTakesSubmissionsAndARemovedOneSaysSo) {
  Quiz fresh = CoerciveControl();
  fresh.id = "fresh-quiz";
  fresh.version = QuizVersion(fresh);
  routes_->Publish({fresh});
  EXPECT_EQ(Post("/quizzes/fresh-quiz/submit", Form(fresh, true, kDetails)).status, 200);
  testing::HttpResult gone = Post(SubmitPath(), "quiz=x");
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(gone.body.find("no longer on the site"), std::string::npos);
}

TEST(QuizRoutesFunctionsTest, UkTimeFollowsBritishSummerTime) {
  EXPECT_EQ(UkTime(1798761600 + 600), "00:10 on 1 January");  // 2027-01-01 GMT
  EXPECT_EQ(UkTime(1814311200), "00:20 on 30 June");          // 2027-06-29T23:20Z, BST
  EXPECT_EQ(UkTime(1806195600 - 1), "00:59 on 28 March");     // just before BST starts
  EXPECT_EQ(UkTime(1806195600), "02:00 on 28 March");         // 2027-03-28T01:00Z
}

TEST(QuizRoutesFunctionsTest, ChecksEmailAddresses) {
  for (const char* ok : {"a@b.co", "sam.patel@example.org.uk", "o'neil+quiz@nhs.net"}) {
    EXPECT_TRUE(IsWellFormedEmail(ok)) << ok;
  }
  for (const char* bad : {"", "a", "a@b", "@b.co", "a@@b.co", "a b@c.co", "a@b..co", "a@-b.co",
                          "a@b.co-", "a@b_c.co"}) {
    EXPECT_FALSE(IsWellFormedEmail(bad)) << bad;
  }
}

TEST(QuizRoutesFunctionsTest, CertificateCodesAreLongAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string code = NewCertificateCode();
    ASSERT_EQ(code.size(), 26u);
    EXPECT_EQ(code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
    EXPECT_TRUE(seen.insert(code).second);
  }
}

}  // namespace
}  // namespace bulletin
