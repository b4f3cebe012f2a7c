//===- Interpreter.cpp - Execute strata IR on the CPU reference kernels ---===//
//
// Graph ops take the runtime's own path: each becomes an op record
// (OpRecords.h) that rt::evaluateOpRecord runs on the reference kernels, the
// one dispatch the CPU backend also uses for artifacts. What is left here is
// what only the IR has: memory-plan ops, recompute and fusion bodies,
// collectives on one device and scf control flow.
//
//===----------------------------------------------------------------------===//

#include "strata/Interpreter.h"

#include "dialects/strata/StrataOps.h"
#include "strata-runtime/Kernels.h"
#include "strata-runtime/Reference.h"
#include "strata/OpRecords.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/TypeSwitch.h"

#include <limits>
#include <memory>

using namespace mlir;
using namespace mlir::strata;
namespace rt = ::strata::rt;

static rt::Shape toShape(ArrayRef<int64_t> shape) {
  return rt::Shape(shape.begin(), shape.end());
}

//===----------------------------------------------------------------------===//
// The environment
//===----------------------------------------------------------------------===//

namespace {

using TensorRef = std::shared_ptr<const rt::HostTensor>;

class Interpreter {
public:
  /// `parent` holds the values of enclosing blocks, which the regions of
  /// scf ops may read (recompute bodies are isolated and get none).
  explicit Interpreter(InterpreterStats &stats, Interpreter *parent = nullptr)
      : stats(stats), parent(parent) {}

  /// Runs `block` with `arguments` bound to its arguments; returns the
  /// operands of its terminator.
  FailureOr<SmallVector<TensorRef>> run(Block &block,
                                        ArrayRef<TensorRef> arguments);

private:
  LogicalResult execute(Operation *op);
  /// Runs a graph op through the runtime's dispatch: its op record on the
  /// reference kernels.
  LogicalResult executeGraphOp(Operation *op, ArrayRef<TensorRef> in);

  /// The tensor held for `value`, or a diagnostic at `user` saying why it is
  /// not there (freed, awaiting its prefetch, never produced).
  FailureOr<TensorRef> lookup(Value value, Operation *user);

  /// Binds a result, or reports a kernel failure at `op`.
  LogicalResult bind(Value value, rt::StatusOr<rt::HostTensor> result,
                     Operation *op);
  void bind(Value value, TensorRef tensor);

  /// Drops tensors whose last use was `op`, as a real executor would.
  void release(Operation *op);

  /// Runs a region of an scf op (not isolated from above) with `arguments`.
  FailureOr<SmallVector<TensorRef>> runNested(Region &region,
                                              ArrayRef<TensorRef> arguments) {
    Interpreter nested(stats, this);
    return nested.run(region.front(), arguments);
  }

  LogicalResult executeWhile(scf::WhileOp loop, ArrayRef<TensorRef> inits);
  LogicalResult executeSwitch(scf::IndexSwitchOp op, const TensorRef &index);

  InterpreterStats &stats;
  Interpreter *parent;
  DenseMap<Value, TensorRef> values;
  /// Where each freed value was freed, for the diagnostic of a later use.
  DenseMap<Value, Location> freedAt;
  /// Prefetched values not yet waited on, by the token that completes them.
  DenseMap<Value, SmallVector<Value>> pendingByToken;
  DenseMap<Value, Value> tokenOfPending;
  /// The last op in its block that uses each value.
  DenseMap<Operation *, SmallVector<Value>> diesAfter;
  int64_t liveBytes = 0;
};

} // namespace

FailureOr<TensorRef> Interpreter::lookup(Value value, Operation *user) {
  auto it = values.find(value);
  if (it != values.end()) {
    auto pending = tokenOfPending.find(value);
    if (pending != tokenOfPending.end()) {
      user->emitOpError() << "reads a prefetched tensor before a strata.wait "
                             "on its token";
      return failure();
    }
    return it->second;
  }
  if (parent && !freedAt.count(value))
    return parent->lookup(value, user);
  auto freed = freedAt.find(value);
  if (freed != freedAt.end()) {
    InFlightDiagnostic diag = user->emitOpError()
                              << "reads a tensor after it was freed";
    diag.attachNote(freed->second) << "freed here";
    return failure();
  }
  user->emitOpError() << "reads a tensor that was never produced";
  return failure();
}

