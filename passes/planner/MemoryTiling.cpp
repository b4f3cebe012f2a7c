//===- MemoryTiling.cpp - Split a region of ops into chunks ---------------===//

#include "passes/planner/MemoryTiling.h"

#include "dialects/strata/StrataOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::strata;
using namespace mlir::strata::planner;

using Kind = ChunkSplit::Kind;

namespace {

//===----------------------------------------------------------------------===//
// The division of every value, solved to a fixed point
//===----------------------------------------------------------------------===//

/// Assigns each value of a group its division from the rules of the ops
/// that define and read it. A value assigned twice differently, or a rule
/// that no division satisfies, fails the group.
class SplitSolver {
public:
  SplitSolver(llvm::DenseMap<Value, ChunkSplit> &splits, int64_t chunks)
      : splits(splits), chunks(chunks) {}

  /// Applies the rules of `ops` (and of their bodies) until nothing
  /// changes; then every value left undecided is read whole, and the rules
  /// run again to check that.
  LogicalResult solve(ArrayRef<Operation *> ops) {
    for (bool defaulted : {false, true}) {
      if (defaulted)
        for (Operation *op : ops)
          op->walk([&](Operation *nested) {
            for (Value operand : nested->getOperands())
              if (get(operand).kind == Kind::Unknown)
                assign(operand, ChunkSplit::whole());
            for (Value result : nested->getResults())
              if (get(result).kind == Kind::Unknown)
                assign(result, ChunkSplit::whole());
          });
      do {
        changed = false;
        for (Operation *op : ops)
          if (failed(applyRules(op)))
            return failure();
      } while (changed && !conflict);
      if (conflict)
        return failure();
    }
    return success();
  }

private:
  ChunkSplit get(Value value) const {
    auto it = splits.find(value);
    return it == splits.end() ? ChunkSplit() : it->second;
  }

  /// Records `split` for `value`; false (and a conflict) when it had
  /// another, or when `value` cannot be divided so.
  bool assign(Value value, ChunkSplit split) {
    if (split.kind == Kind::Unknown)
      return true;
    if (split.kind == Kind::Rows) {
      auto type = dyn_cast<RankedTensorType>(value.getType());
      if (!type || split.dim < 0 || split.dim >= type.getRank() ||
          type.isDynamicDim(split.dim) ||
          type.getDimSize(split.dim) % chunks != 0) {
        conflict = true;
        return false;
      }
    }
    ChunkSplit &current = splits[value];
    if (current.kind == Kind::Unknown) {
      current = split;
      changed = true;
      return true;
    }
    if (current != split) {
      conflict = true;
      return false;
    }
    return true;
  }

  static bool sameShape(Value a, Value b) {
    return cast<ShapedType>(a.getType()).getShape() ==
           cast<ShapedType>(b.getType()).getShape();
  }

  /// Elementwise ops: operands of the result's shape share its division;
  /// others (a scalar) are read whole.
  LogicalResult unify(Operation *op) {
    Value result = op->getResult(0);
    ChunkSplit known = get(result);
    for (Value operand : op->getOperands())
      if (sameShape(operand, result) && get(operand).kind != Kind::Unknown)
        known = get(operand);
    if (known.kind == Kind::Partial)
      return failure();
    for (Value operand : op->getOperands())
      assign(operand, sameShape(operand, result) ? known : ChunkSplit::whole());
    assign(result, known);
    return success(!conflict);
  }

  /// `operand` and `result` carry the split between the dimensions that
  /// `toResult` pairs (-1: the operand dimension has no result
  /// counterpart, so a split there cannot be carried). Only a broadcast
  /// may divide its result where its operand is read whole: along a
  /// dimension the operand does not have.
  LogicalResult carry(Value operand, Value result, ArrayRef<int64_t> toResult,
                      bool broadcast = false) {
    ChunkSplit in = get(operand), out = get(result);
    if (in.kind == Kind::Partial || out.kind == Kind::Partial)
      return failure();
    auto fromResultDim = [&](int64_t dim) -> ChunkSplit {
      auto it = llvm::find(toResult, dim);
      if (it != toResult.end())
        return ChunkSplit::rows(it - toResult.begin());
      if (broadcast)
        return ChunkSplit::whole();
      conflict = true;
      return {};
    };
    if (out.kind == Kind::Whole)
      assign(operand, ChunkSplit::whole());
    if (out.kind == Kind::Rows)
      assign(operand, fromResultDim(out.dim));
    in = get(operand);
    if (in.kind == Kind::Rows) {
      if (toResult[in.dim] < 0)
        return failure();
      assign(result, ChunkSplit::rows(toResult[in.dim]));
    }
    if (in.kind == Kind::Whole && !broadcast)
      assign(result, ChunkSplit::whole());
    return success(!conflict);
  }

