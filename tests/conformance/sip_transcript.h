#pragma once
// The messages one SIPp saw, in a form two proxies can be compared by:
// SIPp's -trace_msg log split into messages, with the values a proxy or
// SIPp generates afresh on each run (branch ids, tags, Call-IDs) replaced
// by names given in order of first appearance. Two transcripts are equal
// when the same messages crossed the wire in the same order, with each
// generated value reused in the same places.

#include <string>
#include <vector>

namespace kemid::conformance {

struct TracedMessage {
  bool sent = false;  // sent by SIPp (else received)
  std::string text;   // the message, lines ending in "\n"
};

// Splits a SIPp -message_file log into its messages.
std::vector<TracedMessage> parseSippTrace(const std::string& log);

// Replaces generated values with <branch-N>, <tag-N>, <callid-N>, numbered
// per transcript; ftag= and tag= share one numbering so a Record-Route's
// ftag is seen to be the From tag.
std::vector<TracedMessage> normaliseGeneratedValues(std::vector<TracedMessage> messages);

// "sent:\n<message>\nreceived:\n<message>..." for a readable diff.
std::string describe(const std::vector<TracedMessage>& messages);

}  // namespace kemid::conformance
