#include "cli/serve_command.h"

#include <sodium.h>

#include <iostream>

#include "content/content_tree.h"
#include "manage/accounts.h"
#include "manage/audit.h"
#include "manage/auth_routes.h"
#include "manage/compliance.h"
#include "manage/dashboard_routes.h"
#include "manage/roster_routes.h"
#include "quiz/quiz_parser.h"
#include "server/page_renderer.h"
#include "server/quiz_routes.h"
#include "store/store.h"
#include "templating/page_chrome.h"
#include "templating/template_set.h"

namespace bulletin {

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
  Diagnostics diags;
  ContentTree content;
  LoadContentTree(fs, options.content_dir, LoadOptions(), &diags, &content);
  std::vector<Quiz> all;
  LoadQuizzes(fs, options.content_dir, content, &diags, &all);
  TemplateSet templates;
  templates.Load(fs, options.templates_dir, &diags);
  if (diags.HasErrors()) {
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
  std::unique_ptr<Store> store = OpenSqliteStore(options.db_path, &err);
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
  try {
    accounts = std::make_unique<AccountStore>(options.db_path, account_options);
    audit = std::make_unique<AuditLog>(options.db_path);
  } catch (const std::exception& e) {
    std::cerr << "bulletin serve: cannot open the database " << options.db_path << ": "
              << e.what() << '\n';
    return 1;
  }
  AuthRoutes gate(&page_renderer, accounts.get(), audit.get());
  std::unique_ptr<ComplianceEngine> compliance;
  std::unique_ptr<DashboardRoutes> dashboard;
  try {
    compliance = std::make_unique<ComplianceEngine>(options.db_path, content.site, quizzes);
    dashboard = std::make_unique<DashboardRoutes>(content.site, quizzes, &page_renderer,
                                                  options.db_path, compliance.get(), audit.get());
  } catch (const std::exception& e) {
    std::cerr << "bulletin serve: cannot read the database " << options.db_path << ": "
              << e.what() << '\n';
    return 1;
  }
  RosterRoutes roster(content.site, dashboard.get(), options.db_path, audit.get());
  return RunServer(options.server, std::cout, [&](Router& router) {
    routes.AddTo(&router);
    gate.AddTo(&router);
    dashboard->AddTo(&router, gate);
    roster.AddTo(&router, gate);
  });
}

}  // namespace bulletin
