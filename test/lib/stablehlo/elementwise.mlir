// Elementwise ops of the stablehlo input dialect in both spellings: the pretty
// form and the generic form parse into the same ops and print back in the
// pretty form JAX writes (one type when all agree, else a function type).

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %t/pretty.mlir | FileCheck %s --check-prefix=GENERIC

// The generic spelling of the attributes, as JAX writes it.
// GENERIC: "stablehlo.reduce_precision"(%{{.*}}) <{exponent_bits = 5 : i32, mantissa_bits = 10 : i32}>
// GENERIC: "stablehlo.compare"(%{{.*}}, %{{.*}}) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction LT>}>
// GENERIC: "stablehlo.compare"(%{{.*}}, %{{.*}}) <{comparison_direction = #stablehlo<comparison_direction EQ>}>

// CHECK-LABEL: func.func @unary(
// CHECK-NEXT: %0 = stablehlo.abs %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %1 = stablehlo.cbrt %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %2 = stablehlo.ceil %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %3 = stablehlo.count_leading_zeros %arg1 : tensor<2x3xi32>
// CHECK-NEXT: %4 = stablehlo.cosine %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %5 = stablehlo.exponential %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %6 = stablehlo.exponential_minus_one %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %7 = stablehlo.floor %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %8 = stablehlo.log %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %9 = stablehlo.log_plus_one %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %10 = stablehlo.logistic %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %11 = stablehlo.negate %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %12 = stablehlo.not %arg1 : tensor<2x3xi32>
// CHECK-NEXT: %13 = stablehlo.popcnt %arg1 : tensor<2x3xi32>
// CHECK-NEXT: %14 = stablehlo.round_nearest_afz %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %15 = stablehlo.round_nearest_even %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %16 = stablehlo.rsqrt %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %17 = stablehlo.sign %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %18 = stablehlo.sine %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %19 = stablehlo.sqrt %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %20 = stablehlo.tan %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %21 = stablehlo.tanh %arg0 : tensor<2x3xf32>
// CHECK-NEXT: return %21 : tensor<2x3xf32>
// CHECK-LABEL: func.func @conversions(
// CHECK-NEXT: %0 = stablehlo.is_finite %arg0 : (tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: %1 = stablehlo.convert %arg1 : (tensor<2x3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT: %2 = stablehlo.convert %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %3 = stablehlo.convert %arg0 : tensor<2x3xf32>
// CHECK-NEXT: %4 = stablehlo.bitcast_convert %arg0 : (tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK-NEXT: %5 = stablehlo.bitcast_convert %arg0 : (tensor<2x3xf32>) -> tensor<2x3x2xbf16>
// CHECK-NEXT: %6 = stablehlo.reduce_precision %arg0, format = e5m10 : tensor<2x3xf32>
// CHECK-NEXT: return %6 : tensor<2x3xf32>
// CHECK-LABEL: func.func @binary(
// CHECK-NEXT: %0 = stablehlo.add %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %1 = stablehlo.subtract %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %2 = stablehlo.multiply %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %3 = stablehlo.divide %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %4 = stablehlo.remainder %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %5 = stablehlo.power %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %6 = stablehlo.maximum %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %7 = stablehlo.minimum %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %8 = stablehlo.atan2 %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: %9 = stablehlo.and %arg2, %arg2 : tensor<4xi1>
// CHECK-NEXT: %10 = stablehlo.or %arg2, %arg2 : tensor<4xi1>
// CHECK-NEXT: %11 = stablehlo.xor %arg3, %arg3 : tensor<4xi32>
// CHECK-NEXT: %12 = stablehlo.shift_left %arg3, %arg3 : tensor<4xi32>
// CHECK-NEXT: %13 = stablehlo.shift_right_arithmetic %arg3, %arg3 : tensor<4xi32>
// CHECK-NEXT: %14 = stablehlo.shift_right_logical %arg3, %arg3 : tensor<4xi32>
// CHECK-NEXT: %15 = stablehlo.add %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT: return %15 : tensor<4xf32>
// CHECK-LABEL: func.func @dynamic(
// CHECK-NEXT: %0 = stablehlo.add %arg0, %arg1 : (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>
// CHECK-NEXT: return %0 : tensor<?xf32>
// CHECK-LABEL: func.func @compare_select_clamp(
// CHECK-NEXT: %0 = stablehlo.compare LT, %arg0, %arg1, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CHECK-NEXT: %1 = stablehlo.compare EQ, %arg2, %arg2 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
// CHECK-NEXT: %2 = stablehlo.compare GE, %arg2, %arg2, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
// CHECK-NEXT: %3 = stablehlo.select %0, %arg0, %arg1 : tensor<4xi1>, tensor<4xf32>
// CHECK-NEXT: %4 = stablehlo.select %arg4, %arg0, %arg1 : tensor<i1>, tensor<4xf32>
// CHECK-NEXT: %5 = stablehlo.clamp %arg3, %arg0, %arg3 : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: %6 = stablehlo.clamp %arg0, %arg1, %arg0 : tensor<4xf32>
// CHECK-NEXT: return %6 : tensor<4xf32>

