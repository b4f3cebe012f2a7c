//===- StablehloInputOps.td - Ops of stablehlo -------------*- tablegen -*-===//
//
// StableHLO's ops as JAX writes them. Names, operands, attribute names and
// attribute kinds follow StableHLO, so that the generic form of a JAX export
// parses into these ops; each op's assembly format reproduces StableHLO's
// pretty syntax, so that the pretty form parses too. Ops that JAX always
// prints in the generic form (gather, scatter, sort, case, ...) have no
// assembly format and print generically as well.
//
// Verification is shallow by design (see the dialect's description): the
// cheap shape rules that catch a misread file, not StableHLO's full rules.

#ifndef STRATA_STABLEHLO_INPUT_OPS_TD
#define STRATA_STABLEHLO_INPUT_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "lib/stablehlo/StablehloInputDialect.td"
include "lib/stablehlo/StablehloInputAttributes.td"

// StableHLO allows dynamic and unranked shapes; the importer decides what it
// accepts, so the input dialect takes any tensor.
defvar Shlo_Tensor = AnyTensor;
defvar Shlo_PredTensor = TensorOf<[I1]>;
defvar Shlo_IndexTensor = TensorOf<[AnyInteger, Index]>;

//===----------------------------------------------------------------------===//
// Constants and iota
//===----------------------------------------------------------------------===//

