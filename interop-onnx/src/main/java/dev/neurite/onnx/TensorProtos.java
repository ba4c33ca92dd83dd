package dev.neurite.onnx;

import com.google.protobuf.ByteString;
import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.neurite.onnx.proto.OnnxProto.TensorProto;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Converts between ONNX {@code TensorProto}s (raw, typed or external data) and Neurite tensors. */
final class TensorProtos {
    /** Guards against absurd sizes in corrupt files before anything is allocated. */
    static final long MAX_ELEMENTS = 1L << 28;

    private TensorProtos() {
    }

    static DType dtypeOf(int onnxType, String what) {
        return switch (onnxType) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.FLOAT16_VALUE -> DType.FLOAT32;
            case TensorProto.DataType.DOUBLE_VALUE -> DType.FLOAT64;
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.INT16_VALUE,
                    TensorProto.DataType.UINT16_VALUE, TensorProto.DataType.INT32_VALUE -> DType.INT32;
            case TensorProto.DataType.INT64_VALUE, TensorProto.DataType.UINT32_VALUE,
                    TensorProto.DataType.UINT64_VALUE -> DType.INT64;
            case TensorProto.DataType.BOOL_VALUE -> DType.BOOL;
            default -> throw new OnnxException(what + ": ONNX data type " + typeName(onnxType)
                    + " is not supported (expected float, float16, double, int8..int64, uint8..uint64 or bool)");
        };
    }

    static int onnxTypeOf(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> TensorProto.DataType.FLOAT_VALUE;
            case FLOAT64 -> TensorProto.DataType.DOUBLE_VALUE;
            case INT32 -> TensorProto.DataType.INT32_VALUE;
            case INT64 -> TensorProto.DataType.INT64_VALUE;
            case BOOL -> TensorProto.DataType.BOOL_VALUE;
        };
    }

    static String typeName(int onnxType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(onnxType);
        return t == null ? "#" + onnxType : t.name();
    }

    static long checkedCount(String what, long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new OnnxException(what + ": negative dimension in shape " + Arrays.toString(dims));
            }
            n = d == 0 ? 0 : n;
            if (d > 0 && n > MAX_ELEMENTS / d) {
                throw new OnnxException(what + ": shape " + Arrays.toString(dims) + " has more than " + MAX_ELEMENTS
                        + " elements");
            }
            n *= d;
        }
        return n;
    }

    /** The tensor {@code t} holds; external data is read relative to {@code baseDir} (null: not allowed). */
    static Tensor decode(TensorProto t, Path baseDir) {
        String what = "tensor '" + t.getName() + "'";
        if (t.hasSegment()) {
            throw new OnnxException(what + ": segmented tensors are not supported");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = checkedCount(what, dims);
        int type = t.getDataType();
        DType dtype = dtypeOf(type, what);
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = readExternal(t, baseDir, what);
        } else if (t.hasRawData()) {
            raw = t.getRawData().asReadOnlyByteBuffer();
        }
        double[] values = new double[(int) n];
        long[] longs = dtype == DType.INT64 ? new long[(int) n] : null;
        if (raw != null) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            int width = rawWidth(type);
            if (raw.remaining() != n * width) {
                throw new OnnxException(what + ": " + typeName(type) + " shape " + Arrays.toString(dims) + " needs "
                        + n * width + " bytes of data, found " + raw.remaining());
            }
            for (int i = 0; i < n; i++) {
                switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> values[i] = raw.getFloat();
                    case TensorProto.DataType.DOUBLE_VALUE -> values[i] = raw.getDouble();
                    case TensorProto.DataType.FLOAT16_VALUE -> values[i] = halfToFloat(raw.getShort());
                    case TensorProto.DataType.INT8_VALUE -> values[i] = raw.get();
                    case TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> values[i] = raw.get() & 0xff;
                    case TensorProto.DataType.INT16_VALUE -> values[i] = raw.getShort();
                    case TensorProto.DataType.UINT16_VALUE -> values[i] = raw.getShort() & 0xffff;
                    case TensorProto.DataType.INT32_VALUE -> values[i] = raw.getInt();
                    case TensorProto.DataType.UINT32_VALUE -> longs[i] = raw.getInt() & 0xffffffffL;
                    default -> longs[i] = raw.getLong();
                }
            }
        } else {
            int found = switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
                case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
                case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
                case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> t.getUint64DataCount();
                default -> t.getInt32DataCount();
            };
            if (found != n) {
                throw new OnnxException(what + ": " + typeName(type) + " shape " + Arrays.toString(dims) + " needs " + n
                        + " values, found " + found);
            }
            for (int i = 0; i < n; i++) {
                switch (type) {
                    case TensorProto.DataType.FLOAT_VALUE -> values[i] = t.getFloatData(i);
                    case TensorProto.DataType.DOUBLE_VALUE -> values[i] = t.getDoubleData(i);
                    case TensorProto.DataType.INT64_VALUE -> longs[i] = t.getInt64Data(i);
                    case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> longs[i] = t.getUint64Data(i);
                    case TensorProto.DataType.FLOAT16_VALUE -> values[i] = halfToFloat((short) t.getInt32Data(i));
                    default -> values[i] = t.getInt32Data(i);
                }
            }
        }
        if (type == TensorProto.DataType.BOOL_VALUE) {
            for (int i = 0; i < n; i++) {
                values[i] = values[i] != 0 ? 1 : 0;
            }
        }
        return create(dtype, values, longs, dims);
    }

    static Tensor create(DType dtype, double[] values, long[] longs, long[] dims) {
        if (dtype == DType.INT64) {
            return Tensor.ofLongs(longs, dims.length == 0 ? new long[0] : dims);
        }
        if (dtype == DType.FLOAT32) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Tensor.of(f, dims);
        }
        return Tensor.of(dtype, values, dims);
    }

    /** IEEE 754 half precision to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static int rawWidth(int type) {
        return switch (type) {
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> 1;
            case TensorProto.DataType.INT16_VALUE, TensorProto.DataType.UINT16_VALUE, TensorProto.DataType.FLOAT16_VALUE -> 2;
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE, TensorProto.DataType.UINT32_VALUE -> 4;
            default -> 8;
        };
    }

    private static ByteBuffer readExternal(TensorProto t, Path baseDir, String what) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            try {
                switch (e.getKey()) {
                    case "location" -> location = e.getValue();
                    case "offset" -> offset = Long.parseLong(e.getValue());
                    case "length" -> length = Long.parseLong(e.getValue());
                    default -> { }
                }
            } catch (NumberFormatException ex) {
                throw new OnnxException(what + ": external data " + e.getKey() + " is not a number: '" + e.getValue() + "'");
            }
        }
        if (location == null || location.isEmpty()) {
            throw new OnnxException(what + ": external data without a 'location'");
        }
        if (baseDir == null) {
            throw new OnnxException(what + ": refers to external data file '" + location
                    + "' but the model was not read from a file (load it from its path)");
        }
        Path file = baseDir.resolve(location).normalize();
        if (!file.startsWith(baseDir.normalize())) {
            throw new OnnxException(what + ": external data location '" + location + "' points outside the model's directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new OnnxException(what + ": external data file '" + file + "' does not exist");
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            long len = length < 0 ? size - offset : length;
            if (offset < 0 || len < 0 || offset + len > size || len > MAX_ELEMENTS * 8) {
                throw new OnnxException(what + ": external data range offset " + offset + ", length " + len
                        + " does not fit in '" + file + "' of " + size + " bytes");
            }
            byte[] bytes = new byte[(int) len];
            f.seek(offset);
            f.readFully(bytes);
            return ByteBuffer.wrap(bytes);
        } catch (IOException e) {
            throw new OnnxException(what + ": cannot read external data file '" + file + "': " + e.getMessage(), e);
        }
    }

    /** {@code tensor} as a TensorProto named {@code name} with raw little-endian data. */
    static TensorProto encode(String name, Tensor tensor) {
        DType dtype = tensor.dtype();
        long n = tensor.numel();
        ByteBuffer buf = ByteBuffer.allocate((int) (n * (dtype == DType.BOOL ? 1 : dtype.byteSize())))
                .order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT32 -> { for (float v : tensor.toFloatArray()) { buf.putFloat(v); } }
            case FLOAT64 -> { for (double v : tensor.toDoubleArray()) { buf.putDouble(v); } }
            case INT64 -> { for (long v : tensor.toLongArray()) { buf.putLong(v); } }
            case INT32 -> { for (double v : tensor.toDoubleArray()) { buf.putInt((int) v); } }
            case BOOL -> { for (double v : tensor.toDoubleArray()) { buf.put((byte) (v != 0 ? 1 : 0)); } }
        }
        buf.flip();
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(onnxTypeOf(dtype))
                .setRawData(ByteString.copyFrom(buf));
        for (long d : tensor.shape().toArray()) {
            b.addDims(d);
        }
        return b.build();
    }
}
