//===- Tensor.cpp - Host tensors of the Strata runtime --------------------===//

#include "strata-runtime/Tensor.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

using namespace strata::rt;

std::string strata::rt::formatShape(const Shape &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? "," : "") << shape[i];
  os << ']';
  return os.str();
}

StatusOr<int64_t> strata::rt::checkedElementCount(const Shape &shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return makeError("negative dimension in shape ", formatShape(shape));
    if (dim != 0 && count > std::numeric_limits<int64_t>::max() / dim)
      return makeError("element count of shape ", formatShape(shape),
                       " overflows int64");
    count *= dim;
  }
  return count;
}

std::vector<int64_t> strata::rt::rowMajorStrides(const Shape &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i > 1; --i)
    strides[i - 2] = strides[i - 1] * shape[i - 1];
  return strides;
}

void HostTensor::AlignedFree::operator()(std::byte *ptr) const {
  std::free(ptr);
}

namespace {
/// Null on failure. A zero-byte request still gets a real block, so data
/// pointers are always valid to pass to memcpy.
std::byte *tryAllocateAligned(size_t bytes) {
  size_t rounded = (bytes + HostTensor::kAlignment - 1) /
                   HostTensor::kAlignment * HostTensor::kAlignment;
  if (rounded < bytes)
    return nullptr;
  if (rounded == 0)
    rounded = HostTensor::kAlignment;
  return static_cast<std::byte *>(
      std::aligned_alloc(HostTensor::kAlignment, rounded));
}

/// For allocations whose size was already accepted (copies, small results):
/// running out of memory there is as fatal as it is for std::vector.
std::byte *allocateAligned(size_t bytes) {
  std::byte *ptr = tryAllocateAligned(bytes);
  if (!ptr) {
    std::fprintf(stderr, "strata runtime: out of memory allocating %zu bytes\n",
                 bytes);
    std::abort();
  }
  return ptr;
}
} // namespace

HostTensor::HostTensor() : buffer(allocateAligned(0)) {}

HostTensor HostTensor::createUnchecked(DType dtype, Shape shape) {
  HostTensor tensor;
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  tensor.elementType = dtype;
  tensor.dims = std::move(shape);
  tensor.elementCount = count;
  size_t bytes = tensor.sizeInBytes();
  tensor.buffer.reset(allocateAligned(bytes));
  std::memset(tensor.buffer.get(), 0, bytes);
  return tensor;
}

StatusOr<HostTensor> HostTensor::create(DType dtype, Shape shape) {
  StatusOr<int64_t> count = checkedElementCount(shape);
  if (!count.ok())
    return count.status();
  // Guard the byte count too: a corrupt .npy header must not turn into a
  // wrapped-around allocation size.
  if (*count > std::numeric_limits<int64_t>::max() /
                   static_cast<int64_t>(dtypeByteSize(dtype)))
    return makeError("byte size of ", dtypeName(dtype), formatShape(shape),
                     " overflows int64");
  size_t bytes = static_cast<size_t>(*count) * dtypeByteSize(dtype);
  std::byte *block = tryAllocateAligned(bytes);
  if (!block)
    return makeError("cannot allocate ", bytes, " bytes for ", dtypeName(dtype),
                     formatShape(shape));
  HostTensor tensor;
  tensor.elementType = dtype;
  tensor.dims = std::move(shape);
  tensor.elementCount = *count;
  tensor.buffer.reset(block);
  std::memset(block, 0, bytes);
  return tensor;
}

HostTensor::HostTensor(const HostTensor &other)
    : elementType(other.elementType), dims(other.dims),
      elementCount(other.elementCount),
      buffer(allocateAligned(other.sizeInBytes())) {
  if (sizeInBytes() != 0)
    std::memcpy(buffer.get(), other.buffer.get(), sizeInBytes());
}

HostTensor::HostTensor(HostTensor &&other) noexcept
    : elementType(other.elementType), dims(std::move(other.dims)),
      elementCount(other.elementCount), buffer(std::move(other.buffer)) {
  other.elementType = DType::f32;
  other.dims = Shape{0};
  other.elementCount = 0;
}

HostTensor &HostTensor::operator=(HostTensor &&other) noexcept {
  if (this != &other) {
    elementType = other.elementType;
    dims = std::move(other.dims);
    elementCount = other.elementCount;
    buffer = std::move(other.buffer);
    other.elementType = DType::f32;
    other.dims = Shape{0};
    other.elementCount = 0;
  }
  return *this;
}

HostTensor &HostTensor::operator=(const HostTensor &other) {
  if (this != &other) {
    HostTensor copy(other);
    *this = std::move(copy);
  }
  return *this;
}

int64_t HostTensor::flatIndex(const std::vector<int64_t> &index) const {
  assert(index.size() == dims.size() && "flatIndex: rank mismatch");
  int64_t flat = 0;
  for (size_t i = 0; i < dims.size(); ++i) {
    assert(index[i] >= 0 && index[i] < dims[i] && "flatIndex: out of bounds");
    flat = flat * dims[i] + index[i];
  }
  return flat;
}

