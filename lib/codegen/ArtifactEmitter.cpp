//===- ArtifactEmitter.cpp - Planned strata IR to an executable artifact --===//
//
// Walks the allocated function in program order. Compute (fusions, lone
// graph ops, the bodies of recompute regions) goes on the compute stream as
// generated kernels or library matrix products; offloads and prefetches
// become copies on the d2h / h2d streams. Stream order is made to respect
// what the static allocation assumed, i.e. program order:
//  - a copy starts only after all compute issued before it (an event
//    recorded on the compute stream), so the bytes it reads are final and
//    the bytes it overwrites are dead;
//  - a copy also waits for an in-flight copy on the other stream whose
//    source or destination overlaps its own (a host buffer reused while a
//    prefetch still reads it);
//  - strata.wait becomes the compute stream waiting for the copy's event,
//    and frees need no step (arenas are static).
//
//===----------------------------------------------------------------------===//

#include "strata/Codegen.h"

#include "GemmLowering.h"
#include "KernelEmitter.h"

#include "dialects/strata/StrataOps.h"
#include "passes/planner/BufferLiveness.h"
#include "strata/Interpreter.h"
#include "strata/OpRecords.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
using namespace mlir::strata;
namespace rt = ::strata::rt;

void mlir::strata::registerCodegenDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerAllToLLVMIRTranslations(registry);
}

namespace {

static rt::Tier toRuntimeTier(Tier tier) {
  switch (tier) {
  case Tier::Hbm:
    return rt::Tier::Hbm;
  case Tier::Host:
    return rt::Tier::Host;
  case Tier::Nvme:
    return rt::Tier::Nvme;
  }
  return rt::Tier::Hbm;
}

static std::string locationText(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc))
    os << fileLoc.getFilename().getValue() << ":" << fileLoc.getLine();
  else if (auto nameLoc = dyn_cast<NameLoc>(loc))
    os << nameLoc.getName().getValue();
  else if (auto fused = dyn_cast<FusedLoc>(loc);
           fused && !fused.getLocations().empty())
    return locationText(fused.getLocations().front());
  return text;
}

/// A copy in flight on a copy stream, until a later wait retires it.
struct InflightCopy {
  rt::StreamKind stream;
  int64_t event;
  rt::Tier srcTier, dstTier;
  int64_t srcBegin, srcEnd, dstBegin, dstEnd;
};

class Emitter {
public:
  Emitter(func::FuncOp func, const ArtifactOptions &options,
          gpu::GPUModuleOp kernels)
      : func(func), options(options), kernelEmitter(kernels),
        liveness(computeBufferLiveness(func)) {}

  LogicalResult run(rt::Artifact &artifact, std::vector<char> &constants,
                    ArtifactSummary &summary);

private:
  FailureOr<int64_t> bufferFor(Value value);
  int64_t offsetOfOwner(Value owner);
  LogicalResult emitBlock(Block &block);
  LogicalResult emitOp(Operation *op);
  LogicalResult emitKernel(const codegen::KernelGroup &group,
                           ArrayRef<Value> args, Value output,
                           rt::ReferenceProgram reference, StringRef baseName,
                           Operation *op);
  LogicalResult emitGemm(DotOp dot);
  LogicalResult emitConstant(ConstantOp constant);
  LogicalResult emitCopy(Operation *op, Value source, Value destination,
                         Value token, rt::StreamKind stream);
  FailureOr<rt::ReferenceProgram> referenceOf(Block &body);
  FailureOr<rt::ReferenceProgram> referenceOf(Operation *op,
                                              ArrayRef<Value> inputs);

  int64_t newEvent() { return artifact->numEvents++; }
  /// Appends bytes to constants.bin, each constant 256-byte aligned like
  /// the arena buffers it is copied into; returns their offset.
  int64_t appendConstant(ArrayRef<char> bytes) {
    int64_t offset = constants->size();
    constants->insert(constants->end(), bytes.begin(), bytes.end());
    while (constants->size() % 256)
      constants->push_back(0);
    return offset;
  }
  void addStep(rt::ArtifactStep step) {
    artifact->steps.push_back(std::move(step));
  }
  int64_t recordCompute();

