package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import org.nd4j.linalg.api.buffer.DataType;

/** Maps Neurite dtypes to ND4J's and back. */
final class DTypes {
    private DTypes() {
    }

    static DataType nd4j(DType t) {
        return switch (t) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT64 -> DataType.DOUBLE;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
        };
    }

    /** The Neurite dtype of an ND4J array ({@code INT32}/{@code INT64} are ND4J aliases, so no switch). */
    static DType neurite(DataType t) {
        if (t == DataType.FLOAT) {
            return DType.FLOAT32;
        }
        if (t == DataType.DOUBLE) {
            return DType.FLOAT64;
        }
        if (t == DataType.INT32) {
            return DType.INT32;
        }
        if (t == DataType.INT64) {
            return DType.INT64;
        }
        if (t == DataType.BOOL) {
            return DType.BOOL;
        }
        throw new IllegalStateException("ND4J backend: ND4J produced dtype " + t + ", which Neurite does not have");
    }
}