  static SmallVector<int64_t> shapeOf(Value value) {
    return llvm::to_vector(cast<ShapedType>(value.getType()).getShape());
  }

  /// The result dimension each operand dimension of a reshape stays, when
  /// the dimensions before it hold the same elements; an outermost
  /// dimension may also merge or split, as its chunks stay contiguous.
  SmallVector<int64_t> reshapeDims(ReshapeOp reshape) {
    SmallVector<int64_t> in = shapeOf(reshape.getOperand());
    SmallVector<int64_t> out = shapeOf(reshape.getResult());
    SmallVector<int64_t> toResult(in.size(), -1);
    int64_t inBefore = 1;
    for (size_t i = 0; i < in.size(); ++i) {
      int64_t outBefore = 1;
      for (size_t r = 0; r < out.size(); ++r) {
        if (outBefore == inBefore &&
            (in[i] == out[r] ||
             (inBefore == 1 && in[i] % chunks == 0 && out[r] % chunks == 0 &&
              in[i] != 1 && out[r] != 1))) {
          toResult[i] = r;
          break;
        }
        outBefore *= out[r];
      }
      inBefore *= in[i];
    }
    return toResult;
  }

  LogicalResult applyDot(DotOp dot) {
    ArrayRef<int64_t> lhsBatch = dot.getLhsBatchingDimensions();
    ArrayRef<int64_t> rhsBatch = dot.getRhsBatchingDimensions();
    ArrayRef<int64_t> lhsContract = dot.getLhsContractingDimensions();
    ArrayRef<int64_t> rhsContract = dot.getRhsContractingDimensions();
    int64_t lhsRank = cast<ShapedType>(dot.getLhs().getType()).getRank();
    int64_t rhsRank = cast<ShapedType>(dot.getRhs().getType()).getRank();
    // Where each operand dimension goes: a result dimension, or the paired
    // dimension of the other operand when contracted.
    SmallVector<int64_t> lhsToResult(lhsRank, -1), rhsToResult(rhsRank, -1);
    int64_t position = 0;
    for (auto [l, r] : llvm::zip(lhsBatch, rhsBatch)) {
      lhsToResult[l] = position;
      rhsToResult[r] = position++;
    }
    for (int64_t d = 0; d < lhsRank; ++d)
      if (!llvm::is_contained(lhsBatch, d) &&
          !llvm::is_contained(lhsContract, d))
        lhsToResult[d] = position++;
    for (int64_t d = 0; d < rhsRank; ++d)
      if (!llvm::is_contained(rhsBatch, d) &&
          !llvm::is_contained(rhsContract, d))
        rhsToResult[d] = position++;

    ChunkSplit lhs = get(dot.getLhs()), rhs = get(dot.getRhs()),
               result = get(dot.getResult());
    if (lhs.kind == Kind::Partial || rhs.kind == Kind::Partial)
      return failure();
    auto fromOperand = [&](ChunkSplit split, ArrayRef<int64_t> toResult,
                           ArrayRef<int64_t> contract,
                           ArrayRef<int64_t> otherContract,
                           ArrayRef<int64_t> batch,
                           ArrayRef<int64_t> otherBatch, Value other) {
      if (split.kind != Kind::Rows)
        return;
      if (auto it = llvm::find(contract, split.dim); it != contract.end()) {
        assign(other, ChunkSplit::rows(otherContract[it - contract.begin()]));
        assign(dot.getResult(), ChunkSplit::partial());
        return;
      }
      if (auto it = llvm::find(batch, split.dim); it != batch.end())
        assign(other, ChunkSplit::rows(otherBatch[it - batch.begin()]));
      else
        assign(other, ChunkSplit::whole());
      assign(dot.getResult(), ChunkSplit::rows(toResult[split.dim]));
    };
    fromOperand(lhs, lhsToResult, lhsContract, rhsContract, lhsBatch, rhsBatch,
                dot.getRhs());
    fromOperand(rhs, rhsToResult, rhsContract, lhsContract, rhsBatch, lhsBatch,
                dot.getLhs());
    if (result.kind == Kind::Rows) {
      auto l = llvm::find(lhsToResult, result.dim);
      auto r = llvm::find(rhsToResult, result.dim);
      if (l != lhsToResult.end())
        assign(dot.getLhs(), ChunkSplit::rows(l - lhsToResult.begin()));
      else
        assign(dot.getLhs(), ChunkSplit::whole());
      if (r != rhsToResult.end())
        assign(dot.getRhs(), ChunkSplit::rows(r - rhsToResult.begin()));
      else
        assign(dot.getRhs(), ChunkSplit::whole());
    }
    if (result.kind == Kind::Whole) {
      assign(dot.getLhs(), ChunkSplit::whole());
      assign(dot.getRhs(), ChunkSplit::whole());
    }
    if (lhs.kind == Kind::Whole && rhs.kind == Kind::Whole)
      assign(dot.getResult(), ChunkSplit::whole());
    return success(!conflict);
  }