  func::FuncOp func;
  const ArtifactOptions &options;
  codegen::KernelEmitter kernelEmitter;
  BufferLiveness liveness;
  rt::Artifact *artifact = nullptr;
  std::vector<char> *constants = nullptr;
  ArtifactSummary *summary = nullptr;
  DenseMap<unsigned, int64_t> artifactBufferOf; // liveness buffer -> index
  DenseMap<Value, int64_t> tokenEvent;
  std::vector<InflightCopy> inflight;
  /// The event marking all compute issued so far, if still current.
  int64_t computeEvent = -1;
};

int64_t Emitter::offsetOfOwner(Value owner) {
  if (auto argument = dyn_cast<BlockArgument>(owner)) {
    if (auto attr = func.getArgAttrOfType<IntegerAttr>(
            argument.getArgNumber(), kArgOffsetAttrName))
      return attr.getInt();
    return -1;
  }
  auto result = cast<OpResult>(owner);
  auto offsets =
      result.getOwner()->getAttrOfType<DenseI64ArrayAttr>(kOffsetsAttrName);
  if (!offsets || offsets.size() <= result.getResultNumber())
    return -1;
  return offsets[result.getResultNumber()];
}

FailureOr<int64_t> Emitter::bufferFor(Value value) {
  // A recompute body reads its operands where they are.
  if (auto argument = dyn_cast<BlockArgument>(value))
    if (auto recompute =
            dyn_cast<RecomputeOp>(argument.getOwner()->getParentOp()))
      return bufferFor(recompute.getInputs()[argument.getArgNumber()]);
  auto it = liveness.bufferOf.find(value);
  if (it == liveness.bufferOf.end())
    return failure();
  auto known = artifactBufferOf.find(it->second);
  if (known != artifactBufferOf.end())
    return known->second;
  const Buffer &buffer = liveness.buffers[it->second];
  int64_t offset = offsetOfOwner(buffer.value ? buffer.value : value);
  if (offset < 0)
    return failure();
  auto type = cast<RankedTensorType>(value.getType());
  FailureOr<rt::DType> dtype = toRuntimeDType(type.getElementType());
  if (failed(dtype))
    return failure();
  rt::ArtifactBuffer entry;
  entry.tier = toRuntimeTier(buffer.tier);
  entry.offset = offset;
  entry.bytes = buffer.bytes;
  entry.dtype = *dtype;
  entry.shape.assign(type.getShape().begin(), type.getShape().end());
  artifact->buffers.push_back(std::move(entry));
  int64_t index = artifact->buffers.size() - 1;
  artifactBufferOf[it->second] = index;
  return index;
}

int64_t Emitter::recordCompute() {
  if (computeEvent >= 0)
    return computeEvent;
  computeEvent = newEvent();
  rt::ArtifactStep record;
  record.kind = rt::ArtifactStep::Kind::Record;
  record.stream = rt::StreamKind::Compute;
  record.event = computeEvent;
  addStep(std::move(record));
  return computeEvent;
}

FailureOr<rt::ReferenceProgram> Emitter::referenceOf(Block &body) {
  rt::ReferenceProgram program;
  DenseMap<Value, int64_t> numbers;
  int64_t next = 0;
  for (BlockArgument argument : body.getArguments())
    numbers[argument] = next++;
  auto numberOf = [&](Value value) { return numbers.lookup(value); };
  auto sink = [&](ArrayRef<char> bytes) { return appendConstant(bytes); };
  for (Operation &op : body.without_terminator()) {
    FailureOr<rt::OpRecord> record = toOpRecord(&op, numberOf, sink);
    if (failed(record))
      return failure();
    program.ops.push_back(std::move(*record));
    for (Value result : op.getResults())
      numbers[result] = next++;
  }
  for (Value yielded : body.getTerminator()->getOperands())
    program.results.push_back(numberOf(yielded));
  return program;
}

