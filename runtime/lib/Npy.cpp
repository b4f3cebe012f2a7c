//===- Npy.cpp - Reading and writing numpy .npy files ---------------------===//
//
// The header is a Python dict literal; it is parsed here with a small
// recursive-descent reader for exactly the subset numpy writes (strings,
// True/False, tuples of integers) instead of pulling in a general parser.
//
//===----------------------------------------------------------------------===//

#include "strata-runtime/Npy.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

using namespace strata::rt;

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

bool hostIsLittleEndian() {
  const uint16_t probe = 1;
  unsigned char first;
  std::memcpy(&first, &probe, 1);
  return first == 1;
}

/// What the header dict says about the array.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  Shape shape;
};

/// Reads the header dict, e.g.
///   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
  explicit HeaderParser(std::string_view text) : text(text) {}

  StatusOr<NpyHeader> parse() {
    NpyHeader header;
    bool sawDescr = false, sawOrder = false, sawShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{' at the start of the header dict");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      STRATA_RT_RETURN_IF_ERROR(parseString(key));
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after key '" + key + "'");
      skipSpace();
      if (key == "descr") {
        if (peek() == '[')
          return fail("structured dtypes (a list descr) are not supported");
        STRATA_RT_RETURN_IF_ERROR(parseString(header.descr));
        sawDescr = true;
      } else if (key == "fortran_order") {
        STRATA_RT_RETURN_IF_ERROR(parseBool(header.fortranOrder));
        sawOrder = true;
      } else if (key == "shape") {
        STRATA_RT_RETURN_IF_ERROR(parseShape(header.shape));
        sawShape = true;
      } else {
        return fail("unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}' after the value of '" + key + "'");
    }
    if (!sawDescr || !sawOrder || !sawShape)
      return fail("the header dict lacks one of 'descr', 'fortran_order' "
                  "and 'shape'");
    return header;
  }

private:
  Status fail(const std::string &what) const {
    return makeError("malformed header (", what, " at offset ", pos, ")");
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  bool consume(char c) {
    if (peek() != c)
      return false;
    ++pos;
    return true;
  }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }

  Status parseString(std::string &out) {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      return fail("expected a quoted string");
    ++pos;
    size_t end = text.find(quote, pos);
    if (end == std::string_view::npos)
      return fail("unterminated string");
    out = std::string(text.substr(pos, end - pos));
    pos = end + 1;
    return Status::success();
  }

  Status parseBool(bool &out) {
    if (text.substr(pos, 4) == "True") {
      pos += 4;
      out = true;
      return Status::success();
    }
    if (text.substr(pos, 5) == "False") {
      pos += 5;
      out = false;
      return Status::success();
    }
    return fail("expected True or False");
  }

  Status parseShape(Shape &out) {
    if (!consume('('))
      return fail("expected '(' starting the shape tuple");
    while (true) {
      skipSpace();
      if (consume(')'))
        return Status::success();
      if (peek() < '0' || peek() > '9')
        return fail("expected a non-negative dimension");
      int64_t dim = 0;
      while (peek() >= '0' && peek() <= '9') {
        int digit = peek() - '0';
        if (dim > (std::numeric_limits<int64_t>::max() - digit) / 10)
          return fail("dimension overflows int64");
        dim = dim * 10 + digit;
        ++pos;
      }
      consume('L'); // Python 2 wrote long integers with a suffix.
      out.push_back(dim);
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return Status::success();
      return fail("expected ',' or ')' in the shape tuple");
    }
  }

  std::string_view text;
  size_t pos = 0;
};

