// Constants, iota and the shape / data movement ops in both spellings.

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %t/pretty.mlir | FileCheck %s --check-prefix=GENERIC

// Property names and kinds of the generic spelling.
// GENERIC: "stablehlo.constant"() <{value = dense<0> : tensor<i32>}> : () -> tensor<i32>
// GENERIC: "stablehlo.iota"() <{iota_dimension = 1 : i64}> : () -> tensor<2x3xi32>
// GENERIC: "stablehlo.broadcast_in_dim"(%{{.*}}) <{broadcast_dimensions = array<i64: 1>}>
// GENERIC: "stablehlo.broadcast_in_dim"(%{{.*}}) <{broadcast_dimensions = array<i64>}>
// GENERIC: "stablehlo.broadcast"(%{{.*}}) <{broadcast_sizes = array<i64: 2>}>
// GENERIC: "stablehlo.transpose"(%{{.*}}) <{permutation = array<i64: 1, 0>}>
// GENERIC: "stablehlo.reverse"(%{{.*}}) <{dimensions = array<i64: 0>}>
// GENERIC: "stablehlo.slice"(%{{.*}}) <{limit_indices = array<i64: 2, 3>, start_indices = array<i64: 0, 0>, strides = array<i64: 1, 2>}>
// GENERIC: "stablehlo.dynamic_slice"(%{{.*}}, %{{.*}}, %{{.*}}) <{slice_sizes = array<i64: 1, 3>}>
// GENERIC: "stablehlo.concatenate"(%{{.*}}, %{{.*}}) <{dimension = 0 : i64}>
// GENERIC: "stablehlo.pad"(%{{.*}}, %{{.*}}) <{edge_padding_high = array<i64: 1, 0>, edge_padding_low = array<i64: 0, 1>, interior_padding = array<i64: 0, 1>}>

// CHECK-LABEL: func.func @constants(
// CHECK-NEXT: %cst = stablehlo.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: %cst_0 = stablehlo.constant dense<0xFF800000> : tensor<f32>
// CHECK-NEXT: %c = stablehlo.constant dense<0> : tensor<i32>
// CHECK-NEXT: %c_1 = stablehlo.constant dense<true> : tensor<i1>
// CHECK-NEXT: %c_2 = stablehlo.constant dense<[50256, 3]> : tensor<2xi32>
// CHECK-NEXT: %0 = stablehlo.iota dim = 1 : tensor<2x3xi32>
// CHECK-NEXT: return %cst : tensor<2x3xf32>
// CHECK-LABEL: func.func @layout(
// CHECK-NEXT: %0 = stablehlo.reshape %arg0 : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: %1 = stablehlo.broadcast_in_dim %arg1, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %2 = stablehlo.broadcast_in_dim %arg2, dims = [] : (tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT: %3 = stablehlo.broadcast %arg1, sizes = [2] : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %4 = stablehlo.transpose %arg0, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: %5 = stablehlo.reverse %arg0, dims = [0] : tensor<2x3xf32>
// CHECK-NEXT: return %0 : tensor<6xf32>
// CHECK-LABEL: func.func @slices(
// CHECK-NEXT: %0 = stablehlo.slice %arg0 [0:2, 0:3:2] : (tensor<2x3xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: %1 = stablehlo.slice %arg0 [1:2, 0:3] : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK-NEXT: %2 = stablehlo.dynamic_slice %arg0, %arg2, %arg3, sizes = [1, 3] : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x3xf32>
// CHECK-NEXT: %3 = stablehlo.dynamic_update_slice %arg0, %2, %arg2, %arg3 : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
// CHECK-NEXT: %4 = stablehlo.concatenate %arg0, %arg1, dim = 0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK-NEXT: %5 = stablehlo.concatenate %arg0, dim = 1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %6 = stablehlo.pad %arg0, %arg4, low = [0, 1], high = [1, 0], interior = [0, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x6xf32>
// CHECK-NEXT: %7 = stablehlo.pad %arg0, %arg4, low = [0, -1], high = [0, 0], interior = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x2xf32>
// CHECK-NEXT: return %0 : tensor<2x2xf32>

//--- pretty.mlir
// Constants are named %cst (floats) and %c (others), as JAX names them.
func.func @constants() -> tensor<2x3xf32> {
  %cst = stablehlo.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %cst_0 = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %c = stablehlo.constant dense<0> : tensor<i32>
  %c_1 = stablehlo.constant dense<true> : tensor<i1>
  %c_2 = stablehlo.constant dense<[50256, 3]> : tensor<2xi32>
  %0 = stablehlo.iota dim = 1 : tensor<2x3xi32>
  return %cst : tensor<2x3xf32>
}

