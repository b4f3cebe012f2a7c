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

#endif // STRATA_PASSES_TD
