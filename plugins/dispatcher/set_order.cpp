#include "set_order.h"

#include <algorithm>
#include <memory>

namespace kemid::dispatcher {
namespace {

struct Node {
  int id = 0;
  int height = 1;
  std::unique_ptr<Node> left;
  std::unique_ptr<Node> right;
};

int height(const std::unique_ptr<Node>& node) {
  return node ? node->height : 0;
}

void update(Node& node) {
  node.height = 1 + std::max(height(node.left), height(node.right));
}

std::unique_ptr<Node> rotateRight(std::unique_ptr<Node> node) {
  auto pivot = std::move(node->left);
  node->left = std::move(pivot->right);
  update(*node);
  pivot->right = std::move(node);
  update(*pivot);
  return pivot;
}

std::unique_ptr<Node> rotateLeft(std::unique_ptr<Node> node) {
  auto pivot = std::move(node->right);
  node->right = std::move(pivot->left);
  update(*node);
  pivot->left = std::move(node);
  update(*pivot);
  return pivot;
}

std::unique_ptr<Node> insert(std::unique_ptr<Node> node, int id) {
  if (!node) {
    node = std::make_unique<Node>();
    node->id = id;
    return node;
  }
  if (id == node->id) return node;
  if (id < node->id) {
    node->left = insert(std::move(node->left), id);
  } else {
    node->right = insert(std::move(node->right), id);
  }
  update(*node);
  const int balance = height(node->left) - height(node->right);
  if (balance > 1) {
    if (id > node->left->id) node->left = rotateLeft(std::move(node->left));
    return rotateRight(std::move(node));
  }
  if (balance < -1) {
    if (id < node->right->id) node->right = rotateRight(std::move(node->right));
    return rotateLeft(std::move(node));
  }
  return node;
}

void walk(const std::unique_ptr<Node>& node, std::vector<int>& out) {
  if (!node) return;
  walk(node->left, out);
  walk(node->right, out);
  out.push_back(node->id);
}

}  // namespace

std::vector<int> kamailioSetOrder(const DestinationList& list) {
  std::unique_ptr<Node> root;
  for (int id : list.creationOrder()) root = insert(std::move(root), id);
  std::vector<int> order;
  walk(root, order);
  return order;
}

}  // namespace kemid::dispatcher