def StablehloInput_ConstantOp : StablehloInput_Op<"constant", [Pure,
    AllTypesMatch<["value", "output"]>,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "A tensor known at compile time";
  let description = [{
    Produces `value`; the result has the value's type.

    ```mlir
    %c = stablehlo.constant dense<[1.0, 2.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Shlo_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
}

def StablehloInput_IotaOp : StablehloInput_Op<"iota", [Pure]> {
  let summary = "Indices along one dimension";
  let description = [{
    Every element of the result is its index along `iota_dimension`.

    ```mlir
    %i = stablehlo.iota dim = 1 : tensor<2x3xi32>   // [[0, 1, 2], [0, 1, 2]]
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$iota_dimension);
  let results = (outs Shlo_Tensor:$output);
  let assemblyFormat = "`dim` `=` $iota_dimension attr-dict `:` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//
// Operands and result agree in shape. The pretty form writes one type when
// every operand and the result have it, else a function type.
//===----------------------------------------------------------------------===//

class StablehloInput_UnaryOp<string mnemonic, string what,
                             list<Trait> traits = [],
                             Type resultType = Shlo_Tensor>
    : StablehloInput_Op<mnemonic, !listconcat(traits,
        [Pure, SameOperandsAndResultShape])> {
  let summary = "Elementwise " # what;
  let description = "Applies " # what # " to every element of `operand`.\n\n"
      # "```mlir\n%r = stablehlo." # mnemonic # " %x : tensor<4xf32>\n```";
  let arguments = (ins Shlo_Tensor:$operand);
  let results = (outs resultType:$result);
  let assemblyFormat = [{
    $operand attr-dict `:` custom<SameOperandsAndResultType>(type($operand), type($result))
  }];
}

// Unary ops whose result has the operand's element type too.
class StablehloInput_SameTypeUnaryOp<string mnemonic, string what>
    : StablehloInput_UnaryOp<mnemonic, what,
        [SameOperandsAndResultElementType]>;

def StablehloInput_AbsOp : StablehloInput_SameTypeUnaryOp<"abs", "absolute value">;
def StablehloInput_CbrtOp : StablehloInput_SameTypeUnaryOp<"cbrt", "cube root">;
def StablehloInput_CeilOp : StablehloInput_SameTypeUnaryOp<"ceil", "rounding toward +infinity">;
def StablehloInput_ClzOp : StablehloInput_SameTypeUnaryOp<"count_leading_zeros",
    "count of leading zero bits">;
def StablehloInput_CosineOp : StablehloInput_SameTypeUnaryOp<"cosine", "cosine">;
def StablehloInput_ExpOp : StablehloInput_SameTypeUnaryOp<"exponential", "e^x">;
def StablehloInput_Expm1Op : StablehloInput_SameTypeUnaryOp<"exponential_minus_one",
    "e^x - 1">;
def StablehloInput_FloorOp : StablehloInput_SameTypeUnaryOp<"floor",
    "rounding toward -infinity">;
def StablehloInput_LogOp : StablehloInput_SameTypeUnaryOp<"log", "natural logarithm">;
def StablehloInput_Log1pOp : StablehloInput_SameTypeUnaryOp<"log_plus_one", "log(1 + x)">;
def StablehloInput_LogisticOp : StablehloInput_SameTypeUnaryOp<"logistic",
    "logistic sigmoid 1 / (1 + e^-x)">;
def StablehloInput_NegOp : StablehloInput_SameTypeUnaryOp<"negate", "negation">;
def StablehloInput_NotOp : StablehloInput_SameTypeUnaryOp<"not",
    "bitwise (for i1 logical) not">;
def StablehloInput_PopcntOp : StablehloInput_SameTypeUnaryOp<"popcnt",
    "count of set bits">;
def StablehloInput_RoundAfzOp : StablehloInput_SameTypeUnaryOp<"round_nearest_afz",
    "rounding to nearest, ties away from zero">;
def StablehloInput_RoundEvenOp : StablehloInput_SameTypeUnaryOp<"round_nearest_even",
    "rounding to nearest, ties to even">;
def StablehloInput_RsqrtOp : StablehloInput_SameTypeUnaryOp<"rsqrt",
    "reciprocal square root">;
def StablehloInput_SignOp : StablehloInput_SameTypeUnaryOp<"sign", "sign (-1, 0 or 1)">;
def StablehloInput_SineOp : StablehloInput_SameTypeUnaryOp<"sine", "sine">;
def StablehloInput_SqrtOp : StablehloInput_SameTypeUnaryOp<"sqrt", "square root">;
def StablehloInput_TanOp : StablehloInput_SameTypeUnaryOp<"tan", "tangent">;
def StablehloInput_TanhOp : StablehloInput_SameTypeUnaryOp<"tanh", "hyperbolic tangent">;

def StablehloInput_IsFiniteOp : StablehloInput_UnaryOp<"is_finite",
    "test for a finite value (not infinite, not NaN), giving i1", [],
    Shlo_PredTensor> {
  let description = [{
    True where the element is neither infinite nor NaN.

    ```mlir
    %f = stablehlo.is_finite %x : (tensor<4xf32>) -> tensor<4xi1>
    ```
  }];
}

def StablehloInput_ConvertOp : StablehloInput_UnaryOp<"convert",
    "conversion to the result's element type"> {
  let description = [{
    Converts every element to the result's element type (float to integer
    rounds toward zero; to i1 is a test against zero). The shape is kept.

    ```mlir
    %y = stablehlo.convert %x : (tensor<4xf32>) -> tensor<4xbf16>
    %z = stablehlo.convert %x : tensor<4xf32>   // same type: a copy
    ```
  }];
}

def StablehloInput_BitcastConvertOp
    : StablehloInput_Op<"bitcast_convert", [Pure]> {
  let summary = "Reinterpretation of the bits of a tensor";
  let description = [{
    Reads the operand's bits as the result's element type. When the element
    widths differ, the last dimension of the narrower side holds the parts
    of one wide element.

    ```mlir
    %b = stablehlo.bitcast_convert %x : (tensor<4xf32>) -> tensor<4xi32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

class StablehloInput_BinaryOp<string mnemonic, string what,
                              list<Trait> traits = []>
    : StablehloInput_Op<mnemonic, !listconcat(traits, [Pure,
        SameOperandsAndResultShape, SameOperandsAndResultElementType])> {
  let summary = "Elementwise " # what;
  let description = "Computes " # what # " of corresponding elements of "
      # "`lhs` and `rhs`; broadcasting is explicit.\n\n"
      # "```mlir\n%r = stablehlo." # mnemonic # " %a, %b : tensor<4xf32>\n```";
  let arguments = (ins Shlo_Tensor:$lhs, Shlo_Tensor:$rhs);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:`
      custom<SameOperandsAndResultType>(type($lhs), type($rhs), type($result))
  }];
}

def StablehloInput_AddOp : StablehloInput_BinaryOp<"add", "sum (for i1: or)",
    [Commutative]>;
def StablehloInput_SubtractOp : StablehloInput_BinaryOp<"subtract", "difference">;
def StablehloInput_MulOp : StablehloInput_BinaryOp<"multiply",
    "product (for i1: and)", [Commutative]>;
def StablehloInput_DivOp : StablehloInput_BinaryOp<"divide",
    "quotient (integers truncate toward zero)">;
def StablehloInput_RemOp : StablehloInput_BinaryOp<"remainder",
    "remainder, with the sign of the dividend">;
def StablehloInput_PowOp : StablehloInput_BinaryOp<"power", "lhs raised to rhs">;
def StablehloInput_MaxOp : StablehloInput_BinaryOp<"maximum",
    "maximum (NaN if either is NaN)", [Commutative]>;
def StablehloInput_MinOp : StablehloInput_BinaryOp<"minimum",
    "minimum (NaN if either is NaN)", [Commutative]>;
def StablehloInput_AndOp : StablehloInput_BinaryOp<"and", "bitwise and",
    [Commutative]>;
def StablehloInput_OrOp : StablehloInput_BinaryOp<"or", "bitwise or",
    [Commutative]>;
def StablehloInput_XorOp : StablehloInput_BinaryOp<"xor", "bitwise xor",
    [Commutative]>;
def StablehloInput_ShiftLeftOp : StablehloInput_BinaryOp<"shift_left",
    "left shift">;
def StablehloInput_ShiftRightArithmeticOp : StablehloInput_BinaryOp<
    "shift_right_arithmetic", "sign-extending right shift">;
def StablehloInput_ShiftRightLogicalOp : StablehloInput_BinaryOp<
    "shift_right_logical", "zero-filling right shift">;
def StablehloInput_Atan2Op : StablehloInput_BinaryOp<"atan2",
    "angle of the point (rhs, lhs)">;

def StablehloInput_CompareOp : StablehloInput_Op<"compare", [Pure,
    SameTypeOperands, SameOperandsAndResultShape]> {
  let summary = "Elementwise comparison to i1";
  let description = [{
    Compares corresponding elements by `comparison_direction`. The optional
    `compare_type` says how: `FLOAT` (IEEE, NaN unordered), `TOTALORDER`,
    `SIGNED` or `UNSIGNED`.

    ```mlir
    %m = stablehlo.compare LT, %a, %b, SIGNED : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$lhs, Shlo_Tensor:$rhs,
                       StablehloInput_ComparisonDirectionAttr:$comparison_direction,
                       OptionalAttr<StablehloInput_ComparisonTypeAttr>:$compare_type);
  let results = (outs Shlo_PredTensor:$result);
  let assemblyFormat = [{
    custom<EnumKeyword>($comparison_direction) `,` $lhs `,` $rhs
      (`,` custom<EnumKeyword>($compare_type)^)? attr-dict `:`
      functional-type(operands, results)
  }];
}

def StablehloInput_SelectOp : StablehloInput_Op<"select", [Pure]> {
  let summary = "Elementwise choice between two tensors";
  let description = [{
    `result[i] = pred[i] ? on_true[i] : on_false[i]`; `pred` has the shape of
    the other operands or is a rank-0 tensor that chooses for all elements.
    The pretty form writes `pred`'s type and the common type of the rest when
    `on_true`, `on_false` and the result share it, else a function type.

    ```mlir
    %r = stablehlo.select %p, %a, %b : tensor<4xi1>, tensor<4xf32>
    ```
  }];
  let arguments = (ins Shlo_PredTensor:$pred, Shlo_Tensor:$on_true,
                       Shlo_Tensor:$on_false);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    operands attr-dict `:`
      custom<SelectOpType>(type($pred), type($on_true), type($on_false), type($result))
  }];
  let hasVerifier = 1;
}

def StablehloInput_ClampOp : StablehloInput_Op<"clamp", [Pure]> {
  let summary = "Elementwise clamp between bounds";
  let description = [{
    `result[i] = min(max(operand[i], min[i]), max[i])`; each bound has the
    operand's shape or is a rank-0 tensor.

    ```mlir
    %r = stablehlo.clamp %lo, %x, %hi : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$min, Shlo_Tensor:$operand,
                       Shlo_Tensor:$max);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $min `,` $operand `,` $max attr-dict `:`
      custom<SameOperandsAndResultType>(type($min), type($operand), type($max), type($result))
  }];
}

