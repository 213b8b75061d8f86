// The `bulletin` program: parses flags, calls the libraries, prints diagnostics.
#include <unistd.h>

#ifdef BULLETIN_MIMALLOC
#include <mimalloc.h>
#endif

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <thread>

#include "check/check_command.h"
#include "cli/admin_command.h"
#include "cli/build_progress.h"
#include "cli/serve_command.h"
#include "content/scaffold.h"
#include "content/site_config.h"
#include "content/theme_list_edit.h"
#include "core/diagnostics.h"
#include "core/file_system.h"
#include "core/text.h"
#include "sitegen/site_builder.h"

namespace bulletin {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitUsage = 2;
// A bug or a broken environment, not the input: EX_SOFTWARE from sysexits.h.
constexpr int kExitInternalError = 70;

void PrintDiagnostics(const Diagnostics& diags) {
  std::cerr << diags.FormatAll();
  if (diags.error_count() || diags.warning_count()) {
    std::cerr << diags.error_count() << (diags.error_count() == 1 ? " error" : " errors") << ", "
              << diags.warning_count() << (diags.warning_count() == 1 ? " warning" : " warnings")
              << '\n';
  }
}

int RunBuild(BuildOptions options) {
  RealFileSystem fs;
  Diagnostics diags;
  BuildStats stats;
  std::shared_ptr<BuildCheckTally> tally = AddBuildChecks(&options);
  options.progress = BuildProgress(std::cerr, ::isatty(STDERR_FILENO) != 0);
  auto started = std::chrono::steady_clock::now();
  bool ok = BuildSite(fs, options, &diags, &stats);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintDiagnostics(diags);
  std::cerr << ReadingEaseSummary(tally->hard_to_read);
  if (!ok) {
    if (options.write) std::cerr << "build failed; " << options.out_dir << "/ was left as it was\n";
    return kExitInputErrors;
  }
  if (options.write) {
    std::cout << "built " << stats.pages << " pages (" << stats.files << " files";
    if (stats.rendered < stats.pages) {
      std::cout << "; " << stats.rendered << " rendered, the rest unchanged";
    }
    std::cout << ") from " << stats.documents << " documents into " << options.out_dir << "/ in "
              << std::fixed << std::setprecision(2) << seconds << " s, " << diags.warning_count()
              << (diags.warning_count() == 1 ? " warning" : " warnings") << "\n";
  } else {
    std::cout << "checked " << stats.documents << " documents: no errors\n";
  }
  return kExitOk;
}

// `bulletin new theme "Name"`: one more entry in site.yaml's themes.
int RunNewTheme(const std::string& name, const std::string& content_dir) {
  RealFileSystem fs;
  const std::string path = JoinPath(content_dir, "site.yaml");
  std::string text, err, slug;
  if (!fs.ReadFile(path, &text, &err)) {
    std::cerr << path << ": error: cannot read: " << err << '\n';
    return kExitInputErrors;
  }
  if (!AddThemeToSiteYaml(&text, name, &slug, &err)) {
    std::cerr << path << ": error: " << err << '\n';
    return kExitInputErrors;
  }
  if (!WriteFileCreatingDirs(path, text, &err)) {
    std::cerr << "bulletin new: " << err << '\n';
    return kExitInputErrors;
  }
  std::cout << "added the theme '" << slug << "' to " << path
            << "; give it a description there, and use it in front matter as themes: [" << slug
            << "]\n";
  return kExitOk;
}

int RunNew(const std::string& kind_name, const std::string& title, const std::string& content_dir) {
  if (kind_name == "theme") return RunNewTheme(title, content_dir);
  ScaffoldKind kind;
  if (kind_name == "brief") {
    kind = ScaffoldKind::kBrief;
  } else if (kind_name == "bulletin") {
    kind = ScaffoldKind::kBulletin;
  } else if (kind_name == "quiz") {
    kind = ScaffoldKind::kQuiz;
  } else if (kind_name == "page") {
    kind = ScaffoldKind::kPage;
  } else {
    std::cerr << "bulletin new: unknown kind '" << kind_name
              << "'; use brief, bulletin, quiz, page or theme\n";
    return kExitUsage;
  }
  std::string slug = Slugify(title);
  if (slug.empty()) {
    std::cerr << "bulletin new: the title needs at least one letter or digit\n";
    return kExitUsage;
  }
  RealFileSystem fs;
  std::string first_theme = "your-theme";
  std::string site_text, err;
  if (fs.ReadFile(JoinPath(content_dir, "site.yaml"), &site_text, &err)) {
    Diagnostics ignored;
    SiteConfig site;
    ParseSiteConfig(site_text, JoinPath(content_dir, "site.yaml"), &ignored, &site);
    if (!site.themes.empty()) first_theme = site.themes.front().slug;
  }
  std::string path = JoinPath(JoinPath(content_dir, ScaffoldFolder(kind)), slug + ".md");
  // Briefs, bulletins and pages share one set of slugs.
  std::vector<std::string> taken = {path};
  if (kind != ScaffoldKind::kQuiz) {
    for (const char* folder : {"briefs", "bulletins", "pages"}) {
      taken.push_back(JoinPath(JoinPath(content_dir, folder), slug + ".md"));
    }
  }
  for (const std::string& other : taken) {
    if (fs.IsFile(other)) {
      std::cerr << other << ": error: already exists; choose another title or edit that file\n";
      return kExitInputErrors;
    }
  }
  if (!WriteFileCreatingDirs(path, ScaffoldText(kind, title, Date::Today(), first_theme), &err)) {
    std::cerr << "bulletin new: " << err << '\n';
    return kExitInputErrors;
  }
  std::cout << "created " << path << '\n';
  return kExitOk;
}

// --content, --templates and --drafts, which build and check share.
void AddContentFlags(CLI::App* cmd, BuildOptions* build) {
  cmd->add_option("--content", build->content_dir, "content folder")->capture_default_str();
  cmd->add_option("--templates", build->templates_dir, "templates folder")->capture_default_str();
  cmd->add_flag("--drafts", build->drafts, "include content marked draft: true");
}

// An absolute http(s) address, for --base-url.
const CLI::Validator& AbsoluteUrl() {
  static const CLI::Validator kAbsoluteUrl(
      [](std::string& url) -> std::string {
        if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) return "";
        return "must start with https:// or http://, as in http://127.0.0.1:8080/";
      },
      "URL");
  return kAbsoluteUrl;
}

