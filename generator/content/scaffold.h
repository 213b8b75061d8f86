#pragma once

#include <string>

#include "core/date.h"
#include "core/diagnostics.h"

namespace bulletin {

enum class ScaffoldKind { kBrief, kBulletin, kQuiz, kPage };

/// The text of a new content file of `kind` titled `title`, dated `today`, whose front
/// matter is valid for a site that has the theme `first_theme`.
std::string ScaffoldText(ScaffoldKind kind, const std::string& title, const Date& today,
                         const std::string& first_theme);

/// Warns at path:line:col about each piece of starter text a ScaffoldText file had that is
/// still in `text` (the placeholder question, summary, theme, ...), so it does not go live.
/// Callers skip drafts: a draft is where the starter text is being replaced.
void WarnScaffoldPlaceholders(std::string_view text, const std::string& path, Diagnostics* diags);

/// "briefs", "bulletins", "quizzes", "pages".
const char* ScaffoldFolder(ScaffoldKind kind);

}  // namespace bulletin