void Interpreter::bind(Value value, TensorRef tensor) {
  if (getTier(value.getType()) == Tier::Hbm)
    liveBytes += static_cast<int64_t>(tensor->sizeInBytes());
  stats.peakLiveBytes = std::max(stats.peakLiveBytes, liveBytes);
  values[value] = std::move(tensor);
}

LogicalResult Interpreter::bind(Value value,
                                rt::StatusOr<rt::HostTensor> result,
                                Operation *op) {
  if (!result.ok())
    return op->emitOpError()
           << "failed in the reference kernel: " << result.status().message();
  bind(value,
       std::make_shared<const rt::HostTensor>(std::move(result.value())));
  return success();
}

void Interpreter::release(Operation *op) {
  auto it = diesAfter.find(op);
  if (it == diesAfter.end())
    return;
  for (Value value : it->second) {
    auto found = values.find(value);
    if (found == values.end())
      continue;
    if (getTier(value.getType()) == Tier::Hbm)
      liveBytes -= static_cast<int64_t>(found->second->sizeInBytes());
    values.erase(found);
  }
}

FailureOr<SmallVector<TensorRef>>
Interpreter::run(Block &block, ArrayRef<TensorRef> arguments) {
  for (auto [argument, tensor] : llvm::zip(block.getArguments(), arguments))
    bind(argument, tensor);
  // Values die after their last user in this block; the terminator's
  // operands survive until they are returned.
  DenseMap<Value, Operation *> lastUser;
  auto noteUses = [&](Value value) {
    for (Operation *user : value.getUsers())
      if (Operation *ancestor = block.findAncestorOpInBlock(*user)) {
        Operation *&last = lastUser[value];
        if (!last || last->isBeforeInBlock(ancestor))
          last = ancestor;
      }
  };
  for (BlockArgument argument : block.getArguments())
    noteUses(argument);
  for (Operation &op : block)
    for (Value result : op.getResults())
      noteUses(result);
  for (auto [value, user] : lastUser)
    if (!user->hasTrait<OpTrait::IsTerminator>())
      diesAfter[user].push_back(value);

  for (Operation &op : block.without_terminator()) {
    if (failed(execute(&op)))
      return failure();
    ++stats.opsExecuted;
    release(&op);
  }
  SmallVector<TensorRef> results;
  Operation *terminator = block.getTerminator();
  for (Value operand : terminator->getOperands()) {
    FailureOr<TensorRef> tensor = lookup(operand, terminator);
    if (failed(tensor))
      return failure();
    results.push_back(*tensor);
  }
  return results;
}

//===----------------------------------------------------------------------===//
// Executing one op
//===----------------------------------------------------------------------===//

