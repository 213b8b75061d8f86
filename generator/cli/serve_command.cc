#include "cli/serve_command.h"

#include <sodium.h>

#include <iostream>

#include "cli/serve_watch.h"
#include "content/content_tree.h"
#include "manage/accounts.h"
#include "manage/audit.h"
#include "manage/auth_routes.h"
#include "manage/compliance.h"
#include "manage/dashboard_routes.h"
#include "manage/lrs_forwarder.h"
#include "manage/roster_routes.h"
#include "manage/xapi_route.h"
#include "quiz/quiz_parser.h"
#include "server/origin.h"
#include "server/page_renderer.h"
#include "server/quiz_routes.h"
#include "store/store.h"
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

}  // namespace

int RunServeCommand(const ServeOptions& options) {
  if (sodium_init() < 0) {
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
  Diagnostics diags;
  ContentTree content;
  LoadContentTree(fs, options.content_dir, LoadOptions(), &diags, &content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, content, &diags, &all);
  TemplateSet templates;
  templates.Load(fs, options.templates_dir, &diags);
  if (diags.HasErrors() && !watch) {  // with --watch, the errors show in the pages
    diags.Sort();
    std::cerr << diags.FormatAll()
              << "bulletin serve: fix the errors above (`bulletin check` lists them) and start "
                 "again\n";
    return 1;
  }
  std::vector<Quiz> quizzes;
  for (Quiz& q : all) {
    if (!q.draft) quizzes.push_back(std::move(q));
  }
  std::string err;
  StoreOptions store_options;
  std::unique_ptr<LrsForwarder> lrs;
  if (!options.lrs_endpoint.empty()) {
    LrsForwarderOptions lrs_options;
    lrs_options.base_delay_seconds = options.lrs_retry_seconds;
    lrs =
        StartLrsForwarding(options.lrs_endpoint, options.lrs_credentials_file, options.content_dir,
                           options.db_path, content.site, lrs_options, &store_options, &err);
    if (!lrs) {
      std::cerr << "bulletin serve: " << err << '\n';
      return 1;
    }
  }
  std::unique_ptr<Store> store = OpenSqliteStore(options.db_path, &err, store_options);
  if (!store) {
    std::cerr << "bulletin serve: cannot open the database " << err << '\n';
    return 1;
  }
  std::vector<std::pair<std::string, std::string>> pages;
  for (const Document& d : content.documents) {
    if (d.kind == DocumentKind::kPage && !d.draft && !d.withdrawn) {
      pages.emplace_back(d.title, d.Url());
    }
  }
  QuizRoutesOptions quiz_options;
  quiz_options.attempts_per_day = options.attempts_per_day;
  nlohmann::json chrome = SiteChrome(content.site, pages, Date::Today().year);
  QuizRoutes routes(content.site, quizzes, templates, chrome, store.get(), quiz_options);
  PageRenderer page_renderer(content.site, templates, chrome, !quizzes.empty());
  AccountOptions account_options;
  account_options.site_name = content.site.name;
  account_options.site_short_name = content.site.short_name;
  std::unique_ptr<AccountStore> accounts;
  std::unique_ptr<AuditLog> audit;
  std::unique_ptr<XapiExportRoute> xapi_export;
  std::unique_ptr<ComplianceEngine> compliance;
  std::unique_ptr<DashboardRoutes> dashboard;
  try {
    accounts = std::make_unique<AccountStore>(options.db_path, account_options);
    audit = std::make_unique<AuditLog>(options.db_path);
    xapi_export = std::make_unique<XapiExportRoute>(options.db_path, content.site, audit.get());
    compliance = std::make_unique<ComplianceEngine>(options.db_path, content.site, quizzes);
    dashboard = std::make_unique<DashboardRoutes>(content.site, quizzes, &page_renderer,
                                                  options.db_path, compliance.get(), audit.get());
  } catch (const std::exception& e) {
    std::cerr << "bulletin serve: cannot open the database " << options.db_path << ": " << e.what()
              << '\n';
    return 1;
  }
  AuthRoutes gate(&page_renderer, accounts.get(), audit.get());
  RosterRoutes roster(content.site, dashboard.get(), options.db_path, audit.get());
  ServerOptions server_options = options.server;
  // Only a manager's upload, with its session and csrf token, may be larger than 64 KB.
  server_options.may_upload = [&gate](const HttpRequest& head) { return gate.MayUpload(head); };
  AddBaseUrlHost(content.site.base_url, &server_options.allowed_hosts);
  int status = RunServer(server_options, std::cout, [&](Router& router) {
    routes.AddTo(&router);
    gate.AddTo(&router);
    xapi_export->AddTo(&router, gate);
    if (watch) watch->live().AddTo(&router, options.server.site_dir);
    dashboard->AddTo(&router, gate);
    roster.AddTo(&router, gate);
  });
  if (lrs) lrs->Stop();  // after the last request: every recorded attempt is in the outbox
  return status;
}

}  // namespace bulletin
