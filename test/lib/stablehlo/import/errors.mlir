// What the StableHLO importer cannot take is an error at the op's location
// and a failed run that leaves no output file.
// RUN: strata-translate --import-stablehlo --split-input-file --verify-diagnostics %s
// RUN: rm -f %t.out
// RUN: not strata-translate --import-stablehlo %S/Inputs/unsupported-op.mlir -o %t.out 2>&1 | FileCheck %s
// RUN: not test -e %t.out
// CHECK: unsupported-op.mlir:3:8: error: 'stablehlo.custom_call' op unsupported custom_call target 'my_kernel'

func.func @sort(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error@+2 {{'stablehlo.sort' op has a comparator that is not a single LT or GT of the first operand's elements, which strata does not support yet}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.sort'}}
  %0 = "stablehlo.sort"(%x) <{dimension = 0 : i64, is_stable = true}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %na = stablehlo.negate %a : tensor<f32>
    %p = stablehlo.compare LT, %na, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) : (tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @custom(%x: tensor<4xui32>) -> tensor<4xui32> {
  // expected-error@+2 {{'stablehlo.custom_call' op unsupported custom_call target 'cu_threefry2x32'}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.custom_call'}}
  %0 = stablehlo.custom_call @cu_threefry2x32(%x) : (tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

func.func @argmax(%v: tensor<4x8xf32>, %i: tensor<4x8xi32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %v0 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %i0 = stablehlo.constant dense<0> : tensor<i32>
  // expected-error@+2 {{'stablehlo.reduce' op reduces 2 operands together (e.g. an argmax), which strata does not support yet}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.reduce'}}
  %0:2 = stablehlo.reduce(%v init: %v0), (%i init: %i0) across dimensions = [1] : (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
    reducer(%a: tensor<f32>, %b: tensor<f32>) (%ia: tensor<i32>, %ib: tensor<i32>) {
      %m = stablehlo.maximum %a, %b : tensor<f32>
      %j = stablehlo.maximum %ia, %ib : tensor<i32>
      stablehlo.return %m, %j : tensor<f32>, tensor<i32>
    }
  return %0#0, %0#1 : tensor<4xf32>, tensor<4xi32>
}

// -----

func.func @reduce_body(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  // expected-error@+2 {{'stablehlo.reduce' op has a reduction body that is not a single add, multiply, maximum, minimum, and or or of its arguments}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.reduce'}}
  %0 = stablehlo.reduce(%x init: %zero) across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
    reducer(%a: tensor<f32>, %b: tensor<f32>) {
      %s = stablehlo.add %a, %b : tensor<f32>
      %t = stablehlo.tanh %s : tensor<f32>
      stablehlo.return %t : tensor<f32>
    }
  return %0 : tensor<4xf32>
}

// -----

func.func @unsigned(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  // expected-error@+2 {{'stablehlo.compare' op compares signless integers as unsigned, which strata does not support yet}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.compare'}}
  %0 = stablehlo.compare LT, %a, %b, UNSIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @unknown(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{custom op 'stablehlo.erf' is unknown}}
  %0 = stablehlo.erf %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @strided_real_dynamic_slice(%x: tensor<6x8xf32>, %start: tensor<2xi64>, %limit: tensor<2xi64>, %strides: tensor<2xi64>) -> tensor<2x3xf32> {
  // expected-error@+2 {{'stablehlo.real_dynamic_slice' op has strides that are not all 1 at compile time, which strata does not support yet}}
  // expected-error@+1 {{failed to legalize operation 'stablehlo.real_dynamic_slice'}}
  %0 = stablehlo.real_dynamic_slice %x, %start, %limit, %strides : (tensor<6x8xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
