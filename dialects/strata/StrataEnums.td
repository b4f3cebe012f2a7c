//===- StrataEnums.td - Enumerations of the strata dialect --*- tablegen -*-===//

#ifndef STRATA_ENUMS_TD
#define STRATA_ENUMS_TD

include "mlir/IR/EnumAttr.td"
include "dialects/strata/StrataDialect.td"

def Strata_UnaryFn : I32EnumAttr<"UnaryFn",
    "elementwise function of one operand", [
      I32EnumAttrCase<"Abs", 0, "abs">, I32EnumAttrCase<"Ceil", 1, "ceil">,
      I32EnumAttrCase<"Cbrt", 2, "cbrt">, I32EnumAttrCase<"Cos", 3, "cos">,
      I32EnumAttrCase<"Erf", 4, "erf">, I32EnumAttrCase<"Exp", 5, "exp">,
      I32EnumAttrCase<"Expm1", 6, "expm1">, I32EnumAttrCase<"Floor", 7, "floor">,
      I32EnumAttrCase<"IsFinite", 8, "is_finite">, I32EnumAttrCase<"Log", 9, "log">,
      I32EnumAttrCase<"Log1p", 10, "log1p">, I32EnumAttrCase<"Logistic", 11, "logistic">,
      I32EnumAttrCase<"Neg", 12, "neg">, I32EnumAttrCase<"Not", 13, "not">,
      I32EnumAttrCase<"Popcnt", 14, "popcnt">, I32EnumAttrCase<"RoundAfz", 15, "round_afz">,
      I32EnumAttrCase<"RoundEven", 16, "round_even">, I32EnumAttrCase<"Rsqrt", 17, "rsqrt">,
      I32EnumAttrCase<"Sign", 18, "sign">, I32EnumAttrCase<"Sin", 19, "sin">,
      I32EnumAttrCase<"Sqrt", 20, "sqrt">, I32EnumAttrCase<"Tan", 21, "tan">,
      I32EnumAttrCase<"Tanh", 22, "tanh">, I32EnumAttrCase<"Clz", 23, "clz">
    ]> {
  let cppNamespace = "::mlir::strata";
}

def Strata_BinaryFn : I32EnumAttr<"BinaryFn",
    "elementwise function of two operands", [
      I32EnumAttrCase<"Add", 0, "add">, I32EnumAttrCase<"Sub", 1, "sub">,
      I32EnumAttrCase<"Mul", 2, "mul">, I32EnumAttrCase<"Div", 3, "div">,
      I32EnumAttrCase<"Rem", 4, "rem">, I32EnumAttrCase<"Pow", 5, "pow">,
      I32EnumAttrCase<"Max", 6, "max">, I32EnumAttrCase<"Min", 7, "min">,
      I32EnumAttrCase<"And", 8, "and">, I32EnumAttrCase<"Or", 9, "or">,
      I32EnumAttrCase<"Xor", 10, "xor">, I32EnumAttrCase<"Shl", 11, "shl">,
      I32EnumAttrCase<"ShrArith", 12, "shr_arith">, I32EnumAttrCase<"ShrLogical", 13, "shr_logical">,
      I32EnumAttrCase<"Atan2", 14, "atan2">
    ]> {
  let cppNamespace = "::mlir::strata";
}

def Strata_CompareDirection : I32EnumAttr<"CompareDirection",
    "comparison of two operands", [
      I32EnumAttrCase<"Eq", 0, "eq">, I32EnumAttrCase<"Ne", 1, "ne">,
      I32EnumAttrCase<"Lt", 2, "lt">, I32EnumAttrCase<"Le", 3, "le">,
      I32EnumAttrCase<"Gt", 4, "gt">, I32EnumAttrCase<"Ge", 5, "ge">
    ]> {
  let cppNamespace = "::mlir::strata";
}

def Strata_ReduceFn : I32EnumAttr<"ReduceFn",
    "associative combiner of a reduction, with its identity as initial value", [
      I32EnumAttrCase<"Add", 0, "add">, I32EnumAttrCase<"Mul", 1, "mul">,
      I32EnumAttrCase<"Max", 2, "max">, I32EnumAttrCase<"Min", 3, "min">,
      I32EnumAttrCase<"And", 4, "and">, I32EnumAttrCase<"Or", 5, "or">
    ]> {
  let cppNamespace = "::mlir::strata";
}

def Strata_Tier : I32EnumAttr<"Tier", "a tier of the memory hierarchy", [
      I32EnumAttrCase<"Hbm", 0, "hbm">, I32EnumAttrCase<"Host", 1, "host">,
      I32EnumAttrCase<"Nvme", 2, "nvme">
    ]> {
  let cppNamespace = "::mlir::strata";
  // The dialect attribute #strata.tier wraps it (StrataAttributes.td).
  let genSpecializedAttr = 0;
}

#endif // STRATA_ENUMS_TD
