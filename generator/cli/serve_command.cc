#include "cli/serve_command.h"

#include <filesystem>
#include <iostream>

#include "cli/serve_watch.h"
#include "cli/site_publish_watch.h"
#include "content/content_tree.h"
#include "core/sodium.h"
#include "manage/accounts.h"
#include "manage/auth_routes.h"
#include "manage/compliance.h"
#include "manage/dashboard_routes.h"
#include "manage/lrs_forwarder.h"
#include "manage/roster_routes.h"
#include "manage/xapi_route.h"
#include "quiz/paper.h"
#include "quiz/quiz_parser.h"
#include "server/error_pages.h"
#include "server/origin.h"
#include "server/page_renderer.h"
#include "server/quiz_routes.h"
#include "server/search_route.h"
#include "store/audit_log.h"
#include "store/data_layer.h"
#include "templating/page_chrome.h"
#include "templating/template_set.h"

namespace bulletin {
namespace {

// With --allowed-host, the host of base_url is always allowed too.
void AddBaseUrlHost(const std::string& base_url, std::vector<std::string>* allowed) {
  if (allowed->empty()) return;
  std::string origin = OriginOf(base_url);
  if (origin.empty()) return;
  std::string host = origin.substr(origin.find("://") + 3);
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!host.empty()) allowed->push_back(host);
}

// The server's options for serve's routes: only a manager's upload, with its session and
// csrf token, may be larger than 64 KB; with --allowed-host, base_url's host is allowed too.
ServerOptions ServerOptionsFor(const ServeOptions& options, const SiteConfig& site,
                               const AuthRoutes& gate) {
  ServerOptions server_options = options.server;
  server_options.may_upload = [&gate](const HttpRequest& head) { return gate.MayUpload(head); };
  AddBaseUrlHost(site.base_url, &server_options.allowed_hosts);
  return server_options;
}

// What serve builds its routes from: the site, its quizzes and templates.
struct ServeContent {
  ContentTree content;
  std::vector<Quiz> quizzes;  ///< not drafts
  TemplateSet templates;
};

// Loads the content and templates. Returns false after printing the errors (with --watch
// the errors show in the pages instead, so serve goes on).
bool LoadServeContent(const ServeOptions& options, bool watching, ServeContent* out) {
  RealFileSystem fs;
  Diagnostics diags;
  LoadOptions load;
  load.base_url = options.base_url;
  LoadContentTree(fs, options.content_dir, load, &diags, &out->content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, out->content, &diags, &all);
  out->templates.Load(fs, options.templates_dir, &diags);
  if (diags.HasErrors() && !watching) {
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: fix the errors above (`bulletin check` lists them) and start "
                 "again\n";
    return false;
  }
  for (Quiz& q : all) {
    if (!q.draft) out->quizzes.push_back(std::move(q));
  }
  return true;
}

// The published quizzes, read from content/ as it is when a build publishes the site.
// Returns false (printing the errors) if they cannot be read.
bool LoadPublishedQuizzes(const ServeOptions& options, std::vector<Quiz>* out) {
  RealFileSystem fs;
  Diagnostics diags;
  ContentTree content;
  LoadOptions load;
  load.base_url = options.base_url;
  LoadContentTree(fs, options.content_dir, load, &diags, &content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, content, &diags, &all);
  if (diags.HasErrors()) {
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: a new site was published but its quizzes have errors; the "
                 "quizzes already loaded stay in use\n";
    return false;
  }
  for (Quiz& q : all) {
    if (!q.draft) out->push_back(std::move(q));
  }
  return true;
}

// Opens the one data layer every route shares and, when configured, starts forwarding
// attempts to the LRS from its outbox. Returns false after printing why it cannot.
bool OpenServeData(const ServeOptions& options, const SiteConfig& site,
                   std::unique_ptr<LrsForwarder>* lrs, std::unique_ptr<DataLayer>* data) {
  std::string err;
  DataLayerOptions data_options;
  LrsSettings lrs_settings;
  const bool forwarding = !options.lrs_endpoint.empty();
  if (forwarding &&
      !PrepareLrsForwarding(options.lrs_endpoint, options.lrs_credentials_file, options.content_dir,
                            site, &lrs_settings, &data_options.attempts, &err)) {
    std::cerr << "bulletin serve: " << err << '\n';
    return false;
  }
  *data = OpenSqliteDataLayer(options.db_path, &err, std::move(data_options));
  if (!*data) {
    std::cerr << "bulletin serve: cannot open the database " << err << '\n';
    return false;
  }
  if (!forwarding) return true;
  LrsForwarderOptions lrs_options;
  lrs_options.base_delay_seconds = options.lrs_retry_seconds;
  *lrs = std::make_unique<LrsForwarder>(&(*data)->lrs_outbox(), lrs_settings, lrs_options);
  if (!(*lrs)->Start(&err)) {
    std::cerr << "bulletin serve: " << options.db_path << ": " << err << '\n';
    return false;
  }
  return true;
}

// Every route over the data layer, and the server running them until it is stopped.
int ServeWithData(const ServeOptions& options, ServeContent& loaded, DataLayer& data,
                  Watch* watch) {
  const SiteConfig& site = loaded.content.site;
  std::vector<std::pair<std::string, std::string>> pages;
  for (const Document& d : loaded.content.documents) {
    if (d.kind == DocumentKind::kPage && !d.draft && !d.withdrawn) {
      pages.emplace_back(d.title, d.Url());
    }
  }
  QuizRoutesOptions quiz_options;
  quiz_options.attempts_per_day = options.attempts_per_day;
  quiz_options.site_dir = options.server.site_dir;
  quiz_options.retry_wait_seconds = options.retry_wait_seconds;
  // The key papers are sealed with lives beside the database, so papers served before a
  // restart are still accepted.
  std::string err;
  std::filesystem::path key_path =
      std::filesystem::path(options.db_path).parent_path() / "paper.key";
  quiz_options.paper_key = LoadOrCreatePaperKey(key_path.string(), &err);
  if (quiz_options.paper_key.empty()) {
    std::cerr << "bulletin serve: " << err << '\n';
    return 1;
  }
  nlohmann::json chrome = SiteChrome(site, pages, Date::Today().year);
  QuizRoutes routes(site, loaded.quizzes, loaded.templates, chrome, &data.attempts(), quiz_options);
  PageRenderer page_renderer(site, loaded.templates, chrome, !loaded.quizzes.empty());
  AccountOptions account_options;
  account_options.site_name = site.name;
  account_options.site_short_name = site.short_name;
  AccountStore accounts(&data.accounts(), account_options);
  XapiExportRoute xapi_export(&data.reports(), site, &data.audit(), &page_renderer);
  ComplianceEngine compliance(&data.reports(), site, loaded.quizzes);
  DashboardRoutes dashboard(site, loaded.quizzes, &page_renderer, &data.reports(), &compliance,
                            &data.audit());
  AuthRoutes gate(&page_renderer, &accounts, &data.audit());
  RosterRoutes roster(site, &dashboard, &data.roster(), &data.audit());
  SearchRoute search(&page_renderer, options.server.site_dir);
  // A build publishing a new site (its atomic swap) loads the quizzes afresh: new ones take
  // submissions at once, and papers served from an edited one are still graded against it.
  std::unique_ptr<SitePublishWatch> publish_watch;
  if (!watch) {
    publish_watch = std::make_unique<SitePublishWatch>(options.server.site_dir, [&] {
      std::vector<Quiz> fresh;
      if (!LoadPublishedQuizzes(options, &fresh)) return;
      std::cout << "bulletin serve: a new site was published; " << fresh.size() << " quizzes loaded"
                << std::endl;
      routes.Publish(std::move(fresh));
    });
  }
  ErrorPages error_pages(page_renderer, [](const std::string& line) {
    std::cerr << "bulletin serve: " << line << std::endl;
  });
  int status = RunServer(ServerOptionsFor(options, site, gate), std::cout, [&](Router& router) {
    error_pages.AddTo(&router);
    routes.AddTo(&router);
    search.AddTo(&router);
    gate.AddTo(&router);
    xapi_export.AddTo(&router, gate);
    if (watch) watch->live().AddTo(&router, options.server.site_dir);
    dashboard.AddTo(&router, gate);
    roster.AddTo(&router, gate);
  });
  publish_watch.reset();
  return status;
}

}  // namespace

int RunServeCommand(const ServeOptions& options) {
  if (!StartSodium()) {
    std::cerr << "bulletin serve: libsodium could not start\n";
    return 1;
  }
  RealFileSystem fs;
  if (!fs.IsDirectory(options.content_dir)) {
    std::cerr << "bulletin serve: warning: no content folder at " << options.content_dir
              << "; serving the site without quiz grading or certificates (pass --content DIR)\n";
    return RunServer(options.server, std::cout);
  }
  std::unique_ptr<Watch> watch;
  if (options.watch && !(watch = StartServeWatch(options))) return 1;
  ServeContent loaded;
  if (!LoadServeContent(options, watch != nullptr, &loaded)) return 1;
  std::unique_ptr<DataLayer> data;  // outlives the forwarder, which uses its outbox
  std::unique_ptr<LrsForwarder> lrs;
  if (!OpenServeData(options, loaded.content.site, &lrs, &data)) return 1;
  int status = ServeWithData(options, loaded, *data, watch.get());
  if (lrs) lrs->Stop();  // after the last request: every recorded attempt is in the outbox
  return status;
}

}  // namespace bulletin