  /// A gather carries a split of its operand's batching dimensions and of
  /// its indices' other dimensions; slicing the operand otherwise would
  /// change which rows an index names.
  LogicalResult applyGather(GatherOp gather) {
    int64_t indicesRank =
        cast<ShapedType>(gather.getStartIndices().getType()).getRank();
    int64_t resultRank = cast<ShapedType>(gather.getType()).getRank();
    int64_t vectorDim = gather.getIndexVectorDim();
    ArrayRef<int64_t> offsetDims = gather.getOffsetDims();
    // The result's dimensions that are not offset dimensions are the
    // indices' dimensions other than the index vector, in order.
    SmallVector<int64_t> indicesToResult(indicesRank, -1);
    int64_t resultDim = 0;
    for (int64_t d = 0; d < indicesRank; ++d) {
      if (d == vectorDim)
        continue;
      while (llvm::is_contained(offsetDims, resultDim))
        ++resultDim;
      if (resultDim >= resultRank)
        return failure();
      indicesToResult[d] = resultDim++;
    }
    SmallVector<int64_t> operandToIndices(
        cast<ShapedType>(gather.getOperand().getType()).getRank(), -1);
    for (auto [o, i] : llvm::zip(gather.getOperandBatchingDims(),
                                 gather.getStartIndicesBatchingDims()))
      operandToIndices[o] = i;

    ChunkSplit operand = get(gather.getOperand());
    ChunkSplit indices = get(gather.getStartIndices());
    ChunkSplit result = get(gather.getResult());
    if (operand.kind == Kind::Partial || indices.kind == Kind::Partial ||
        result.kind == Kind::Partial)
      return failure();
    if (operand.kind == Kind::Rows) {
      if (operandToIndices[operand.dim] < 0)
        return failure();
      assign(gather.getStartIndices(),
             ChunkSplit::rows(operandToIndices[operand.dim]));
    }
    if (result.kind == Kind::Rows) {
      auto it = llvm::find(indicesToResult, result.dim);
      if (it == indicesToResult.end())
        return failure();
      assign(gather.getStartIndices(),
             ChunkSplit::rows(it - indicesToResult.begin()));
    }
    indices = get(gather.getStartIndices());
    if (indices.kind == Kind::Rows) {
      if (indices.dim == vectorDim)
        return failure();
      assign(gather.getResult(),
             ChunkSplit::rows(indicesToResult[indices.dim]));
      auto batching = llvm::find(operandToIndices, indices.dim);
      assign(gather.getOperand(),
             batching == operandToIndices.end()
                 ? ChunkSplit::whole()
                 : ChunkSplit::rows(batching - operandToIndices.begin()));
    }
    if (indices.kind == Kind::Whole) {
      assign(gather.getOperand(), ChunkSplit::whole());
      assign(gather.getResult(), ChunkSplit::whole());
    }
    return success(!conflict);
  }

