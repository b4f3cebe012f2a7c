// RUN: strata-opt %s --split-input-file --strata-plan-memory="budget=4MiB machine=%S/Inputs/recompute-only-machine.json" -verify-diagnostics | FileCheck %s
// RUN: strata-opt %s --split-input-file --strata-plan-memory="budget=4MiB machine=%S/Inputs/recompute-only-machine.json planner=heuristic" -verify-diagnostics | FileCheck %s

// Each 1024x256xf32 tensor is 1 MiB and %w 256 KiB. At the second dot
// (step 3) %x, %e, %y, %z and %w are live: 4.25 MiB. With no copy links,
// the only way under 4 MiB is to drop %e after its first use (step 2) and
// recompute it from %x, which stays live anyway, before the add (step 5).
// CHECK-LABEL: func.func @recompute
// CHECK-SAME: strata.budget_bytes = 4194304
// CHECK-SAME: strata.memory_plan = [{kept = array<i64: 1, 0, 0, 0, 0, 0>, offload = false, points = array<i64: 1, 2, 3, 4, 5, 6, 7>,
// CHECK-SAME: present = array<i64: 1, 1, 0, 0, 1, 0, 0>, restore = array<i64: 0, 0, 0, 0, 1, 0, 0>, value = array<i64: 1, 0>}]
// CHECK-SAME: planned_peak_bytes = 4194304
// CHECK-SAME: recomputes = 1
// CHECK-SAME: unconstrained_peak_bytes = 4456448
func.func @recompute(%a: tensor<1024x256xf32> {strata.donated}, %w: tensor<256x256xf32> {strata.donated}) -> tensor<1024x256xf32> {
  %x = strata.unary exp %a : tensor<1024x256xf32>
  %e = strata.unary tanh %x : tensor<1024x256xf32>
  %y = strata.dot %e, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<1024x256xf32>, tensor<256x256xf32>) -> tensor<1024x256xf32>
  %z = strata.dot %y, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<1024x256xf32>, tensor<256x256xf32>) -> tensor<1024x256xf32>
  %u = strata.dot %z, %w, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<1024x256xf32>, tensor<256x256xf32>) -> tensor<1024x256xf32>
  %v = strata.binary add %u, %e : tensor<1024x256xf32>
  %r = strata.binary add %v, %x : tensor<1024x256xf32>
  return %r : tensor<1024x256xf32>
}

// -----

// When everything fits, nothing changes and the plan is empty.
// CHECK-LABEL: func.func @fits
// CHECK-SAME: strata.memory_plan = []
// CHECK-SAME: planner = "keep"
func.func @fits(%a: tensor<256xf32>) -> tensor<256xf32> {
  %x = strata.unary exp %a : tensor<256xf32>
  return %x : tensor<256xf32>
}
