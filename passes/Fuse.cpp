//===- Fuse.cpp - Producer-consumer fusion into strata.fusion -------------===//

#include "passes/Passes.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::strata {
#define GEN_PASS_DEF_FUSEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::strata

using namespace mlir;
using namespace mlir::strata;

/// Splat constants and iotas: rebuilding one inside a kernel is free.
static bool isRebuildableConstant(Operation *op) {
  if (isa<IotaOp>(op))
    return true;
  auto constant = dyn_cast<ConstantOp>(op);
  if (!constant)
    return false;
  auto elements = dyn_cast<DenseElementsAttr>(constant.getValue());
  return elements && elements.isSplat();
}

/// Ops that a kernel computes per element (or per index) from values it
/// reads anyway: fusing them into their consumer saves a round trip through
/// memory and costs nothing.
static bool isElementwiseLike(Operation *op) {
  return isa<UnaryOp, BinaryOp, CompareOp, SelectOp, ClampOp, ConvertOp,
             ReducePrecisionOp, BroadcastInDimOp, ReshapeOp, TransposeOp,
             SliceOp, PadOp, IotaOp>(op) ||
         isRebuildableConstant(op);
}

/// Ops that only say where an element comes from. A copy in each consumer
/// group costs no arithmetic, and none of them is ever written to memory:
/// a mask broadcast to the attention scores' shape is not kept for the
/// backward pass, the logits' slice is not a second copy of the logits,
/// and a matrix product's zero-padded operand is written once, padded.
static bool isIndexOnly(Operation *op) {
  return isa<BroadcastInDimOp, ReshapeOp, TransposeOp, SliceOp, PadOp>(op);
}

/// Bytes a kernel reads to compute `value` where it needs it: a broadcast
/// reads its operand, a splat constant nothing.
static int64_t sourceBytes(Value value) {
  Operation *producer = value.getDefiningOp();
  if (producer && isRebuildableConstant(producer))
    return 0;
  if (auto broadcast = dyn_cast_or_null<BroadcastInDimOp>(producer))
    value = broadcast.getOperand();
  return getSizeInBytes(value.getType());
}

/// Whether an elementwise op read by `consumers` groups costs less memory
/// traffic rebuilt in each of them (each reads its inputs) than written
/// once and read by each: the masked attention scores feeding both the
/// softmax's max and its exponentials are then never written.
static bool cheaperRebuilt(Operation *op, int64_t consumers) {
  int64_t inputBytes = 0;
  for (Value operand : op->getOperands())
    inputBytes += sourceBytes(operand);
  int64_t outputBytes = getSizeInBytes(op->getResult(0).getType());
  return (consumers - 1) * inputBytes < (consumers + 1) * outputBytes;
}

/// Ops that end a group: elementwise producers fuse into them, but what
/// they produce is written to memory. A scatter's kernels evaluate its
/// operand and updates at an index, so the zero-filled operand of a one-hot
/// gradient is never written to memory on its own; a gather computes only
/// the elements it picks, so the log-probabilities of a loss that reads one
/// per row are never written at all.
static bool isGroupRoot(Operation *op) {
  return isa<ReduceOp, SoftmaxOp, LayerNormOp, RmsNormOp, ScatterOp,
             GatherOp>(op);
}


namespace {

struct FusionGroup {
  Operation *root;
  /// Members in reverse order of the block (the root first).
  SmallVector<Operation *> members;
};

struct FusePass : public strata::impl::FusePassBase<FusePass> {
  using Base::Base;

  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    std::vector<FusionGroup> groups;
    // The groups each op went into: one, or several for an op rebuilt in
    // each of its consumers' groups.
    DenseMap<Operation *, SmallVector<unsigned, 2>> groupsOf;

    // Walk consumers before producers so that each op sees where all of its
    // users went.
    SmallVector<Operation *> ops;
    for (Operation &op : llvm::reverse(body))
      ops.push_back(&op);
    for (Operation *op : ops) {
      if (!isElementwiseLike(op)) {
        if (isGroupRoot(op)) {
          groupsOf[op] = {static_cast<unsigned>(groups.size())};
          groups.push_back({op, {op}});
        }
        continue;
      }
      llvm::SmallSetVector<unsigned, 4> userGroups;
      bool allUsersGrouped = !op->use_empty();
      for (Operation *user : op->getUsers()) {
        auto it = groupsOf.find(user);
        if (it == groupsOf.end() || user->getBlock() != &body) {
          allUsersGrouped = false;
          break;
        }
        userGroups.insert(it->second.begin(), it->second.end());
      }
      if (allUsersGrouped &&
          (userGroups.size() == 1 || isRebuildableConstant(op) ||
           isIndexOnly(op) || cheaperRebuilt(op, userGroups.size()))) {
        // Each group gets its own copy, made when the group is built.
        for (unsigned group : userGroups)
          groups[group].members.push_back(op);
        groupsOf[op].assign(userGroups.begin(), userGroups.end());
        continue;
      }
      groupsOf[op] = {static_cast<unsigned>(groups.size())};
      groups.push_back({op, {op}});
    }

    for (FusionGroup &group : groups)
      if (group.members.size() > 1)
        buildFusion(group);
  }

  void buildFusion(FusionGroup &group) {
    SmallVector<Operation *> members(llvm::reverse(group.members));
    // Shared constants were appended out of block order.
    llvm::sort(members, [](Operation *a, Operation *b) {
      return a->isBeforeInBlock(b);
    });
    llvm::SmallPtrSet<Operation *, 16> memberSet(members.begin(),
                                                 members.end());
    llvm::SetVector<Value> inputs;
    for (Operation *member : members)
      for (Value operand : member->getOperands())
        if (!memberSet.contains(operand.getDefiningOp()))
          inputs.insert(operand);

    Operation *root = group.root;
    OpBuilder builder(root);
    auto fusion = FusionOp::create(
        builder, root->getLoc(), root->getResultTypes(), inputs.getArrayRef());
    IRMapping mapping;
    Block &fusionBody = fusion.getBody().front();
    for (auto [input, argument] :
         llvm::zip(inputs, fusionBody.getArguments()))
      mapping.map(input, argument);
    builder.setInsertionPointToStart(&fusionBody);
    for (Operation *member : members)
      builder.clone(*member, mapping);
    SmallVector<Value> yielded;
    for (Value result : root->getResults())
      yielded.push_back(mapping.lookup(result));
    YieldOp::create(builder, root->getLoc(), yielded);

    root->replaceAllUsesWith(fusion.getResults());
    for (Operation *member : llvm::reverse(members))
      if (member->use_empty())
        member->erase();
    ++numFusions;
    numOpsFused += members.size();
  }
};

} // namespace