LogicalResult Interpreter::execute(Operation *op) {
  SmallVector<TensorRef> in;
  // Tokens carry no data; every other operand must be readable now.
  for (Value operand : op->getOperands()) {
    if (isa<TokenType>(operand.getType()))
      continue;
    // A free reads nothing: freeing a value that is still awaited is fine.
    if (isa<FreeOp>(op))
      break;
    FailureOr<TensorRef> tensor = lookup(operand, op);
    if (failed(tensor))
      return failure();
    in.push_back(*tensor);
  }
  if (isGraphOp(op))
    return executeGraphOp(op, in);
  auto resultDType = [&](Value result) {
    return toRuntimeDType(
        cast<RankedTensorType>(result.getType()).getElementType());
  };

  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      // Memory-plan ops. Copies are synchronous here, but a prefetched
      // tensor still becomes readable only at the wait on its token, so
      // that a plan missing a wait fails on the CPU as it would race on a GPU.
      .Case([&](OffloadOp offload) {
        bind(offload.getResult(),
             std::make_shared<const rt::HostTensor>(*in[0]));
        return success();
      })
      .Case([&](PrefetchOp prefetch) {
        bind(prefetch.getResult(),
             std::make_shared<const rt::HostTensor>(*in[0]));
        pendingByToken[prefetch.getDone()].push_back(prefetch.getResult());
        tokenOfPending[prefetch.getResult()] = prefetch.getDone();
        return success();
      })
      .Case([&](WaitOp wait) {
        for (Value token : wait.getTokens())
          for (Value ready : pendingByToken.lookup(token))
            tokenOfPending.erase(ready);
        return success();
      })
      .Case([&](FreeOp free) {
        Value value = free.getOperand();
        auto found = values.find(value);
        if (found == values.end())
          return failed(lookup(value, op)) ? failure() : success();
        if (getTier(value.getType()) == Tier::Hbm)
          liveBytes -= static_cast<int64_t>(found->second->sizeInBytes());
        values.erase(found);
        freedAt.try_emplace(value, op->getLoc());
        return success();
      })
      .Case<RecomputeOp, FusionOp>([&](auto grouped) -> LogicalResult {
        Interpreter inner(stats);
        FailureOr<SmallVector<TensorRef>> results =
            inner.run(grouped.getBody().front(), in);
        if (failed(results))
          return failure();
        for (auto [result, tensor] : llvm::zip(grouped.getResults(), *results))
          bind(result, tensor);
        return success();
      })
      .Case([&](AllocOp alloc) -> LogicalResult {
        FailureOr<rt::DType> dtype = resultDType(alloc.getResult());
        if (failed(dtype))
          return op->emitOpError() << "has an unsupported element type";
        // Poison floats so that a read of an unwritten buffer shows.
        rt::StatusOr<rt::HostTensor> tensor =
            rt::HostTensor::create(*dtype, toShape(alloc.getType().getShape()));
        if (tensor.ok() && rt::isFloatDType(*dtype))
          for (int64_t i = 0; i < tensor->numElements(); ++i)
            tensor->setFromDouble(i, std::numeric_limits<double>::quiet_NaN());
        return bind(alloc.getResult(), std::move(tensor), op);
      })
      .Case<AllReduceOp, AllGatherOp, ReduceScatterOp>(
          [&](auto collective) -> LogicalResult {
            if (collective.getCommunicator().getDevices().size() != 1)
              return op->emitOpError()
                     << "needs "
                     << collective.getCommunicator().getDevices().size()
                     << " devices; the reference executor runs one";
            bind(collective.getResult(),
                 std::make_shared<const rt::HostTensor>(*in[0]));
            return success();
          })
      // Control flow from the importers: upstream scf on tensors, with
      // scalars (predicates, branch indices) held as rank-0 tensors.
      .Case([&](tensor::ExtractOp extract) -> LogicalResult {
        if (!extract.getIndices().empty())
          return op->emitOpError()
                 << "extracts with indices, which the reference executor "
                    "does not support";
        bind(extract.getResult(), in[0]);
        return success();
      })
      .Case([&](arith::IndexCastOp cast) -> LogicalResult {
        rt::StatusOr<int64_t> value = rt::indexScalarValue(*in[0]);
        if (!value.ok())
          return op->emitOpError() << value.status().message();
        bind(cast.getResult(), std::make_shared<const rt::HostTensor>(
                                   rt::HostTensor::scalar<int64_t>(*value)));
        return success();
      })
      .Case([&](scf::WhileOp loop) { return executeWhile(loop, in); })
      .Case([&](scf::IndexSwitchOp switchOp) {
        return executeSwitch(switchOp, in[0]);
      })
      .Default([&](Operation *other) {
        return other->emitOpError()
               << "is not supported by the reference executor";
      });
}

LogicalResult Interpreter::executeGraphOp(Operation *op,
                                          ArrayRef<TensorRef> in) {
  // The record's constants live in a buffer of their own: a constant's
  // bytes are its only use.
  std::vector<char> constants;
  auto appendConstant = [&](ArrayRef<char> bytes) {
    int64_t offset = static_cast<int64_t>(constants.size());
    constants.insert(constants.end(), bytes.begin(), bytes.end());
    return offset;
  };
  auto operandNumber = [&](Value value) -> int64_t {
    return llvm::find(op->getOperands(), value) - op->getOperands().begin();
  };
  FailureOr<rt::OpRecord> record =
      toOpRecord(op, operandNumber, appendConstant);
  if (failed(record))
    return failure();
  std::vector<const rt::HostTensor *> operands;
  for (const TensorRef &tensor : in)
    operands.push_back(tensor.get());
  rt::StatusOr<std::vector<rt::HostTensor>> results =
      rt::evaluateOpRecord(*record, operands, constants);
  if (!results.ok())
    return op->emitOpError()
           << "failed in the reference kernel: " << results.status().message();
  for (auto [result, tensor] : llvm::zip(op->getResults(), *results))
    bind(result, std::make_shared<const rt::HostTensor>(std::move(tensor)));
  return success();
}