FailureOr<rt::ReferenceProgram> Emitter::referenceOf(Operation *op,
                                                     ArrayRef<Value> inputs) {
  rt::ReferenceProgram program;
  DenseMap<Value, int64_t> numbers;
  for (auto [i, input] : llvm::enumerate(inputs))
    numbers[input] = i;
  auto sink = [&](ArrayRef<char> bytes) { return appendConstant(bytes); };
  FailureOr<rt::OpRecord> record =
      toOpRecord(op, [&](Value v) { return numbers.lookup(v); }, sink);
  if (failed(record))
    return failure();
  program.ops.push_back(std::move(*record));
  for (unsigned i = 0; i < op->getNumResults(); ++i)
    program.results.push_back(inputs.size() + i);
  return program;
}

LogicalResult Emitter::emitKernel(const codegen::KernelGroup &group,
                                  ArrayRef<Value> args, Value output,
                                  rt::ReferenceProgram reference,
                                  StringRef baseName, Operation *op) {
  FailureOr<SmallVector<codegen::KernelLaunch>> launches =
      kernelEmitter.emit(group, baseName, op);
  if (failed(launches))
    return failure();
  std::vector<int64_t> buffers;
  for (Value arg : args) {
    FailureOr<int64_t> buffer = bufferFor(arg);
    if (failed(buffer))
      return op->emitOpError("operand has no allocated buffer (run "
                             "--strata-allocate first)");
    buffers.push_back(*buffer);
  }
  FailureOr<int64_t> outputBuffer = bufferFor(output);
  if (failed(outputBuffer))
    return op->emitOpError(
        "result has no allocated buffer (run --strata-allocate first)");
  buffers.push_back(*outputBuffer);
  // Every kernel of a group carries the group's whole reference (the CPU
  // backend computes the result again, from the same unchanged inputs).
  for (const codegen::KernelLaunch &launch : *launches) {
    rt::ArtifactStep step;
    step.kind = rt::ArtifactStep::Kind::Kernel;
    step.stream = rt::StreamKind::Compute;
    step.location = locationText(op->getLoc());
    step.args = buffers;
    step.numInputs = args.size();
    step.module = "kernels";
    step.kernel = launch.name;
    step.grid = launch.grid;
    step.block = launch.block;
    step.reference = reference;
    addStep(std::move(step));
    ++summary->kernels;
  }
  computeEvent = -1;
  return success();
}

LogicalResult Emitter::emitGemm(DotOp dot) {
  std::optional<rt::GemmDescriptor> gemm =
      codegen::gemmDescriptorFor(dot, options.gemmPrecision);
  SmallVector<Value> inputs{dot.getLhs(), dot.getRhs()};
  FailureOr<rt::ReferenceProgram> reference = referenceOf(dot, inputs);
  if (failed(reference))
    return failure();
  if (!gemm) {
    ++summary->fallbackContractions;
    SmallVector<Value> unique;
    for (Value input : inputs)
      if (!llvm::is_contained(unique, input))
        unique.push_back(input);
    FailureOr<rt::ReferenceProgram> uniqueReference = referenceOf(dot, unique);
    if (failed(uniqueReference))
      return failure();
    return emitKernel({unique, dot.getResult()}, unique, dot.getResult(),
                      std::move(*uniqueReference), "dot", dot);
  }
  rt::ArtifactStep step;
  step.kind = rt::ArtifactStep::Kind::Gemm;
  step.stream = rt::StreamKind::Compute;
  step.location = locationText(dot.getLoc());
  for (Value value : {dot.getLhs(), dot.getRhs(), dot.getResult()}) {
    FailureOr<int64_t> buffer = bufferFor(value);
    if (failed(buffer))
      return dot.emitOpError("operand or result has no allocated buffer");
    step.args.push_back(*buffer);
  }
  step.numInputs = 2;
  step.gemm = *gemm;
  step.reference = std::move(*reference);
  addStep(std::move(step));
  ++summary->gemms;
  computeEvent = -1;
  return success();
}