  LogicalResult applyReduce(ReduceOp reduce) {
    ArrayRef<int64_t> reduced = reduce.getDimensions();
    int64_t rank = cast<ShapedType>(reduce.getOperand().getType()).getRank();
    SmallVector<int64_t> toResult(rank, -1);
    int64_t position = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!llvm::is_contained(reduced, d))
        toResult[d] = position++;
    ChunkSplit operand = get(reduce.getOperand());
    if (operand.kind == Kind::Rows && toResult[operand.dim] < 0) {
      // Reduced over the split: the chunks' sums add up (max and min too,
      // but the group only joins sums).
      if (reduce.getFn() != ReduceFn::Add)
        return failure();
      assign(reduce.getResult(), ChunkSplit::partial());
      return success(!conflict);
    }
    return carry(reduce.getOperand(), reduce.getResult(), toResult);
  }

  LogicalResult applyFusion(FusionOp fusion) {
    Block &body = fusion.getBody().front();
    for (auto [input, argument] :
         llvm::zip(fusion.getInputs(), body.getArguments())) {
      assign(argument, get(input));
      assign(input, get(argument));
    }
    Operation *yield = body.getTerminator();
    for (auto [result, yielded] :
         llvm::zip(fusion.getResults(), yield->getOperands())) {
      assign(result, get(yielded));
      assign(yielded, get(result));
    }
    for (Operation &nested : body.without_terminator())
      if (failed(applyRules(&nested)))
        return failure();
    return success(!conflict);
  }

  LogicalResult applyRules(Operation *op) {
    if (conflict)
      return failure();
    return llvm::TypeSwitch<Operation *, LogicalResult>(op)
        .Case<UnaryOp, BinaryOp, CompareOp, SelectOp, ClampOp, ConvertOp,
              ReducePrecisionOp>(
            [&](Operation *elementwise) { return unify(elementwise); })
        .Case([&](BroadcastInDimOp broadcast) {
          SmallVector<int64_t> toResult;
          SmallVector<int64_t> in = shapeOf(broadcast.getOperand());
          SmallVector<int64_t> out = shapeOf(broadcast.getResult());
          for (auto [d, r] : llvm::enumerate(broadcast.getDimensions()))
            toResult.push_back(in[d] == out[r] ? r : -1);
          return carry(broadcast.getOperand(), broadcast.getResult(), toResult,
                       /*broadcast=*/true);
        })
        .Case([&](ReshapeOp reshape) {
          return carry(reshape.getOperand(), reshape.getResult(),
                       reshapeDims(reshape));
        })
        .Case([&](TransposeOp transpose) {
          ArrayRef<int64_t> permutation = transpose.getPermutation();
          SmallVector<int64_t> toResult(permutation.size(), -1);
          for (auto [r, d] : llvm::enumerate(permutation))
            toResult[d] = r;
          return carry(transpose.getOperand(), transpose.getResult(), toResult);
        })
        .Case([&](SliceOp slice) {
          SmallVector<int64_t> in = shapeOf(slice.getOperand());
          SmallVector<int64_t> toResult;
          for (int64_t d = 0; d < static_cast<int64_t>(in.size()); ++d)
            toResult.push_back(slice.getStartIndices()[d] == 0 &&
                                       slice.getLimitIndices()[d] == in[d] &&
                                       slice.getStrides()[d] == 1
                                   ? d
                                   : -1);
          return carry(slice.getOperand(), slice.getResult(), toResult);
        })
        .Case([&](PadOp pad) {
          SmallVector<int64_t> toResult;
          for (int64_t d = 0;
               d < static_cast<int64_t>(pad.getEdgePaddingLow().size()); ++d)
            toResult.push_back(pad.getEdgePaddingLow()[d] == 0 &&
                                       pad.getEdgePaddingHigh()[d] == 0 &&
                                       pad.getInteriorPadding()[d] == 0
                                   ? d
                                   : -1);
          assign(pad.getPaddingValue(), ChunkSplit::whole());
          return carry(pad.getOperand(), pad.getResult(), toResult);
        })
        .Case([&](IotaOp iota) {
          ChunkSplit result = get(iota.getResult());
          // Chunks of an iota along its own dimension would restart at 0.
          return success(
              !(result.kind == Kind::Rows &&
                result.dim == static_cast<int64_t>(iota.getDimension())) &&
              result.kind != Kind::Partial);
        })
        .Case([&](ConstantOp constant) {
          ChunkSplit result = get(constant.getResult());
          auto elements = dyn_cast<DenseElementsAttr>(constant.getValue());
          if (result.kind == Kind::Partial)
            return failure();
          return success(result.kind != Kind::Rows ||
                         (elements && elements.isSplat()));
        })
        .Case([&](ReduceOp reduce) { return applyReduce(reduce); })
        .Case([&](DotOp dot) { return applyDot(dot); })
        .Case([&](GatherOp gather) { return applyGather(gather); })
        .Case([&](FusionOp fusion) { return applyFusion(fusion); })
        .Default([&](Operation *other) {
          // Any other op runs whole, on whole operands.
          for (Value value : other->getOperands())
            if (!assign(value, ChunkSplit::whole()))
              return failure();
          for (Value value : other->getResults())
            if (!assign(value, ChunkSplit::whole()))
              return failure();
          return success();
        });
  }

