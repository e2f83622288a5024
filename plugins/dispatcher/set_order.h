#pragma once
// The order in which Kamailio walks its destination sets (dispatcher.list,
// ds_is_from_list with every set): they live in an AVL tree keyed by set
// id, built in the order the sets first appear in the list, and are
// walked children first (left, right, then the node).

#include <vector>

#include "destination_list.h"

namespace kemid::dispatcher {

std::vector<int> kamailioSetOrder(const DestinationList& list);

}  // namespace kemid::dispatcher
