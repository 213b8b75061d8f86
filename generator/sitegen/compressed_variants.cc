#include "sitegen/compressed_variants.h"

#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "core/precompressed.h"

namespace bulletin {
namespace {

enum class Source { kMade, kCopied, kKept };

struct Job {
  std::string path;
  Source source;
  std::string from;  // the file a copy is made from
};

bool ReadSource(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes->assign(std::istreambuf_iterator<char>(in), {});
  return !in.bad();
}

bool IsVariant(const std::string& path) {
  for (const CompressionVariant& variant : kCompressionVariants) {
    if (path.ends_with(variant.suffix)) return true;
  }
  return false;
}

}  // namespace

void AddCompressedVariants(OutputTree* out, const Fingerprints* live, Diagnostics* diags) {
  std::vector<Job> jobs;
  for (const std::string& path : out->FilePaths()) jobs.push_back({path, Source::kMade, ""});
  for (const auto& [path, from] : out->copies()) jobs.push_back({path, Source::kCopied, from});
  for (const std::string& path : out->kept()) {
    if (!live) {
      jobs.push_back({path, Source::kKept, ""});
      continue;
    }
    // Kept unchanged: so are its variants (none where compressing did not pay).
    for (const CompressionVariant& variant : kCompressionVariants) {
      std::string name = path + std::string(variant.suffix);
      if (live->contains(name) && !out->Has(name)) out->Keep(name);
    }
  }
  std::erase_if(
      jobs, [](const Job& job) { return !IsCompressiblePath(job.path) || IsVariant(job.path); });
  std::mutex mu;
  ParallelFor(jobs.size(), WorkerCount(jobs.size(), 8), [&](size_t i, size_t) {
    const Job& job = jobs[i];
    std::string bytes;
    bool read =
        job.source == Source::kCopied ? ReadSource(job.from, &bytes) : out->Read(job.path, &bytes);
    if (!read) {
      std::lock_guard<std::mutex> lock(mu);
      diags->Error(job.path, 0, 0,
                   "could not read this file back to compress it; build again, or with --clean");
      return;
    }
    for (CompressedForm& form : CompressedForms(bytes)) {
      std::string name = job.path + std::string(kCompressionVariants[form.variant].suffix);
      if (!out->Has(name)) out->Add(name, std::move(form.bytes));
    }
  });
}

}  // namespace bulletin