  llvm::DenseMap<Value, ChunkSplit> &splits;
  int64_t chunks;
  bool changed = false;
  bool conflict = false;
};

//===----------------------------------------------------------------------===//
// Growing a group around its seed
//===----------------------------------------------------------------------===//

/// The op of `func`'s body that holds `op`.
Operation *topLevel(Operation *op, Block &body) {
  return body.findAncestorOpInBlock(*op);
}

bool isGroupable(Operation *op) {
  return isa<FusionOp, DotOp, ReduceOp, UnaryOp, BinaryOp, CompareOp, SelectOp,
             ClampOp, ConvertOp, BroadcastInDimOp, ReshapeOp, TransposeOp,
             SliceOp, PadOp, GatherOp>(op);
}

class GroupBuilder {
public:
  GroupBuilder(func::FuncOp func, const MemoryTilingOptions &options)
      : body(func.getBody().front()), options(options) {
    for (auto [index, op] : llvm::enumerate(body.getOperations()))
      position[&op] = index;
  }

  /// The group around `seed`, split along `dim` in `chunks`, or failure.
  FailureOr<MemoryTiling> build(Value seed, int64_t dim, int64_t chunks,
                                int64_t largeBytes) {
    MemoryTiling tiling;
    tiling.seed = seed;
    tiling.chunks = chunks;
    tiling.seedBytes = getSizeInBytes(seed.getType());
    llvm::SetVector<Operation *> group;
    group.insert(seed.getDefiningOp());
    while (true) {
      if (group.size() > options.maxOps)
        return failure();
      SmallVector<Operation *> ordered = inOrder(group);
      tiling.splits.clear();
      tiling.splits[seed] = ChunkSplit::rows(dim);
      if (failed(SplitSolver(tiling.splits, chunks).solve(ordered)))
        return failure();
      bool grown = false;
      // The readers of every large split tensor join it, so that it is
      // never whole.
      for (Operation *op : ordered)
        for (Value result : op->getResults()) {
          if (tiling.splits.lookup(result).kind != Kind::Rows ||
              getSizeInBytes(result.getType()) < largeBytes)
            continue;
          for (Operation *user : result.getUsers()) {
            Operation *reader = topLevel(user, body);
            if (!group.contains(reader) && isGroupable(reader)) {
              group.insert(reader);
              grown = true;
            }
          }
        }
      // Ops between two of the group that depend on it and that it depends
      // on run inside it, or the chunks could not run back to back.
      for (Operation *op : between(group))
        grown |= group.insert(op);
      if (!grown) {
        tiling.ops = inOrder(group);
        break;
      }
    }
    // A group whose every value is whole does nothing.
    llvm::erase_if(tiling.ops, [&](Operation *op) {
      auto isWhole = [&](Value v) {
        return tiling.splits.lookup(v).kind == Kind::Whole;
      };
      return llvm::all_of(op->getOperands(), isWhole) &&
             llvm::all_of(op->getResults(), isWhole);
    });
    if (failed(checkBoundary(tiling)))
      return failure();
    return tiling;
  }

private:
  SmallVector<Operation *> inOrder(const llvm::SetVector<Operation *> &group) {
    SmallVector<Operation *> ordered(group.begin(), group.end());
    llvm::sort(ordered, [&](Operation *a, Operation *b) {
      return position.lookup(a) < position.lookup(b);
    });
    return ordered;
  }

