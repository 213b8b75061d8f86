#include "check/check_command.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>

#include "check/external_links.h"
#include "check/internal_links.h"
#include "check/readability.h"
#include "check/site_checker.h"

namespace bulletin {
namespace {

std::string DefaultCachePath(std::string content_dir) {
  while (content_dir.size() > 1 && content_dir.back() == '/') content_dir.pop_back();
  std::filesystem::path parent = std::filesystem::path(content_dir).parent_path();
  return (parent / ".bulletin" / "link-cache.db").string();
}

std::string Plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int Run(const FileSystem& fs, BuildOptions build, const CheckCommandOptions& options,
        std::ostream& out, std::ostream& err) {
  CheckReport report;
  std::vector<ExternalLink> external;
  std::string base_url;
  build.write = false;
  std::mutex report_mutex;
  build.inspect_document = [&](const Document& doc, const SiteConfig& site, Diagnostics*) {
    CheckReport own;
    CheckDocument(doc, site, build.drafts, &own);
    std::lock_guard<std::mutex> lock(report_mutex);
    for (const Finding& f : own.items()) report.Add(f);
  };
  build.inspect = [&](const SiteModel& model, const OutputTree& tree, Diagnostics*) {
    base_url = model.site().base_url;
    CheckInternalLinks(model, tree, &report, &external);
  };
  Diagnostics diags;
  BuildStats stats;
  BuildSite(fs, build, &diags, &stats);
  report.AddDiagnostics(diags);
  int hard_to_read = 0;
  if (!options.reading_ease) hard_to_read = report.RemoveKind("reading-ease");

  ExternalCheckStats ext_stats;
  if ((options.external || options.offline) && !external.empty()) {
    ExternalCheckOptions ext;
    ext.http = options.http;
    ext.http.user_agent = "bulletin-link-checker/0.1 (+" + base_url + ")";
    ext.cache_path =
        options.cache_path.empty() ? DefaultCachePath(build.content_dir) : options.cache_path;
    ext.cache_ttl_seconds = static_cast<int64_t>(options.cache_ttl_hours * 3600);
    ext.offline = options.offline;
    auto last = std::chrono::steady_clock::time_point();
    if (options.progress) {
      ext.progress = [&](size_t done, size_t total) {
        auto now = std::chrono::steady_clock::now();
        if (done < total && now - last < std::chrono::milliseconds(100)) return;
        last = now;
        err << "\rchecking external links: " << done << "/" << total << std::flush;
      };
    }
    CheckExternalLinks(external, ext, &report, &ext_stats);
    if (options.progress) err << "\r\033[K" << std::flush;
  }

  if (options.strict) report.MakeWarningsErrors();
  report.Sort();
  int errors = report.count(FindingSeverity::kError);
  int warnings = report.count(FindingSeverity::kWarning);
  if (options.json) {
    out << report.FormatJson();
  } else {
    err << report.FormatText() << ReadingEaseSummary(hard_to_read);
    std::string summary = "checked " + Plural(stats.documents, "document");
    if (options.external || options.offline) {
      summary += " and " + Plural(ext_stats.urls, "external link") + " (" +
                 std::to_string(ext_stats.from_cache) + " from the cache, " +
                 Plural(ext_stats.requests, "request") + ")";
    }
    if (errors || warnings) {
      err << summary << ": " << Plural(errors, "error") << ", " << Plural(warnings, "warning")
          << "\n";
    } else {
      out << summary << ": no errors\n";
    }
  }
  return errors ? 1 : 0;
}

}  // namespace

int RunCheckCommand(const FileSystem& fs, BuildOptions build, const CheckCommandOptions& options,
                    std::ostream& out, std::ostream& err) {
  try {
    return Run(fs, std::move(build), options, out, err);
  } catch (const std::exception& e) {
    err << "bulletin check: internal error: " << e.what() << "\n";
    return 1;
  }
}

std::function<void(const SiteModel&, const OutputTree&, Diagnostics*)> InternalLinkInspector(
    bool remember) {
  std::shared_ptr<InternalLinkMemo> memo;
  if (remember) memo = std::make_shared<InternalLinkMemo>();
  return [memo](const SiteModel& model, const OutputTree& out, Diagnostics* diags) {
    CheckReport report;
    std::vector<ExternalLink> external;
    if (memo) {
      memo->Check(model, out, &report, &external);
    } else {
      CheckInternalLinks(model, out, &report, &external);
    }
    AddToDiagnostics(report, diags);
  };
}

}  // namespace bulletin

namespace bulletin {

std::shared_ptr<BuildCheckTally> AddBuildChecks(BuildOptions* options, bool remember) {
  auto tally = std::make_shared<BuildCheckTally>();
  bool drafts = options->drafts;
  options->inspect_document = [tally, drafts](const Document& doc, const SiteConfig& site,
                                              Diagnostics* diags) {
    CheckReport report;
    CheckDocument(doc, site, drafts, &report);
    tally->hard_to_read += report.RemoveKind("reading-ease");
    AddToDiagnostics(report, diags);
  };
  options->inspect = InternalLinkInspector(remember);
  return tally;
}

std::string ReadingEaseSummary(int files) {
  if (files == 0) return "";
  return std::to_string(files) + (files == 1 ? " file reads" : " files read") +
         " harder than plain English (reading ease under " +
         std::to_string(kPlainEnglishReadingEase) +
         "); `bulletin check --reading-ease` lists them\n";
}

}  // namespace bulletin