LogicalResult Emitter::emitConstant(ConstantOp constant) {
  auto elements = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (elements && elements.isSplat()) {
    FailureOr<rt::ReferenceProgram> reference = referenceOf(constant, {});
    if (failed(reference))
      return failure();
    return emitKernel({{}, constant.getResult()}, {}, constant.getResult(),
                      std::move(*reference), "fill", constant);
  }
  // The bytes go to constants.bin through the same path as a reference
  // constant; the step copies them in place every step, since the arena
  // may reuse the constant's bytes once it is dead.
  FailureOr<rt::ReferenceProgram> reference = referenceOf(constant, {});
  if (failed(reference))
    return failure();
  const nlohmann::json &value = reference->ops.front().attributes["value"];
  if (!value.contains("data_offset"))
    return constant.emitOpError("constant without data");
  FailureOr<int64_t> buffer = bufferFor(constant.getResult());
  if (failed(buffer))
    return constant.emitOpError("result has no allocated buffer");
  rt::ArtifactStep step;
  step.kind = rt::ArtifactStep::Kind::Constant;
  step.stream = rt::StreamKind::Compute;
  step.location = locationText(constant.getLoc());
  step.dst = *buffer;
  step.dataOffset = value["data_offset"].get<int64_t>();
  step.bytes = value["bytes"].get<int64_t>();
  addStep(std::move(step));
  computeEvent = -1;
  return success();
}

LogicalResult Emitter::emitCopy(Operation *op, Value source, Value destination,
                                Value token, rt::StreamKind stream) {
  FailureOr<int64_t> src = bufferFor(source);
  FailureOr<int64_t> dst = bufferFor(destination);
  if (failed(src) || failed(dst))
    return op->emitOpError("copy end has no allocated buffer");
  const rt::ArtifactBuffer &from = artifact->buffers[*src];
  const rt::ArtifactBuffer &to = artifact->buffers[*dst];
  int64_t bytes = std::min(from.bytes, to.bytes);

  int64_t afterCompute = recordCompute();
  auto wait = [&](int64_t event) {
    rt::ArtifactStep step;
    step.kind = rt::ArtifactStep::Kind::Wait;
    step.stream = stream;
    step.event = event;
    addStep(std::move(step));
  };
  wait(afterCompute);
  auto overlaps = [](rt::Tier tierA, int64_t beginA, int64_t endA,
                     rt::Tier tierB, int64_t beginB, int64_t endB) {
    return tierA == tierB && beginA < endB && beginB < endA;
  };
  for (const InflightCopy &copy : inflight) {
    if (copy.stream == stream)
      continue;
    bool conflict = false;
    for (auto [tier, begin, end] :
         {std::tuple(from.tier, from.offset, from.offset + bytes),
          std::tuple(to.tier, to.offset, to.offset + bytes)})
      conflict |= overlaps(tier, begin, end, copy.srcTier, copy.srcBegin,
                           copy.srcEnd) ||
                  overlaps(tier, begin, end, copy.dstTier, copy.dstBegin,
                           copy.dstEnd);
    if (conflict)
      wait(copy.event);
  }
  rt::ArtifactStep step;
  step.kind = rt::ArtifactStep::Kind::Copy;
  step.stream = stream;
  step.location = locationText(op->getLoc());
  step.src = *src;
  step.dst = *dst;
  step.bytes = bytes;
  addStep(std::move(step));
  int64_t done = newEvent();
  rt::ArtifactStep record;
  record.kind = rt::ArtifactStep::Kind::Record;
  record.stream = stream;
  record.event = done;
  addStep(std::move(record));
  tokenEvent[token] = done;
  inflight.push_back({stream, done, from.tier, to.tier, from.offset,
                      from.offset + bytes, to.offset, to.offset + bytes});
  ++summary->copies;
  return success();
}

