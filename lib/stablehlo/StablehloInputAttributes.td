//===- StablehloInputAttributes.td - stablehlo attributes --*- tablegen -*-===//
//
// The attributes that StableHLO ops carry, spelled as JAX prints them: enums
// as `#stablehlo<comparison_direction LT>` and dimension numbers as structs
// (`#stablehlo.gather<offset_dims = [2], index_vector_dim = 2>`) whose fields
// may come in any order and may be left out when empty.

#ifndef STRATA_STABLEHLO_INPUT_ATTRIBUTES_TD
#define STRATA_STABLEHLO_INPUT_ATTRIBUTES_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "lib/stablehlo/StablehloInputDialect.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

class StablehloInput_I32Enum<string name, string summary,
                             list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::mlir::strata::shlo";
  // The attribute is the dialect attribute below, not a bare integer.
  let genSpecializedAttr = 0;
}

def StablehloInput_ComparisonDirection : StablehloInput_I32Enum<
    "ComparisonDirection", "which comparison `stablehlo.compare` makes", [
      I32EnumAttrCase<"EQ", 0>, I32EnumAttrCase<"NE", 1>,
      I32EnumAttrCase<"GE", 2>, I32EnumAttrCase<"GT", 3>,
      I32EnumAttrCase<"LE", 4>, I32EnumAttrCase<"LT", 5>]>;

def StablehloInput_ComparisonType : StablehloInput_I32Enum<
    "ComparisonType", "how `stablehlo.compare` orders its operands", [
      I32EnumAttrCase<"NOTYPE", 0>, I32EnumAttrCase<"FLOAT", 1>,
      I32EnumAttrCase<"TOTALORDER", 2>, I32EnumAttrCase<"SIGNED", 3>,
      I32EnumAttrCase<"UNSIGNED", 4>]>;

def StablehloInput_Precision : StablehloInput_I32Enum<
    "Precision", "arithmetic precision requested of a contraction", [
      I32EnumAttrCase<"DEFAULT", 0>, I32EnumAttrCase<"HIGH", 1>,
      I32EnumAttrCase<"HIGHEST", 2>]>;

def StablehloInput_RngAlgorithm : StablehloInput_I32Enum<
    "RngAlgorithm", "bit generator of `stablehlo.rng_bit_generator`", [
      I32EnumAttrCase<"DEFAULT", 0>, I32EnumAttrCase<"THREE_FRY", 1>,
      I32EnumAttrCase<"PHILOX", 2>]>;

//===----------------------------------------------------------------------===//
// Enum attributes: `#stablehlo<comparison_direction LT>`; inside an op's
// pretty form only the case is written (`LT`).
//===----------------------------------------------------------------------===//

def StablehloInput_ComparisonDirectionAttr : EnumAttr<StablehloInput_Dialect,
    StablehloInput_ComparisonDirection, "comparison_direction">;
def StablehloInput_ComparisonTypeAttr : EnumAttr<StablehloInput_Dialect,
    StablehloInput_ComparisonType, "comparison_type">;
def StablehloInput_PrecisionAttr : EnumAttr<StablehloInput_Dialect,
    StablehloInput_Precision, "precision">;
def StablehloInput_RngAlgorithmAttr : EnumAttr<StablehloInput_Dialect,
    StablehloInput_RngAlgorithm, "rng_algorithm">;

def StablehloInput_PrecisionConfigAttr : TypedArrayAttrBase<
    StablehloInput_PrecisionAttr, "precision of each operand">;

//===----------------------------------------------------------------------===//
// Dimension numbers
//===----------------------------------------------------------------------===//

class StablehloInput_Attr<string name, string attrMnemonic,
                          list<Trait> traits = []>
    : AttrDef<StablehloInput_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

// A list of dimensions written `[0, 2]`; empty when left out.
def StablehloInput_DimsParameter : OptionalArrayRefParameter<"int64_t"> {
  let parser = "::mlir::strata::shlo::parseDimList($_parser)";
  let printer = "::mlir::strata::shlo::printDimList($_printer, $_self)";
}

def StablehloInput_DotDimensionNumbersAttr
    : StablehloInput_Attr<"DotDimensionNumbers", "dot"> {
  let summary = "Which dimensions of `stablehlo.dot_general` are batch and "
                "which are contracted";
  let description = [{
    Dimensions of the left and right operands that are batch dimensions
    (paired in order, they lead the result) and that are contracted (paired
    in order, summed over). Every other dimension is free and appears in the
    result after the batch dimensions, the left operand's first.

    ```mlir
    #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0],
                   lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1]>
    ```
  }];
  let parameters = (ins
    StablehloInput_DimsParameter:$lhs_batching_dimensions,
    StablehloInput_DimsParameter:$rhs_batching_dimensions,
    StablehloInput_DimsParameter:$lhs_contracting_dimensions,
    StablehloInput_DimsParameter:$rhs_contracting_dimensions);
  let assemblyFormat = "`<` struct(params) `>`";
}