  /// Ops strictly between the group's first and last that the group
  /// reaches and that reach the group.
  SmallVector<Operation *> between(const llvm::SetVector<Operation *> &group) {
    SmallVector<Operation *> ordered = inOrder(group);
    size_t last = position.lookup(ordered.back());
    SmallVector<Operation *> window;
    for (Operation *op = ordered.front()->getNextNode();
         op && position.lookup(op) < last; op = op->getNextNode())
      if (!group.contains(op))
        window.push_back(op);
    llvm::DenseSet<Operation *> reached(group.begin(), group.end());
    llvm::DenseSet<Operation *> forward;
    for (Operation *op : window) {
      bool fromGroup = false;
      op->walk([&](Operation *nested) {
        for (Value operand : nested->getOperands())
          if (Operation *def = operand.getDefiningOp())
            if (Operation *top = topLevel(def, body);
                top && (reached.contains(top) || forward.contains(top)))
              fromGroup = true;
      });
      if (fromGroup)
        forward.insert(op);
    }
    llvm::DenseSet<Operation *> backward;
    SmallVector<Operation *> both;
    for (Operation *op : llvm::reverse(window)) {
      bool toGroup = llvm::any_of(op->getUsers(), [&](Operation *user) {
        Operation *top = topLevel(user, body);
        return top && (reached.contains(top) || backward.contains(top));
      });
      if (toGroup) {
        backward.insert(op);
        if (forward.contains(op))
          both.push_back(op);
      }
    }
    return both;
  }

  /// The group must leave its largest tensors inside it and read and write
  /// little beside them.
  LogicalResult checkBoundary(const MemoryTiling &tiling) {
    if (tiling.ops.empty())
      return failure();
    llvm::DenseSet<Operation *> inGroup(tiling.ops.begin(), tiling.ops.end());
    int64_t largestInside = 0, largestBoundary = 0;
    for (Operation *op : tiling.ops) {
      for (Value operand : op->getOperands()) {
        Operation *def = operand.getDefiningOp();
        if ((!def || !inGroup.contains(def)) &&
            tiling.splits.lookup(operand).kind == Kind::Rows)
          largestBoundary =
              std::max(largestBoundary, getSizeInBytes(operand.getType()));
      }
      for (Value result : op->getResults()) {
        ChunkSplit split = tiling.splits.lookup(result);
        bool leaves = llvm::any_of(result.getUsers(), [&](Operation *user) {
          return !inGroup.contains(topLevel(user, body));
        });
        int64_t bytes = getSizeInBytes(result.getType());
        if (!leaves) {
          largestInside = std::max(largestInside, bytes);
          continue;
        }
        // Whole results leave as the first chunk computed them; none is
        // expected, as whole ops are not grouped.
        if (split.kind == Kind::Whole || split.kind == Kind::Unknown)
          return failure();
        largestBoundary = std::max(largestBoundary, bytes);
      }
    }
    return success(largestInside >= 2 * largestBoundary &&
                   largestInside >= tiling.seedBytes);
  }

  Block &body;
  const MemoryTilingOptions &options;
  llvm::DenseMap<Operation *, size_t> position;
};

/// The largest divisor of `size` no greater than `most`.
int64_t chunksFor(int64_t size, int64_t most) {
  for (int64_t chunks = std::min(size, most); chunks > 1; --chunks)
    if (size % chunks == 0)
      return chunks;
  return 1;
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

RankedTensorType chunkType(Type type, ChunkSplit split, int64_t chunks) {
  auto tensor = cast<RankedTensorType>(type);
  if (split.kind != Kind::Rows)
    return tensor;
  SmallVector<int64_t> shape(tensor.getShape());
  shape[split.dim] /= chunks;
  return RankedTensorType::get(shape, tensor.getElementType(),
                               tensor.getEncoding());
}

/// Gives the clone of `original` its chunk's types, and fixes the
/// attributes that spell a size out: a slice's limits, a splat's shape.
void retype(Operation *original, Operation *clone, const MemoryTiling &tiling) {
  auto splitOf = [&](Value v) { return tiling.splits.lookup(v); };
  for (auto [from, to] : llvm::zip(original->getResults(), clone->getResults()))
    to.setType(chunkType(from.getType(), splitOf(from), tiling.chunks));
  if (auto slice = dyn_cast<SliceOp>(clone)) {
    ChunkSplit split = splitOf(original->getResult(0));
    if (split.kind == Kind::Rows) {
      SmallVector<int64_t> limits(slice.getLimitIndices());
      limits[split.dim] /= tiling.chunks;
      slice.setLimitIndices(limits);
    }
  }
  if (auto constant = dyn_cast<ConstantOp>(clone)) {
    auto elements = cast<DenseElementsAttr>(constant.getValue());
    auto type = cast<ShapedType>(constant.getResult().getType());
    if (type != elements.getType())
      constant.setValueAttr(
          DenseElementsAttr::get(type, elements.getSplatValue<Attribute>()));
  }
  for (auto [from, to] :
       llvm::zip(original->getRegions(), clone->getRegions())) {
    for (auto [fromBlock, toBlock] : llvm::zip(from, to)) {
      for (auto [a, b] :
           llvm::zip(fromBlock.getArguments(), toBlock.getArguments()))
        b.setType(chunkType(a.getType(), splitOf(a), tiling.chunks));
      for (auto [a, b] : llvm::zip(fromBlock, toBlock))
        retype(&a, &b, tiling);
    }
  }
}

} // namespace

