#pragma once

#include "check/finding.h"
#include "content/document.h"

namespace bulletin {

/// Accessibility and plain-English lint of one document's body: headings that
/// skip a level or repeat the page's h1, images without alt text, link text
/// that says nothing
/// ("click here", "here", "read more"...), sentences over 35 words, paragraphs
/// that look like an untagged Think prompt ("Think", “Think”, "- Think:", bold
/// or italic, "Questions to consider"), wording in a Think prompt or key message
/// that depends on its page ("above", "this brief", "below"), bullets pasted
/// from Word ("•" and a tab), and for briefs and bulletins that read harder than plain
/// English (kPlainEnglishReadingEase) a note with the Flesch reading ease. Warnings and notes go
/// into `report` at their file line:col.
void LintDocument(const Document& doc, CheckReport* report);

}  // namespace bulletin