/// Maps a numpy descr to a DType. bfloat16 has no numpy-native code:
/// ml_dtypes registers it as a 2-byte "void" kind, so np.save writes '<V2';
/// some writers spell the name instead.
StatusOr<DType> dtypeFromDescr(const std::string &descr) {
  if (descr == "bfloat16")
    return DType::bf16;
  if (descr.size() < 3)
    return makeError("unsupported dtype descr '", descr, "'");
  char order = descr[0];
  std::string code = descr.substr(1);
  if (order != '<' && order != '>' && order != '|' && order != '=')
    return makeError("unsupported dtype descr '", descr, "'");
  static const struct {
    const char *code;
    DType dtype;
  } kCodes[] = {{"f4", DType::f32}, {"f8", DType::f64}, {"f2", DType::f16},
                {"b1", DType::i1},  {"i1", DType::i8},  {"i2", DType::i16},
                {"i4", DType::i32}, {"i8", DType::i64}, {"u1", DType::u8},
                {"u4", DType::u32}, {"u8", DType::u64}, {"V2", DType::bf16}};
  for (const auto &entry : kCodes) {
    if (code != entry.code)
      continue;
    bool bigEndian = order == '>' || (order == '=' && !hostIsLittleEndian());
    if (bigEndian && dtypeByteSize(entry.dtype) > 1)
      return makeError("big-endian data (descr '", descr,
                       "') is not supported");
    return entry.dtype;
  }
  return makeError("unsupported dtype descr '", descr, "'");
}

uint32_t readLittleEndian(const unsigned char *bytes, int count) {
  uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i)
    value = (value << 8) | bytes[i];
  return value;
}

} // namespace

const char *strata::rt::npyDescr(DType dtype) {
  switch (dtype) {
  case DType::f32:
    return "<f4";
  case DType::f64:
    return "<f8";
  case DType::f16:
    return "<f2";
  case DType::bf16:
    // What np.save writes for an ml_dtypes.bfloat16 array; numpy itself loads
    // it as raw 2-byte voids that the reader views as bfloat16.
    return "<V2";
  case DType::i1:
    return "|b1";
  case DType::i8:
    return "|i1";
  case DType::i16:
    return "<i2";
  case DType::i32:
    return "<i4";
  case DType::i64:
    return "<i8";
  case DType::u8:
    return "|u1";
  case DType::u32:
    return "<u4";
  case DType::u64:
    return "<u8";
  }
  return "";
}

StatusOr<HostTensor> strata::rt::parseNpy(const void *data, size_t size,
                                          const std::string &name) {
  auto error = [&name](auto &&...args) {
    return makeError(name, ": ", std::forward<decltype(args)>(args)...);
  };
  if (!hostIsLittleEndian())
    return error(".npy reading assumes a little-endian host");
  const auto *bytes = static_cast<const unsigned char *>(data);
  if (size < kMagicSize || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    return error("not a .npy file (bad magic; expected \"\\x93NUMPY\")");
  if (size < 10)
    return error("truncated .npy file (", size,
                 " bytes, shorter than the preamble)");

  unsigned major = bytes[6], minor = bytes[7];
  size_t headerStart, headerLength;
  if (major == 1) {
    headerStart = 10;
    headerLength = readLittleEndian(bytes + 8, 2);
  } else if (major == 2 || major == 3) {
    if (size < 12)
      return error("truncated .npy file (", size,
                   " bytes, shorter than the version ", major, ".0 preamble)");
    headerStart = 12;
    headerLength = readLittleEndian(bytes + 8, 4);
  } else {
    return error("unsupported .npy format version ", major, ".", minor);
  }
  if (headerLength > size - headerStart)
    return error("truncated .npy file (header of ", headerLength,
                 " bytes but only ", size - headerStart, " bytes follow)");

  std::string_view headerText(
      reinterpret_cast<const char *>(bytes) + headerStart, headerLength);
  StatusOr<NpyHeader> header = HeaderParser(headerText).parse();
  if (!header.ok())
    return header.status().withContext(name);
  StatusOr<DType> dtype = dtypeFromDescr(header->descr);
  if (!dtype.ok())
    return dtype.status().withContext(name);
  if (header->fortranOrder)
    return error("fortran_order=True is not supported; save the array in C "
                 "order (np.ascontiguousarray)");

  StatusOr<int64_t> count = checkedElementCount(header->shape);
  if (!count.ok())
    return count.status().withContext(name);
  size_t available = size - headerStart - headerLength;
  // Compare in elements first so a corrupt shape cannot overflow the byte
  // count before the comparison.
  uint64_t elementSize = dtypeByteSize(*dtype);
  if (static_cast<uint64_t>(*count) > available / elementSize)
    return error("truncated .npy file (", dtypeName(*dtype),
                 formatShape(header->shape), " needs ",
                 static_cast<uint64_t>(*count) * elementSize,
                 " bytes of data but only ", available, " follow)");

  StatusOr<HostTensor> tensor = HostTensor::create(*dtype, header->shape);
  if (!tensor.ok())
    return tensor.status().withContext(name);
  const unsigned char *payload = bytes + headerStart + headerLength;
  if (*dtype == DType::i1) {
    // Any byte other than 0/1 in a bool would be undefined behavior to load.
    bool *out = tensor->data<bool>();
    for (int64_t i = 0; i < *count; ++i)
      out[i] = payload[i] != 0;
  } else {
    std::memcpy(tensor->rawData(), payload, tensor->sizeInBytes());
  }
  return tensor;
}

StatusOr<HostTensor> strata::rt::readNpy(const std::string &path) {
  std::FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    return makeError(path, ": cannot open for reading: ", std::strerror(errno));
  std::string contents;
  char chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0)
    contents.append(chunk, got);
  bool readFailed = std::ferror(file) != 0;
  int readErrno = errno;
  std::fclose(file);
  if (readFailed)
    return makeError(path, ": read error: ", std::strerror(readErrno));
  return parseNpy(contents.data(), contents.size(), path);
}

