#include "watch/watch.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "check/check_command.h"
#include "server/http_test_support.h"
#include "support/test_support.h"
#include "watch/file_watcher.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::Fetch;
using testing::RawConnection;
using testing::ReadAll;
using testing::ReplaceAll;
using testing::SourceDir;
using testing::TempDir;

constexpr char kBrief[] = "content/briefs/baby-l-hidden-men.md";
constexpr char kBriefPage[] = "/briefs/baby-l-hidden-men/";

// Replaces a file the way many editors save: write a temporary file, rename it over.
void SaveByRename(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp~";
  std::ofstream(tmp) << text;
  fs::rename(tmp, path);
}

// A watched copy of the sample site served on 127.0.0.1, with an event stream open.
class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(SourceDir() + "/content", tmp_ / "content", fs::copy_options::recursive);
    fs::copy(SourceDir() + "/templates", tmp_ / "templates", fs::copy_options::recursive);
    WatchOptions options;
    options.build.content_dir = tmp_ / "content";
    options.build.templates_dir = tmp_ / "templates";
    options.build.out_dir = tmp_ / "site";
    AddBuildChecks(&options.build, /*remember=*/true);  // as `bulletin serve --watch` does
    watch_ = std::make_unique<Watch>(fs_, options, log_);
    std::string err;
    ASSERT_TRUE(watch_->Start(&err)) << err << log_.str();
    Server* server = &server_;
    watch_->live().AddTo(&server->router(), tmp_ / "site");
    ASSERT_TRUE(server_.Start(testing::TestOptions(tmp_ / "site"), &err)) << err;
    events_ = std::make_unique<RawConnection>(server_.port());
    ASSERT_TRUE(events_->Send("GET /_bulletin/events HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    std::string hello = events_->ReadUntil("event: hello\ndata: ", 10s);
    ASSERT_NE(hello.find("text/event-stream"), std::string::npos) << hello;
  }

  void TearDown() override {
    server_.Stop();
    watch_->Stop();
  }

  std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }
  // The next event (name and data) on the open stream, waiting up to 30 s.
  std::string NextEvent(const std::string& name) {
    std::string got = events_->ReadUntil("event: " + name + "\n", 30s);
    size_t at = got.find("event: " + name + "\n");
    if (at != std::string::npos && got.find("\n\n", at) == std::string::npos) {
      got += events_->ReadUntil("\n\n", 5s);
    }
    return got;
  }

  TempDir tmp_;
  RealFileSystem fs_;
  std::ostringstream log_;
  std::unique_ptr<Watch> watch_;
  Server server_;
  std::unique_ptr<RawConnection> events_;
};

TEST_F(WatchTest, ASavedBriefIsRebuiltAndOpenPagesAreToldToReload) {
  testing::HttpResult before = Fetch(Url(kBriefPage));
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(before.body.find("<script src=\"/_bulletin/live.js?v="), std::string::npos);
  EXPECT_EQ(before.headers["cache-control"], "no-store");
  EXPECT_EQ(before.headers.count("etag"), 0u);
  testing::ExpectSecurityHeaders(before);

  std::string text = ReadAll(tmp_ / kBrief);
  SaveByRename(tmp_ / kBrief,
               ReplaceAll(text, "## What happened", "Freshly saved words.\n\n## What happened"));
  std::string event = NextEvent("reload");
  EXPECT_NE(event.find("event: reload\ndata: "), std::string::npos) << event << log_.str();

  testing::HttpResult after = Fetch(Url(kBriefPage));
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("Freshly saved words."), std::string::npos);
  // On disk the page is exactly as `bulletin build` writes it: no live-reload script.
  std::string on_disk = ReadAll(tmp_ / "site/briefs/baby-l-hidden-men/index.html");
  EXPECT_NE(on_disk.find("Freshly saved words."), std::string::npos);
  EXPECT_EQ(on_disk.find("_bulletin"), std::string::npos);
}