CLI::App* AddBuildCommand(CLI::App* app, BuildOptions* build, bool* clean) {
  CLI::App* build_cmd = app->add_subcommand("build", "build content/ and templates/ into site/");
  AddContentFlags(build_cmd, build);
  build_cmd->add_option("--out", build->out_dir, "output folder")->capture_default_str();
  build_cmd
      ->add_option("--base-url", build->base_url,
                   "the address the site is served at, instead of site.yaml's base_url (for "
                   "certificates, the feed, the sitemap and canonical links)")
      ->check(AbsoluteUrl());
  build_cmd->add_flag("--clean", *clean,
                      "render every page, ignoring the cache the last build left beside the "
                      "output folder (a new one is left all the same)");
  return build_cmd;
}

CLI::App* AddCheckCommand(CLI::App* app, BuildOptions* build, CheckCommandOptions* check_options,
                          std::string* check_format) {
  CLI::App* check_cmd = app->add_subcommand("check", "validate content without writing the site");
  AddContentFlags(check_cmd, build);
  CheckCommandOptions& check = *check_options;
  check_cmd->add_flag("--external", check.external, "also check http(s) links over the network");
  check_cmd->add_flag("--offline", check.offline, "external links from the link cache only");
  check_cmd->add_flag("--strict", check.strict, "treat warnings as errors");
  check_cmd->add_flag("--reading-ease", check.reading_ease,
                      "list each brief and bulletin that reads harder than plain English");
  check_cmd->add_option("--format", *check_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check_cmd->add_option("--cache", check.cache_path,
                        "link cache file (default: .bulletin/link-cache.db beside content/)");
  check_cmd->add_option("--cache-ttl", check.cache_ttl_hours, "hours a cached result is trusted")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  check_cmd->add_option("--max-per-host", check.http.max_per_host, "requests in flight per host")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  return check_cmd;
}

CLI::App* AddServeCommand(CLI::App* app, ServeOptions* serve_options) {
  ServeOptions& serve = *serve_options;
  serve.server.threads = static_cast<int>(std::max(2u, 2 * std::thread::hardware_concurrency()));
  CLI::App* serve_cmd =
      app->add_subcommand("serve", "serve the built site, quizzes and certificates");
  serve_cmd->add_option("--host", serve.server.host, "address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", serve.server.port, "port to listen on")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--site", serve.server.site_dir, "built site folder")
      ->capture_default_str();
  serve_cmd->add_option("--content", serve.content_dir, "content folder (site.yaml, quizzes)")
      ->capture_default_str();
  serve_cmd->add_option("--templates", serve.templates_dir, "templates folder")
      ->capture_default_str();
  serve_cmd->add_option("--db", serve.db_path, "SQLite database file")->capture_default_str();
  serve_cmd
      ->add_option("--attempts-per-day", serve.attempts_per_day,
                   "quiz attempts allowed per person per quiz per day (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  serve_cmd->add_option("--lrs-endpoint", serve.lrs_endpoint,
                        "forward each attempt as an xAPI statement to this LRS "
                        "(https://.../xapi/); login from BULLETIN_LRS_USERNAME and "
                        "BULLETIN_LRS_PASSWORD");
  serve_cmd->add_option("--lrs-credentials-file", serve.lrs_credentials_file,
                        "file with BULLETIN_LRS_USERNAME=... and BULLETIN_LRS_PASSWORD=... lines "
                        "(not inside content/)");
  serve_cmd
      ->add_option("--lrs-retry-seconds", serve.lrs_retry_seconds,
                   "first wait after the LRS fails; doubles on each failure, up to an hour")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve_cmd
      ->add_option("--threads", serve.server.threads, "network threads (default: two per core)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  serve_cmd
      ->add_option("--workers", serve.server.worker_threads,
                   "request handler threads; they wait for the database, so more than cores")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve_cmd->add_flag("--watch", serve.watch,
                      "build the site, rebuild it when content/ or templates/ change, and reload "
                      "open pages (live preview)");
  serve_cmd->add_flag("--drafts", serve.drafts, "with --watch: include content marked draft: true");
  serve_cmd
      ->add_option("--base-url", serve.base_url,
                   "the address this server is reached at, instead of site.yaml's base_url (for "
                   "certificate links and e-mails; with --watch, the pages too)")
      ->check(AbsoluteUrl());
  return serve_cmd;
}

int Main(int argc, char** argv) {
  CLI::App app{"bulletin: safeguarding learning briefs, bulletins and quizzes as a website"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "bulletin " BULLETIN_VERSION);

  BuildOptions build;
  bool clean = false;
  CLI::App* build_cmd = AddBuildCommand(&app, &build, &clean);
  CheckCommandOptions check;
  std::string check_format = "text";
  CLI::App* check_cmd = AddCheckCommand(&app, &build, &check, &check_format);
  ServeOptions serve;
  CLI::App* serve_cmd = AddServeCommand(&app, &serve);
  std::string new_kind, new_title, new_content = "content";
  CLI::App* new_cmd = app.add_subcommand(
      "new", "create a content file with valid front matter, or add a theme to site.yaml");
  new_cmd->add_option("kind", new_kind, "brief, bulletin, quiz, page or theme")->required();
  new_cmd->add_option("title", new_title, "the title, in quotes")->required();
  new_cmd->add_option("--content", new_content, "content folder")->capture_default_str();

  AdminOptions admin;
  AdminRun admin_run;
  AddAdminCommands(&app, &admin, &admin_run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (*build_cmd) {
    build.cache = true;
    build.clean = clean;
    return RunBuild(build);
  }
  if (*check_cmd) {
    check.json = check_format == "json";
    check.progress = !check.json && isatty(STDERR_FILENO);
    RealFileSystem fs;
    return RunCheckCommand(fs, build, check, std::cout, std::cerr);
  }
  if (*serve_cmd) return RunServeCommand(serve);
  if (*new_cmd) return RunNew(new_kind, new_title, new_content);
  if (admin_run) return admin_run();
  return kExitUsage;
}

}  // namespace
}  // namespace bulletin

int main(int argc, char** argv) {
#ifdef BULLETIN_MIMALLOC
  // Keep freed memory for reuse rather than handing it back to the system after 25 ms:
  // `serve --watch` allocates and frees the same hundreds of megabytes on every save, and
  // taking them back costs a page fault per 4 KiB (at 10,000 briefs an update returned in
  // ~270 ms instead of ~105, the search index in ~800 ms instead of ~400). A one-off
  // build's peak is the same either way; a server's memory stays at its high-water mark,
  // as it would with glibc's malloc.
  mi_option_disable(mi_option_allow_decommit);
#endif
  try {
    return bulletin::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "bulletin: internal error: " << e.what() << '\n';
    return bulletin::kExitInternalError;
  }
}