func.func @layout(%x: tensor<2x3xf32>, %v: tensor<3xf32>, %s: tensor<f32>) -> tensor<6xf32> {
  %0 = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = stablehlo.broadcast_in_dim %v, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
  %2 = stablehlo.broadcast_in_dim %s, dims = [] : (tensor<f32>) -> tensor<2x3xf32>
  %3 = stablehlo.broadcast %v, sizes = [2] : (tensor<3xf32>) -> tensor<2x3xf32>
  %4 = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %5 = stablehlo.reverse %x, dims = [0] : tensor<2x3xf32>
  return %0 : tensor<6xf32>
}

func.func @slices(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>, %i: tensor<i32>, %j: tensor<i32>, %s: tensor<f32>) -> tensor<2x2xf32> {
  // A stride of 1 is left out when printed.
  %0 = stablehlo.slice %x [0:2, 0:3:2] : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %1 = stablehlo.slice %x [1:2:1, 0:3] : (tensor<2x3xf32>) -> tensor<1x3xf32>
  %2 = stablehlo.dynamic_slice %x, %i, %j, sizes = [1, 3] : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x3xf32>
  %3 = stablehlo.dynamic_update_slice %x, %2, %i, %j : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  %4 = stablehlo.concatenate %x, %y, dim = 0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %5 = stablehlo.concatenate %x, dim = 1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = stablehlo.pad %x, %s, low = [0, 1], high = [1, 0], interior = [0, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x6xf32>
  %7 = stablehlo.pad %x, %s, low = [0, -1], high = [0, 0], interior = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

//--- generic.mlir
"func.func"() <{function_type = () -> tensor<2x3xf32>, sym_name = "constants"}> ({
  %0 = "stablehlo.constant"() <{value = dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %1 = "stablehlo.constant"() <{value = dense<0xFF800000> : tensor<f32>}> : () -> tensor<f32>
  %2 = "stablehlo.constant"() <{value = dense<0> : tensor<i32>}> : () -> tensor<i32>
  %3 = "stablehlo.constant"() <{value = dense<true> : tensor<i1>}> : () -> tensor<i1>
  %4 = "stablehlo.constant"() <{value = dense<[50256, 3]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %5 = "stablehlo.iota"() <{iota_dimension = 1 : i64}> : () -> tensor<2x3xi32>
  "func.return"(%0) : (tensor<2x3xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2x3xf32>, tensor<3xf32>, tensor<f32>) -> tensor<6xf32>, sym_name = "layout"}> ({
^bb0(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<f32>):
  %0 = "stablehlo.reshape"(%arg0) : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = "stablehlo.broadcast_in_dim"(%arg1) <{broadcast_dimensions = array<i64: 1>}> : (tensor<3xf32>) -> tensor<2x3xf32>
  %2 = "stablehlo.broadcast_in_dim"(%arg2) <{broadcast_dimensions = array<i64>}> : (tensor<f32>) -> tensor<2x3xf32>
  %3 = "stablehlo.broadcast"(%arg1) <{broadcast_sizes = array<i64: 2>}> : (tensor<3xf32>) -> tensor<2x3xf32>
  %4 = "stablehlo.transpose"(%arg0) <{permutation = array<i64: 1, 0>}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %5 = "stablehlo.reverse"(%arg0) <{dimensions = array<i64: 0>}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  "func.return"(%0) : (tensor<6xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2x3xf32>, tensor<2x3xf32>, tensor<i32>, tensor<i32>, tensor<f32>) -> tensor<2x2xf32>, sym_name = "slices"}> ({
^bb0(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<i32>, %arg3: tensor<i32>, %arg4: tensor<f32>):
  %0 = "stablehlo.slice"(%arg0) <{limit_indices = array<i64: 2, 3>, start_indices = array<i64: 0, 0>, strides = array<i64: 1, 2>}> : (tensor<2x3xf32>) -> tensor<2x2xf32>
  %1 = "stablehlo.slice"(%arg0) <{limit_indices = array<i64: 2, 3>, start_indices = array<i64: 1, 0>, strides = array<i64: 1, 1>}> : (tensor<2x3xf32>) -> tensor<1x3xf32>
  %2 = "stablehlo.dynamic_slice"(%arg0, %arg2, %arg3) <{slice_sizes = array<i64: 1, 3>}> : (tensor<2x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x3xf32>
  %3 = "stablehlo.dynamic_update_slice"(%arg0, %2, %arg2, %arg3) : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  %4 = "stablehlo.concatenate"(%arg0, %arg1) <{dimension = 0 : i64}> : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %5 = "stablehlo.concatenate"(%arg0) <{dimension = 1 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = "stablehlo.pad"(%arg0, %arg4) <{edge_padding_high = array<i64: 1, 0>, edge_padding_low = array<i64: 0, 1>, interior_padding = array<i64: 0, 1>}> : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x6xf32>
  %7 = "stablehlo.pad"(%arg0, %arg4) <{edge_padding_high = array<i64: 0, 0>, edge_padding_low = array<i64: 0, -1>, interior_padding = array<i64: 0, 0>}> : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x2xf32>
  "func.return"(%0) : (tensor<2x2xf32>) -> ()
}) : () -> ()