TEST_F(WatchTest, ABrokenFileSendsItsErrorsAndTheLastGoodPageIsStillServed) {
  std::string good = Fetch(Url(kBriefPage)).body;
  std::string text = ReadAll(tmp_ / kBrief);
  std::ofstream(tmp_ / kBrief) << ReplaceAll(text, "themes: [", "themes: [no-such-theme, ");
  std::string event = NextEvent("errors");
  ASSERT_NE(event.find("event: errors\ndata: ["), std::string::npos) << event << log_.str();
  EXPECT_NE(event.find("baby-l-hidden-men.md"), std::string::npos) << event;
  EXPECT_NE(event.find("\"line\":"), std::string::npos) << event;
  EXPECT_NE(event.find("no-such-theme"), std::string::npos) << event;
  EXPECT_EQ(Fetch(Url(kBriefPage)).body, good);
  EXPECT_NE(log_.str().find("still serving the last good"), std::string::npos) << log_.str();

  // A page opened now is told about the errors as soon as it listens.
  RawConnection late(server_.port());
  late.Send("GET /_bulletin/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_NE(late.ReadUntil("event: errors", 10s).find("no-such-theme"), std::string::npos);

  std::ofstream(tmp_ / kBrief) << text;
  EXPECT_NE(NextEvent("reload").find("event: reload"), std::string::npos) << log_.str();
}

TEST(LiveReloadTest, InjectsTheScriptBeforeTheHeadEnds) {
  EXPECT_EQ(InjectLiveScript("<html><head><title>x</title></head><body></body></html>", 7),
            "<html><head><title>x</title><script src=\"/_bulletin/live.js?v=7\" defer></script>\n"
            "</head><body></body></html>");
  EXPECT_EQ(InjectLiveScript("plain", 1),
            "<script src=\"/_bulletin/live.js?v=1\" defer></script>\nplain");
}

TEST(LiveReloadTest, ServesTheScriptAndLeavesOtherFilesAlone) {
  testing::TempSite site;
  site.Add("index.html", "<html><head></head><body>Home</body></html>");
  site.Add("assets/site.css", "body{}");
  LiveReload live;
  Server server;
  live.AddTo(&server.router(), site.site());
  std::string err;
  ASSERT_TRUE(server.Start(testing::TestOptions(site.site()), &err)) << err;
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  testing::HttpResult js = Fetch(base + "/_bulletin/live.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_NE(js.body.find("EventSource('/_bulletin/events')"), std::string::npos);
  EXPECT_EQ(Fetch(base + "/assets/site.css").body, "body{}");
  testing::HttpResult home = Fetch(base + "/", testing::WithHeader("If-None-Match: *"));
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("live.js"), std::string::npos);
}

TEST(FileWatcherTest, SeesSavesByRenameAndFilesInNewFolders) {
  TempDir tmp;
  fs::create_directories(tmp / "content/briefs");
  std::ofstream(tmp / "content/briefs/a.md") << "one";
  FileWatcher watcher;
  std::string err;
  ASSERT_TRUE(watcher.Start({tmp / "content", tmp / "templates-not-there"}, &err)) << err;
  SaveByRename(tmp / "content/briefs/a.md", "two");
  std::vector<std::string> changed = watcher.Wait(20ms);
  EXPECT_NE(std::find(changed.begin(), changed.end(), tmp / "content/briefs/a.md"), changed.end());

  fs::create_directories(tmp / "content/static/images");
  std::ofstream(tmp / "content/static/images/logo.svg") << "<svg/>";
  std::vector<std::string> seen;
  for (int i = 0; i < 5 && std::find(seen.begin(), seen.end(),
                                     tmp / "content/static/images/logo.svg") == seen.end();
       ++i) {
    std::vector<std::string> more = watcher.Wait(20ms);
    seen.insert(seen.end(), more.begin(), more.end());
  }
  EXPECT_NE(std::find(seen.begin(), seen.end(), tmp / "content/static/images/logo.svg"),
            seen.end());

  // Now inside a folder created after the watch began.
  std::ofstream(tmp / "content/static/images/other.svg") << "<svg/>";
  changed = watcher.Wait(20ms);
  EXPECT_NE(std::find(changed.begin(), changed.end(), tmp / "content/static/images/other.svg"),
            changed.end());

  std::thread stopper([&] { watcher.Stop(); });
  EXPECT_TRUE(watcher.Wait(20ms).empty());
  stopper.join();
}

// An identifying detail is an error in the preview too: shown at file:line:col, and the
// last good site is still served.
TEST_F(WatchTest, AnIdentifyingDetailIsAnErrorAndTheLastGoodPageIsStillServed) {
  std::string good = Fetch(Url(kBriefPage)).body;
  std::string text = ReadAll(tmp_ / kBrief);
  SaveByRename(tmp_ / kBrief, ReplaceAll(text, "## What happened",
                                         "The NHS number 943 476 5919.\n\n## What happened"));
  std::string event = NextEvent("errors");
  ASSERT_NE(event.find("event: errors\ndata: ["), std::string::npos) << event << log_.str();
  EXPECT_NE(event.find("looks like an NHS number"), std::string::npos) << event;
  EXPECT_NE(event.find("\"line\":"), std::string::npos) << event;
  EXPECT_EQ(Fetch(Url(kBriefPage)).body, good);
  EXPECT_EQ(ReadAll(tmp_ / "site/briefs/baby-l-hidden-men/index.html").find("943 476"),
            std::string::npos);
  SaveByRename(tmp_ / kBrief, text);
  EXPECT_NE(NextEvent("reload").find("event: reload"), std::string::npos) << log_.str();
}

TEST(ServeWatchCommandTest, WithoutWatchNothingUnderBulletinIsServed) {
  testing::TempSite site;
  site.Add("index.html", "<html><head></head><body>Home</body></html>");
  testing::Child child({BULLETIN_BINARY, "serve", "--site", site.site().string(), "--content",
                        (site.root() / "no-content").string(), "--port", "0"});
  std::optional<std::string> line = child.ReadLine(30s);
  ASSERT_TRUE(line);
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(":([0-9]+)/$"))) << *line;
  std::string base = "http://127.0.0.1:" + match[1].str();
  EXPECT_EQ(Fetch(base + "/_bulletin/live.js").status, 404);
  EXPECT_EQ(Fetch(base + "/_bulletin/events").status, 404);
  EXPECT_EQ(Fetch(base + "/").body, "<html><head></head><body>Home</body></html>");
}

