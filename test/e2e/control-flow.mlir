// StableHLO while and case become scf.while and scf.index_switch on tensors
// and execute with their meaning: here a loop that doubles a vector n times
// and a case on an index that picks one of three functions (an index out of
// range runs the last branch, as StableHLO says).
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; x = np.arange(4, dtype=np.float32); np.save('%t/in/arg0.npy', x); np.save('%t/in/arg1.npy', np.int32(3)); np.save('%t/in/arg2.npy', np.int32(1)); np.save('%t/in/arg3.npy', np.int32(7)); np.save('%t/ref/result0.npy', x * 8); np.save('%t/ref/result1.npy', np.exp(x)); np.save('%t/ref/result2.npy', np.negative(x))"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %s | strata-translate --import-stablehlo | strata-run --backend=cpu - --inputs %t/in --expect %t/ref | FileCheck %s
// RUN: strata-opt %t/step.mlir --strata-memory-profile=remarks=false | FileCheck %s --check-prefix=PROFILE

// IMPORT: scf.while (%[[A:.*]] = %{{.*}}, %[[B:.*]] = %arg0) : (tensor<i32>, tensor<4xf32>) -> (tensor<i32>, tensor<4xf32>)
// IMPORT: %[[P:.*]] = strata.compare gt
// IMPORT: %[[C:.*]] = tensor.extract %[[P]][] : tensor<i1>
// IMPORT: scf.condition(%[[C]]) %{{.*}}, %{{.*}} : tensor<i32>, tensor<4xf32>
// IMPORT: scf.yield
// IMPORT: scf.index_switch
// IMPORT: case 0 {
// IMPORT: case 1 {
// IMPORT: default {

// CHECK: result 0: f32[4] ok
// CHECK: result 1: f32[4] ok
// CHECK: result 2: f32[4] ok
// CHECK: 3 passed, 0 failed

// The profile sees through the regions. At the second switch (op 8): the
// caller's arguments (16 + 3 * 4 bytes), the loop's vector result and both
// switch results (3 * 16); the branch's temporary is what it yields, so
// it is counted once, as the switch result.
// PROFILE: strata.peak_bytes = 76 : i64, strata.peak_index = 8 : i64

func.func @main(%x: tensor<4xf32>, %n: tensor<i32>, %which: tensor<i32>, %far: tensor<i32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = stablehlo.constant dense<0> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %r:2 = stablehlo.while(%i = %n, %v = %x) : tensor<i32>, tensor<4xf32>
    cond {
      %p = stablehlo.compare GT, %i, %zero : (tensor<i32>, tensor<i32>) -> tensor<i1>
      stablehlo.return %p : tensor<i1>
    } do {
      %i1 = stablehlo.subtract %i, %one : tensor<i32>
      %v2 = stablehlo.add %v, %v : tensor<4xf32>
      stablehlo.return %i1, %v2 : tensor<i32>, tensor<4xf32>
    }
  %picked = "stablehlo.case"(%which) ({
    %a = stablehlo.tanh %x : tensor<4xf32>
    stablehlo.return %a : tensor<4xf32>
  }, {
    %b = stablehlo.exponential %x : tensor<4xf32>
    stablehlo.return %b : tensor<4xf32>
  }, {
    %c = stablehlo.negate %x : tensor<4xf32>
    stablehlo.return %c : tensor<4xf32>
  }) : (tensor<i32>) -> tensor<4xf32>
  %last = "stablehlo.case"(%far) ({
    %a = stablehlo.tanh %x : tensor<4xf32>
    stablehlo.return %a : tensor<4xf32>
  }, {
    %c = stablehlo.negate %x : tensor<4xf32>
    stablehlo.return %c : tensor<4xf32>
  }) : (tensor<i32>) -> tensor<4xf32>
  return %r#1, %picked, %last : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