def StablehloInput_ReducePrecisionOp : StablehloInput_Op<"reduce_precision", [
    Pure, SameOperandsAndResultShape, SameOperandsAndResultElementType]> {
  let summary = "Rounding to a narrower floating-point format";
  let description = [{
    Rounds every element to the nearest value with `exponent_bits` exponent
    and `mantissa_bits` mantissa bits, keeping the element type.

    ```mlir
    %r = stablehlo.reduce_precision %x, format = e5m10 : tensor<4xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand,
                       ConfinedAttr<I32Attr, [IntPositive]>:$exponent_bits,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$mantissa_bits);
  let results = (outs Shlo_Tensor:$output);
  let assemblyFormat = [{
    $operand `,` `format` `=` custom<ExponentMantissa>($exponent_bits, $mantissa_bits)
      attr-dict `:` custom<SameOperandsAndResultType>(type($operand), type($output))
  }];
}

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def StablehloInput_ReshapeOp : StablehloInput_Op<"reshape", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "The same elements in row-major order, in a new shape";
  let description = [{
    ```mlir
    %r = stablehlo.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def StablehloInput_BroadcastInDimOp : StablehloInput_Op<"broadcast_in_dim", [
    Pure, SameOperandsAndResultElementType]> {
  let summary = "Broadcast along the dimensions the operand does not map to";
  let description = [{
    Operand dimension `i` becomes result dimension `broadcast_dimensions[i]`
    (sizes equal, or the operand's is 1); every other result dimension
    repeats the operand.

    ```mlir
    %r = stablehlo.broadcast_in_dim %x, dims = [1] : (tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand,
                       DenseI64ArrayAttr:$broadcast_dimensions);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `dims` `=` $broadcast_dimensions attr-dict `:`
      functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_BroadcastOp : StablehloInput_Op<"broadcast", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "Broadcast by prepending dimensions";
  let description = [{
    The result's shape is `broadcast_sizes` followed by the operand's shape.

    ```mlir
    %r = stablehlo.broadcast %x, sizes = [2] : (tensor<3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, DenseI64ArrayAttr:$broadcast_sizes);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `sizes` `=` $broadcast_sizes attr-dict `:`
      functional-type(operands, results)
  }];
}

def StablehloInput_TransposeOp : StablehloInput_Op<"transpose", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "Permutation of dimensions";
  let description = [{
    Result dimension `i` is operand dimension `permutation[i]`.

    ```mlir
    %r = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xf32>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `dims` `=` $permutation attr-dict `:`
      functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_ReverseOp : StablehloInput_Op<"reverse", [Pure,
    AllTypesMatch<["operand", "result"]>]> {
  let summary = "Reversal along dimensions";
  let description = [{
    ```mlir
    %r = stablehlo.reverse %x, dims = [0] : tensor<4x2xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, DenseI64ArrayAttr:$dimensions);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` `dims` `=` $dimensions attr-dict `:`
      custom<SameOperandsAndResultType>(type($operand), type($result))
  }];
}

def StablehloInput_SliceOp : StablehloInput_Op<"slice", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "A strided static slice";
  let description = [{
    Takes, along every dimension `d`, the indices from `start_indices[d]`
    (inclusive) to `limit_indices[d]` (exclusive) in steps of `strides[d]`.
    The pretty form writes `start:limit` or `start:limit:stride` per
    dimension.

    ```mlir
    %r = stablehlo.slice %x [0:2, 1:7:2] : (tensor<4x8xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, DenseI64ArrayAttr:$start_indices,
                       DenseI64ArrayAttr:$limit_indices,
                       DenseI64ArrayAttr:$strides);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand custom<SliceRanges>($start_indices, $limit_indices, $strides)
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_DynamicSliceOp : StablehloInput_Op<"dynamic_slice", [Pure,
    AllElementTypesMatch<["operand", "result"]>]> {
  let summary = "A slice of static size at run-time offsets";
  let description = [{
    Takes a slice of `slice_sizes` starting at the rank-0 `start_indices`
    (one per dimension, clamped so that the slice stays inside).

    ```mlir
    %r = stablehlo.dynamic_slice %x, %i, %j, sizes = [1, 4] : (tensor<3x4xf32>, tensor<i32>, tensor<i32>) -> tensor<1x4xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand,
                       Variadic<Shlo_IndexTensor>:$start_indices,
                       DenseI64ArrayAttr:$slice_sizes);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` custom<VariadicOperandWithAttribute>($start_indices)
      `sizes` `=` $slice_sizes attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_RealDynamicSliceOp
    : StablehloInput_Op<"real_dynamic_slice", [Pure]> {
  let summary = "Strided slice whose bounds are run-time 1-D tensors";
  let description = [{
    ```mlir
    %r = stablehlo.real_dynamic_slice %x, %start, %limit, %strides : (tensor<4x4xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_IndexTensor:$start_indices,
                       Shlo_IndexTensor:$limit_indices,
                       Shlo_IndexTensor:$strides);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def StablehloInput_DynamicUpdateSliceOp
    : StablehloInput_Op<"dynamic_update_slice", [Pure,
        AllTypesMatch<["operand", "result"]>]> {
  let summary = "The operand with a slice replaced, at run-time offsets";
  let description = [{
    ```mlir
    %r = stablehlo.dynamic_update_slice %x, %u, %i, %j : (tensor<4x4xf32>, tensor<1x4xf32>, tensor<i32>, tensor<i32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$update,
                       Variadic<Shlo_IndexTensor>:$start_indices);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

def StablehloInput_ConcatenateOp : StablehloInput_Op<"concatenate", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "Concatenation along one dimension";
  let description = [{
    ```mlir
    %r = stablehlo.concatenate %a, %b, dim = 1 : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<Shlo_Tensor>:$inputs,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dimension);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    custom<VariadicOperandWithAttribute>($inputs) `dim` `=` $dimension
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_PadOp : StablehloInput_Op<"pad", [Pure,
    SameOperandsAndResultElementType]> {
  let summary = "Edge and interior padding";
  let description = [{
    Adds `edge_padding_low` / `edge_padding_high` elements of `padding_value`
    before / after each dimension (negative values cut) and
    `interior_padding` elements between neighbours.

    ```mlir
    %r = stablehlo.pad %x, %zero, low = [0, 1], high = [0, 0], interior = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$padding_value,
                       DenseI64ArrayAttr:$edge_padding_low,
                       DenseI64ArrayAttr:$edge_padding_high,
                       DenseI64ArrayAttr:$interior_padding);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $padding_value `,` `low` `=` $edge_padding_low `,`
      `high` `=` $edge_padding_high `,` `interior` `=` $interior_padding
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_GatherOp : StablehloInput_Op<"gather", [Pure]> {
  let summary = "Slices of the operand at indices read from a tensor";
  let description = [{
    For every index vector in `start_indices`, takes a slice of `slice_sizes`
    from `operand`, as `dimension_numbers` describes. JAX prints gather in
    the generic form.

    ```mlir
    %r = "stablehlo.gather"(%table, %ids) <{dimension_numbers = #stablehlo.gather<
           offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0],
           index_vector_dim = 2>, indices_are_sorted = false,
           slice_sizes = array<i64: 1, 64>}>
         : (tensor<256x64xf32>, tensor<2x8x1xi32>) -> tensor<2x8x64xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_IndexTensor:$start_indices,
                       StablehloInput_GatherDimensionNumbersAttr:$dimension_numbers,
                       DenseI64ArrayAttr:$slice_sizes,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$indices_are_sorted);
  let results = (outs Shlo_Tensor:$result);
}

def StablehloInput_ScatterOp : StablehloInput_Op<"scatter", [
    RecursiveMemoryEffects, SameVariadicOperandSize]> {
  let summary = "Combination of updates into the operand at indices";
  let description = [{
    For every index vector in `scatter_indices`, combines a window of
    `updates` into `inputs` with `update_computation` (a region taking the
    current and the update element of each input, as rank-0 tensors, and
    returning the new ones). JAX prints scatter in the generic form.

    ```mlir
    %r = "stablehlo.scatter"(%zeros, %ids, %grad) <{indices_are_sorted = false,
           scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2],
             inserted_window_dims = [0], scatter_dims_to_operand_dims = [0],
             index_vector_dim = 2>, unique_indices = false}> ({
      ^bb0(%a: tensor<f32>, %b: tensor<f32>):
        %s = stablehlo.add %a, %b : tensor<f32>
        stablehlo.return %s : tensor<f32>
    }) : (tensor<256x64xf32>, tensor<2x8x1xi32>, tensor<2x8x64xf32>) -> tensor<256x64xf32>
    ```
  }];
  let arguments = (ins Variadic<Shlo_Tensor>:$inputs,
                       Shlo_IndexTensor:$scatter_indices,
                       Variadic<Shlo_Tensor>:$updates,
                       StablehloInput_ScatterDimensionNumbersAttr:$scatter_dimension_numbers,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$indices_are_sorted,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$unique_indices);
  let results = (outs Variadic<Shlo_Tensor>:$results);
  let regions = (region SizedRegion<1>:$update_computation);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def StablehloInput_DotGeneralOp : StablehloInput_Op<"dot_general", [Pure]> {
  let summary = "General tensor contraction";
  let description = [{
    Contracts `lhs` and `rhs` over the paired contracting dimensions, batched
    over the paired batch dimensions (`dot_dimension_numbers`). The result
    holds the batch dimensions, then the free dimensions of `lhs`, then those
    of `rhs`. `precision_config` optionally gives a precision per operand.

    ```mlir
    %r = stablehlo.dot_general %a, %b, batching_dims = [0] x [0], contracting_dims = [2] x [1],
           precision = [DEFAULT, DEFAULT] : (tensor<8x4x16xf32>, tensor<8x16x5xf32>) -> tensor<8x4x5xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$lhs, Shlo_Tensor:$rhs,
                       StablehloInput_DotDimensionNumbersAttr:$dot_dimension_numbers,
                       OptionalAttr<StablehloInput_PrecisionConfigAttr>:$precision_config);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs `,` custom<DotDimensionNumbers>($dot_dimension_numbers)
      (`,` `precision` `=` custom<PrecisionConfig>($precision_config)^)?
      attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_DotOp : StablehloInput_Op<"dot", [Pure]> {
  let summary = "Vector and matrix product (older form of dot_general)";
  let description = [{
    Contracts the last dimension of `lhs` with the first of `rhs`; both have
    rank 1 or 2.

    ```mlir
    %r = stablehlo.dot %a, %b, precision = [DEFAULT, DEFAULT] : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$lhs, Shlo_Tensor:$rhs,
                       OptionalAttr<StablehloInput_PrecisionConfigAttr>:$precision_config);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` `precision` `=` custom<PrecisionConfig>($precision_config)^)?
      attr-dict `:` functional-type(operands, results)
  }];
}

def StablehloInput_ConvolutionOp : StablehloInput_Op<"convolution", [Pure]> {
  let summary = "Windowed contraction of an input with a kernel";
  let description = [{
    Convolution (really cross-correlation) of `lhs` with the kernel `rhs`,
    laid out as `dimension_numbers` says, with per-spatial-dimension
    `window_strides`, `padding` (a `[low, high]` pair each), `lhs_dilation`
    (transposed convolution), `rhs_dilation` (atrous) and `window_reversal`;
    `feature_group_count` / `batch_group_count` split features or batch into
    groups. Omitted window attributes take their neutral value.

    ```mlir
    %r = stablehlo.convolution(%x, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
           window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
           {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
         : (tensor<8x32x32x3xf32>, tensor<3x3x3x16xf32>) -> tensor<8x32x32x16xf32>
    ```
  }];
  let arguments = (ins Shlo_Tensor:$lhs, Shlo_Tensor:$rhs,
                       OptionalAttr<DenseI64ArrayAttr>:$window_strides,
                       OptionalAttr<I64ElementsAttr>:$padding,
                       OptionalAttr<DenseI64ArrayAttr>:$lhs_dilation,
                       OptionalAttr<DenseI64ArrayAttr>:$rhs_dilation,
                       OptionalAttr<DenseBoolArrayAttr>:$window_reversal,
                       StablehloInput_ConvDimensionNumbersAttr:$dimension_numbers,
                       ConfinedAttr<I64Attr, [IntPositive]>:$feature_group_count,
                       ConfinedAttr<I64Attr, [IntPositive]>:$batch_group_count,
                       OptionalAttr<StablehloInput_PrecisionConfigAttr>:$precision_config);
  let results = (outs Shlo_Tensor:$result);
  let assemblyFormat = [{
    `(` operands `)` `dim_numbers` `=` custom<ConvolutionDimensions>($dimension_numbers)
      `,` `window` `=` custom<WindowAttributes>($window_strides, $padding,
          $lhs_dilation, $rhs_dilation, $window_reversal)
      attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions and sorting
//===----------------------------------------------------------------------===//

def StablehloInput_ReduceOp : StablehloInput_Op<"reduce", [
    RecursiveMemoryEffects, SameVariadicOperandSize]> {
  let summary = "Reduction over dimensions with a combiner region";
  let description = [{
    Reduces each of `inputs` over `dimensions`, starting from the matching
    rank-0 `init_values`, with `body`: a region taking N accumulators and N
    elements (as rank-0 tensors) and returning N new accumulators.

    The pretty form has two spellings. When the body is a single binary op
    of this dialect applied to the two block arguments (the usual sum, max,
    and, ...), it is written compactly:

    ```mlir
    %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1]
           : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
    ```

    Otherwise the body follows, its arguments paired per input
    (accumulator, element):

    ```mlir
    %m:2 = stablehlo.reduce(%v init: %v0), (%i init: %i0) across dimensions = [1]
             : (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
      reducer(%a: tensor<f32>, %b: tensor<f32>) (%ia: tensor<i32>, %ib: tensor<i32>) {
        ...
        stablehlo.return %v, %i : tensor<f32>, tensor<i32>
      }
    ```
  }];
  let arguments = (ins Variadic<Shlo_Tensor>:$inputs,
                       Variadic<Shlo_Tensor>:$init_values,
                       DenseI64ArrayAttr:$dimensions);
  let results = (outs Variadic<Shlo_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def StablehloInput_ReduceWindowOp : StablehloInput_Op<"reduce_window", [
    RecursiveMemoryEffects, SameVariadicOperandSize]> {
  let summary = "Reduction over sliding windows (pooling)";
  let description = [{
    Reduces every window of `window_dimensions` (placed every
    `window_strides`, with `base_dilations`, `window_dilations` and
    `padding`) with `body`, as `stablehlo.reduce` does. Generic form only.

    ```mlir
    %r = "stablehlo.reduce_window"(%x, %ninf) <{window_dimensions = array<i64: 1, 2, 2, 1>,
           window_strides = array<i64: 1, 2, 2, 1>}> ({
      ^bb0(%a: tensor<f32>, %b: tensor<f32>):
        %m = stablehlo.maximum %a, %b : tensor<f32>
        stablehlo.return %m : tensor<f32>
    }) : (tensor<8x32x32x16xf32>, tensor<f32>) -> tensor<8x16x16x16xf32>
    ```
  }];
  let arguments = (ins Variadic<Shlo_Tensor>:$inputs,
                       Variadic<Shlo_Tensor>:$init_values,
                       DenseI64ArrayAttr:$window_dimensions,
                       OptionalAttr<DenseI64ArrayAttr>:$window_strides,
                       OptionalAttr<DenseI64ArrayAttr>:$base_dilations,
                       OptionalAttr<DenseI64ArrayAttr>:$window_dilations,
                       OptionalAttr<I64ElementsAttr>:$padding);
  let results = (outs Variadic<Shlo_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
}

def StablehloInput_SelectAndScatterOp : StablehloInput_Op<"select_and_scatter",
    [RecursiveMemoryEffects]> {
  let summary = "Scatter of a source into the element each window selects";
  let description = [{
    For every window of `operand`, picks one element with `select` and
    combines the matching element of `source` into it with `scatter`,
    starting from `init_value` (the gradient of max pooling). Generic form
    only.
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$source,
                       Shlo_Tensor:$init_value,
                       OptionalAttr<DenseI64ArrayAttr>:$window_dimensions,
                       OptionalAttr<DenseI64ArrayAttr>:$window_strides,
                       OptionalAttr<I64ElementsAttr>:$padding);
  let results = (outs Shlo_Tensor:$result);
  let regions = (region SizedRegion<1>:$select, SizedRegion<1>:$scatter);
}

def StablehloInput_SortOp : StablehloInput_Op<"sort", [RecursiveMemoryEffects]> {
  let summary = "Sort of tensors along one dimension";
  let description = [{
    Sorts `inputs` together along `dimension` by `comparator`, a region that
    takes two elements of every input (as rank-0 tensors) and returns i1,
    true when the first orders before the second. Generic form only.
  }];
  let arguments = (ins Variadic<Shlo_Tensor>:$inputs,
                       DefaultValuedAttr<I64Attr, "-1">:$dimension,
                       DefaultValuedAttr<BoolAttr, "false">:$is_stable);
  let results = (outs Variadic<Shlo_Tensor>:$results);
  let regions = (region SizedRegion<1>:$comparator);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def StablehloInput_BatchNormTrainingOp
    : StablehloInput_Op<"batch_norm_training", [Pure]> {
  let summary = "Batch normalization with batch statistics";
  let description = [{
    Normalizes `operand` over every dimension but `feature_index` and returns
    the result, the batch mean and the batch variance. Generic form only.
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$scale,
                       Shlo_Tensor:$offset, F32Attr:$epsilon,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$feature_index);
  let results = (outs Shlo_Tensor:$output, Shlo_Tensor:$batch_mean,
                      Shlo_Tensor:$batch_var);
}

def StablehloInput_BatchNormInferenceOp
    : StablehloInput_Op<"batch_norm_inference", [Pure]> {
  let summary = "Batch normalization with given statistics";
  let description = [{
    Normalizes `operand` with `mean` and `variance` along `feature_index`.
    Generic form only.
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$scale,
                       Shlo_Tensor:$offset, Shlo_Tensor:$mean,
                       Shlo_Tensor:$variance, F32Attr:$epsilon,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$feature_index);
  let results = (outs Shlo_Tensor:$result);
}

def StablehloInput_BatchNormGradOp
    : StablehloInput_Op<"batch_norm_grad", [Pure]> {
  let summary = "Gradients of batch normalization";
  let description = [{
    Gradients with respect to the operand, scale and offset of
    `stablehlo.batch_norm_training`. Generic form only.
  }];
  let arguments = (ins Shlo_Tensor:$operand, Shlo_Tensor:$scale,
                       Shlo_Tensor:$mean, Shlo_Tensor:$variance,
                       Shlo_Tensor:$grad_output, F32Attr:$epsilon,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$feature_index);
  let results = (outs Shlo_Tensor:$grad_operand, Shlo_Tensor:$grad_scale,
                      Shlo_Tensor:$grad_offset);
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

def StablehloInput_ReturnOp : StablehloInput_Op<"return", [Pure, Terminator,
    ReturnLike]> {
  let summary = "Ends a region of a stablehlo op, yielding values";
  let description = [{
    ```mlir
    stablehlo.return %s : tensor<f32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$results);
  let assemblyFormat = "$results attr-dict (`:` type($results)^)?";
}

def StablehloInput_WhileOp : StablehloInput_Op<"while", [
    RecursiveMemoryEffects,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "Loop while a condition holds";
  let description = [{
    Starts from `operand`; while `cond` (taking the current values and
    returning a rank-0 i1 tensor) holds, replaces them by what `body`
    returns. The results are the final values.

    ```mlir
    %r:2 = stablehlo.while(%iterArg = %i0, %iterArg_0 = %x) : tensor<i32>, tensor<4xf32>
      cond {
        %p = stablehlo.compare LT, %iterArg, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
        stablehlo.return %p : tensor<i1>
      } do {
        ...
        stablehlo.return %i1, %x1 : tensor<i32>, tensor<4xf32>
      }
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operand);
  let results = (outs Variadic<AnyType>);
  let regions = (region SizedRegion<1>:$cond, SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def StablehloInput_CaseOp : StablehloInput_Op<"case", [RecursiveMemoryEffects]> {
  let summary = "Runs one of several regions, chosen by an index";
  let description = [{
    Runs branch `index` (an out-of-range index runs the last branch) and
    returns what it returns. Generic form only.

    ```mlir
    %r = "stablehlo.case"(%i) ({
      stablehlo.return %a : tensor<f32>
    }, {
      stablehlo.return %b : tensor<f32>
    }) : (tensor<i32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins TensorOf<[I32]>:$index);
  let results = (outs Variadic<AnyType>);
  let regions = (region VariadicRegion<SizedRegion<1>>:$branches);
}

def StablehloInput_IfOp : StablehloInput_Op<"if", [RecursiveMemoryEffects]> {
  let summary = "Runs one of two regions, chosen by a predicate";
  let description = [{
    Runs `true_branch` when the rank-0 `pred` holds, else `false_branch`.
    Generic form only.
  }];
  let arguments = (ins Shlo_PredTensor:$pred);
  let results = (outs Variadic<AnyType>);
  let regions = (region SizedRegion<1>:$true_branch,
                        SizedRegion<1>:$false_branch);
}

def StablehloInput_OptimizationBarrierOp
    : StablehloInput_Op<"optimization_barrier"> {
  let summary = "Identity that optimizations may not move ops across";
  let description = [{
    Returns its operands unchanged; JAX uses it to keep rematerialized
    values from being merged with the originals.

    ```mlir
    %r:2 = stablehlo.optimization_barrier %a, %b : tensor<4xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$operand);
  let results = (outs Variadic<AnyType>:$result);
  let assemblyFormat = [{
    attr-dict ($operand^ `:` custom<PairwiseOpType>(type($operand), type($result))):(`(` `)`)?
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Tuples, random numbers, calls into the runtime
//===----------------------------------------------------------------------===//

def StablehloInput_TupleOp : StablehloInput_Op<"tuple", [Pure]> {
  let summary = "Packs values into a tuple";
  let description = [{
    ```mlir
    %t = stablehlo.tuple %a, %b : tuple<tensor<f32>, tensor<4xi32>>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$val);
  let results = (outs AnyTuple:$result);
  let assemblyFormat = [{
    ($val^)? attr-dict `:` custom<TupleOpType>(type($val), type($result))
  }];
}

def StablehloInput_GetTupleElementOp
    : StablehloInput_Op<"get_tuple_element", [Pure]> {
  let summary = "One element of a tuple";
  let description = [{
    ```mlir
    %a = stablehlo.get_tuple_element %t[0] : (tuple<tensor<f32>, tensor<4xi32>>) -> tensor<f32>
    ```
  }];
  let arguments = (ins AnyTuple:$operand,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat = [{
    $operand `[` $index `]` attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def StablehloInput_RngBitGeneratorOp
    : StablehloInput_Op<"rng_bit_generator", [Pure]> {
  let summary = "Random bits from a counter-based generator";
  let description = [{
    Returns the advanced generator state and a tensor of random bits.

    ```mlir
    %s, %bits = stablehlo.rng_bit_generator %state, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<4x4xui32>)
    ```
  }];
  let arguments = (ins StablehloInput_RngAlgorithmAttr:$rng_algorithm,
                       Shlo_Tensor:$initial_state);
  let results = (outs Shlo_Tensor:$output_state, Shlo_Tensor:$output);
  let assemblyFormat = [{
    $initial_state `,` `algorithm` `=` custom<EnumKeyword>($rng_algorithm) attr-dict `:`
      functional-type(operands, results)
  }];
}

def StablehloInput_CustomCallOp : StablehloInput_Op<"custom_call"> {
  let summary = "A call of a target the runtime provides";
  let description = [{
    Calls `call_target_name` (e.g. a cuBLAS or cuDNN routine, or one of
    JAX's markers such as `Sharding`) on the operands. Other attributes are
    kept as written for the importer to interpret.

    ```mlir
    %r = stablehlo.custom_call @Sharding(%x) {backend_config = "", mhlo.sharding = "{replicated}"} : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$inputs, StrAttr:$call_target_name,
                       DefaultValuedOptionalAttr<BoolAttr, "false">:$has_side_effect,
                       OptionalAttr<AnyAttrOf<[StrAttr, DictionaryAttr]>>:$backend_config,
                       OptionalAttr<I32Attr>:$api_version,
                       OptionalAttr<FlatSymbolRefArrayAttr>:$called_computations,
                       OptionalAttr<ArrayAttr>:$operand_layouts,
                       OptionalAttr<ArrayAttr>:$result_layouts,
                       OptionalAttr<TypedArrayAttrBase<
                           StablehloInput_OutputOperandAliasAttr,
                           "aliases of results to operands">>:$output_operand_aliases);
  let results = (outs Variadic<AnyType>);
  let assemblyFormat = [{
    custom<CustomCallTarget>($call_target_name) `(` $inputs `)` attr-dict `:`
      functional-type(operands, results)
  }];
}

#endif // STRATA_STABLEHLO_INPUT_OPS_TD