TEST(ServeWatchCommandTest, ServeWatchBuildsThenUpdatesThePageWhenABriefIsSaved) {
  TempDir tmp;
  fs::copy(SourceDir() + "/content", tmp / "content", fs::copy_options::recursive);
  testing::Child child({BULLETIN_BINARY, "serve", "--watch", "--content", tmp / "content",
                        "--templates", SourceDir() + "/templates", "--site", tmp / "site", "--db",
                        tmp / "data/bulletin.db", "--port", "0"});
  std::optional<std::string> line = child.ReadLine(60s);
  ASSERT_TRUE(line) << "no Serving line";
  std::smatch match;
  ASSERT_TRUE(std::regex_search(*line, match, std::regex(":([0-9]+)/$"))) << *line;
  std::string page = "http://127.0.0.1:" + match[1].str() + kBriefPage;
  EXPECT_NE(Fetch(page).body.find("/_bulletin/live.js"), std::string::npos);

  std::string path = tmp / kBrief;
  std::string text = ReadAll(path);
  std::ofstream(path) << ReplaceAll(text, "## What happened",
                                    "Words from the CLI test.\n\n## What happened");
  bool updated = false;
  for (int i = 0; i < 300 && !updated; ++i) {
    updated = Fetch(page).body.find("Words from the CLI test.") != std::string::npos;
    if (!updated) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(updated);
}

}  // namespace
}  // namespace bulletin
