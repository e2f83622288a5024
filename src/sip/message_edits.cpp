#include "sip/message_edits.h"

#include <algorithm>

namespace kemid::sip {

bool overlaps(const TextEdit& earlier, const TextEdit& edit) {
  std::size_t earlierEnd = earlier.offset + earlier.length;
  std::size_t editEnd = edit.offset + edit.length;
  if (earlier.length == 0 && edit.length == 0) return false;  // two insertions never clash
  if (earlier.length == 0) return edit.offset < earlier.offset && earlier.offset < editEnd;
  if (edit.length == 0) return earlier.offset < edit.offset && edit.offset < earlierEnd;
  return edit.offset < earlierEnd && earlier.offset < editEnd;
}

bool MessageEdits::clashes(const TextEdit& edit) const {
  return std::any_of(edits_.begin(), edits_.end(),
                     [&](const TextEdit& earlier) { return overlaps(earlier, edit); });
}

bool MessageEdits::add(TextEdit edit) {
  if (clashes(edit)) {
    ++refused_;
    return false;
  }
  edits_.push_back(std::move(edit));
  return true;
}

TextEdit* MessageEdits::find(std::size_t offset, std::size_t length) {
  auto it = std::find_if(edits_.begin(), edits_.end(), [&](const TextEdit& edit) {
    return edit.offset == offset && edit.length == length;
  });
  return it == edits_.end() ? nullptr : &*it;
}

const TextEdit* MessageEdits::find(std::size_t offset, std::size_t length) const {
  return const_cast<MessageEdits*>(this)->find(offset, length);
}

TextEdit* MessageEdits::findInsertion(std::size_t offset, std::string_view text) {
  auto it = std::find_if(edits_.begin(), edits_.end(), [&](const TextEdit& edit) {
    return edit.offset == offset && edit.length == 0 && edit.text == text;
  });
  return it == edits_.end() ? nullptr : &*it;
}

void MessageEdits::erase(const TextEdit* edit) {
  std::erase_if(edits_, [&](const TextEdit& candidate) { return &candidate == edit; });
}

std::string MessageEdits::apply(std::string_view original, std::span<const TextEdit> extra) const {
  std::vector<const TextEdit*> order;
  order.reserve(edits_.size() + extra.size());
  for (const TextEdit& edit : edits_) order.push_back(&edit);
  for (const TextEdit& edit : extra) {
    bool clash = std::any_of(order.begin(), order.end(),
                             [&](const TextEdit* earlier) { return overlaps(*earlier, edit); });
    if (!clash) order.push_back(&edit);
  }
  // By offset; at one offset insertions (in the order made) before a removal.
  std::stable_sort(order.begin(), order.end(), [](const TextEdit* a, const TextEdit* b) {
    if (a->offset != b->offset) return a->offset < b->offset;
    return a->length == 0 && b->length != 0;
  });

  std::string out;
  std::size_t grown = 0;
  for (const TextEdit* edit : order) grown += edit->text.size();
  out.reserve(original.size() + grown);
  std::size_t copied = 0;
  for (const TextEdit* edit : order) {
    std::size_t offset = std::min(edit->offset, original.size());
    if (offset > copied) out.append(original.substr(copied, offset - copied));
    out.append(edit->text);
    copied = std::max(copied, std::min(offset + edit->length, original.size()));
  }
  if (copied < original.size()) out.append(original.substr(copied));
  return out;
}

}  // namespace kemid::sip