/// Bytes of the largest tensor a group could be seeded with.
static int64_t largestSeedBytes(func::FuncOp func) {
  int64_t largest = 0;
  for (Operation &op : func.getBody().front().without_terminator())
    for (Value result : op.getResults())
      if (isa<RankedTensorType>(result.getType()) && isGroupable(&op))
        largest = std::max(largest, getSizeInBytes(result.getType()));
  return largest;
}

std::optional<MemoryTiling> mlir::strata::planner::findMemoryTiling(
    func::FuncOp func, const MemoryTilingOptions &options,
    const llvm::DenseSet<Operation *> &chunked) {
  int64_t smallestSeed =
      options.minSeedBytes
          ? options.minSeedBytes
          : static_cast<int64_t>(
                std::ceil(options.minSeedShare * largestSeedBytes(func)));
  SmallVector<Value> seeds;
  for (Operation &op : func.getBody().front().without_terminator())
    for (Value result : op.getResults())
      if (isa<RankedTensorType>(result.getType()) && isGroupable(&op) &&
          !chunked.contains(&op) &&
          getSizeInBytes(result.getType()) >=
              std::max<int64_t>(smallestSeed, 1))
        seeds.push_back(result);
  llvm::stable_sort(seeds, [](Value a, Value b) {
    return getSizeInBytes(a.getType()) > getSizeInBytes(b.getType());
  });
  GroupBuilder builder(func, options);
  for (Value seed : seeds) {
    auto type = cast<RankedTensorType>(seed.getType());
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      if (type.isDynamicDim(dim))
        continue;
      int64_t chunks = chunksFor(type.getDimSize(dim), options.maxChunks);
      if (chunks < 2)
        continue;
      FailureOr<MemoryTiling> tiling =
          builder.build(seed, dim, chunks,
                        /*largeBytes=*/getSizeInBytes(seed.getType()) / 2);
      if (succeeded(tiling))
        return std::move(*tiling);
    }
  }
  return std::nullopt;
}

