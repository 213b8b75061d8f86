#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sitegen/site_model.h"

namespace bulletin {

// Which pages a change to some briefs and bulletins touches, for the two builds that render
// only those: `serve --watch` (sitegen/incremental.h) and `bulletin build` over its cache
// (sitegen/build_cache.h).

/// What the rest of the site shows of one brief or bulletin: enough to tell, after it
/// changes, which other pages show something else now.
struct ShownDocument {
  std::string path;  ///< the source file, as the loader names it
  DocumentKind kind = DocumentKind::kBrief;
  std::string slug;
  std::vector<std::string> themes;  ///< its own, then those only its blocks declare
  /// Its card in lists, theme pages and related learning, and what places it among related
  /// briefs; empty if it is not published.
  std::string card;
  /// A hash of its Think and Key blocks as /think/ and /key-messages/ show them (0 if it is
  /// not published).
  uint64_t blocks = 0;
};

/// `d` as the site shows it, with `blocks` from its rendered body.
ShownDocument Describe(const Document& d, const std::vector<Block>& blocks, bool drafts);

/// Each article page's related briefs as last written: page URL -> slugs, best first.
using RelatedLists = std::unordered_map<std::string, std::vector<std::string>>;

/// The URLs of the pages whose bytes may differ now that the documents at `changed` (paths,
/// as the loader names them) are as `model` has them, where each was as `before` says
/// (nullopt: it did not exist): their own pages, the lists and theme pages that show their
/// cards or blocks, the quiz pages that list them, the pages whose related learning changes
/// or that they supersede, and the
/// pages their #anchor links point to (checked against those pages' html). `before` is
/// indexed like `changed`; `related` is as last written.
std::set<std::string> PagesToRender(const SiteModel& model, const std::vector<std::string>& changed,
                                    const std::vector<std::optional<ShownDocument>>& before,
                                    const RelatedLists& related, bool drafts);

/// Brings `related` up to date with `model` for the pages at `urls` (every article page if
/// null), and forgets pages that are gone. Shares the work between the cores.
void UpdateRelated(const SiteModel& model, const std::set<std::string>* urls,
                   RelatedLists* related);

/// The index in content.documents (sorted by path) of the document at `path`, or where it
/// would go.
size_t DocumentPosition(const ContentTree& content, const std::string& path);

}  // namespace bulletin
