// RUN: strata-opt %s --split-input-file --verify-diagnostics

// Diagnostics of the graph ops: their C++ verifiers (GraphOps.cpp), their
// inferReturnTypes functions, and the ODS constraints of
// StrataGraphOps.td / StrataBase.td. Each case is valid but for one thing.

//===----------------------------------------------------------------------===//
// strata.constant
//===----------------------------------------------------------------------===//

func.func @constant_tiered() {
  // expected-error@+1 {{'strata.constant' op result #0 must be statically shaped tensor in HBM, but got 'tensor<2xf32, #strata.tier<host>>'}}
  %0 = strata.constant dense<1.0> : tensor<2xf32, #strata.tier<host>>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error@+1 {{'strata.constant' op failed to verify that all of {value, result} have same type}}
  %0 = "strata.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.iota
//===----------------------------------------------------------------------===//

// -----

func.func @iota_dimension_out_of_range() {
  // expected-error@+1 {{'strata.iota' op dimension 2 is out of range for a result of rank 2}}
  %0 = strata.iota dim = 2 : tensor<2x3xi32>
  return
}

// -----

func.func @iota_rank_0() {
  // expected-error@+1 {{'strata.iota' op dimension 0 is out of range for a result of rank 0}}
  %0 = strata.iota dim = 0 : tensor<i32>
  return
}

// -----

func.func @iota_index_element() {
  // expected-error@+1 {{'strata.iota' op needs an integer or float element type, got 'index'}}
  %0 = strata.iota dim = 0 : tensor<4xindex>
  return
}

// -----

func.func @iota_negative_dimension() {
  // expected-error@+1 {{'strata.iota' op attribute 'dimension' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.iota dim = -1 : tensor<4xi32>
  return
}

// -----

func.func @iota_dynamic() {
  // expected-error@+1 {{'strata.iota' op result #0 must be statically shaped tensor in HBM, but got 'tensor<?xi32>'}}
  %0 = strata.iota dim = 0 : tensor<?xi32>
  return
}

//===----------------------------------------------------------------------===//
// strata.unary
//===----------------------------------------------------------------------===//

// -----

func.func @unary_unknown_fn(%x: tensor<4xf32>) {
  // expected-error@+1 {{custom op 'strata.unary' expected string or keyword containing one of the following enum values for attribute 'fn' [abs, ceil, cbrt, cos, erf, exp, expm1, floor, is_finite, log, log1p, logistic, neg, not, popcnt, round_afz, round_even, rsqrt, sign, sin, sqrt, tan, tanh, clz]}}
  %0 = strata.unary frobnicate %x : tensor<4xf32>
  return
}

// -----

// Type inference runs while parsing: a dynamic shape is reported there.
func.func @unary_dynamic(%x: tensor<?xf32>) {
  // expected-error@+1 {{'strata.unary' op expects statically shaped tensors, got 'tensor<?xf32>'}}
  %0 = strata.unary exp %x : tensor<?xf32>
  return
}

// -----

func.func @unary_not_a_tensor(%x: f32) {
  // expected-error@+1 {{'strata.unary' op operand #0 must be statically shaped tensor in HBM, but got 'f32'}}
  %0 = "strata.unary"(%x) <{fn = 5 : i32}> : (f32) -> f32
  return
}

// -----

// A tensor offloaded to the host must be prefetched before a graph op uses it.
func.func @unary_tiered(%x: tensor<4xf32, #strata.tier<host>>) {
  // expected-error@+1 {{'strata.unary' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<host>>'}}
  %0 = strata.unary exp %x : tensor<4xf32, #strata.tier<host>>
  return
}

// -----

func.func @unary_float_fn_on_integers(%x: tensor<4xi32>) {
  // expected-error@+1 {{'strata.unary' op 'exp' needs a float element type, got 'i32'}}
  %0 = strata.unary exp %x : tensor<4xi32>
  return
}

// -----

func.func @unary_is_finite_on_integers(%x: tensor<4xi32>) {
  // expected-error@+1 {{'strata.unary' op 'is_finite' needs a float element type, got 'i32'}}
  %0 = strata.unary is_finite %x : tensor<4xi32>
  return
}

// -----

func.func @unary_integer_fn_on_floats(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.unary' op 'popcnt' needs a signless integer element type, got 'f32'}}
  %0 = strata.unary popcnt %x : tensor<4xf32>
  return
}

// -----

func.func @unary_integer_fn_on_unsigned(%x: tensor<4xui32>) {
  // expected-error@+1 {{'strata.unary' op 'not' needs a signless integer element type, got 'ui32'}}
  %0 = strata.unary not %x : tensor<4xui32>
  return
}

// -----

func.func @unary_complex(%x: tensor<4xcomplex<f32>>) {
  // expected-error@+1 {{'strata.unary' op needs an integer or float element type, got 'complex<f32>'}}
  %0 = strata.unary abs %x : tensor<4xcomplex<f32>>
  return
}

// -----

func.func @unary_wrong_result(%x: tensor<4xf32>) {
  // expected-error@+2 {{'strata.unary' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<4xf64>'}}
  // expected-error@+1 {{'strata.unary' op failed to infer returned types}}
  %0 = "strata.unary"(%x) <{fn = 5 : i32}> : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @unary_is_finite_result_not_i1(%x: tensor<4xf32>) {
  // expected-error@+2 {{'strata.unary' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error@+1 {{'strata.unary' op failed to infer returned types}}
  %0 = "strata.unary"(%x) <{fn = 8 : i32}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.binary
//===----------------------------------------------------------------------===//

// -----

func.func @binary_unknown_fn(%x: tensor<4xf32>) {
  // expected-error@+1 {{custom op 'strata.binary' expected string or keyword containing one of the following enum values for attribute 'fn' [add, sub, mul, div, rem, pow, max, min, and, or, xor, shl, shr_arith, shr_logical, atan2]}}
  %0 = strata.binary plus %x, %x : tensor<4xf32>
  return
}

// -----

func.func @binary_type_mismatch(%x: tensor<4xf32>, %y: tensor<4xf64>) {
  // expected-error@+1 {{'strata.binary' op requires the same type for all operands and results}}
  %0 = "strata.binary"(%x, %y) <{fn = 0 : i32}> : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return
}

// -----

func.func @binary_dynamic(%x: tensor<?xf32>) {
  // expected-error@+1 {{'strata.binary' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<?xf32>'}}
  %0 = strata.binary add %x, %x : tensor<?xf32>
  return
}

// -----

func.func @binary_tiered(%x: tensor<4xf32, #strata.tier<nvme>>) {
  // expected-error@+1 {{'strata.binary' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<4xf32, #strata.tier<nvme>>'}}
  %0 = strata.binary add %x, %x : tensor<4xf32, #strata.tier<nvme>>
  return
}

// -----

func.func @binary_integer_fn_on_floats(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.binary' op 'and' needs a signless integer element type, got 'f32'}}
  %0 = strata.binary and %x, %x : tensor<4xf32>
  return
}

// -----

func.func @binary_shift_on_floats(%x: tensor<4xbf16>) {
  // expected-error@+1 {{'strata.binary' op 'shl' needs a signless integer element type, got 'bf16'}}
  %0 = strata.binary shl %x, %x : tensor<4xbf16>
  return
}

// -----

func.func @binary_float_fn_on_integers(%x: tensor<4xi32>) {
  // expected-error@+1 {{'strata.binary' op 'atan2' needs a float element type, got 'i32'}}
  %0 = strata.binary atan2 %x, %x : tensor<4xi32>
  return
}

// -----

func.func @binary_index(%x: tensor<4xindex>) {
  // expected-error@+1 {{'strata.binary' op needs an integer or float element type, got 'index'}}
  %0 = strata.binary add %x, %x : tensor<4xindex>
  return
}

//===----------------------------------------------------------------------===//
// strata.compare
//===----------------------------------------------------------------------===//

// -----

func.func @compare_unknown_direction(%x: tensor<4xf32>) {
  // expected-error@+1 {{custom op 'strata.compare' expected string or keyword containing one of the following enum values for attribute 'direction' [eq, ne, lt, le, gt, ge]}}
  %0 = strata.compare lq %x, %x : tensor<4xf32>
  return
}

// -----

func.func @compare_dynamic(%x: tensor<4x?xf32>) {
  // expected-error@+1 {{'strata.compare' op expects statically shaped tensors, got 'tensor<4x?xf32>'}}
  %0 = strata.compare lt %x, %x : tensor<4x?xf32>
  return
}

// -----

func.func @compare_operand_mismatch(%x: tensor<4xf32>, %y: tensor<4xi32>) {
  // expected-error@+1 {{'strata.compare' op failed to verify that all of {lhs, rhs} have same type}}
  %0 = "strata.compare"(%x, %y) <{direction = 0 : i32}> : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xi1>
  return
}

// -----

func.func @compare_result_not_i1(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.compare' op result #0 must be statically shaped tensor of i1 in HBM, but got 'tensor<4xf32>'}}
  %0 = "strata.compare"(%x, %x) <{direction = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// The Elementwise trait rejects a result of another shape before type
// inference is consulted.
func.func @compare_result_wrong_shape(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.compare' op all non-scalar operands/results must have the same shape and base type}}
  %0 = "strata.compare"(%x, %x) <{direction = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<2x2xi1>
  return
}

//===----------------------------------------------------------------------===//
// strata.select
//===----------------------------------------------------------------------===//

// -----

func.func @select_pred_shape(%p: tensor<4xi1>, %x: tensor<4x8xf32>) {
  // expected-error@+1 {{'strata.select' op predicate shape [4] must be the operands' shape [4, 8] or rank 0}}
  %0 = strata.select %p, %x, %x : tensor<4xi1>, tensor<4x8xf32>
  return
}

// -----

func.func @select_pred_not_i1(%p: tensor<4xi8>, %x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.select' op operand #0 must be statically shaped tensor of i1 in HBM, but got 'tensor<4xi8>'}}
  %0 = strata.select %p, %x, %x : tensor<4xi8>, tensor<4xf32>
  return
}

// -----

func.func @select_branch_mismatch(%p: tensor<i1>, %x: tensor<4xf32>, %y: tensor<4xf16>) {
  // expected-error@+1 {{'strata.select' op failed to verify that all of {on_true, on_false, result} have same type}}
  %0 = "strata.select"(%p, %x, %y) : (tensor<i1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.clamp
//===----------------------------------------------------------------------===//

// -----

func.func @clamp_bound_element_type(%lo: tensor<f64>, %x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.clamp' op min has element type 'f64', expected 'f32'}}
  %0 = strata.clamp %lo, %x, %x : tensor<f64>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @clamp_bound_shape(%hi: tensor<4xf32>, %x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.clamp' op max shape [4] must be the operand's shape [8] or rank 0}}
  %0 = strata.clamp %x, %x, %hi : tensor<8xf32>, tensor<8xf32>, tensor<4xf32>
  return
}

// -----

func.func @clamp_result_mismatch(%x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.clamp' op failed to verify that all of {operand, result} have same type}}
  %0 = "strata.clamp"(%x, %x, %x) : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf16>
  return
}

//===----------------------------------------------------------------------===//
// strata.convert
//===----------------------------------------------------------------------===//

// -----

// The Elementwise trait reports this before SameOperandsAndResultShape.
func.func @convert_shape(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.convert' op all non-scalar operands/results must have the same shape and base type}}
  %0 = strata.convert %x : tensor<4xf32> -> tensor<2x2xf16>
  return
}

//===----------------------------------------------------------------------===//
// strata.dot
//===----------------------------------------------------------------------===//

// -----

func.func @dot_element_types(%a: tensor<4x8xf32>, %b: tensor<8x16xbf16>) {
  // expected-error@+1 {{'strata.dot' op operands have different element types 'f32' and 'bf16'}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xbf16>) -> tensor<4x16xf32>
  return
}

// -----

func.func @dot_result_kind(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op result element type 'i32' is not of the same kind as the operands' 'f32'}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xi32>
  return
}

// -----

func.func @dot_batching_count(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op has 1 lhs batching dimensions but 0 rhs batching dimensions}}
  %0 = strata.dot %a, %b, batching_dims = [0] x [], contracting_dims = [2] x [0]
       : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  return
}

// -----

func.func @dot_contracting_count(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op has 1 lhs contracting dimensions but 2 rhs contracting dimensions}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0, 1]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @dot_lhs_out_of_range(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op lhs batching/contracting dimension 2 is out of range for rank 2}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [2] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @dot_lhs_negative(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op lhs batching/contracting dimension -1 is out of range for rank 2}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [-1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

// A dimension cannot be both a batching and a contracting dimension.
func.func @dot_lhs_twice(%a: tensor<8x8xf32>, %b: tensor<8x8xf32>) {
  // expected-error@+1 {{'strata.dot' op lhs batching/contracting dimension 1 appears twice}}
  %0 = strata.dot %a, %b, batching_dims = [1] x [0], contracting_dims = [1] x [1]
       : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  return
}

// -----

func.func @dot_rhs_out_of_range(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op rhs batching/contracting dimension 3 is out of range for rank 2}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [3]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @dot_rhs_twice(%a: tensor<4x8x8xf32>, %b: tensor<8x8xf32>) {
  // expected-error@+1 {{'strata.dot' op rhs batching/contracting dimension 0 appears twice}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1, 2] x [0, 0]
       : (tensor<4x8x8xf32>, tensor<8x8xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @dot_batching_size(%a: tensor<8x4x32xf32>, %b: tensor<4x32x16xf32>) {
  // expected-error@+1 {{'strata.dot' op lhs batching dimension 0 has size 8 but rhs batching dimension 0 has size 4}}
  %0 = strata.dot %a, %b, batching_dims = [0] x [0], contracting_dims = [2] x [1]
       : (tensor<8x4x32xf32>, tensor<4x32x16xf32>) -> tensor<8x4x16xf32>
  return
}

// -----

func.func @dot_contracting_size(%a: tensor<4x8xf32>, %b: tensor<7x16xf32>) {
  // expected-error@+1 {{'strata.dot' op lhs contracting dimension 1 has size 8 but rhs contracting dimension 0 has size 7}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<7x16xf32>) -> tensor<4x16xf32>
  return
}

// -----

func.func @dot_result_shape(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op result shape [16, 4] does not match the inferred shape [4, 16]}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<16x4xf32>
  return
}

// -----

func.func @dot_tiered(%a: tensor<4x8xf32, #strata.tier<host>>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<4x8xf32, #strata.tier<host>>'}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32, #strata.tier<host>>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.convolution
//
// The valid base case: NCHW 2x4x9x9 input, OIHW 6x4x3x3 kernel, stride 1, no
// padding, no dilation: a 2x6x7x7 result.
//===----------------------------------------------------------------------===//

// -----

func.func @conv_rank(%x: tensor<4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op needs input, kernel and result of one rank >= 2, got 3, 4 and 4}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_rank_1(%x: tensor<4xf32>, %w: tensor<4xf32>) {
  // expected-error@+1 {{'strata.convolution' op needs input, kernel and result of one rank >= 2, got 1, 1 and 1}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0>,
         kernel_dims = array<i64: 0>, output_dims = array<i64: 0>,
         window_strides = array<i64>, padding = array<i64>,
         lhs_dilation = array<i64>, rhs_dilation = array<i64>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @conv_element_types(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf16>) {
  // expected-error@+1 {{'strata.convolution' op input and kernel have different element types 'f32' and 'f16'}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf16>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_input_dims_count(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op input_dims has 3 entries, expected 4}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_kernel_dims_range(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op kernel_dims dimension 4 is out of range for rank 4}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 4>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_output_dims_twice(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op output_dims dimension 1 appears twice}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 1, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_strides_count(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op window_strides has 1 entries, expected 2}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_lhs_dilation_count(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op lhs_dilation has 3 entries, expected 2}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_rhs_dilation_count(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op rhs_dilation has 0 entries, expected 2}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_padding_count(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op padding has 2 entries, expected 4}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op window_strides entries must be positive}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 0>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_zero_lhs_dilation(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op lhs_dilation entries must be positive}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 0, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_negative_rhs_dilation(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op rhs_dilation entries must be positive}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, -2>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_zero_groups(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op attribute 'feature_group_count' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 0 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_both_groups(%x: tensor<2x4x9x9xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op feature_group_count and batch_group_count cannot both exceed 1}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 2 : i64, batch_group_count = 2 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x7x7xf32>
  return
}

// -----

func.func @conv_features(%x: tensor<2x4x9x9xf32>, %w: tensor<6x3x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op input features (4) must equal kernel input features (3) times feature_group_count (1)}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x3x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

// 4 features do not split into 3 groups (even though 4 / 3 == 1).
func.func @conv_groups_do_not_divide_features(%x: tensor<2x4x9x9xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op input features (4) must equal kernel input features (1) times feature_group_count (3)}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 3 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x1x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

// -----

func.func @conv_group_output_features(%x: tensor<2x4x9x9xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op kernel output features (5) must be divisible by feature_group_count (2)}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 2 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<5x2x3x3xf32>) -> tensor<2x5x7x7xf32>
  return
}

// -----

func.func @conv_batch_groups(%x: tensor<3x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op batch (3) and kernel output features (6) must be divisible by batch_group_count (2)}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 2 : i64}
       : (tensor<3x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x7x7xf32>
  return
}

// -----

// Stride 2 gives (9 - 3) / 2 + 1 = 4, not 7.
func.func @conv_result_shape(%x: tensor<2x4x9x9xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error@+1 {{'strata.convolution' op result shape [2, 6, 7, 7] does not match the inferred shape [2, 6, 4, 4]}}
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x4x3x3xf32>) -> tensor<2x6x7x7xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.reduce
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_unknown_fn(%x: tensor<4x8xf32>) {
  // expected-error@+1 {{custom op 'strata.reduce' expected string or keyword containing one of the following enum values for attribute 'fn' [add, mul, max, min, and, or]}}
  %0 = strata.reduce sum %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @reduce_out_of_range(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.reduce' op reduced dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.reduce' op failed to infer returned types}}
  %0 = strata.reduce add %x dims = [2] : tensor<4x8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @reduce_twice(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.reduce' op reduced dimension 1 appears twice}}
  // expected-error@+1 {{'strata.reduce' op failed to infer returned types}}
  %0 = strata.reduce add %x dims = [1, 1] : tensor<4x8xf32> -> tensor<4xf32>
  return
}

// -----

func.func @reduce_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.reduce' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<8xf32>'}}
  // expected-error@+1 {{'strata.reduce' op failed to infer returned types}}
  %0 = strata.reduce add %x dims = [1] : tensor<4x8xf32> -> tensor<8xf32>
  return
}

// -----

func.func @reduce_dynamic(%x: tensor<?x8xf32>) {
  // expected-error@+1 {{'strata.reduce' op operand #0 must be statically shaped tensor in HBM, but got 'tensor<?x8xf32>'}}
  %0 = strata.reduce add %x dims = [1] : tensor<?x8xf32> -> tensor<?xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.softmax
//===----------------------------------------------------------------------===//

// -----

func.func @softmax_dimension(%x: tensor<8x256xf32>) {
  // expected-error@+1 {{'strata.softmax' op dimension 2 is out of range for rank 2}}
  %0 = strata.softmax %x dim = 2 : tensor<8x256xf32>
  return
}

// -----

func.func @softmax_negative_dimension(%x: tensor<8x256xf32>) {
  // expected-error@+1 {{'strata.softmax' op attribute 'dimension' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.softmax %x dim = -1 : tensor<8x256xf32>
  return
}

// -----

func.func @softmax_integers(%x: tensor<8x256xi32>) {
  // expected-error@+1 {{'strata.softmax' op needs a float element type, got 'i32'}}
  %0 = strata.softmax %x dim = 1 : tensor<8x256xi32>
  return
}

// -----

func.func @softmax_result_type(%x: tensor<8x256xf32>) {
  // expected-error@+1 {{'strata.softmax' op requires the same type for all operands and results}}
  %0 = "strata.softmax"(%x) <{dimension = 1 : i64}> : (tensor<8x256xf32>) -> tensor<8x256xf16>
  return
}

//===----------------------------------------------------------------------===//
// strata.layer_norm, strata.rms_norm
//===----------------------------------------------------------------------===//

// -----

func.func @layer_norm_axis(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>) {
  // expected-error@+1 {{'strata.layer_norm' op axis 3 is out of range for rank 3}}
  %0 = strata.layer_norm %x, %g, %g axis = 3 epsilon = 1.0e-05
       : tensor<2x4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @layer_norm_integers(%x: tensor<2x4x16xi32>, %g: tensor<16xi32>) {
  // expected-error@+1 {{'strata.layer_norm' op needs a float element type, got 'i32'}}
  %0 = strata.layer_norm %x, %g, %g axis = 2 epsilon = 1.0e-05
       : tensor<2x4x16xi32>, tensor<16xi32>
  return
}

// -----

func.func @layer_norm_parameter_shape(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>) {
  // expected-error@+1 {{'strata.layer_norm' op parameter of type 'tensor<16xf32>' must have shape [4, 16] and element type 'f32'}}
  %0 = strata.layer_norm %x, %g, %g axis = 1 epsilon = 1.0e-05
       : tensor<2x4x16xf32>, tensor<16xf32>
  return
}

// -----

func.func @layer_norm_scale_bias_mismatch(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf16>) {
  // expected-error@+1 {{'strata.layer_norm' op failed to verify that all of {scale, bias} have same type}}
  %0 = "strata.layer_norm"(%x, %g, %b) <{axis = 2 : i64, epsilon = 1.0e-05 : f64}>
       : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf16>) -> tensor<2x4x16xf32>
  return
}

// -----

func.func @layer_norm_epsilon_f32(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>) {
  // expected-error@+1 {{'strata.layer_norm' op attribute 'epsilon' failed to satisfy constraint: 64-bit float attribute}}
  %0 = "strata.layer_norm"(%x, %g, %g) <{axis = 2 : i64, epsilon = 1.0e-05 : f32}>
       : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  return
}

// -----

func.func @layer_norm_result_type(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>) {
  // expected-error@+1 {{'strata.layer_norm' op failed to verify that all of {operand, result} have same type}}
  %0 = "strata.layer_norm"(%x, %g, %g) <{axis = 2 : i64, epsilon = 1.0e-05 : f64}>
       : (tensor<2x4x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x4x8xf32>
  return
}

// -----

func.func @rms_norm_axis(%x: tensor<16x512xf32>, %g: tensor<512xf32>) {
  // expected-error@+1 {{'strata.rms_norm' op axis 2 is out of range for rank 2}}
  %0 = strata.rms_norm %x, %g axis = 2 epsilon = 1.0e-06 : tensor<16x512xf32>, tensor<512xf32>
  return
}

// -----

func.func @rms_norm_integers(%x: tensor<16x512xi8>, %g: tensor<512xi8>) {
  // expected-error@+1 {{'strata.rms_norm' op needs a float element type, got 'i8'}}
  %0 = strata.rms_norm %x, %g axis = 1 epsilon = 1.0e-06 : tensor<16x512xi8>, tensor<512xi8>
  return
}

// -----

func.func @rms_norm_parameter_element_type(%x: tensor<16x512xf32>, %g: tensor<512xbf16>) {
  // expected-error@+1 {{'strata.rms_norm' op parameter of type 'tensor<512xbf16>' must have shape [512] and element type 'f32'}}
  %0 = strata.rms_norm %x, %g axis = 1 epsilon = 1.0e-06 : tensor<16x512xf32>, tensor<512xbf16>
  return
}

// -----

func.func @rms_norm_negative_axis(%x: tensor<16x512xf32>, %g: tensor<512xf32>) {
  // expected-error@+1 {{'strata.rms_norm' op attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.rms_norm %x, %g axis = -1 epsilon = 1.0e-06 : tensor<16x512xf32>, tensor<512xf32>
  return
}

// -----

func.func @rms_norm_result_type(%x: tensor<16x512xf32>, %g: tensor<512xf32>) {
  // expected-error@+1 {{'strata.rms_norm' op failed to verify that all of {operand, result} have same type}}
  %0 = "strata.rms_norm"(%x, %g) <{axis = 1 : i64, epsilon = 1.0e-06 : f64}>
       : (tensor<16x512xf32>, tensor<512xf32>) -> tensor<16x512xbf16>
  return
}

//===----------------------------------------------------------------------===//
// strata.reshape
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_element_type(%x: tensor<4x8xf32>) {
  // expected-error@+1 {{'strata.reshape' op cannot change the element type from 'f32' to 'i32'}}
  %0 = strata.reshape %x : tensor<4x8xf32> -> tensor<32xi32>
  return
}

// -----

func.func @reshape_element_count(%x: tensor<4x8xf32>) {
  // expected-error@+1 {{'strata.reshape' op cannot reshape 32 elements into 30}}
  %0 = strata.reshape %x : tensor<4x8xf32> -> tensor<5x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.transpose
//===----------------------------------------------------------------------===//

// -----

func.func @transpose_count(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.transpose' op permutation has 1 entries, expected 2}}
  // expected-error@+1 {{'strata.transpose' op failed to infer returned types}}
  %0 = strata.transpose %x perm = [0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.transpose' op permutation dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.transpose' op failed to infer returned types}}
  %0 = strata.transpose %x perm = [2, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
  return
}

// -----

func.func @transpose_twice(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.transpose' op permutation dimension 0 appears twice}}
  // expected-error@+1 {{'strata.transpose' op failed to infer returned types}}
  %0 = strata.transpose %x perm = [0, 0] : tensor<4x8xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @transpose_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.transpose' op inferred type(s) 'tensor<8x4xf32>' are incompatible with return type(s) of operation 'tensor<4x8xf32>'}}
  // expected-error@+1 {{'strata.transpose' op failed to infer returned types}}
  %0 = strata.transpose %x perm = [1, 0] : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.broadcast_in_dim
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_element_type(%x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.broadcast_in_dim' op cannot change the element type from 'f32' to 'f16'}}
  %0 = strata.broadcast_in_dim %x dims = [1] : tensor<8xf32> -> tensor<4x8xf16>
  return
}

// -----

func.func @broadcast_dims_count(%x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.broadcast_in_dim' op has 2 broadcast dimensions for an operand of rank 1}}
  %0 = strata.broadcast_in_dim %x dims = [0, 1] : tensor<8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_out_of_range(%x: tensor<8xf32>) {
  // expected-error@+1 {{'strata.broadcast_in_dim' op broadcast dimension 2 is out of range for a result of rank 2}}
  %0 = strata.broadcast_in_dim %x dims = [2] : tensor<8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @broadcast_not_increasing(%x: tensor<4x8xf32>) {
  // expected-error@+1 {{'strata.broadcast_in_dim' op broadcast dimensions must be strictly increasing}}
  %0 = strata.broadcast_in_dim %x dims = [2, 1] : tensor<4x8xf32> -> tensor<3x8x4xf32>
  return
}

// -----

func.func @broadcast_size(%x: tensor<3xf32>) {
  // expected-error@+1 {{'strata.broadcast_in_dim' op operand dimension 0 of size 3 cannot broadcast to result dimension 1 of size 8}}
  %0 = strata.broadcast_in_dim %x dims = [1] : tensor<3xf32> -> tensor<4x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.slice
//===----------------------------------------------------------------------===//

// -----

func.func @slice_count(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op needs one start, limit and stride per dimension (rank 2)}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [0, 0] limit = [4, 8] strides = [1]
       : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @slice_limit_out_of_bounds(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op slice [0, 9) is out of bounds of dimension 1 of size 8}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [0, 0] limit = [4, 9] strides = [1, 1]
       : tensor<4x8xf32> -> tensor<4x9xf32>
  return
}

// -----

func.func @slice_start_after_limit(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op slice [3, 2) is out of bounds of dimension 0 of size 4}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [3, 0] limit = [2, 8] strides = [1, 1]
       : tensor<4x8xf32> -> tensor<0x8xf32>
  return
}

// -----

func.func @slice_negative_start(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op slice [-1, 2) is out of bounds of dimension 0 of size 4}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [-1, 0] limit = [2, 8] strides = [1, 1]
       : tensor<4x8xf32> -> tensor<3x8xf32>
  return
}

// -----

func.func @slice_zero_stride(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op stride 0 of dimension 1 must be positive}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [0, 0] limit = [4, 8] strides = [1, 0]
       : tensor<4x8xf32> -> tensor<4x8xf32>
  return
}

// -----

func.func @slice_wrong_result(%x: tensor<4x8xf32>) {
  // expected-error@+2 {{'strata.slice' op inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x4xf32>'}}
  // expected-error@+1 {{'strata.slice' op failed to infer returned types}}
  %0 = strata.slice %x start = [0, 2] limit = [4, 8] strides = [1, 2]
       : tensor<4x8xf32> -> tensor<4x4xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.concatenate
//===----------------------------------------------------------------------===//

// -----

func.func @concatenate_no_inputs() {
  // expected-error@+2 {{'strata.concatenate' op needs at least one input}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate dim = 0 : () -> tensor<2xf32>
  return
}

// -----

func.func @concatenate_dimension(%a: tensor<2x3xf32>) {
  // expected-error@+2 {{'strata.concatenate' op dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate %a, %a dim = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concatenate_negative_dimension(%a: tensor<2x3xf32>) {
  // expected-error@+1 {{'strata.concatenate' op attribute 'dimension' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.concatenate %a, %a dim = -1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concatenate_element_type(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error@+2 {{'strata.concatenate' op input of type 'tensor<2x3xi32>' does not match the first input's type 'tensor<2x3xf32>'}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concatenate_rank(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error@+2 {{'strata.concatenate' op input of type 'tensor<2x3x1xf32>' does not match the first input's type 'tensor<2x3xf32>'}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concatenate_other_dimension(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error@+2 {{'strata.concatenate' op inputs differ in size along dimension 1, which is not the concatenated one}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concatenate_wrong_result(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error@+2 {{'strata.concatenate' op inferred type(s) 'tensor<2x7xf32>' are incompatible with return type(s) of operation 'tensor<2x8xf32>'}}
  // expected-error@+1 {{'strata.concatenate' op failed to infer returned types}}
  %0 = strata.concatenate %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.pad
//===----------------------------------------------------------------------===//

// -----

func.func @pad_value_rank(%x: tensor<3xf32>, %v: tensor<1xf32>) {
  // expected-error@+2 {{'strata.pad' op padding value must be a rank-0 tensor of 'f32', got 'tensor<1xf32>'}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [1] high = [1] interior = [0]
       : tensor<3xf32>, tensor<1xf32> -> tensor<5xf32>
  return
}

// -----

func.func @pad_value_element_type(%x: tensor<3xf32>, %v: tensor<i32>) {
  // expected-error@+2 {{'strata.pad' op padding value must be a rank-0 tensor of 'f32', got 'tensor<i32>'}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [1] high = [1] interior = [0]
       : tensor<3xf32>, tensor<i32> -> tensor<5xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error@+2 {{'strata.pad' op needs one low, high and interior padding per dimension (rank 1)}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [1] high = [1, 1] interior = [0]
       : tensor<3xf32>, tensor<f32> -> tensor<5xf32>
  return
}

// -----

func.func @pad_negative_interior(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error@+2 {{'strata.pad' op interior padding of dimension 0 must not be negative}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [2] high = [2] interior = [-1]
       : tensor<3xf32>, tensor<f32> -> tensor<5xf32>
  return
}

// -----

func.func @pad_negative_size(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error@+2 {{'strata.pad' op padding leaves dimension 0 with negative size -1}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [-2] high = [-2] interior = [0]
       : tensor<3xf32>, tensor<f32> -> tensor<0xf32>
  return
}

// -----

func.func @pad_wrong_result(%x: tensor<3xf32>, %v: tensor<f32>) {
  // expected-error@+2 {{'strata.pad' op inferred type(s) 'tensor<8xf32>' are incompatible with return type(s) of operation 'tensor<6xf32>'}}
  // expected-error@+1 {{'strata.pad' op failed to infer returned types}}
  %0 = strata.pad %x, %v low = [1] high = [2] interior = [1]
       : tensor<3xf32>, tensor<f32> -> tensor<6xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.gather
//
// The valid base case: an embedding lookup of 16 ids (16x1) in a 256x64
// table, giving 16x64.
//===----------------------------------------------------------------------===//

// -----

func.func @gather_index_vector_dim(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op index_vector_dim 3 is out of range for start indices of rank 2}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 3 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_negative_index_vector_dim(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+1 {{'strata.gather' op attribute 'index_vector_dim' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = -1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_slice_sizes_count(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op has 1 slice sizes for an operand of rank 2}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_slice_too_big(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op slice size 65 of dimension 1 does not fit the operand's size 64}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 65>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x65xf32>
  return
}

// -----

func.func @gather_negative_slice_size(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op slice size -1 of dimension 0 does not fit the operand's size 256}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: -1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_collapsed_out_of_range(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op collapsed/batching dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 2>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_collapsed_and_batching(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op collapsed/batching dimension 0 appears twice}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64: 0>,
         start_indices_batching_dims = array<i64: 0>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_collapsed_slice_size(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op collapsed or batching dimension 0 must have slice size at most 1}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 2, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_start_index_map_count(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op start_index_map has 2 entries but index vectors have 1}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0, 1>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_start_index_map_range(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op start_index_map dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 2>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_start_index_map_twice(%t: tensor<256x64xf32>, %ids: tensor<16x2xi32>) {
  // expected-error@+2 {{'strata.gather' op start_index_map dimension 0 appears twice}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0, 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x2xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_offset_dims_count(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op has 2 offset_dims but 1 slice dimensions remain}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1, 2>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_offset_dims_range(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op offset dimension 2 is out of range for rank 2}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 2>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_offset_dims_twice(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op offset dimension 1 appears twice}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1, 1>,
         collapsed_slice_dims = array<i64>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x1x64xf32>
  return
}

// -----

func.func @gather_offset_dims_unsorted(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op offset_dims must be sorted}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 2, 1>,
         collapsed_slice_dims = array<i64>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x1x64xf32>
  return
}

// -----

func.func @gather_float_indices(%t: tensor<256x64xf32>, %ids: tensor<16x1xf32>) {
  // expected-error@+1 {{'strata.gather' op operand #1 must be statically shaped tensor of signless integers in HBM, but got 'tensor<16x1xf32>'}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xf32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_wrong_result(%t: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op inferred type(s) 'tensor<16x64xf32>' are incompatible with return type(s) of operation 'tensor<64x16xf32>'}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %t, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>, start_index_map = array<i64: 0>,
         index_vector_dim = 1 : i64, slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<64x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// strata.scatter
//
// The valid base case: 16 rows of 64 updates (16x64) scattered by 16 ids
// (16x1) into a 256x64 input.
//===----------------------------------------------------------------------===//

// -----

func.func @scatter_result_type(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op result type 'tensor<128x64xf32>' must be the input type 'tensor<256x64xf32>'}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<128x64xf32>
  return
}

// -----

func.func @scatter_update_element_type(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf16>) {
  // expected-error@+1 {{'strata.scatter' op updates have element type 'f16', expected 'f32'}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf16>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_index_vector_dim(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op index_vector_dim 3 is out of range for indices of rank 2}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 3 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_negative_index_vector_dim(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op attribute 'index_vector_dim' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = -2 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_update_rank(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x1x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op updates of rank 3 must have one dimension per index batch dimension and per update window dimension (2)}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x1x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_update_window_range(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op update_window dimension 2 is out of range for rank 2}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 2>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_update_window_twice(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x1x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op update_window dimension 1 appears twice}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1, 1>, inserted_window_dims = array<i64>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x1x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_inserted_range(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op inserted/batching dimension 2 is out of range for rank 2}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 2>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_inserted_and_batching(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op inserted/batching dimension 0 appears twice}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64: 0>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_cover_rank(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op update window dimensions plus inserted and batching dimensions must cover the input's rank 2}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_dims_to_operand_count(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op scatter_dims_to_operand_dims has 2 entries but index vectors have 1}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0, 1>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_dims_to_operand_range(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op scatter_dims_to_operand_dims dimension 5 is out of range for rank 2}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 5>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_dims_to_operand_twice(%x: tensor<256x64xf32>, %ids: tensor<16x2xi32>, %u: tensor<16xf32>) {
  // expected-error@+1 {{'strata.scatter' op scatter_dims_to_operand_dims dimension 1 appears twice}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0, 1>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 1, 1>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x2xi32>, tensor<16xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_unknown_combiner(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op attribute 'combiner' failed to satisfy constraint: elementwise function of two operands}}
  %0 = strata.scatter %x, %ids, %u {combiner = 15 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_float_indices(%x: tensor<256x64xf32>, %ids: tensor<16x1xf32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op operand #1 must be statically shaped tensor of signless integers in HBM, but got 'tensor<16x1xf32>'}}
  %0 = strata.scatter %x, %ids, %u {combiner = 0 : i32,
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xf32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_update_batch_mismatch(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<8x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op update dimension 0 has size 8 but the index batch shape is [16]}}
  %0 = strata.scatter %x, %ids, %u {
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<8x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_window_too_large(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x100xf32>) {
  // expected-error@+1 {{'strata.scatter' op update window dimension 1 of size 100 exceeds input dimension 1 of size 64}}
  %0 = strata.scatter %x, %ids, %u {
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x100xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @scatter_batching_count(%x: tensor<256x64xf32>, %ids: tensor<16x1xi32>, %u: tensor<16x64xf32>) {
  // expected-error@+1 {{'strata.scatter' op has 2 scatter_indices_batching_dims but 0 input_batching_dims}}
  %0 = strata.scatter %x, %ids, %u {
         update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64: 5, 7>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return
}

// -----

func.func @gather_batching_count(%table: tensor<256x64xf32>, %ids: tensor<16x1xi32>) {
  // expected-error@+2 {{'strata.gather' op has 3 start_indices_batching_dims but 0 operand_batching_dims}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %table, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>, operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64: 9, 9, 9>,
         start_index_map = array<i64: 0>, index_vector_dim = 1 : i64,
         slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  return
}

// -----

func.func @gather_batching_is_index_vector(%x: tensor<8x16x32xf32>, %ids: tensor<8x1xi32>) {
  // expected-error@+2 {{'strata.gather' op index_vector_dim 1 cannot be a start_indices_batching_dim}}
  // expected-error@+1 {{'strata.gather' op failed to infer returned types}}
  %0 = strata.gather %x, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 1>, operand_batching_dims = array<i64: 0>,
         start_indices_batching_dims = array<i64: 1>,
         start_index_map = array<i64: 1>, index_vector_dim = 1 : i64,
         slice_sizes = array<i64: 1, 1, 32>}
       : (tensor<8x16x32xf32>, tensor<8x1xi32>) -> tensor<32xf32>
  return
}

// -----

func.func @reduce_logical_on_float(%x: tensor<4xf32>) {
  // expected-error@+1 {{'strata.reduce' op 'and' needs a signless integer element type, got 'f32'}}
  %0 = strata.reduce and %x dims = [0] : tensor<4xf32> -> tensor<f32>
  return
}

// -----

func.func @dot_narrower_result(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error@+1 {{'strata.dot' op result element type 'f16' is narrower than the operands' 'f32'}}
  %0 = strata.dot %a, %b, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf16>
  return
}