LogicalResult Emitter::emitOp(Operation *op) {
  if (auto fusion = dyn_cast<FusionOp>(op)) {
    Block &body = fusion.getBody().front();
    if (fusion->getNumResults() != 1)
      return fusion.emitOpError(
          "cannot generate GPU code: a fusion with several results");
    FailureOr<rt::ReferenceProgram> reference = referenceOf(body);
    if (failed(reference))
      return failure();
    codegen::KernelGroup group;
    group.inputs.assign(body.getArguments().begin(), body.getArguments().end());
    group.result = body.getTerminator()->getOperand(0);
    SmallVector<Value> args(fusion->getOperands());
    return emitKernel(group, args, fusion->getResult(0), std::move(*reference),
                      "fusion", fusion);
  }
  if (auto recompute = dyn_cast<RecomputeOp>(op)) {
    Block &body = recompute.getBody().front();
    if (failed(emitBlock(body)))
      return failure();
    // A result that is an input passed through has a buffer of its own.
    for (auto [yielded, result] :
         llvm::zip(body.getTerminator()->getOperands(), recompute.getResults())) {
      if (!isa<BlockArgument>(yielded))
        continue;
      FailureOr<int64_t> src = bufferFor(yielded);
      FailureOr<int64_t> dst = bufferFor(result);
      if (failed(src) || failed(dst))
        return recompute.emitOpError("result has no allocated buffer");
      if (*src == *dst)
        continue;
      rt::ArtifactStep step;
      step.kind = rt::ArtifactStep::Kind::Copy;
      step.stream = rt::StreamKind::Compute;
      step.location = locationText(recompute.getLoc());
      step.src = *src;
      step.dst = *dst;
      step.bytes = std::min(artifact->buffers[*src].bytes,
                            artifact->buffers[*dst].bytes);
      addStep(std::move(step));
      computeEvent = -1;
    }
    return success();
  }
  if (auto dot = dyn_cast<DotOp>(op))
    return emitGemm(dot);
  if (auto constant = dyn_cast<ConstantOp>(op))
    return emitConstant(constant);
  if (auto offload = dyn_cast<OffloadOp>(op))
    return emitCopy(op, offload.getOperand(), offload.getResult(),
                    offload.getDone(), rt::StreamKind::DeviceToHost);
  if (auto prefetch = dyn_cast<PrefetchOp>(op))
    return emitCopy(op, prefetch.getOperand(), prefetch.getResult(),
                    prefetch.getDone(), rt::StreamKind::HostToDevice);
  if (auto wait = dyn_cast<WaitOp>(op)) {
    for (Value token : wait.getTokens()) {
      auto it = tokenEvent.find(token);
      if (it == tokenEvent.end())
        return wait.emitOpError("waits on a token no copy produced");
      rt::ArtifactStep step;
      step.kind = rt::ArtifactStep::Kind::Wait;
      step.stream = rt::StreamKind::Compute;
      step.event = it->second;
      addStep(std::move(step));
      llvm::erase_if(inflight, [&](const InflightCopy &copy) {
        return copy.event == it->second;
      });
    }
    return success();
  }
  if (isa<FreeOp, AllocOp>(op))
    return success();
  if (op->getNumRegions() != 0 || (op->getDialect() != func->getDialect() &&
                                   !isa<StrataDialect>(op->getDialect())))
    return op->emitOpError("cannot generate GPU code for this op");
  if (!isa<StrataDialect>(op->getDialect()) || op->getNumResults() != 1)
    return op->emitOpError("cannot generate GPU code for this op");
  SmallVector<Value> inputs;
  for (Value operand : op->getOperands())
    if (!llvm::is_contained(inputs, operand))
      inputs.push_back(operand);
  FailureOr<rt::ReferenceProgram> reference = referenceOf(op, inputs);
  if (failed(reference))
    return failure();
  return emitKernel({inputs, op->getResult(0)}, inputs, op->getResult(0),
                    std::move(*reference),
                    op->getName().stripDialect().str(), op);
}

LogicalResult Emitter::emitBlock(Block &block) {
  for (Operation &op : block) {
    if (op.hasTrait<OpTrait::IsTerminator>())
      continue;
    if (failed(emitOp(&op)))
      return failure();
  }
  return success();
}

