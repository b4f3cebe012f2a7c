//===- Passes.td - The strata passes -------------------------*- tablegen -*-===//

#ifndef STRATA_PASSES_TD
#define STRATA_PASSES_TD

include "mlir/Pass/PassBase.td"

def AnnotateCostPass : Pass<"strata-annotate-cost", "mlir::ModuleOp"> {
  let summary = "Attach each op's predicted cost on the target machine";
  let description = [{
    For every op that implements the cost interface, attaches `strata.cost`:
    a `#strata.cost` with the op's FLOPs and bytes read and written (from
    shapes and element types) and the time the cost model predicts for it on
    the machine, in nanoseconds:

        time = max(flops / peak rate, bytes moved / HBM bandwidth)
               + launch overhead

    where the peak rate is the machine's matrix or vector rate for the op's
    element type. Ops that move no bytes and do no arithmetic (reshapes,
    constants) cost nothing and launch nothing. Each `func.func` also gets
    `strata.cost` with the totals of the ops in its body.

    The machine is the profile named by `machine=`, else the module's
    `strata.machine` attribute, else the built-in H100 profile; the pass sets
    the module's `strata.machine` to the machine it used. It does not change
    the program.
  }];
  let options = [
    Option<"machinePath", "machine", "std::string", /*default=*/"\"\"",
           "Machine profile (JSON) to cost against; default: the module's "
           "strata.machine attribute, else the built-in H100 profile">,
  ];
  let statistics = [
    Statistic<"numOpsCosted", "ops-costed", "Ops given a cost">,
    Statistic<"totalGigaFlops", "total-gflops",
              "Floating-point operations of all costed ops, in GFLOP">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def MemoryProfilePass : Pass<"strata-memory-profile", "mlir::ModuleOp"> {
  let summary = "Peak live bytes of each function in its current order";
  let description = [{
    Replays each `func.func` in the order of its body and tracks the bytes of
    the tensors live at every op, per memory tier. A value is live from the
    op that defines it to its last use; while an op runs, its operands and
    its results are live together. Function arguments are live for the
    whole function (their caller owns them) unless marked donated with
    `strata.donated` (or `tf.aliasing_output`, as JAX marks them), in which
    case they die at their last use. Ops with regions (recompute bodies) add
    the peak of their region to the step that runs them.

    Attaches to each function:
    * `strata.peak_bytes`: the largest HBM live bytes at any op, the
      "unconstrained peak" that memory budgets refer to;
    * `strata.peak_index`: the position of that op in the body;
    * `strata.host_peak_bytes` / `strata.nvme_peak_bytes` where tensors live
      in those tiers.
    With `remarks` (the default) it also emits a remark at the peak op naming
    the peak and the `top` largest tensors live there.
  }];
  let options = [
    Option<"top", "top", "unsigned", /*default=*/"5",
           "How many of the largest live tensors the remark names">,
    Option<"remarks", "remarks", "bool", /*default=*/"true",
           "Emit a remark at each function's peak">,
  ];
  let statistics = [
    Statistic<"numFunctions", "functions", "Functions profiled">,
    Statistic<"largestPeak", "largest-peak-bytes",
              "Largest HBM peak over all functions, in bytes">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def PadContractionsPass : Pass<"strata-pad-contractions", "mlir::func::FuncOp"> {
  let summary = "Pad matrix products' innermost dimensions for tensor cores";
  let description = [{
    A matrix product whose rows are not a multiple of 16 bytes long keeps
    the GPU's matrix units from their vector loads: cuBLASLt multiplies
    GPT-2's [8192, 768] x [768, 50257] logits at 120 TFLOP/s in TF32, and at
    300 TFLOP/s when the vocabulary is 50264 wide. As XLA's
    cublas_pad_for_gemms does, this pass pads with zeros, to a multiple of
    `multiple` elements, the innermost dimension of each float operand of a
    `strata.dot` and of its result:

    - a contracting dimension is padded in both operands (the extra
      products are zero);
    - a free dimension is padded in its operand, and the result, larger by
      as much, is sliced back to its shape (fusion makes that slice index
      arithmetic in the consumers).

    Batching dimensions are never padded. Pads of the same value with the
    same amounts are shared, and a pad of a pad folds into one
    (canonicalization).

    ```mlir
    %c = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
         : (tensor<64x32xf32>, tensor<32x50xf32>) -> tensor<64x50xf32>
    // becomes
    %bp = strata.pad %b, %zero low = [0, 0] high = [0, 6] interior = [0, 0]
          : tensor<32x50xf32>, tensor<f32> -> tensor<32x56xf32>
    %cp = strata.dot %a, %bp, ... -> tensor<64x56xf32>
    %c = strata.slice %cp start = [0, 0] limit = [64, 50] strides = [1, 1]
    ```
  }];
  let options = [
    Option<"multiple", "multiple", "int64_t", /*default=*/"8",
           "Elements each padded dimension becomes a multiple of">,
  ];
  let statistics = [
    Statistic<"numPadded", "padded-contractions", "Contractions padded">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def RebuildSoftmaxExponentialsPass
    : Pass<"strata-rebuild-softmax-exponentials", "mlir::func::FuncOp"> {
  let summary = "Let a softmax's backward read its probabilities, not its exponentials";
  let description = [{
    A softmax written out as JAX traces `jax.nn.softmax`'s formula,

        e = exp(x - broadcast(max(x, d)))   s = sum(e, d)   p = e / broadcast(s)

    is differentiated into a backward pass that reads both `e` and `p`: the
    training step then keeps two tensors of the softmax's size from the
    forward pass to the backward one. On GPT-2 those are the attention's
    [batch, heads, seq, seq] exponentials and probabilities, 384 MiB each per
    layer of gpt2_small in f32: half of them are a copy of the other half
    up to a per-row factor.

    This pass rewrites every use of `e` that comes after `p` into
    `p * broadcast(s)`, next to the use (so that fusion folds the product
    into the consumer), and `e` dies as soon as `p` is computed. Only `p` and
    the row sums, a factor of `d`'s size smaller, stay live.

    Numerics: `(e / s) * s` is `e` to within two roundings (a few units
    in the last place); the subtraction of the row maximum keeps every
    exponential at most 1 and `s` finite and at least one, so the product
    neither overflows nor turns a finite value into NaN. The pass only
    matches softmaxes with that subtraction (the maximum may be combined
    with a constant, as `jnp.max(..., initial=-inf)` does), and only
    rewrites where `e` and `p` would otherwise be live together across at
    least one op that reads neither.

    ```mlir
    %e = strata.unary exp %z : tensor<4x8xf32>
    %s = strata.reduce add %e dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
    %b = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
    %p = strata.binary div %e, %b : tensor<4x8xf32>
    ...
    %g = strata.binary mul %dp, %e : tensor<4x8xf32>
    // becomes
    %b2 = strata.broadcast_in_dim %s dims = [0] : tensor<4xf32> -> tensor<4x8xf32>
    %e2 = strata.binary mul %p, %b2 : tensor<4x8xf32>
    %g = strata.binary mul %dp, %e2 : tensor<4x8xf32>
    ```
  }];
  let statistics = [
    Statistic<"numSoftmaxes", "softmaxes-rewritten",
              "Softmaxes whose late uses now read the probabilities">,
    Statistic<"numUsesRewritten", "uses-rewritten",
              "Uses of exponentials rebuilt from the probabilities">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def FusePass : Pass<"strata-fuse", "mlir::func::FuncOp"> {
  let summary = "Group elementwise work with its consumers into strata.fusion";
  let description = [{
    Producer-consumer fusion in the spirit of XLA's: an op that is cheap and
    elementwise in nature (unary, binary, compare, select, clamp, convert,
    reduce_precision, broadcast_in_dim, reshape, transpose, slice, iota,
    splat constants) joins the fusion group of its consumers when all of
    its users are in that one group. Groups are rooted at such ops, at
    reductions (reduce, softmax, layer_norm, rms_norm), and at scatters and
    gathers, which evaluate their operands at an index: the elementwise work
    that feeds them fuses in (a scatter into zeros never writes the zeros; a
    gather computes only the elements it picks).

    When the users are in several groups, the op is rebuilt in each of them
    if that is free or saves memory traffic: splat constants, iotas and
    index-only ops (broadcast_in_dim, reshape, transpose, slice) always, and
    other elementwise ops read by k groups when k copies reading the op's
    inputs move fewer bytes than writing its result once and reading it k
    times, `(k - 1) * inputs < (k + 1) * result` (a broadcast operand counts
    as its source, a splat constant as nothing).

    Each group of two or more ops becomes one `strata.fusion` at the place
    of its root: its body holds the members in their original order, it
    reads the values they take from outside and yields the root's results.
    The values inside never reach memory, so the memory planner does not
    see them, and the cost model charges only the group's inputs and
    outputs. Contractions, convolutions, pads, concatenates, dynamic slices
    and ops with control flow stay alone.
  }];
  let statistics = [
    Statistic<"numFusions", "fusions", "Fusion groups formed">,
    Statistic<"numOpsFused", "ops-fused", "Ops moved into fusion groups">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def TileForMemoryPass : Pass<"strata-tile-for-memory", "mlir::func::FuncOp"> {
  let summary = "Run the ops around the largest tensors in chunks (tile-for-memory)";
  let description = [{
    Finds groups of ops around the function's largest tensors that are all
    parallel in one dimension, and runs each group in k chunks along it,
    one chunk after the other, so that a k-th of those tensors is live at a
    time. The planner (`--strata-plan-memory`) applies it itself where it
    lowers the peak enough to pay for itself; this pass applies it
    unconditionally, for inspection and tests.

    A group grows from a seed, a tensor of at least `min-seed-share` of the
    function's largest: every large split tensor's readers join it, and so
    does every op between two members that depends on the group and that
    the group depends on. Each value of the group is then divided among the
    chunks by rules per op, solved to a fixed point (in fusion bodies too):
    elementwise ops keep the division; broadcasts, reshapes, transposes,
    full slices and pads move it between dimensions; reductions and matrix
    products carry it to their result, or produce a partial sum when they
    reduce or contract over it; gathers carry it along batching dimensions;
    splat constants and iotas (across their own dimension) take any. A group
    some of whose values cannot be divided so is not tiled.

    The chunks replace the group where its last op was; values the group
    reads are sliced per chunk (or read whole), results it leaves are
    concatenated, or summed as the chunks produce them. Ops that read the
    group's results before its last op move after it. A group is tiled only
    when its largest inner tensor is at least twice the largest tensor it
    reads or writes divided. Sums over chunks add in another order than
    the whole reduction: the results agree to rounding, not bit for bit.

    For example, a GPT's logits, their log-softmax, its gradient and the
    two matrix products that read the gradient run per batch row: the
    hidden states are sliced, the weight is read whole, the loss terms and
    the hidden states' gradient are concatenated and the weight's gradient
    is summed.
  }];
  let options = [
    Option<"maxChunks", "max-chunks", "int64_t", /*default=*/"8",
           "Most chunks per group: the largest divisor of the split "
           "dimension's size up to this">,
    Option<"minSeedShare", "min-seed-share", "double", /*default=*/"0.5",
           "Smallest tensor that seeds a group, as a share of the "
           "function's largest">,
  ];
  let statistics = [
    Statistic<"numGroupsTiled", "groups-tiled", "Groups run in chunks">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def PlanMemoryPass : Pass<"strata-plan-memory", "mlir::ModuleOp"> {
  let summary = "Decide, per tensor, keep / recompute / offload within a budget";
  let description = [{
    Plans each function's HBM use in the order of its body (fuse first, so
    that values inside fusions are not planned). Every tensor is either kept
    in HBM between the points that need it (its production, its uses, and
    the steps where a recomputation reads it) or dropped after one and
    brought back before the next: by recomputing its producer from tensors
    present at that step (chains up to `max-recompute-depth` producers
    deep), or by prefetching a copy offloaded to host memory right after
    production, on the copy streams while compute runs.

    The objective is the predicted step time (the cost model's time of
    every op, plus recomputations, plus copy time the compute cannot hide,
    plus the compute each copied byte slows: the machine's link `slowdown`);
    the constraint is that live HBM bytes at every step, arguments
    included, stay within `budget`. `planner=mip` solves the mixed-integer
    program of `passes/planner/MipPlanner.cpp` with CBC under `time-limit`,
    started from the best heuristic plan, and keeps whichever is faster;
    `planner=heuristic` keeps the best heuristic plan. The heuristics:
    `greedy-offload` (offload by size x idle time), `greedy-recompute`
    (recompute what frees the most bytes per second at the peak), `greedy`
    (both), and two checkpointing plans (`passes/planner/Checkpointing.h`):
    `checkpoint-layers` cuts the forward pass at every layer boundary and
    `checkpoint-sqrt` every sqrt(n) boundaries (Chen et al.); each rebuilds
    its segments in the backward pass, as few as the budget needs, and
    hands a plan whose peak is still over the budget to the greedy. Naming
    one of them as `planner` runs it alone. Every heuristic's result is
    recorded in the summary's `heuristics`. The summary's `solver_gap` is
    the chosen plan's distance from `lower_bound_ns`, a step time no plan
    within the budget can beat (`passes/planner/LowerBound.h`), or CBC's
    own gap when it solved the whole MIP and was tighter.

    Arguments that are not donated (`strata.donated`, or JAX's
    `tf.aliasing_output`) belong to the caller and stay in HBM throughout;
    donated ones may be dropped after their last use and offloaded between
    uses.

    The allocator needs more than a plan's peak where buffers of different
    lifetimes leave gaps between them. The planner estimates the arena of
    its fastest plan (the plan's tensors' live runs placed as
    `--strata-allocate` places buffers; on GPT-2 within 1.5% of the
    allocated arena) and, while that overshoots the budget less `headroom`,
    runs the heuristics again for a peak lower by the overshoot and a
    margin that grows each time (never below the lowest peak they reach),
    up to three times; it keeps the fastest plan whose estimated arena
    fits, from any of those rounds or from the solver. The lower bound is taken at the budget, so
    it holds for every plan that fits.

    `budget` is a size (`8GiB`, `512MiB`, `1.5GB`, a byte count), a
    percentage of the activation peak (`25%`: the function's arguments plus
    that share of the unconstrained peak above them), or `min`: the smallest
    peak the heuristics reach. Without it the budget
    is the machine's HBM capacity. A budget no plan meets is an error that
    states the smallest budget the planner could satisfy.

    Records the decisions as `strata.memory_plan` (see
    `passes/planner/PlanAttributes.h`) and the figures as
    `strata.plan_summary` on each function; `--strata-materialize-plan`
    turns them into memory ops.
  }];
  let options = [
    Option<"budget", "budget", "std::string", /*default=*/"\"\"",
           "HBM budget: a size (8GiB, 512MiB, bytes), a percentage of the "
           "activation peak (25%), or min (the smallest the heuristics "
           "reach)">,
    Option<"machinePath", "machine", "std::string", /*default=*/"\"\"",
           "Machine profile (JSON); default: the module's strata.machine, "
           "else the built-in H100 profile">,
    Option<"planner", "planner", "std::string", /*default=*/"\"mip\"",
           "mip (CBC, seeded by the heuristics), heuristic (the best "
           "heuristic plan), or one heuristic's name: greedy, "
           "greedy-recompute, greedy-offload, checkpoint-layers, "
           "checkpoint-sqrt">,
    Option<"timeLimit", "time-limit", "double", /*default=*/"30.0",
           "Seconds planning may take per function: the solver gets what "
           "the heuristics leave (the whole MIP of a small program half of "
           "it at least; the neighbourhood search runs only with a second "
           "or more left)">,
    Option<"relativeGap", "gap", "double", /*default=*/"0.01",
           "Relative optimality gap at which the solver stops">,
    Option<"improve", "improve", "bool", /*default=*/"true",
           "With planner=mip: let the solver try to improve on the best "
           "heuristic plan that fits. Off, it runs only when no heuristic "
           "plan fits (strata-compile's later rounds turn it off after a "
           "round that chose a heuristic's plan)">,
    Option<"maxRecomputeDepth", "max-recompute-depth", "unsigned",
           /*default=*/"6",
           "How many producers deep a recomputation may reach">,
    Option<"headroom", "headroom", "double", /*default=*/"0.0",
           "Fraction of the budget left unplanned, beyond the planner's own "
           "estimate of the allocator's fragmentation (strata-compile "
           "raises it when an allocated arena still overshoots)">,
    Option<"tileForMemory", "tile-for-memory", "bool", /*default=*/"true",
           "Also plan the function with its largest tensors' ops run in "
           "chunks (--strata-tile-for-memory) when the budget is below the "
           "unconstrained peak, and keep that version when its best "
           "heuristic plan is faster or smaller. Chunked sums round "
           "differently: off for results bit-identical to the unplanned "
           "program">,
    Option<"tileChunks", "tile-chunks", "int64_t", /*default=*/"0",
           "With tile-for-memory: 0 weighs versions in 2, 4 and 8 chunks; "
           "N >= 2 weighs only N (strata-compile keeps its first round's "
           "choice when it plans again)">,
    Option<"donateArguments", "donate-arguments", "bool", /*default=*/"false",
           "Mark every argument strata.donated first (the caller gives its "
           "inputs up, as a training loop does with its state)">,
    Option<"runtimeReserve", "runtime-reserve", "int64_t", /*default=*/"0",
           "HBM bytes the runtime takes beside the arena (library "
           "workspaces, loaded kernels, graphs): the plan and its arena get "
           "the budget less this, and strata.budget_bytes says so. -1: "
           "128 MiB for budgets of 2 GiB and more, none below">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def MaterializePlanPass : Pass<"strata-materialize-plan", "mlir::func::FuncOp"> {
  let summary = "Rewrite a function with the memory ops its plan decided";
  let description = [{
    Reads `strata.memory_plan` (from `--strata-plan-memory`) and makes it
    ordinary IR:
    * after a tensor's production, a `strata.offload` to host when the plan
      prefetches it later;
    * after the last step of a stretch it is not kept across, a
      `strata.free` (preceded by a `strata.wait` on its offload copy);
    * before a step that needs it again, either a `strata.prefetch`
      started at the step the plan chose and a `strata.wait` just before
      the use, or a `strata.recompute` whose body clones the producer chain
      from the tensors present at that step;
    and points the later uses at the restored value. The plan attribute is
    removed; the result runs on the CPU backend and computes the same
    values as before.
  }];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def VerifyPlanPass : Pass<"strata-verify-plan", "mlir::func::FuncOp"> {
  let summary = "Check that a materialized memory plan is sound";
  let description = [{
    Replays a function that carries memory ops, independently of the
    planner that produced them, and reports an error for each violation:
    * a tensor used after its `strata.free`, or freed twice;
    * a prefetched tensor used before a `strata.wait` on its token;
    * a tensor freed, or its host copy prefetched, before a `strata.wait`
      on its offload's token;
    * live HBM bytes (the memory profile's accounting: arguments the caller
      keeps, every tensor from its definition to its last use or free,
      recompute bodies at the op that runs them) above the function's
      `strata.budget_bytes`;
    * after `--strata-allocate`: a buffer without an offset, outside its
      tier's arena, an HBM arena larger than the budget, or two buffers
      live at the same time that share bytes.
    A plan that fails is a compiler bug: `strata-compile` runs this pass
    last and never writes a program that fails it.
  }];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

def AllocatePass : Pass<"strata-allocate", "mlir::func::FuncOp"> {
  let summary = "Give every buffer a static offset in its tier's arena";
  let description = [{
    Places each tensor of the function (arguments, results of top-level ops
    and of the ops inside recompute bodies, a scratch area for ops with
    control-flow regions) at a fixed offset in the arena of its tier, so
    that the runtime allocates each arena once. Two buffers share bytes
    only when their lifetimes (see `passes/planner/BufferLiveness.h`) do
    not overlap; a donated argument's bytes are reused once it is dead.
    Offsets are multiples of 256 bytes. Buffers are placed one after the
    other at the lowest offset that is free for their whole lifetime, in
    the best of a few orders (largest first, longest-lived first), which is
    then improved by placing first the buffers that end highest
    (`passes/planner/ArenaPlacement.h`). No arena is smaller than the most
    bytes live at once.

    Records `strata.offsets` (one offset per result, -1 for results that
    take no memory) on each op, `strata.offset` on each argument,
    `strata.scratch_offset` on ops with scratch, and
    `strata.arena_bytes = {hbm = N, host = M}` on the function.
  }];
  let statistics = [
    Statistic<"numBuffers", "buffers", "Buffers placed">,
  ];
  let dependentDialects = ["::mlir::strata::StrataDialect"];
}

#endif // STRATA_PASSES_TD
