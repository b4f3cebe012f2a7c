// Errors a reader of StableHLO files can hit: ops this dialect does not
// declare, malformed syntax, and the cheap checks the verifiers make.

// RUN: stablehlo-input-check %s --split-input-file --verify-diagnostics

func.func @unknown_pretty(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{custom op 'stablehlo.erf' is unknown}}
  %0 = stablehlo.erf %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unknown_generic(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{unregistered operation 'stablehlo.erf' found in dialect ('stablehlo') that does not allow unknown operations}}
  %0 = "stablehlo.erf"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unknown_reducer(%x: tensor<4x8xf32>, %z: tensor<f32>) -> tensor<4xf32> {
  // expected-error@+1 {{unknown reducer op 'stablehlo.erf'}}
  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.erf across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @wrong_function_type(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{expected a function type with 2 input(s) and 1 result, got '(tensor<4xf32>) -> tensor<4xf32>'}}
  %0 = stablehlo.add %a, %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @elementwise_shapes(%a: tensor<4xf32>, %b: tensor<5xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.add' op requires the same shape for all operands and results}}
  %0 = stablehlo.add %a, %b : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @elementwise_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.multiply' op requires the same element type for all operands and results}}
  %0 = "stablehlo.multiply"(%a, %b) : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @compare_result(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.compare' op result #0 must be tensor of 1-bit signless integer values}}
  %0 = stablehlo.compare LT, %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @compare_direction(%a: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error@+1 {{unknown comparison_direction 'LTE'}}
  %0 = stablehlo.compare LTE, %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @select_pred(%p: tensor<3xi1>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.select' op pred must be rank 0 or have the shape of on_true}}
  %0 = stablehlo.select %p, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @broadcast_dims(%v: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'stablehlo.broadcast_in_dim' op broadcast_dimensions has 2 entries for an operand of rank 1}}
  %0 = stablehlo.broadcast_in_dim %v, dims = [0, 1] : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_sizes(%v: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'stablehlo.broadcast_in_dim' op operand dimension 0 (size 3) cannot broadcast to result dimension 0 (size 2)}}
  %0 = stablehlo.broadcast_in_dim %v, dims = [0] : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{'stablehlo.transpose' op permutation dimension 0 appears twice}}
  %0 = stablehlo.transpose %x, dims = [0, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @reshape(%x: tensor<2x3xf32>) -> tensor<5xf32> {
  // expected-error@+1 {{'stablehlo.reshape' op operand has 6 elements but the result 5}}
  %0 = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @slice(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'stablehlo.slice' op slices 1 dimensions of an operand of rank 2}}
  %0 = stablehlo.slice %x [0:2] : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @iota() -> tensor<4xi32> {
  // expected-error@+1 {{'stablehlo.iota' op iota_dimension 1 is out of range for rank 1}}
  %0 = stablehlo.iota dim = 1 : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @concatenate(%x: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error@+1 {{'stablehlo.concatenate' op dimension 2 is out of range for rank 2}}
  %0 = stablehlo.concatenate %x, %x, dim = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @dot_general(%a: tensor<8x4x16xf32>, %b: tensor<8x16x5xf32>) -> tensor<8x4x5xf32> {
  // expected-error@+1 {{'stablehlo.dot_general' op lhs and rhs must have as many batching dimensions}}
  %0 = stablehlo.dot_general %a, %b, batching_dims = [0] x [], contracting_dims = [2] x [1] : (tensor<8x4x16xf32>, tensor<8x16x5xf32>) -> tensor<8x4x5xf32>
  return %0 : tensor<8x4x5xf32>
}

// -----

func.func @dot_general_range(%a: tensor<4x16xf32>, %b: tensor<16x5xf32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{'stablehlo.dot_general' op lhs contracting dimension 2 is out of range for rank 2}}
  %0 = stablehlo.dot_general %a, %b, contracting_dims = [2] x [0] : (tensor<4x16xf32>, tensor<16x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @reduce_body(%x: tensor<4x8xf32>, %z: tensor<f32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.reduce' op body takes 1 arguments, expected 2}}
  %0 = "stablehlo.reduce"(%x, %z) <{dimensions = array<i64: 1>}> ({
  ^bb0(%a: tensor<f32>):
    stablehlo.return %a : tensor<f32>
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @reduce_dims(%x: tensor<4x8xf32>, %z: tensor<f32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.reduce' op reduced dimension 2 is out of range for rank 2}}
  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [2] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_field(%t: tensor<256x64xf32>, %i: tensor<8x1xi32>) -> tensor<8x64xf32> {
  // expected-error@+1 {{duplicate or unknown struct parameter name: offset_dim}}
  %0 = "stablehlo.gather"(%t, %i) <{dimension_numbers = #stablehlo.gather<offset_dim = [1]>, slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<8x1xi32>) -> tensor<8x64xf32>
  return %0 : tensor<8x64xf32>
}

// -----

func.func @conv_layout(%x: tensor<1x3x8x8xf32>, %k: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error@+1 {{expected both 'b' and 'f'}}
  %0 = stablehlo.convolution(%x, %k) dim_numbers = [b, 2, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1], window = {} {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @while_regions(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'stablehlo.while' op cond takes 0 arguments, expected 1}}
  %0 = "stablehlo.while"(%x) ({
    %p = stablehlo.constant dense<false> : tensor<i1>
    stablehlo.return %p : tensor<i1>
  }, {
  ^bb0(%a: tensor<4xf32>):
    stablehlo.return %a : tensor<4xf32>
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @tuple_index(%t: tuple<tensor<f32>>) -> tensor<f32> {
  // expected-error@+1 {{'stablehlo.get_tuple_element' op index 1 is out of range for a tuple of 1}}
  %0 = stablehlo.get_tuple_element %t[1] : (tuple<tensor<f32>>) -> tensor<f32>
  return %0 : tensor<f32>
}