LogicalResult Emitter::run(rt::Artifact &artifactOut,
                           std::vector<char> &constantsOut,
                           ArtifactSummary &summaryOut) {
  artifact = &artifactOut;
  constants = &constantsOut;
  summary = &summaryOut;
  for (BlockArgument argument : func.getArguments()) {
    FailureOr<int64_t> buffer = bufferFor(argument);
    if (failed(buffer))
      return func.emitOpError() << "argument " << argument.getArgNumber()
                                << " has no allocated buffer (run "
                                   "--strata-allocate first)";
    artifact->inputs.push_back(
        {"arg" + std::to_string(argument.getArgNumber()), *buffer});
  }
  Block &body = func.getBody().front();
  if (failed(emitBlock(body)))
    return failure();
  for (auto [i, result] : llvm::enumerate(body.getTerminator()->getOperands())) {
    FailureOr<int64_t> buffer = bufferFor(result);
    if (failed(buffer))
      return func.emitOpError() << "result " << i
                                << " has no allocated buffer";
    artifact->outputs.push_back({"result" + std::to_string(i), *buffer});
  }
  return success();
}


/// The CUDA toolkit whose libdevice supplies exp, log, tanh, erf...:
/// $CUDA_HOME, $CUDA_ROOT, $CUDA_PATH, then /usr/local/cuda; empty if none
/// has it.
std::string findCudaToolkit() {
  auto hasLibdevice = [](StringRef root) {
    llvm::SmallString<256> path(root);
    llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
    return llvm::sys::fs::exists(path);
  };
  for (const char *variable : {"CUDA_HOME", "CUDA_ROOT", "CUDA_PATH"})
    if (const char *value = std::getenv(variable); value && hasLibdevice(value))
      return value;
  if (hasLibdevice("/usr/local/cuda"))
    return "/usr/local/cuda";
  return "";
}

/// Lowers the kernels to PTX with the upstream gpu -> nvvm -> LLVM NVPTX
/// path and returns the assembly. Transcendental functions come from
/// libdevice when a CUDA toolkit is found, else from MLIR's polynomial
/// approximations, so that the PTX never calls a function it lacks.
FailureOr<std::string> compileToPtx(ModuleOp container, StringRef chip) {
  PassManager pm(container.getContext());
  std::string toolkit = findCudaToolkit();
  if (toolkit.empty()) {
    RewritePatternSet patterns(container.getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(container, std::move(patterns))))
      return failure();
  }
  GpuNVVMAttachTargetOptions target;
  target.chip = chip.str();
  target.optLevel = 3;
  pm.addPass(createGpuNVVMAttachTarget(target));
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createSCFToControlFlowPass());
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  kernels.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  pm.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = "isa";
  binary.toolkitPath = toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  if (failed(pm.run(container)))
    return failure();
  for (auto binaryOp : container.getOps<gpu::BinaryOp>())
    for (Attribute object : binaryOp.getObjects())
      if (auto objectAttr = dyn_cast<gpu::ObjectAttr>(object)) {
        std::string ptx = objectAttr.getObject().getValue().str();
        // A function left to link makes the module unloadable on a GPU.
        // Without a CUDA toolkit that is expected for the few functions
        // MLIR cannot approximate (powf, rsqrt...): the artifact still runs
        // on the CPU backend, so say so rather than fail.
        if (StringRef(ptx).contains(".extern .func")) {
          if (!toolkit.empty()) {
            container.emitError()
                << "the generated PTX calls a function that is not linked "
                   "in, although libdevice was found in "
                << toolkit;
            return failure();
          }
          container.emitWarning()
              << "no CUDA toolkit with libdevice was found (set CUDA_HOME): "
                 "the PTX calls libdevice functions it does not contain, so "
                 "the artifact runs on the CPU backend but will not load on "
                 "a GPU";
        }
        return ptx;
      }
  return failure();
}

} // namespace

