//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//

#include "RuntimeTestUtils.h"

#include "strata-runtime/Npy.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace strata::rt;
using namespace strata::rt::test;

namespace {

/// A directory of this process's own: test binaries run in several shards
/// at once (and beside other checkouts' runs), so shared names would race.
std::string scratchDir() {
  static const std::string dir = [] {
    std::string path = ::testing::TempDir() + "strata_npy_" +
                       std::to_string(static_cast<long>(getpid())) + "/";
    mkdir(path.c_str(), 0700);
    return path;
  }();
  return dir;
}

std::string tempPath(const std::string &name) { return scratchDir() + name; }

void writeBytes(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Element i of the sample tensors: i % 5 - 2, or i % 5 for unsigned types
/// (the numpy interop script below computes the same values).
double sampleValue(DType dtype, int64_t i) {
  return static_cast<double>(i % 5) -
         (isUnsignedIntegerDType(dtype) ? 0.0 : 2.0);
}

HostTensor sampleTensor(DType dtype, const Shape &shape) {
  HostTensor tensor = HostTensor::create(dtype, shape).value();
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.setFromDouble(i, sampleValue(dtype, i));
  return tensor;
}

/// Builds a .npy image by hand so malformed headers can be tested.
std::string npyImage(const std::string &dict, const std::string &payload,
                     int major = 1) {
  std::string header = dict;
  size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < preamble - 8; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + payload;
}

TEST(NpyTest, RoundTripsEveryDType) {
  for (DType dtype : kAllDTypes) {
    for (const Shape &shape : {Shape{}, Shape{5}, Shape{2, 3}, Shape{0, 3}}) {
      HostTensor original = sampleTensor(dtype, shape);
      std::string path = tempPath(std::string("roundtrip_") + dtypeName(dtype));
      ASSERT_OK(writeNpy(path, original));
      ASSERT_OK_AND_ASSIGN(HostTensor loaded, readNpy(path));
      EXPECT_TRUE(loaded.bitwiseEquals(original))
          << original.describe() << " came back as " << loaded.describe();
      std::remove(path.c_str());
    }
  }
}

TEST(NpyTest, HeaderIsWhatNumpyWrites) {
  std::string bytes = serializeNpy(f32({2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  size_t headerLength = static_cast<unsigned char>(bytes[8]) |
                        (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + headerLength) % 64, 0u) << "data must be 64-byte aligned";
  std::string header = bytes.substr(10, headerLength);
  EXPECT_EQ(header.rfind("{'descr': '<f4', 'fortran_order': False, "
                         "'shape': (2, 3), }",
                         0),
            0u)
      << header;
  EXPECT_EQ(header.back(), '\n');
  EXPECT_EQ(bytes.size(), 10 + headerLength + 6 * sizeof(float));
  EXPECT_NE(serializeNpy(i32({4}, {1, 2, 3, 4})).find("'shape': (4,)"),
            std::string::npos);
  EXPECT_NE(serializeNpy(HostTensor::scalar(1.0)).find("'shape': ()"),
            std::string::npos);
  EXPECT_STREQ(npyDescr(DType::bf16), "<V2");
  EXPECT_STREQ(npyDescr(DType::i1), "|b1");
}

TEST(NpyTest, ReadsBFloat16UnderBothSpellings) {
  std::string payload("\x80\x3f\x00\xc0", 4); // 1.0, -2.0 little-endian.
  for (const char *descr : {"<V2", "bfloat16"}) {
    std::string image = npyImage(std::string("{'descr': '") + descr +
                                     "', 'fortran_order': False, "
                                     "'shape': (2,), }",
                                 payload);
    ASSERT_OK_AND_ASSIGN(HostTensor t,
                         parseNpy(image.data(), image.size(), "bf16.npy"));
    EXPECT_EQ(t.dtype(), DType::bf16) << descr;
    EXPECT_EQ(t.getAsDouble(0), 1.0);
    EXPECT_EQ(t.getAsDouble(1), -2.0);
  }
}

TEST(NpyTest, AcceptsVersion2AndLooseSpacing) {
  std::string payload("\x01\x00\x00\x00\x02\x00\x00\x00", 8);
  std::string image = npyImage(
      "{\"shape\":(1,2),'fortran_order':False,'descr':'<i4'}", payload, 2);
  ASSERT_OK_AND_ASSIGN(HostTensor t,
                       parseNpy(image.data(), image.size(), "v2"));
  EXPECT_EQ(t.shape(), (Shape{1, 2}));
  EXPECT_EQ(t.toVector<int32_t>(), (std::vector<int32_t>{1, 2}));
}

TEST(NpyTest, NormalizesBoolBytes) {
  std::string image =
      npyImage("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
               std::string("\x00\x07", 2));
  ASSERT_OK_AND_ASSIGN(HostTensor t, parseNpy(image.data(), image.size(), "b"));
  EXPECT_EQ(boolsOf(t), (std::vector<bool>{false, true}));
}

TEST(NpyTest, TruncatedFilesAreErrors) {
  std::string full = serializeNpy(f32({4}, {1, 2, 3, 4}));
  std::string path = tempPath("truncated.npy");
  writeBytes(path, full.substr(0, full.size() - 3));
  EXPECT_TRUE(
      failsWith(readNpy(path), {path, "truncated", "f32[4]", "16 bytes"}));
  writeBytes(path, full.substr(0, 40));
  EXPECT_TRUE(failsWith(readNpy(path), {path, "truncated", "header"}));
  writeBytes(path, full.substr(0, 8));
  EXPECT_TRUE(failsWith(readNpy(path), {path, "truncated"}));
  std::remove(path.c_str());
}

TEST(NpyTest, BadMagicIsAnError) {
  std::string path = tempPath("bad_magic.npy");
  writeBytes(path, "PK\x03\x04 this is a zip, not an npy file");
  EXPECT_TRUE(failsWith(readNpy(path), {path, "bad magic"}));
  writeBytes(path, "");
  EXPECT_TRUE(failsWith(readNpy(path), {path, "bad magic"}));
  std::remove(path.c_str());
}

TEST(NpyTest, UnsupportedHeadersAreErrors) {
  auto parse = [](const std::string &dict, const std::string &payload = "") {
    std::string image = npyImage(dict, payload);
    return parseNpy(image.data(), image.size(), "x.npy");
  };
  EXPECT_TRUE(failsWith(
      parse("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
            std::string(16, '\0')),
      {"x.npy", "fortran_order"}));
  EXPECT_TRUE(failsWith(
      parse("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }",
            std::string(8, '\0')),
      {"x.npy", "'<c8'"}));
  EXPECT_TRUE(failsWith(
      parse("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
            std::string(4, '\0')),
      {"x.npy", "big-endian"}));
  EXPECT_TRUE(failsWith(
      parse("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"),
      {"x.npy", "structured"}));
  EXPECT_TRUE(failsWith(parse("{'descr': '<f4', 'shape': (1,), }"),
                        {"x.npy", "lacks"}));
  EXPECT_TRUE(failsWith(
      parse("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"),
      {"x.npy", "malformed header"}));
  EXPECT_TRUE(failsWith(parse("{'descr': '<f4', 'fortran_order': False, "
                              "'shape': (99999999999, 99999999999), }"),
                        {"x.npy"}));
  std::string version9 = serializeNpy(f32({1}, {1}));
  version9[6] = 9;
  EXPECT_TRUE(failsWith(parseNpy(version9.data(), version9.size(), "v9.npy"),
                        {"v9.npy", "version 9.0"}));
}

TEST(NpyTest, MissingFileNamesThePath) {
  std::string path = tempPath("does_not_exist.npy");
  EXPECT_TRUE(failsWith(readNpy(path), {path, "cannot open"}));
  EXPECT_TRUE(failsWith(writeNpy("/nonexistent-dir/x.npy", f32({1}, {1})),
                        {"/nonexistent-dir/x.npy", "cannot open"}));
}

/// A Python interpreter with numpy, or "" (the numpy interop tests then skip).
std::string pythonWithNumpy() {
  std::vector<std::string> candidates;
  if (const char *env = std::getenv("STRATA_PYTHON"))
    candidates.push_back(env);
  candidates.push_back("python3");
  candidates.push_back("/usr/bin/python3");
  for (const std::string &python : candidates) {
    std::string probe = python + " -c 'import numpy' >/dev/null 2>&1";
    if (std::system(probe.c_str()) == 0)
      return python;
  }
  return "";
}

int runPython(const std::string &python, const std::string &script) {
  std::string path = tempPath("script.py");
  writeBytes(path, script);
  int status = std::system((python + " " + path).c_str());
  std::remove(path.c_str());
  return status;
}

TEST(NpyNumpyTest, ReadsFilesNumpyWrote) {
  std::string python = pythonWithNumpy();
  if (python.empty())
    GTEST_SKIP() << "no python3 with numpy found (set STRATA_PYTHON)";
  std::string dir = scratchDir();
  std::ostringstream script;
  script
      << "import numpy as np\n"
      << "d = '" << dir << "'\n"
      << "for code in "
         "['f4','f8','f2','?','i1','i2','i4','i8','u1','u4','u8']:\n"
      << "    a = (np.arange(6).reshape(2, 3) - 2).astype(code)\n"
      << "    np.save(d + 'strata_np_' + np.dtype(code).str[1:] + '.npy', a)\n"
      << "np.save(d + 'strata_np_fortran.npy', np.asfortranarray(np.ones((2, "
         "3))))\n";
  ASSERT_EQ(runPython(python, script.str()), 0);
  struct Case {
    const char *code;
    DType dtype;
  } cases[] = {{"f4", DType::f32}, {"f8", DType::f64}, {"f2", DType::f16},
               {"b1", DType::i1},  {"i1", DType::i8},  {"i2", DType::i16},
               {"i4", DType::i32}, {"i8", DType::i64}, {"u1", DType::u8},
               {"u4", DType::u32}, {"u8", DType::u64}};
  for (const Case &c : cases) {
    std::string path = dir + "strata_np_" + c.code + ".npy";
    ASSERT_OK_AND_ASSIGN(HostTensor t, readNpy(path));
    EXPECT_EQ(t.dtype(), c.dtype) << path;
    EXPECT_EQ(t.shape(), (Shape{2, 3})) << path;
    for (int64_t i = 0; i < 6; ++i) {
      double expected = static_cast<double>(i) - 2.0;
      if (c.dtype == DType::i1)
        expected = expected != 0 ? 1.0 : 0.0;
      else if (isUnsignedIntegerDType(c.dtype) && expected < 0)
        expected = c.dtype == DType::u8    ? 256 + expected
                   : c.dtype == DType::u32 ? 4294967296.0 + expected
                                           : 18446744073709551616.0 + expected;
      EXPECT_EQ(t.getAsDouble(i), expected) << path << " element " << i;
    }
    std::remove(path.c_str());
  }
  std::string fortran = dir + "strata_np_fortran.npy";
  EXPECT_TRUE(failsWith(readNpy(fortran), {"fortran_order"}));
  std::remove(fortran.c_str());
}

TEST(NpyNumpyTest, NumpyReadsFilesWeWrote) {
  std::string python = pythonWithNumpy();
  if (python.empty())
    GTEST_SKIP() << "no python3 with numpy found (set STRATA_PYTHON)";
  std::string dir = scratchDir();
  std::ostringstream script;
  script << "import numpy as np, sys\n"
         << "d = '" << dir << "'\n"
         << "bad = []\n";
  for (DType dtype : kAllDTypes) {
    if (dtype == DType::bf16)
      continue; // numpy alone reads it as raw 2-byte voids; checked below.
    HostTensor t = sampleTensor(dtype, {2, 3});
    std::string name = std::string("strata_ours_") + dtypeName(dtype) + ".npy";
    ASSERT_OK(writeNpy(dir + name, t));
    script << "a = np.load(d + '" << name << "')\n"
           << "e = np.arange(6).reshape(2, 3) % 5 - (0 if a.dtype.kind == 'u' "
              "else 2)\n"
           << "e = e.astype(a.dtype) if a.dtype != np.bool_ else e != 0\n"
           << "if not (a.shape == (2, 3) and a.dtype.str == '"
           << npyDescr(dtype) << "' and (a == e).all()):\n"
           << "    bad.append(('" << name << "', a.dtype.str, a.tolist()))\n";
  }
  HostTensor bf = sampleTensor(DType::bf16, {3});
  ASSERT_OK(writeNpy(dir + "strata_ours_bf16.npy", bf));
  script
      << "b = np.load(d + 'strata_ours_bf16.npy')\n"
      << "f = (b.view(np.uint16).astype(np.uint32) << 16).view(np.float32)\n"
      << "if not (b.dtype.str == '|V2' and f.tolist() == [-2.0, -1.0, 0.0]):\n"
      << "    bad.append(('bf16', b.dtype.str, f.tolist()))\n"
      << "print('numpy disagrees:', bad) if bad else None\n"
      << "sys.exit(1 if bad else 0)\n";
  EXPECT_EQ(runPython(python, script.str()), 0)
      << "numpy disagreed; see output";
}

TEST(NpyCorpusTest, ReadsARealGoldenFile) {
  const char *corpus = std::getenv("STRATA_CORPUS_DIR");
  if (!corpus || !*corpus)
    GTEST_SKIP() << "STRATA_CORPUS_DIR is not set; it should name the shared "
                    "corpus directory (the one holding goldens/)";
  std::string path = std::string(corpus) + "/goldens/mlp_tiny/arg0.npy";
  ASSERT_OK_AND_ASSIGN(HostTensor t, readNpy(path));
  EXPECT_EQ(t.dtype(), DType::f32);
  EXPECT_EQ(t.shape(), (Shape{32, 64}));
  const float *data = t.data<float>();
  EXPECT_NEAR(data[0], 0.01063875f, 1e-7f);
  EXPECT_NEAR(data[1], -0.01446034f, 1e-7f);
  EXPECT_NEAR(data[2], 0.01814514f, 1e-7f);
  EXPECT_NEAR(data[3], -0.01900905f, 1e-7f);
}

} // namespace