def StablehloInput_GatherDimensionNumbersAttr
    : StablehloInput_Attr<"GatherDimensionNumbers", "gather"> {
  let summary = "How `stablehlo.gather` maps indices to slices";
  let description = [{
    `index_vector_dim` is the dimension of the start indices that holds each
    index vector; `start_index_map` says which operand dimension each
    component indexes. A slice of `slice_sizes` is taken at every index;
    `collapsed_slice_dims` (size-1) are dropped from it, `offset_dims` are
    the result dimensions the rest of the slice occupies, and
    `operand_batching_dims` / `start_indices_batching_dims` pair operand and
    index dimensions that are batched rather than indexed.

    ```mlir
    #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0],
                      start_index_map = [0], index_vector_dim = 2>
    ```
  }];
  let parameters = (ins
    StablehloInput_DimsParameter:$offset_dims,
    StablehloInput_DimsParameter:$collapsed_slice_dims,
    StablehloInput_DimsParameter:$operand_batching_dims,
    StablehloInput_DimsParameter:$start_indices_batching_dims,
    StablehloInput_DimsParameter:$start_index_map,
    DefaultValuedParameter<"int64_t", "0">:$index_vector_dim);
  let assemblyFormat = "`<` struct(params) `>`";
}

def StablehloInput_ScatterDimensionNumbersAttr
    : StablehloInput_Attr<"ScatterDimensionNumbers", "scatter"> {
  let summary = "How `stablehlo.scatter` maps indices to update windows";
  let description = [{
    The scatter counterpart of `#stablehlo.gather`: `update_window_dims` are
    the update dimensions that form each window, `inserted_window_dims` the
    (size-1) operand dimensions a window does not cover,
    `scatter_dims_to_operand_dims` the operand dimension each index component
    addresses, and `input_batching_dims` / `scatter_indices_batching_dims`
    pair batched dimensions.

    ```mlir
    #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0],
                       scatter_dims_to_operand_dims = [0], index_vector_dim = 2>
    ```
  }];
  let parameters = (ins
    StablehloInput_DimsParameter:$update_window_dims,
    StablehloInput_DimsParameter:$inserted_window_dims,
    StablehloInput_DimsParameter:$input_batching_dims,
    StablehloInput_DimsParameter:$scatter_indices_batching_dims,
    StablehloInput_DimsParameter:$scatter_dims_to_operand_dims,
    DefaultValuedParameter<"int64_t", "0">:$index_vector_dim);
  let assemblyFormat = "`<` struct(params) `>`";
}

def StablehloInput_ConvDimensionNumbersAttr
    : StablehloInput_Attr<"ConvDimensionNumbers", "conv"> {
  let summary = "Layout of the operands and result of `stablehlo.convolution`";
  let description = [{
    Names, for the input, the kernel and the output, which dimension is the
    batch (`b`) or feature (`f`; for the kernel `i` input and `o` output
    feature) dimension and which are the spatial dimensions, in order. The
    compact form lists every dimension of each tensor in order, spatial
    dimensions by their index; the `raw` form spells each field out.

    ```mlir
    #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>
    #stablehlo.conv<raw input_batch_dimension = 0, input_feature_dimension = 3, ...>
    ```
  }];
  let parameters = (ins
    "int64_t":$input_batch_dimension,
    "int64_t":$input_feature_dimension,
    StablehloInput_DimsParameter:$input_spatial_dimensions,
    "int64_t":$kernel_input_feature_dimension,
    "int64_t":$kernel_output_feature_dimension,
    StablehloInput_DimsParameter:$kernel_spatial_dimensions,
    "int64_t":$output_batch_dimension,
    "int64_t":$output_feature_dimension,
    StablehloInput_DimsParameter:$output_spatial_dimensions);
  let hasCustomAssemblyFormat = 1;
}

def StablehloInput_OutputOperandAliasAttr
    : StablehloInput_Attr<"OutputOperandAlias", "output_operand_alias"> {
  let summary = "A result of `stablehlo.custom_call` that reuses an operand";
  let description = [{
    The result (or, for tuples, the element at `output_tuple_indices`) shares
    its buffer with operand `operand_index` (element `operand_tuple_indices`).

    ```mlir
    #stablehlo.output_operand_alias<output_tuple_indices = [], operand_index = 0,
                                    operand_tuple_indices = []>
    ```
  }];
  let parameters = (ins
    StablehloInput_DimsParameter:$output_tuple_indices,
    "int64_t":$operand_index,
    StablehloInput_DimsParameter:$operand_tuple_indices);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // STRATA_STABLEHLO_INPUT_ATTRIBUTES_TD