FailureOr<BuiltArtifact>
mlir::strata::buildArtifact(ModuleOp module, const ArtifactOptions &options,
                            ArtifactSummary *summaryOut) {
  auto start = std::chrono::steady_clock::now();
  ArtifactSummary localSummary;
  ArtifactSummary &summary = summaryOut ? *summaryOut : localSummary;
  func::FuncOp func = findEntryFunction(module);
  if (!func)
    return module.emitError("no entry function (main, or the only public "
                            "function) to emit");
  if (!func->hasAttr(kArenaAttrName))
    return func.emitOpError("has no static allocation: run "
                            "--strata-allocate (and --strata-verify-plan) "
                            "before emitting an artifact");

  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  registerCodegenDialects(registry);
  context->appendDialectRegistry(registry);
  context->loadAllAvailableDialects();

  OpBuilder builder(context);
  OwningOpRef<ModuleOp> container = ModuleOp::create(module.getLoc());
  (*container)->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                        builder.getUnitAttr());
  builder.setInsertionPointToStart(container->getBody());
  auto kernels = gpu::GPUModuleOp::create(builder, module.getLoc(), "kernels");

  BuiltArtifact built;
  rt::Artifact &artifact = built.plan;
  artifact.model = options.model;
  artifact.machine = options.machine;
  auto arena = func->getAttrOfType<DictionaryAttr>(kArenaAttrName);
  for (auto [tier, name] : {std::pair(rt::Tier::Hbm, "hbm"),
                            std::pair(rt::Tier::Host, "host"),
                            std::pair(rt::Tier::Nvme, "nvme")})
    if (auto bytes = arena.getAs<IntegerAttr>(name))
      artifact.arenaBytes[static_cast<unsigned>(tier)] = bytes.getInt();
  if (auto budget = func->getAttrOfType<IntegerAttr>("strata.budget_bytes"))
    artifact.budgetBytes = budget.getInt();
  Emitter emitter(func, options, kernels);
  if (failed(emitter.run(artifact, built.constants, summary)))
    return failure();
  summary.steps = artifact.steps.size();
  auto generated = std::chrono::steady_clock::now();
  summary.codegenSeconds =
      std::chrono::duration<double>(generated - start).count();
  if (options.verbose)
    llvm::errs() << llvm::formatv(
        "strata: {0} kernels, {1} library matrix products, {2} copies; "
        "lowering to PTX for {3}...\n",
        summary.kernels, summary.gemms, summary.copies, options.chip);

  if (summary.kernels > 0) {
    FailureOr<std::string> compiled = compileToPtx(*container, options.chip);
    if (failed(compiled))
      return func.emitOpError("lowering the generated kernels to PTX failed");
    built.ptx = std::move(*compiled);
  }
  summary.ptxBytes = built.ptx.size();
  summary.ptxSeconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - generated)
                           .count();
  artifact.modules.push_back({"kernels", "kernels.ptx", options.chip});
  if (!built.constants.empty()) {
    artifact.constantsPath = "constants.bin";
    artifact.constantsBytes = built.constants.size();
  }
  return built;
}

LogicalResult mlir::strata::writeArtifactDirectory(const BuiltArtifact &built,
                                                   StringRef directory,
                                                   Location loc) {
  if (std::error_code error = llvm::sys::fs::create_directories(directory))
    return emitError(loc) << "cannot create " << directory << ": "
                          << error.message();
  auto writeFile = [&](StringRef name, StringRef bytes) -> LogicalResult {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path, name);
    std::error_code error;
    llvm::raw_fd_ostream os(path, error);
    if (error)
      return emitError(loc) << "cannot write " << path << ": "
                            << error.message();
    os << bytes;
    return success();
  };
  if (failed(writeFile("kernels.ptx", built.ptx)))
    return failure();
  if (!built.constants.empty() &&
      failed(writeFile("constants.bin", StringRef(built.constants.data(),
                                                  built.constants.size()))))
    return failure();
  rt::Status written = rt::writeArtifact(built.plan, directory.str());
  if (!written.ok())
    return emitError(loc) << written.message();
  return success();
}

LogicalResult mlir::strata::emitArtifact(ModuleOp module, StringRef directory,
                                         const ArtifactOptions &options,
                                         ArtifactSummary *summary) {
  FailureOr<BuiltArtifact> built = buildArtifact(module, options, summary);
  if (failed(built))
    return failure();
  return writeArtifactDirectory(*built, directory, module.getLoc());
}