LogicalResult
mlir::strata::planner::applyMemoryTiling(func::FuncOp func,
                                         const MemoryTiling &tiling,
                                         llvm::DenseSet<Operation *> *built) {
  Block &body = func.getBody().front();
  llvm::DenseSet<Operation *> inGroup(tiling.ops.begin(), tiling.ops.end());
  Operation *last = tiling.ops.back();
  OpBuilder builder(last);
  Operation *beforeBuilt = last->getPrevNode();
  Location loc = tiling.seed.getLoc();
  const int64_t chunks = tiling.chunks;
  auto splitOf = [&](Value v) { return tiling.splits.lookup(v); };

  // What the group reads from outside, and what it leaves to be read.
  llvm::SetVector<Value> inputs;
  llvm::SetVector<Value> outputs;
  for (Operation *op : tiling.ops) {
    for (Value operand : op->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (!def || !inGroup.contains(def))
        inputs.insert(operand);
    }
    for (Value result : op->getResults())
      for (Operation *user : result.getUsers())
        if (!inGroup.contains(body.findAncestorOpInBlock(*user)))
          outputs.insert(result);
  }

  SmallVector<SmallVector<Value>> pieces(outputs.size());
  SmallVector<Value> sums(outputs.size());
  for (int64_t chunk = 0; chunk < chunks; ++chunk) {
    IRMapping mapping;
    for (Value input : inputs) {
      ChunkSplit split = splitOf(input);
      if (split.kind != Kind::Rows)
        continue;
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> start(type.getRank(), 0);
      SmallVector<int64_t> limit(type.getShape());
      SmallVector<int64_t> strides(type.getRank(), 1);
      int64_t size = type.getDimSize(split.dim) / chunks;
      start[split.dim] = chunk * size;
      limit[split.dim] = (chunk + 1) * size;
      mapping.map(input,
                  SliceOp::create(builder, loc, input, start, limit, strides));
    }
    for (Operation *op : tiling.ops) {
      Operation *clone = builder.clone(*op, mapping);
      retype(op, clone, tiling);
    }
    for (auto [index, output] : llvm::enumerate(outputs)) {
      Value piece = mapping.lookup(output);
      if (splitOf(output).kind == Kind::Partial) {
        // Each chunk's partial sum is added as soon as it exists, so that
        // only one is live beside the running sum.
        sums[index] = sums[index]
                          ? BinaryOp::create(builder, loc, BinaryFn::Add,
                                             sums[index], piece)
                                .getResult()
                          : piece;
      } else {
        pieces[index].push_back(piece);
      }
    }
  }
  SmallVector<Value> joined;
  for (auto [index, output] : llvm::enumerate(outputs)) {
    ChunkSplit split = splitOf(output);
    if (split.kind == Kind::Partial)
      joined.push_back(sums[index]);
    else
      joined.push_back(
          ConcatenateOp::create(builder, loc, pieces[index], split.dim));
  }
  // What was built lies between the op before the group's last and it.
  for (Operation *op = beforeBuilt ? beforeBuilt->getNextNode() : &body.front();
       op != last; op = op->getNextNode()) {
    if (failed(mlir::verify(op)))
      return func.emitError() << "internal error: tiling the group of "
                              << tiling.seed.getDefiningOp()->getName()
                              << " for memory built an invalid op";
    if (built)
      built->insert(op);
  }

  // Readers of the group's results that ran inside its span move after it,
  // with whatever depends on them there.
  llvm::DenseSet<Operation *> moving;
  for (Operation *op = tiling.ops.front()->getNextNode(); op && op != last;
       op = op->getNextNode()) {
    if (inGroup.contains(op) || op->getBlock() != &body)
      continue;
    bool depends = false;
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (Operation *top = body.findAncestorOpInBlock(*def);
              top && (inGroup.contains(top) || moving.contains(top)))
            depends = true;
    });
    if (depends)
      moving.insert(op);
  }
  for (auto [index, value] : llvm::enumerate(joined))
    Value(outputs[index]).replaceUsesWithIf(value, [&](OpOperand &use) {
      return !inGroup.contains(body.findAncestorOpInBlock(*use.getOwner()));
    });
  SmallVector<Operation *> toMove;
  for (Operation &op : body)
    if (moving.contains(&op))
      toMove.push_back(&op);
  for (Operation *op : toMove)
    op->moveBefore(last);
  for (Operation *op : llvm::reverse(tiling.ops))
    op->erase();
  return success();
}

FailureOr<TilingSummary>
mlir::strata::planner::tileForMemory(func::FuncOp func,
                                     const MemoryTilingOptions &options) {
  // Seeds are measured against the function as it was: a tiled group's
  // chunks do not make the next largest tensors seeds.
  MemoryTilingOptions fixed = options;
  if (!fixed.minSeedBytes)
    fixed.minSeedBytes = std::max<int64_t>(
        1, static_cast<int64_t>(
               std::ceil(options.minSeedShare * largestSeedBytes(func))));
  TilingSummary summary;
  // Each rewrite moves ops and replaces values; the next group is found on
  // the new body, among the ops no group built.
  llvm::DenseSet<Operation *> chunked;
  for (unsigned round = 0; round < 8; ++round) {
    std::optional<MemoryTiling> tiling = findMemoryTiling(func, fixed, chunked);
    if (!tiling)
      break;
    if (failed(applyMemoryTiling(func, *tiling, &chunked)))
      return failure();
    ++summary.groups;
    summary.mostChunks = std::max(summary.mostChunks, tiling->chunks);
  }
  return summary;
}