std::string strata::rt::serializeNpy(const HostTensor &tensor) {
  std::string dict = "{'descr': '";
  dict += npyDescr(tensor.dtype());
  dict += "', 'fortran_order': False, 'shape': (";
  for (int64_t i = 0; i < tensor.rank(); ++i) {
    if (i)
      dict += ", ";
    dict += std::to_string(tensor.dim(i));
  }
  if (tensor.rank() == 1)
    dict += ",";
  dict += "), }";

  // numpy pads the header with spaces and a final newline so the data starts
  // on a 64-byte boundary, which allows memory-mapping aligned arrays.
  size_t preamble = 10;
  size_t padded = (preamble + dict.size() + 1 + 63) / 64 * 64;
  unsigned major = 1;
  if (padded - preamble > std::numeric_limits<uint16_t>::max()) {
    major = 2;
    preamble = 12;
    padded = (preamble + dict.size() + 1 + 63) / 64 * 64;
  }
  size_t headerLength = padded - preamble;
  dict.append(headerLength - dict.size() - 1, ' ');
  dict += '\n';

  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < preamble - 8; ++i)
    out += static_cast<char>((headerLength >> (8 * i)) & 0xff);
  out += dict;
  out.append(reinterpret_cast<const char *>(tensor.rawData()),
             tensor.sizeInBytes());
  return out;
}

Status strata::rt::writeNpy(const std::string &path, const HostTensor &tensor) {
  if (!hostIsLittleEndian())
    return makeError(path, ": .npy writing assumes a little-endian host");
  std::string bytes = serializeNpy(tensor);
  std::FILE *file = std::fopen(path.c_str(), "wb");
  if (!file)
    return makeError(path, ": cannot open for writing: ", std::strerror(errno));
  size_t written = std::fwrite(bytes.data(), 1, bytes.size(), file);
  int writeErrno = errno;
  bool closed = std::fclose(file) == 0;
  if (written != bytes.size())
    return makeError(path, ": short write (", written, " of ", bytes.size(),
                     " bytes): ", std::strerror(writeErrno));
  if (!closed)
    return makeError(path,
                     ": error closing after write: ", std::strerror(errno));
  return Status::success();
}
