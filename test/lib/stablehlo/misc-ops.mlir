// Tuples, random bits, custom calls and batch normalization in both
// spellings (batch normalization is generic-only, as JAX writes it).

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %t/pretty.mlir | FileCheck %s --check-prefix=GENERIC

// GENERIC: "stablehlo.get_tuple_element"(%{{.*}}) <{index = 1 : i32}>
// GENERIC: "stablehlo.rng_bit_generator"(%{{.*}}) <{rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>}>
// GENERIC: "stablehlo.custom_call"(%{{.*}}) <{backend_config = "", call_target_name = "Sharding"}> {mhlo.sharding = "{replicated}"}

// CHECK-LABEL: func.func @tuples(
// CHECK-NEXT: %0 = stablehlo.tuple %arg0, %arg1 : tuple<tensor<4xf32>, tensor<2xui64>>
// CHECK-NEXT: %1 = stablehlo.get_tuple_element %0[1] : (tuple<tensor<4xf32>, tensor<2xui64>>) -> tensor<2xui64>
// CHECK-NEXT: %2 = stablehlo.tuple : tuple<>
// CHECK-NEXT: return %1 : tensor<2xui64>
// CHECK-LABEL: func.func @rng(
// CHECK-NEXT: %output_state, %output = stablehlo.rng_bit_generator %arg0, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>)
// CHECK-NEXT: return %output : tensor<4x4xui32>
// CHECK-LABEL: func.func @custom_calls(
// CHECK-NEXT: %0 = stablehlo.custom_call @Sharding(%arg0) {backend_config = "", mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %1 = stablehlo.custom_call @"foo-bar"(%arg0, %0) {api_version = 2 : i32, has_side_effect = true, output_operand_aliases = [#stablehlo.output_operand_alias<operand_index = 0>]} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: stablehlo.custom_call @log_it(%1) {has_side_effect = true} : (tensor<4xf32>) -> ()
// CHECK-NEXT: return %1 : tensor<4xf32>
// CHECK-LABEL: func.func @batch_norm(
// CHECK-NEXT: %output, %batch_mean, %batch_var = "stablehlo.batch_norm_training"(%arg0, %arg1, %arg1) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT: %0 = "stablehlo.batch_norm_inference"(%arg0, %arg1, %arg1, %arg1, %arg1) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
// CHECK-NEXT: %grad_operand, %grad_scale, %grad_offset = "stablehlo.batch_norm_grad"(%arg0, %arg1, %arg1, %arg1, %arg0) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT: return %0 : tensor<2x3x4x5xf32>

//--- pretty.mlir
func.func @tuples(%x: tensor<4xf32>, %s: tensor<2xui64>) -> tensor<2xui64> {
  %0 = stablehlo.tuple %x, %s : tuple<tensor<4xf32>, tensor<2xui64>>
  %1 = stablehlo.get_tuple_element %0[1] : (tuple<tensor<4xf32>, tensor<2xui64>>) -> tensor<2xui64>
  %2 = stablehlo.tuple : tuple<>
  return %1 : tensor<2xui64>
}

func.func @rng(%s: tensor<2xui64>) -> tensor<4x4xui32> {
  %output_state, %output = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>)
  return %output : tensor<4x4xui32>
}

func.func @custom_calls(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = stablehlo.custom_call @Sharding(%x) {backend_config = "", mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = stablehlo.custom_call @"foo-bar"(%x, %0) {api_version = 2 : i32, has_side_effect = true, output_operand_aliases = [#stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 0, operand_tuple_indices = []>]} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  stablehlo.custom_call @log_it(%1) {has_side_effect = true} : (tensor<4xf32>) -> ()
  return %1 : tensor<4xf32>
}

func.func @batch_norm(%x: tensor<2x3x4x5xf32>, %f: tensor<3xf32>) -> tensor<2x3x4x5xf32> {
  %0:3 = "stablehlo.batch_norm_training"(%x, %f, %f) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
  %1 = "stablehlo.batch_norm_inference"(%x, %f, %f, %f, %f) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  %2:3 = "stablehlo.batch_norm_grad"(%x, %f, %f, %f, %x) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
  return %1 : tensor<2x3x4x5xf32>
}

//--- generic.mlir
"func.func"() <{function_type = (tensor<4xf32>, tensor<2xui64>) -> tensor<2xui64>, sym_name = "tuples"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<2xui64>):
  %0 = "stablehlo.tuple"(%arg0, %arg1) : (tensor<4xf32>, tensor<2xui64>) -> tuple<tensor<4xf32>, tensor<2xui64>>
  %1 = "stablehlo.get_tuple_element"(%0) <{index = 1 : i32}> : (tuple<tensor<4xf32>, tensor<2xui64>>) -> tensor<2xui64>
  %2 = "stablehlo.tuple"() : () -> tuple<>
  "func.return"(%1) : (tensor<2xui64>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2xui64>) -> tensor<4x4xui32>, sym_name = "rng"}> ({
^bb0(%arg0: tensor<2xui64>):
  %0:2 = "stablehlo.rng_bit_generator"(%arg0) <{rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>}> : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>)
  "func.return"(%0#1) : (tensor<4x4xui32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>) -> tensor<4xf32>, sym_name = "custom_calls"}> ({
^bb0(%arg0: tensor<4xf32>):
  %0 = "stablehlo.custom_call"(%arg0) <{backend_config = "", call_target_name = "Sharding"}> {mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "stablehlo.custom_call"(%arg0, %0) <{api_version = 2 : i32, call_target_name = "foo-bar", has_side_effect = true, output_operand_aliases = [#stablehlo.output_operand_alias<operand_index = 0>]}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  "stablehlo.custom_call"(%1) <{call_target_name = "log_it", has_side_effect = true}> : (tensor<4xf32>) -> ()
  "func.return"(%1) : (tensor<4xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2x3x4x5xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>, sym_name = "batch_norm"}> ({
^bb0(%arg0: tensor<2x3x4x5xf32>, %arg1: tensor<3xf32>):
  %0:3 = "stablehlo.batch_norm_training"(%arg0, %arg1, %arg1) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
  %1 = "stablehlo.batch_norm_inference"(%arg0, %arg1, %arg1, %arg1, %arg1) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4x5xf32>
  %2:3 = "stablehlo.batch_norm_grad"(%arg0, %arg1, %arg1, %arg1, %arg0) <{epsilon = 1.000000e-03 : f32, feature_index = 1 : i64}> : (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<2x3x4x5xf32>) -> (tensor<2x3x4x5xf32>, tensor<3xf32>, tensor<3xf32>)
  "func.return"(%1) : (tensor<2x3x4x5xf32>) -> ()
}) : () -> ()