double HostTensor::getAsDouble(int64_t flat) const {
  assert(flat >= 0 && flat < elementCount && "getAsDouble: out of bounds");
  const std::byte *ptr = buffer.get();
  switch (elementType) {
  case DType::f32:
    return reinterpret_cast<const float *>(ptr)[flat];
  case DType::f64:
    return reinterpret_cast<const double *>(ptr)[flat];
  case DType::f16:
    return static_cast<double>(reinterpret_cast<const Float16 *>(ptr)[flat]);
  case DType::bf16:
    return static_cast<double>(reinterpret_cast<const BFloat16 *>(ptr)[flat]);
  case DType::i1:
    return reinterpret_cast<const bool *>(ptr)[flat] ? 1.0 : 0.0;
  case DType::i8:
    return reinterpret_cast<const int8_t *>(ptr)[flat];
  case DType::i16:
    return reinterpret_cast<const int16_t *>(ptr)[flat];
  case DType::i32:
    return reinterpret_cast<const int32_t *>(ptr)[flat];
  case DType::i64:
    return static_cast<double>(reinterpret_cast<const int64_t *>(ptr)[flat]);
  case DType::u8:
    return reinterpret_cast<const uint8_t *>(ptr)[flat];
  case DType::u32:
    return reinterpret_cast<const uint32_t *>(ptr)[flat];
  case DType::u64:
    return static_cast<double>(reinterpret_cast<const uint64_t *>(ptr)[flat]);
  }
  return 0.0;
}

void HostTensor::setFromDouble(int64_t flat, double value) {
  assert(flat >= 0 && flat < elementCount && "setFromDouble: out of bounds");
  std::byte *ptr = buffer.get();
  switch (elementType) {
  case DType::f32:
    reinterpret_cast<float *>(ptr)[flat] = static_cast<float>(value);
    return;
  case DType::f64:
    reinterpret_cast<double *>(ptr)[flat] = value;
    return;
  case DType::f16:
    reinterpret_cast<Float16 *>(ptr)[flat] = Float16(value);
    return;
  case DType::bf16:
    reinterpret_cast<BFloat16 *>(ptr)[flat] = BFloat16(value);
    return;
  case DType::i1:
    reinterpret_cast<bool *>(ptr)[flat] = value != 0.0;
    return;
  case DType::i8:
    reinterpret_cast<int8_t *>(ptr)[flat] = saturateToInteger<int8_t>(value);
    return;
  case DType::i16:
    reinterpret_cast<int16_t *>(ptr)[flat] = saturateToInteger<int16_t>(value);
    return;
  case DType::i32:
    reinterpret_cast<int32_t *>(ptr)[flat] = saturateToInteger<int32_t>(value);
    return;
  case DType::i64:
    reinterpret_cast<int64_t *>(ptr)[flat] = saturateToInteger<int64_t>(value);
    return;
  case DType::u8:
    reinterpret_cast<uint8_t *>(ptr)[flat] = saturateToInteger<uint8_t>(value);
    return;
  case DType::u32:
    reinterpret_cast<uint32_t *>(ptr)[flat] =
        saturateToInteger<uint32_t>(value);
    return;
  case DType::u64:
    reinterpret_cast<uint64_t *>(ptr)[flat] =
        saturateToInteger<uint64_t>(value);
    return;
  }
}

StatusOr<HostTensor> HostTensor::reshaped(Shape newShape) const {
  StatusOr<int64_t> count = checkedElementCount(newShape);
  if (!count.ok())
    return count.status();
  if (*count != elementCount)
    return makeError("reshape: cannot view ", describe(), " as shape ",
                     formatShape(newShape), " (", *count, " elements)");
  HostTensor result = createUnchecked(elementType, std::move(newShape));
  if (sizeInBytes() != 0)
    std::memcpy(result.rawData(), rawData(), sizeInBytes());
  return result;
}

std::string HostTensor::describe() const {
  return std::string(dtypeName(elementType)) + formatShape(dims);
}

bool HostTensor::bitwiseEquals(const HostTensor &other) const {
  return elementType == other.elementType && dims == other.dims &&
         (sizeInBytes() == 0 ||
          std::memcmp(rawData(), other.rawData(), sizeInBytes()) == 0);
}

double strata::rt::relativeError(const HostTensor &out, const HostTensor &ref) {
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < ref.numElements(); ++i) {
    double r = ref.getAsDouble(i), o = out.getAsDouble(i);
    if (std::isnan(o) != std::isnan(r))
      return INFINITY;
    if (std::isnan(r))
      continue;
    if (std::isinf(o) || std::isinf(r)) {
      if (o != r)
        return INFINITY;
      continue;
    }
    diff += (o - r) * (o - r);
    norm += r * r;
  }
  return norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
}
