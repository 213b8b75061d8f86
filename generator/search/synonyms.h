#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/stemmer.h"

namespace bulletin {

/// The sector's acronyms and synonyms that every site gets: MASH, DASH, MARAC, DA/DV,
/// CSE, CCE, LADO, CSPR, SCR, SAR, DHR, CP, CIN, CSC, IDVA, Clare's Law / DVDS, coercive
/// control ... Each group is a list of equivalent terms or phrases, as written.
const std::vector<std::vector<std::string>>& DefaultSynonymGroups();

/// Equivalent phrases compiled to stem sequences, each group with a synthetic index term
/// ("~0", "~1" ...) that the index adds wherever any phrase of the group occurs, so a
/// query for one phrase finds documents that use another: "MASH" finds "Multi-Agency
/// Safeguarding Hub" and the reverse.
class SynonymTable {
 public:
  struct Group {
    std::string term;                             ///< "~3": never a real word
    std::vector<std::string> phrases;             ///< as written, first one is the label
    std::vector<std::vector<std::string>> stems;  ///< each phrase folded, stop words out, stemmed
  };

  SynonymTable() = default;
  /// Compiles `groups` (defaults first, then the site's). Groups that share a phrase (after
  /// folding and stemming) are merged; phrases of stop words only are dropped; groups left
  /// with fewer than two phrases are dropped. Deterministic: the same input, the same terms.
  SynonymTable(const std::vector<std::vector<std::string>>& groups, Stemmer* stemmer);

  const std::vector<Group>& groups() const { return groups_; }

  /// The folded, stemmed words of a phrase without its stop words.
  static std::vector<std::string> PhraseStems(std::string_view phrase, Stemmer* stemmer);

 private:
  std::vector<Group> groups_;
};

}  // namespace bulletin