//--- pretty.mlir
func.func @unary(%f: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> tensor<2x3xf32> {
  %0 = stablehlo.abs %f : tensor<2x3xf32>
  %1 = stablehlo.cbrt %f : tensor<2x3xf32>
  %2 = stablehlo.ceil %f : tensor<2x3xf32>
  %3 = stablehlo.count_leading_zeros %i : tensor<2x3xi32>
  %4 = stablehlo.cosine %f : tensor<2x3xf32>
  %5 = stablehlo.exponential %f : tensor<2x3xf32>
  %6 = stablehlo.exponential_minus_one %f : tensor<2x3xf32>
  %7 = stablehlo.floor %f : tensor<2x3xf32>
  %8 = stablehlo.log %f : tensor<2x3xf32>
  %9 = stablehlo.log_plus_one %f : tensor<2x3xf32>
  %10 = stablehlo.logistic %f : tensor<2x3xf32>
  %11 = stablehlo.negate %f : tensor<2x3xf32>
  %12 = stablehlo.not %i : tensor<2x3xi32>
  %13 = stablehlo.popcnt %i : tensor<2x3xi32>
  %14 = stablehlo.round_nearest_afz %f : tensor<2x3xf32>
  %15 = stablehlo.round_nearest_even %f : tensor<2x3xf32>
  %16 = stablehlo.rsqrt %f : tensor<2x3xf32>
  %17 = stablehlo.sign %f : tensor<2x3xf32>
  %18 = stablehlo.sine %f : tensor<2x3xf32>
  %19 = stablehlo.sqrt %f : tensor<2x3xf32>
  %20 = stablehlo.tan %f : tensor<2x3xf32>
  %21 = stablehlo.tanh %f : tensor<2x3xf32>
  return %21 : tensor<2x3xf32>
}

func.func @conversions(%f: tensor<2x3xf32>, %i: tensor<2x3xi32>) -> tensor<2x3xf32> {
  %0 = stablehlo.is_finite %f : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %1 = stablehlo.convert %i : (tensor<2x3xi32>) -> tensor<2x3xf32>
  %2 = stablehlo.convert %f : tensor<2x3xf32>
  %3 = stablehlo.convert %f : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = stablehlo.bitcast_convert %f : (tensor<2x3xf32>) -> tensor<2x3xi32>
  %5 = stablehlo.bitcast_convert %f : (tensor<2x3xf32>) -> tensor<2x3x2xbf16>
  %6 = stablehlo.reduce_precision %f, format = e5m10 : tensor<2x3xf32>
  return %6 : tensor<2x3xf32>
}

func.func @binary(%a: tensor<4xf32>, %b: tensor<4xf32>, %p: tensor<4xi1>, %i: tensor<4xi32>) -> tensor<4xf32> {
  %0 = stablehlo.add %a, %b : tensor<4xf32>
  %1 = stablehlo.subtract %a, %b : tensor<4xf32>
  %2 = stablehlo.multiply %a, %b : tensor<4xf32>
  %3 = stablehlo.divide %a, %b : tensor<4xf32>
  %4 = stablehlo.remainder %a, %b : tensor<4xf32>
  %5 = stablehlo.power %a, %b : tensor<4xf32>
  %6 = stablehlo.maximum %a, %b : tensor<4xf32>
  %7 = stablehlo.minimum %a, %b : tensor<4xf32>
  %8 = stablehlo.atan2 %a, %b : tensor<4xf32>
  %9 = stablehlo.and %p, %p : tensor<4xi1>
  %10 = stablehlo.or %p, %p : tensor<4xi1>
  %11 = stablehlo.xor %i, %i : tensor<4xi32>
  %12 = stablehlo.shift_left %i, %i : tensor<4xi32>
  %13 = stablehlo.shift_right_arithmetic %i, %i : tensor<4xi32>
  %14 = stablehlo.shift_right_logical %i, %i : tensor<4xi32>
  // A function type whose types all agree prints as the single type.
  %15 = stablehlo.add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %15 : tensor<4xf32>
}

// Types that differ only in dynamic sizes need the function type.
func.func @dynamic(%a: tensor<?xf32>, %b: tensor<4xf32>) -> tensor<?xf32> {
  %0 = stablehlo.add %a, %b : (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @compare_select_clamp(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi32>, %s: tensor<f32>, %q: tensor<i1>) -> tensor<4xf32> {
  %0 = stablehlo.compare LT, %a, %b, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = stablehlo.compare EQ, %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %2 = stablehlo.compare GE, %i, %i, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %3 = stablehlo.select %0, %a, %b : tensor<4xi1>, tensor<4xf32>
  %4 = stablehlo.select %q, %a, %b : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = stablehlo.clamp %s, %a, %s : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %6 = stablehlo.clamp %a, %b, %a : tensor<4xf32>
  return %6 : tensor<4xf32>
}

//--- generic.mlir
"func.func"() <{function_type = (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>, sym_name = "unary"}> ({
^bb0(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>):
  %0 = "stablehlo.abs"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "stablehlo.cbrt"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "stablehlo.ceil"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "stablehlo.count_leading_zeros"(%arg1) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %4 = "stablehlo.cosine"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "stablehlo.exponential"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = "stablehlo.exponential_minus_one"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = "stablehlo.floor"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = "stablehlo.log"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = "stablehlo.log_plus_one"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = "stablehlo.logistic"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = "stablehlo.negate"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = "stablehlo.not"(%arg1) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %13 = "stablehlo.popcnt"(%arg1) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %14 = "stablehlo.round_nearest_afz"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = "stablehlo.round_nearest_even"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %16 = "stablehlo.rsqrt"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %17 = "stablehlo.sign"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %18 = "stablehlo.sine"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %19 = "stablehlo.sqrt"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %20 = "stablehlo.tan"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %21 = "stablehlo.tanh"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  "func.return"(%21) : (tensor<2x3xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<2x3xf32>, sym_name = "conversions"}> ({
^bb0(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xi32>):
  %0 = "stablehlo.is_finite"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %1 = "stablehlo.convert"(%arg1) : (tensor<2x3xi32>) -> tensor<2x3xf32>
  %2 = "stablehlo.convert"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "stablehlo.convert"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "stablehlo.bitcast_convert"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3xi32>
  %5 = "stablehlo.bitcast_convert"(%arg0) : (tensor<2x3xf32>) -> tensor<2x3x2xbf16>
  %6 = "stablehlo.reduce_precision"(%arg0) <{exponent_bits = 5 : i32, mantissa_bits = 10 : i32}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  "func.return"(%6) : (tensor<2x3xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi32>) -> tensor<4xf32>, sym_name = "binary"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xi1>, %arg3: tensor<4xi32>):
  %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "stablehlo.subtract"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "stablehlo.multiply"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "stablehlo.divide"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "stablehlo.remainder"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = "stablehlo.power"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %6 = "stablehlo.maximum"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %7 = "stablehlo.minimum"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %8 = "stablehlo.atan2"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %9 = "stablehlo.and"(%arg2, %arg2) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %10 = "stablehlo.or"(%arg2, %arg2) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %11 = "stablehlo.xor"(%arg3, %arg3) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %12 = "stablehlo.shift_left"(%arg3, %arg3) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %13 = "stablehlo.shift_right_arithmetic"(%arg3, %arg3) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %14 = "stablehlo.shift_right_logical"(%arg3, %arg3) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %15 = "stablehlo.add"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  "func.return"(%15) : (tensor<4xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>, sym_name = "dynamic"}> ({
^bb0(%arg0: tensor<?xf32>, %arg1: tensor<4xf32>):
  %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>
  "func.return"(%0) : (tensor<?xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<f32>, tensor<i1>) -> tensor<4xf32>, sym_name = "compare_select_clamp"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xi32>, %arg3: tensor<f32>, %arg4: tensor<i1>):
  %0 = "stablehlo.compare"(%arg0, %arg1) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction LT>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = "stablehlo.compare"(%arg2, %arg2) <{comparison_direction = #stablehlo<comparison_direction EQ>}> : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %2 = "stablehlo.compare"(%arg2, %arg2) <{compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction GE>}> : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %3 = "stablehlo.select"(%0, %arg0, %arg1) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "stablehlo.select"(%arg4, %arg0, %arg1) : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = "stablehlo.clamp"(%arg3, %arg0, %arg3) : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %6 = "stablehlo.clamp"(%arg0, %arg1, %arg0) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  "func.return"(%6) : (tensor<4xf32>) -> ()
}) : () -> ()