LogicalResult Interpreter::executeWhile(scf::WhileOp loop,
                                        ArrayRef<TensorRef> inits) {
  SmallVector<TensorRef> carried(inits.begin(), inits.end());
  while (true) {
    FailureOr<SmallVector<TensorRef>> condition =
        runNested(loop.getBefore(), carried);
    if (failed(condition))
      return failure();
    // scf.condition's operands: the predicate, then the values passed on.
    const rt::HostTensor &predicate = *(*condition)[0];
    if (predicate.numElements() != 1)
      return loop.emitOpError()
             << "condition must be one value, got " << predicate.describe();
    SmallVector<TensorRef> forwarded(condition->begin() + 1, condition->end());
    if (predicate.getAsDouble(0) == 0) {
      for (auto [result, tensor] : llvm::zip(loop.getResults(), forwarded))
        bind(result, tensor);
      return success();
    }
    FailureOr<SmallVector<TensorRef>> next =
        runNested(loop.getAfter(), forwarded);
    if (failed(next))
      return failure();
    carried = std::move(*next);
  }
}

LogicalResult Interpreter::executeSwitch(scf::IndexSwitchOp op,
                                         const TensorRef &index) {
  rt::StatusOr<int64_t> value = rt::indexScalarValue(*index);
  if (!value.ok())
    return op.emitOpError() << value.status().message();
  Region *region = &op.getDefaultRegion();
  for (auto [caseValue, caseRegion] :
       llvm::zip(op.getCases(), op.getCaseRegions()))
    if (caseValue == *value)
      region = &caseRegion;
  FailureOr<SmallVector<TensorRef>> results = runNested(*region, {});
  if (failed(results))
    return failure();
  for (auto [result, tensor] : llvm::zip(op.getResults(), *results))
    bind(result, tensor);
  return success();
}

FailureOr<std::vector<rt::HostTensor>>
mlir::strata::interpret(func::FuncOp func, ArrayRef<rt::HostTensor> arguments,
                        InterpreterStats *stats) {
  InterpreterStats localStats;
  if (!stats)
    stats = &localStats;
  if (func.isExternal())
    return func.emitOpError() << "has no body to execute";
  FunctionType type = func.getFunctionType();
  if (type.getNumInputs() != arguments.size())
    return func.emitOpError()
           << "takes " << type.getNumInputs() << " arguments but "
           << arguments.size() << " were given";
  SmallVector<TensorRef> bound;
  for (auto [index, argument] : llvm::enumerate(arguments)) {
    auto expected = dyn_cast<RankedTensorType>(type.getInput(index));
    FailureOr<rt::DType> dtype = expected
                                     ? toRuntimeDType(expected.getElementType())
                                     : FailureOr<rt::DType>();
    if (!expected || failed(dtype))
      return func.emitOpError()
             << "argument " << index << " has type " << type.getInput(index)
             << ", which the reference executor cannot bind";
    if (argument.dtype() != *dtype ||
        argument.shape() != toShape(expected.getShape()))
      return func.emitOpError()
             << "argument " << index << " must be " << expected << " but got "
             << argument.describe();
    bound.push_back(std::make_shared<const rt::HostTensor>(argument));
  }
  Interpreter interpreter(*stats);
  FailureOr<SmallVector<TensorRef>> results =
      interpreter.run(func.getBody().front(), bound);
  if (failed(results))
    return failure();
  std::vector<rt::HostTensor> out;
  for (const TensorRef &tensor : *results)
    out.push_back(*tensor);
  return out;
}

func::FuncOp mlir::strata::findEntryFunction(ModuleOp module, StringRef name) {
  if (!name.empty())
    return module.lookupSymbol<func::FuncOp>(name);
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    return main;
  func::FuncOp only;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isPrivate() || func.isExternal())
      continue;
    if (only)
      return {};
    only = func;
  }
  return only;
}
